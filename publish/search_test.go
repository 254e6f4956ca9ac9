package publish

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Pagefind's interface shows an empty placeholder for each result and fills them in
// one by one, so these read the results only once every one has its link: each
// result's links (its page, then its sections), or each result as "href|its tags".
const (
	resultsLoaded = `const rs = [...document.querySelectorAll('.pagefind-ui__result')]
		if (rs.length === 0 || rs.some(r => !r.querySelector('.pagefind-ui__result-link'))) return null`
	resultLinks = `(() => {` + resultsLoaded + `
		return [...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href')).join(' ') })()`
	resultsWithTags = `(() => {` + resultsLoaded + `
		return rs.map(r => r.querySelector('.pagefind-ui__result-link').getAttribute('href') + '|' +
			[...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.textContent.trim()).join(';')).join('\n') })()`
)

// The search page finds the leaflets (which, with the home page's urgent-help card,
// are the pages naming Samaritans) in Chromium, with the index Pagefind built from the
// demonstration site and nothing fetched from elsewhere.
func TestSearchFindsLeaflets(t *testing.T) {
	slow(t, "builds the demonstration site and searches it in Chromium")
	bctx, site := searchInChromium(t, 2*time.Minute)

	if err := chromedp.Do(bctx, chromedp.Navigate(site+"/search/?q=Samaritans")); err != nil {
		t.Fatal(err)
	}
	found, err := chromedp.Run(bctx, chromedp.Poll[string](resultLinks,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		cctx, stopConsole := context.WithTimeout(bctx, time.Second)
		defer stopConsole()
		for m, err := range chromedp.Console(cctx) {
			if err != nil {
				break
			}
			t.Log(m.String())
		}
		t.Fatalf("no search results for Samaritans: %v", err)
	}
	if want := "/leaflets/"; !strings.Contains(found, want) {
		t.Errorf("search results %q do not include %s", found, want)
	}
}

// A release archive puts Pagefind beside iaptpub; it is found there by the name it has
// on this system, and a folder of that name is not taken for it.
func TestPagefindBesideTheProgram(t *testing.T) {
	dir := t.TempDir()
	name := "pagefind"
	if runtime.GOOS == "windows" {
		name = "pagefind.exe"
	}
	if _, ok := pagefindIn(dir); ok {
		t.Fatal("found Pagefind in an empty folder")
	}
	if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := pagefindIn(dir); ok {
		t.Fatal("took a folder for Pagefind")
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, name), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, ok := pagefindIn(other); !ok || p != filepath.Join(other, name) {
		t.Errorf("pagefindIn = %q, %v; want %s", p, ok, filepath.Join(other, name))
	}
}

// Installed by npm, Pagefind is run as the program of this system's package, not
// through npm's launcher, which starts Node.js first; the launcher is the fallback, and
// a folder is not taken for either.
func TestPagefindFromNpmPackages(t *testing.T) {
	exe := func(name string) string {
		if runtime.GOOS == "windows" {
			return name + ".exe"
		}
		return name
	}
	cpu := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	nodeModules := t.TempDir()
	bin := filepath.Join(nodeModules, "@pagefind", runtime.GOOS+"-"+cpu, "bin")
	launcher := filepath.Join(nodeModules, ".bin", "pagefind")
	if runtime.GOOS == "windows" {
		launcher += ".cmd"
	}
	write := func(p string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	found := func() string { p, _ := npmPagefind(nodeModules); return p }
	if p := found(); p != "" {
		t.Fatalf("found %s in an empty node_modules", p)
	}
	write(launcher)
	if err := os.MkdirAll(filepath.Join(bin, exe("pagefind_extended")), 0o755); err != nil {
		t.Fatal(err)
	}
	if p := found(); p != launcher {
		t.Errorf("with only the launcher (and a folder named as the program): %q; want %s", p, launcher)
	}
	write(filepath.Join(bin, exe("pagefind")))
	if p, want := found(), filepath.Join(bin, exe("pagefind")); p != want {
		t.Errorf("with the standard program: %q; want %s", p, want)
	}
	if err := os.Remove(filepath.Join(bin, exe("pagefind_extended"))); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(bin, exe("pagefind_extended")))
	if p, want := found(), filepath.Join(bin, exe("pagefind_extended")); p != want {
		t.Errorf("with the extended program: %q; want %s (what the launcher runs)", p, want)
	}
}

// TestSearchFindsLeafletsForPatientsWords runs the site search in Chromium with the
// words patients type (issue 14: "self refer" found no leaflet). Each query finds the
// leaflet wanted, and each result says which part of the site it is from.
func TestSearchFindsLeafletsForPatientsWords(t *testing.T) {
	slow(t, "builds the demonstration site and searches it in Chromium")
	bctx, site := searchInChromium(t, 3*time.Minute)
	for _, c := range []struct{ query, want string }{
		{"self refer", "/leaflets/"},
		{"refer myself", "/leaflets/"},
		{"COPD", "/leaflets/respiratory/"},
		{"emphysema", "/leaflets/respiratory/"},
		{"chronic fatigue", "/leaflets/me-cfs/"},
	} {
		t.Run(c.query, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(site+"/search/?q="+url.QueryEscape(c.query))); err != nil {
				t.Fatal(err)
			}
			found, err := chromedp.Run(bctx, chromedp.Poll[string](resultsWithTags,
				chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil {
				t.Fatalf("no search results: %v", err)
			}
			hit := false
			for _, r := range strings.Split(found, "\n") {
				href, tags, _ := strings.Cut(r, "|")
				if !strings.Contains(tags, "Section: ") {
					t.Errorf("the result %s does not say its section (tags %q)", href, tags)
				}
				if strings.Contains(href, c.want) && strings.Contains(tags, "Section: Leaflets") {
					hit = true
				}
			}
			if !hit {
				t.Errorf("no result in %s from the Leaflets section:\n%s", c.want, found)
			}
		})
	}
}

// searchInChromium serves the demonstration site, with the search index Pagefind built,
// and starts a Chromium for the test, both for at most timeout; it returns the
// browser's context and the site's address.
func searchInChromium(t *testing.T, timeout time.Duration) (context.Context, string) {
	t.Helper()
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	if _, ok := pagefindPath(); !ok {
		t.Fatal("Pagefind is not installed (make vendor)")
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(demoOutput(t))))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return bctx, srv.URL
}
