package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	absoluteURL = regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'()<>]*`)
	// XML namespace names look like addresses but nothing is ever fetched from them.
	namespaceURL = regexp.MustCompile(`^(?:https?:)?//www\.w3\.org/(?:2000/svg|1999/xlink|1999/xhtml|XML/1998/namespace|2000/xmlns/?)$`)
)

// externalReferences lists every address of another host in the HTML and JSON files
// and the site's own stylesheet and scripts (css/, js/) below dir, as "file: address".
// Third-party bundles (ECharts, Pagefind) carry addresses in credits and comments that are never
// fetched; that nothing is fetched from another host is checked in Chromium, where
// other hosts do not resolve (startChromium) and any request shows as an error. Addresses starting with one of own (the site's
// base URL, the service's own website and referral form) are not another host's. A
// folder with no such file is reported too: a check that read nothing must not pass.
func externalReferences(t *testing.T, dir string, own ...string) []string {
	t.Helper()
	var found []string
	read := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch filepath.Ext(p) {
		case ".html", ".json":
		case ".css", ".js", ".mjs":
			// The site's own stylesheet (with the NHS.UK one in it) and scripts.
			if r := filepath.ToSlash(rel); !strings.HasPrefix(r, "css/") && !strings.HasPrefix(r, "js/") {
				return nil
			}
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		read++
		for _, u := range absoluteURL.FindAllString(string(data), -1) {
			if namespaceURL.MatchString(u) || hasAnyPrefix(u, own) {
				continue
			}
			found = append(found, rel+": "+u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if read == 0 {
		found = append(found, dir+": no HTML, JSON, stylesheet or script: nothing checked")
	}
	return found
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func TestExternalReferencesFindsOtherHosts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.html"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg><img src="https://cdn.example.com/x.png">`), 0o644)
	os.MkdirAll(filepath.Join(dir, "css"), 0o755)
	os.WriteFile(filepath.Join(dir, "css", "b.css"), []byte(`@font-face{src:url(//fonts.example.org/f.woff2)}`), 0o644)
	got := externalReferences(t, dir)
	if len(got) != 2 || !strings.Contains(got[0], "cdn.example.com") || !strings.Contains(got[1], "fonts.example.org") {
		t.Fatalf("got %q", got)
	}
	if got := externalReferences(t, t.TempDir()); len(got) != 1 || !strings.Contains(got[0], "nothing checked") {
		t.Errorf("an empty site: got %q, want nothing checked", got)
	}
}
