package publish

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
)

// The NHS.UK frontend and ECharts come from npm (package.json) and are copied into
// assets/vendor by `make vendor`, so that the binary embeds them and the site serves them
// itself. These are the files the templates use.
var frontendFiles = []string{
	"assets/vendor/nhsuk-frontend.min.css",
	"assets/vendor/nhsuk-frontend.min.js",
	"assets/vendor/echarts.min.js",
	"assets/vendor/images/favicon.svg",
}

func checkFrontend(src fs.FS) error {
	for _, name := range frontendFiles {
		if _, err := fs.Stat(src, name); err != nil {
			return fmt.Errorf("the front-end packages are missing (%s): run `make vendor` (it installs them with npm and copies them into assets/vendor), then rebuild iaptpub", name)
		}
	}
	return nil
}

var (
	// The NHS web font is licensed for nhs.uk and served from another host: the site
	// never asks another host for anything, so the @font-face rules go and the text
	// falls back to the system fonts named in css/site.css.
	fontFace = regexp.MustCompile(`@font-face\{[^}]*\}`)
	// The stylesheet refers to its icons at /assets/images/; the site serves them from
	// /vendor/images/, and the stylesheet itself from /css/, so relative paths keep
	// working when the site is published below a sub-folder.
	iconURL = []byte("url(/assets/images/")
)

// rewriteFrontendCSS makes the NHS.UK stylesheet self-contained (see above).
func rewriteFrontendCSS(css []byte) []byte {
	css = fontFace.ReplaceAll(css, nil)
	return bytes.ReplaceAll(css, iconURL, []byte("url(../vendor/images/"))
}
