package publish

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// TestPagesInChromium loads every page of the built demonstration site in a real
// Chromium, as a 1280 px laptop and as a 390 px phone: the page loads, every chart on
// it draws, nothing is written to the console as an error (a Content-Security-Policy
// violation included), axe-core finds no serious or critical WCAG 2.2 AA violation
// (issue 14: on a phone it found scrolling tables that the keyboard could not reach),
// and the page fits the window (layoutProblems: issue 14 found the readiness table's
// "Result" column and the outcomes table's "National standard" off a phone's screen).
func TestPagesInChromium(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	axe, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (run make vendor): %v", err)
	}
	out := demoOutput(t)
	bctx, srv := browse(t, out) // the browser is started before the first page: no message is lost
	for _, w := range screens {
		t.Run(w.name, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(w.width, w.height, w.opts...)); err != nil {
				t.Fatal(err)
			}
			pagesInChromium(t, bctx, srv.URL, pagesOf(t, out), string(axe))
		})
	}
}

// pagesInChromium loads each page in the browser at the window size it has: the
// checks of TestPagesInChromium.
func pagesInChromium(t *testing.T, bctx context.Context, site string, pages []string, axe string) {
	for _, page := range pages {
		t.Run(page, func(t *testing.T) {
			// Everything the page writes to the console as an error, an uncaught
			// exception or a browser-log error (a Content-Security-Policy violation,
			// a missing file) fails the page.
			cctx, stopConsole := context.WithCancel(bctx)
			messages := chromedp.Console(cctx)
			var problems []string
			done := make(chan struct{})
			go func() {
				defer close(done)
				for m, err := range messages {
					if err != nil {
						return
					}
					if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
						problems = append(problems, m.String()+" "+m.URL)
					}
				}
			}()

			if err := chromedp.Do(bctx,
				chromedp.Navigate(site+page),
				chromedp.WaitReady("body"),
			); err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			// Wait (up to 10 s) until every chart has drawn; then count those that did not.
			_, _ = chromedp.Run(bctx, chromedp.Poll[bool](
				`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
				chromedp.WithPollingTimeout(10*time.Second)))
			undrawn, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-chart]:not([data-drawn])').length`))
			if err != nil {
				t.Fatal(err)
			}
			if undrawn > 0 {
				t.Errorf("%d chart(s) did not draw", undrawn)
			}
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[any](axe, chromedp.EvalAsValue)); err != nil {
				t.Fatalf("loading axe-core: %v", err)
			}
			raw, err := chromedp.Run(bctx, chromedp.Evaluate[string](
				`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}}).then(r => JSON.stringify(r))`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("running axe-core: %v", err)
			}
			var result struct {
				Violations []axeViolation `json:"violations"`
			}
			if err := json.Unmarshal([]byte(raw), &result); err != nil {
				t.Fatal(err)
			}
			for _, v := range result.Violations {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, targets(v))
				}
			}
			// Then, with every closed section opened, what a reader at this width
			// could not reach (layoutProblems, phone_test.go).
			layout, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](layoutProblems))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range layout {
				t.Error(p)
			}
			stopConsole()
			<-done
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

func targets(v axeViolation) string {
	var s []string
	for i, n := range v.Nodes {
		if i == 3 {
			s = append(s, fmt.Sprintf("… %d more", len(v.Nodes)-3))
			break
		}
		s = append(s, fmt.Sprint(n.Target...))
	}
	return strings.Join(s, ", ")
}

// pagesOf lists the site's pages as URL paths.
func pagesOf(t *testing.T, out string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "index.html" {
			rel, _ := filepath.Rel(out, filepath.Dir(p))
			u := "/" + filepath.ToSlash(rel) + "/"
			if rel == "." {
				u = "/"
			}
			pages = append(pages, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no page (index.html) below %s: nothing to load", out)
	}
	return pages
}

var (
	demoOnce    sync.Once
	demoRoot    string // removed by TestMain
	demoDir     string
	demoErr     error
	demoResults Results
)

// demoOutput builds the demonstration site once for all the tests of this package:
// a synthetic export through the same pipeline, Generate and Build as iaptpub build.
func demoOutput(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		demoRoot, demoErr = os.MkdirTemp("", "iaptpub-demo-site-")
		if demoErr != nil {
			return
		}
		exportDir := filepath.Join(demoRoot, "export")
		if _, demoErr = synth.Generate(exportDir, synth.Options{Referrals: 5000, Seed: 7}); demoErr != nil {
			return
		}
		var results Results
		defer func() { demoResults = results }()
		if results, _, demoErr = compute(exportDir, iaptpub.Sources, export.Options{}, ""); demoErr != nil {
			return
		}
		site := demoSite(t)
		results.Config = site.Config
		if site.Generated, demoErr = Generate(results); demoErr != nil {
			return
		}
		demoDir = filepath.Join(demoRoot, "public")
		demoErr = site.Build(context.Background(), demoDir)
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoDir
}

// A page that asks another host for anything shows an error in the console: the
// browser tests rely on this to prove the site fetches nothing from elsewhere.
func TestChromiumRefusesOtherHosts(t *testing.T) {
	slow(t, "starts Chromium")
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><title>x</title><img alt="" src="https://cdn.example.com/x.png">`))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatal(err)
	}
	cctx, stopConsole := context.WithTimeout(bctx, 5*time.Second)
	defer stopConsole()
	messages := chromedp.Console(cctx)
	if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	for m, err := range messages {
		if err != nil {
			break
		}
		if m.Type == chromedp.ConsoleError && strings.Contains(m.URL, "cdn.example.com") {
			return
		}
	}
	t.Fatal("a request to another host raised no console error")
}
