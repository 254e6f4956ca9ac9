package publish

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// decisionPages are the commissioners' pages that issue 14 asks to read as decision
// documents: at most 8 screens at 1280 px, "Main points" first, then a contents list.
var decisionPages = []string{"/evaluation/costs/", "/evaluation/workforce/"}

// The costs page was about 16,000 px at 1280 px, its decisive figure 11,000 px down;
// the workforce page about 14,000 px (issue 14). Each page is measured in Chromium at
// 1280 × 800 once its charts have drawn: no taller than 8 screens of 800 px (6,400 px),
// its first heading after the title is "Main points", with 3 to 5 sentences, and an
// NHS.UK contents list follows them.
func TestCommissionerPagesAreDecisionDocuments(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	bctx, srv := browseDemo(t)
	const width, screen, budget = 1280, 800, 8 * 800
	for _, page := range decisionPages {
		t.Run(page, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(width, screen), chromedp.Navigate(srv.URL+page), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			_, _ = chromedp.Run(bctx, chromedp.Poll[bool](`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
				chromedp.WithPollingTimeout(10*time.Second)))
			height, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
			if err != nil {
				t.Fatal(err)
			}
			if height > budget {
				// Where the height goes: the top of each section.
				tops, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main h2')].map(h => Math.round(h.getBoundingClientRect().top + window.scrollY) + ' ' + h.textContent.trim())`))
				if err != nil {
					t.Fatal(err)
				}
				t.Errorf("%d px tall at %d px wide; want at most 8 screens (%d px); its sections start at:\n%s", height, width, budget, strings.Join(tops, "\n"))
			}
			type shape struct {
				FirstHeading string `json:"first"`
				Points       int    `json:"points"`
				Contents     bool   `json:"contents"`
			}
			got, err := chromedp.Run(bctx, chromedp.Evaluate[shape](`(() => {
				const main = document.querySelector('main');
				const h2 = main.querySelector('h2:not(.nhsuk-u-visually-hidden)');
				const points = document.querySelectorAll('#main-points + ul > li').length;
				const nav = main.querySelector('nav.nhsuk-contents-list');
				return {first: h2 ? h2.textContent.trim() : '', points,
					contents: !!nav && !!h2 && !!(h2.compareDocumentPosition(nav) & Node.DOCUMENT_POSITION_FOLLOWING)};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if got.FirstHeading != "Main points" {
				t.Errorf("the first heading is %q, want \"Main points\"", got.FirstHeading)
			}
			if got.Points < 3 || got.Points > 5 {
				t.Errorf("%d main points, want 3 to 5", got.Points)
			}
			if !got.Contents {
				t.Error("no NHS.UK contents list after the main points")
			}
		})
	}
}
