package publish

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The benchmarking page as a reader at a 1280 × 800 desktop screen meets it: a
// contents list and the main points first, at most 8 screens long with the provider
// table closed; the table sorts by size and recovery when its headings are pressed,
// and without a script it is a plain table in order of name.
func TestBenchmarkPageInChromium(t *testing.T) {
	slow(t, "builds the demonstration site and loads its benchmarking page in Chromium")
	out := demoOutput(t)
	page := "/evaluation/benchmark/"
	static, err := os.ReadFile(filepath.Join(out, "evaluation", "benchmark", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// With no script, the headings are plain text: nothing to press that does nothing.
	// The design system's script makes them buttons.
	providers := string(static)[strings.Index(string(static), `id="providers"`):]
	providers = providers[:strings.Index(providers, "</table>")]
	if strings.Contains(providers, "<button") || !strings.Contains(providers, `data-module="nhsuk-table"`) {
		t.Error("the provider table is not a plain table for NHS.UK's sortable-table script before it runs")
	}

	bctx, srv := browseDemo(t)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(srv.URL+page), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	_, _ = chromedp.Run(bctx, chromedp.Poll[bool](`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
		chromedp.WithPollingTimeout(10*time.Second)))

	type layout struct {
		Height        float64
		Closed        bool
		ContentsTop   float64
		MainPoints    int
		MainPointsTop float64
		Buttons       []string
	}
	got, err := chromedp.Run(bctx, chromedp.Evaluate[layout](`(() => {
	  const top = el => el ? el.getBoundingClientRect().top + window.scrollY : -1
	  return {
	    height: document.documentElement.scrollHeight,
	    closed: !document.getElementById('providers').open,
	    contentsTop: top(document.querySelector('main .nhsuk-contents-list')),
	    mainPoints: document.querySelectorAll('#main-points + ul > li').length,
	    mainPointsTop: top(document.getElementById('main-points')),
	    buttons: [...document.querySelectorAll('#providers th button')].map(b => b.textContent.trim()),
	  }
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the page is %.0f px tall at 1280 × 800; contents list at %.0f px, main points at %.0f px", got.Height, got.ContentsTop, got.MainPointsTop)
	if got.Height > 8*800 {
		t.Errorf("the page is %.0f px tall at 1280 × 800, more than 8 screens (6,400 px)", got.Height)
	}
	if !got.Closed {
		t.Error("the provider table is open when the page loads")
	}
	// Main points first, as on the costs and workforce pages, within the first screen;
	// the contents list follows them.
	if got.ContentsTop < 0 || got.ContentsTop > 1600 || got.MainPointsTop < 0 || got.MainPointsTop > 800 || got.ContentsTop < got.MainPointsTop {
		t.Errorf("the contents list at %.0f px and the main points at %.0f px: want the main points in the first screen, then the contents list", got.ContentsTop, got.MainPointsTop)
	}
	if got.MainPoints < 3 || got.MainPoints > 5 {
		t.Errorf("%d main points, want 3 to 5", got.MainPoints)
	}
	if !slices.Equal(got.Buttons, []string{"Provider", "Finished at caseness", "Recovery"}) {
		t.Errorf("sort buttons %q, want Provider, Finished at caseness, Recovery", got.Buttons)
	}

	// Pressing "Recovery" sorts by it, highest first (data-sort-next); again, lowest first.
	column := func() []float64 {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](
			`[...document.querySelectorAll('#providers tbody tr')].map(r => parseFloat(r.children[3].dataset.sortValue))`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	press := func(selector string) {
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => { document.querySelector('`+selector+`').click(); return true })()`)); err != nil {
			t.Fatal(err)
		}
	}
	press(`#providers summary`)
	press(`#providers th:nth-child(4) button`)
	v := column()
	slices.Reverse(v)
	if len(v) < 100 || !slices.IsSorted(v) {
		t.Errorf("after one press, recovery is not in falling order (%d rows)", len(v))
	}
	sort, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('#providers th:nth-child(4)').getAttribute('aria-sort')`))
	if err != nil || sort != "descending" {
		t.Errorf("aria-sort of the recovery column %q (%v), want descending", sort, err)
	}
	press(`#providers th:nth-child(4) button`)
	if v := column(); !slices.IsSorted(v) {
		t.Error("after two presses, recovery is not in rising order")
	}
}
