package main

import (
	"io/fs"
	"os"

	"github.com/iaptpub/iaptpub"
)

// siteSources is the service's own copy of the site sources when --site names one,
// and the copy built into the binary otherwise.
func siteSources(dir string) fs.FS {
	if dir == "" {
		return iaptpub.Sources
	}
	return os.DirFS(dir)
}
