package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

var linkAttr = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)

// brokenLinks lists every link or source in the site's pages that points into the
// site (below base, a URL path such as "/" or "/talk/") but at no file. A folder with
// no page, or pages with no link into the site, is a problem too: a check that checked
// nothing must not pass.
func brokenLinks(t *testing.T, out, base string) []string {
	t.Helper()
	var broken []string
	pages, links := 0, 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		pages++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		pageURL := base + filepath.ToSlash(rel)
		for _, m := range linkAttr.FindAllSubmatch(data, -1) {
			ref := string(m[1])
			u, err := url.Parse(ref)
			if err != nil {
				broken = append(broken, rel+": "+ref+" does not parse")
				continue
			}
			if u.Scheme != "" || u.Host != "" || u.Path == "" {
				continue // another site, mail, telephone, or a fragment of this page
			}
			target := u.Path
			if !strings.HasPrefix(target, "/") {
				target = path.Join(path.Dir(pageURL), target)
				if strings.HasSuffix(u.Path, "/") {
					target += "/"
				}
			}
			links++
			if !strings.HasPrefix(target, base) {
				broken = append(broken, rel+": "+ref+" leaves the site's base "+base)
				continue
			}
			file := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(target, base)))
			if strings.HasSuffix(target, "/") {
				file = filepath.Join(file, "index.html")
			}
			if _, err := os.Stat(file); err != nil {
				broken = append(broken, rel+": "+ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if links == 0 {
		broken = append(broken, fmt.Sprintf("%d pages below %s and no link into the site: nothing checked", pages, out))
	}
	return broken
}

// Every internal link and source of the demonstration site reaches a file.
func TestInternalLinksResolve(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	if broken := brokenLinks(t, out, "/"); len(broken) > 0 {
		t.Errorf("%d broken links:\n%s", len(broken), strings.Join(broken, "\n"))
	}
}

func TestBrokenLinksAreFound(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "index.html"), []byte(`<a href="../b/">b</a> <a href="/a/">a</a> <img src="x.png"> <a href="https://example.org/">ext</a> <a href="#top">top</a>`), 0o644)
	got := brokenLinks(t, dir, "/")
	if len(got) != 2 || !strings.Contains(got[0], "../b/") || !strings.Contains(got[1], "x.png") {
		t.Fatalf("got %q", got)
	}
	// A folder with no page, as a build that wrote nothing would leave, fails.
	if got := brokenLinks(t, t.TempDir(), "/"); len(got) != 1 || !strings.Contains(got[0], "nothing checked") {
		t.Errorf("an empty site: got %q, want nothing checked", got)
	}
}

// hashTree returns a digest of every file below dir, by path.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(data)
		sums[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// The same export and configuration give the same site, byte for byte; and a site
// published below a sub-folder links only within it.
func TestSameInputSameSite(t *testing.T) {
	slow(t, "builds three sites with Hugo")
	root := t.TempDir()
	exportDir := filepath.Join(root, "export")
	if _, err := synth.Generate(exportDir, synth.Options{Referrals: 3000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	build := func(out, base string) {
		t.Helper()
		results, _, err := compute(exportDir, iaptpub.Sources, export.Options{}, "")
		if err != nil {
			t.Fatal(err)
		}
		gen, err := Generate(results)
		if err != nil {
			t.Fatal(err)
		}
		site := demoSite(t)
		site.Config.Site.BaseURL = base
		site.Generated = gen
		if err := site.Build(context.Background(), out); err != nil {
			t.Fatal(err)
		}
	}
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	build(a, "/")
	build(b, "/")
	ha, hb := hashTree(t, a), hashTree(t, b)
	if len(ha) == 0 {
		t.Fatal("empty site")
	}
	for name, sum := range ha {
		if hb[name] != sum {
			data1, _ := os.ReadFile(filepath.Join(a, name))
			data2, _ := os.ReadFile(filepath.Join(b, name))
			i := 0
			for i < len(data1) && i < len(data2) && data1[i] == data2[i] {
				i++
			}
			lo := max(0, i-80)
			t.Errorf("%s differs between two builds of the same input, near %q", name, string(data1[lo:min(len(data1), i+80)]))
		}
	}
	if len(ha) != len(hb) {
		t.Errorf("the two builds have %d and %d files", len(ha), len(hb))
	}

	sub := filepath.Join(root, "sub")
	build(sub, "/talk/")
	if broken := brokenLinks(t, sub, "/talk/"); len(broken) > 0 {
		t.Errorf("below a sub-folder, %d links leave it or break:\n%s", len(broken), strings.Join(broken[:min(len(broken), 20)], "\n"))
	}
	index, _ := os.ReadFile(filepath.Join(sub, "index.html"))
	if !bytes.Contains(index, []byte(`href="/talk/outcomes/"`)) {
		t.Error("the home page of a site below /talk/ does not link to /talk/outcomes/")
	}
}
