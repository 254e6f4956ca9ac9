package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestReportsPrintFromTheBrowser prints each evaluation page as a reader would from
// the browser (the page loaded for the screen, then printed; not the build's own PDF),
// from a site whose base URL has a host (https://talking-therapies.example.org/).
// Issue 14: printed, its closed sections stayed closed and its links were printed as
// written. In the PDF: the text of the first section that was closed on the screen;
// the first link to a page of the site followed by its full address, made from the
// base URL; on every page the report's title and service, the published date
// (config/demo.toml: 2025-06-12) and "Page i of n". After the print the closed
// sections are closed again.
func TestReportsPrintFromTheBrowser(t *testing.T) {
	slow(t, "builds a site and prints its pages in Chromium")
	const host = "https://talking-therapies.example.org"
	demoOutput(t) // computes the demonstration's results, used again here
	site := demoSite(t)
	site.Config.Site.BaseURL = host + "/"
	site.NoPDF = true
	results := demoResults
	results.Config = site.Config
	var err error
	if site.Generated, err = Generate(results); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := site.Build(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	bctx, srv := browse(t, out)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatal(err)
	}

	closedSections := 0
	for _, r := range []struct{ page, title string }{
		{"/evaluation/costs/", "Cost savings in the wider health system"},
		{"/evaluation/workforce/", "Workforce capacity"},
		{"/evaluation/benchmark/", "Benchmarking against England"},
	} {
		t.Run(r.page, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+r.page), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			_, _ = chromedp.Run(bctx, chromedp.Poll[bool](
				`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
				chromedp.WithPollingTimeout(10*time.Second)))
			// What the reader sees on the screen: the text of the first closed section
			// (its first paragraph, list item, caption or heading: a table's cells run
			// together in textContent, and pdftotext sets them out cell by cell), and
			// the first link in the page to another page of the site.
			closed, err := chromedp.Run(bctx, chromedp.Evaluate[string](
				`(() => { const d = document.querySelector('main details:not([open]) .nhsuk-details__text'); if (!d) return ''; const t = [...d.querySelectorAll('p, li, caption, h3, h4')].find(e => e.textContent.trim() !== ''); return (t || d).textContent })()`))
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(closed) != "" {
				closedSections++
			}
			// A figure's own download link is not printed (its table is).
			href, err := chromedp.Run(bctx, chromedp.Evaluate[string](
				`(() => { const a = [...document.querySelectorAll('main a[href^="/"]')].find(a => a.checkVisibility() && !a.closest('.iaptpub-figure')); return a ? a.getAttribute('href') : '' })()`))
			if err != nil {
				t.Fatal(err)
			}
			if href == "" {
				t.Fatal("the page has no link to another page of the site")
			}

			openDetails := `document.querySelectorAll('main details[open]').length`
			before, err := chromedp.Run(bctx, chromedp.Evaluate[int](openDetails))
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "report.pdf")
			if err := os.WriteFile(file, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			text := poppler(t, "pdftotext", file, "-")
			if want := oneLine(firstWords(closed, 12)); want != "" && !strings.Contains(oneLine(text), want) {
				t.Errorf("the closed section was not printed: no %q", want)
			}
			// A long address may be broken over two lines, and pdftotext drops the
			// hyphen at the end of a line.
			unbroken := strings.NewReplacer("-", "", "\n", "", " ", "", "\f", "").Replace
			if want := "(Link: " + host + href + ")"; !strings.Contains(unbroken(text), unbroken(want)) {
				t.Errorf("the link to %s is not printed with its full address %s", href, want)
			}
			if cover := host + r.page + "(Link:"; strings.Contains(unbroken(text), unbroken(cover)) {
				t.Error("the cover's address of the page is followed by the same address again")
			}
			pages := strings.Split(strings.TrimRight(text, "\f\n"), "\f")
			for i, p := range pages {
				if want := r.title + " – Demo Talking Therapies"; !strings.HasPrefix(strings.TrimSpace(p), want) {
					t.Errorf("page %d is not headed %q: %.80q", i+1, want, strings.TrimSpace(p))
				}
				for _, want := range []string{"Published 12 June 2025", fmt.Sprintf("Page %d of %d", i+1, len(pages))} {
					if !strings.Contains(p, want) {
						t.Errorf("page %d lacks %q", i+1, want)
					}
				}
			}
			after, err := chromedp.Run(bctx, chromedp.Evaluate[int](openDetails))
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Errorf("%d sections were open before the print, %d after it", before, after)
			}
		})
	}
	if closedSections == 0 {
		t.Error("no page had a closed section: the test proves nothing of them")
	}
}

// firstWords is the first n words of s.
func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}
