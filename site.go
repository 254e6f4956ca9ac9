// Package iaptpub holds the site sources that ship inside the binary: the hand-written
// content, the Hugo layouts, the reference data read by the analysis and the site's own
// assets. An installed iaptpub works anywhere; a service may point --site at its own copy
// of these folders to change wording, contact details or templates.
package iaptpub

import "embed"

// Sources is the embedded copy of content/, layouts/, data/ and assets/.
//
//go:embed all:content all:layouts all:data all:assets
var Sources embed.FS
