package publish

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The search page finds the leaflets (the only pages naming Samaritans) in Chromium, with the index Pagefind
// built from the demonstration site and nothing fetched from elsewhere.
func TestSearchFindsLeaflets(t *testing.T) {
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	if _, ok := pagefindPath(); !ok {
		t.Fatal("Pagefind is not installed (make vendor)")
	}
	out := demoOutput(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/search/?q=Samaritans")); err != nil {
		t.Fatal(err)
	}
	found, err := chromedp.Run(bctx, chromedp.Poll[string](
		`[...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href')).join(' ') || null`,
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
