package publish

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The windows in which the site is tested: a laptop, and a phone 390 CSS pixels wide
// (issue 14 measured at 390).
const (
	phoneWidth, phoneHeight     = 390, 900
	desktopWidth, desktopHeight = 1280, 900
)

var screens = []struct {
	name          string
	width, height int64
	opts          []chromedp.EmulateViewportOption
}{
	{"desktop", desktopWidth, desktopHeight, nil},
	{"phone", phoneWidth, phoneHeight, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
}

// layoutProblems lists, for the page loaded, what a reader at this width could not
// reach: the page wider than the window; a table whose first or last column is out of
// the window (every row of every table, with every closed section opened, as a reader
// may open it); a region that scrolls sideways but cannot be reached with the keyboard
// (tabindex="0"), or has no role or no name for a screen reader to announce.
const layoutProblems = `(() => {
  const problems = []
  for (const d of document.querySelectorAll('details')) d.open = true
  const width = window.innerWidth
  const page = document.documentElement.scrollWidth
  if (page > width) problems.push('the page is ' + page + ' px wide in a ' + width + ' px window')
  const outside = (cell) => {
    const r = cell.getBoundingClientRect()
    return r.width === 0 || r.left < 0 || r.right > width + 0.5
  }
  document.querySelectorAll('table').forEach((table, t) => {
    if (!table.checkVisibility()) return // in a tab not shown
    const name = (table.caption ? table.caption.textContent.trim() : 'table ' + (t + 1)).slice(0, 60)
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells = row.querySelectorAll(':scope > th, :scope > td')
      if (cells.length === 0) continue
      const first = cells[0], last = cells[cells.length - 1]
      if (outside(first) || outside(last)) {
        problems.push('"' + name + '": the row "' + first.textContent.trim().slice(0, 40) + '" has a column out of the window')
        break
      }
    }
  })
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el)
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue
    const what = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
    if (el.tabIndex < 0) problems.push(what + ' scrolls sideways but cannot be reached with the keyboard')
    if (!el.getAttribute('role')) problems.push(what + ' scrolls sideways but has no role')
    if (!el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) problems.push(what + ' scrolls sideways but has no name')
  }
  return problems
})()`

// TestNumericColumnsRightAligned: on a wide screen the figures in a table are
// right-aligned, as a statistics publication sets them, and the names in its first
// column are not. The readiness check's table (guide/readiness) has the service's
// percentage, its 95% interval and the standard in columns 2 to 4, and a verdict
// ("Met clearly") in column 5; the methodology's questionnaire table has a questionnaire's
// name and short name ("PHQ-9") in its first two columns, then its score range ("0 to
// 27"), caseness threshold and reliable change, in points.
func TestNumericColumnsRightAligned(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	bctx, srv := browseDemo(t)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatal(err)
	}
	align := func(t *testing.T, page, caption string) []string {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+page), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`(() => {
		  const table = [...document.querySelectorAll('table')].find(t => t.caption && t.caption.textContent.startsWith(`+jsString(caption)+`))
		  if (!table) return []
		  return [...table.querySelectorAll('tbody tr:first-child > *')].map(c => getComputedStyle(c).textAlign)
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Fatalf("%s has no table captioned %q", page, caption)
		}
		return got
	}
	for _, c := range []struct {
		page, caption string
		want          []string
	}{
		{"/guide/readiness/", "Readiness figures against the national standards", []string{"left", "right", "right", "right", "left"}},
		{"/methodology/", "Questionnaires, their score ranges and thresholds", []string{"left", "left", "right", "right", "right"}},
	} {
		t.Run(c.page, func(t *testing.T) {
			got := align(t, c.page, c.caption)
			if len(got) != len(c.want) {
				t.Fatalf("%d columns, want %d", len(got), len(c.want))
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("column %d is aligned %s, want %s (all: %v)", i+1, got[i], c.want[i], got)
				}
			}
		})
	}
}

// browseDemo serves the demonstration site and starts a Chromium for a test; both stop
// when the test ends.
func browseDemo(t *testing.T) (context.Context, *httptest.Server) {
	t.Helper()
	return browse(t, demoOutput(t))
}

// browse serves the site in dir and starts a Chromium for a test; both stop when the
// test ends. A machine without Chromium fails the test: browser tests do not skip.
func browse(t *testing.T, dir string) (context.Context, *httptest.Server) {
	t.Helper()
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatal(err)
	}
	return bctx, srv
}

// jsString writes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestGuideContentsOnAPhone: on a phone the list of the guide's pages is a closed
// expander, one line high, so that it does not push the page itself below the first
// screen (issue 14); on a laptop the list is open, every page's link showing, and
// there is no expander to open.
func TestGuideContentsOnAPhone(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	bctx, srv := browseDemo(t)
	guide, err := filepath.Glob(filepath.Join(demoOutput(t), "guide", "*", "index.html"))
	if err != nil || len(guide) == 0 {
		t.Fatalf("no page in the guide (%v)", err)
	}
	const measure = `(() => {
	  const nav = document.querySelector('nav.guide-contents')
	  if (!nav) return null
	  const links = [...nav.querySelectorAll('a')]
	  const next = nav.nextElementSibling
	  return {
	    navHeight: nav.getBoundingClientRect().height,
	    nextTop: next ? next.getBoundingClientRect().top + window.scrollY : -1,
	    links: links.length,
	    shown: links.filter(a => a.checkVisibility() && a.getBoundingClientRect().height > 0).length,
	    summary: !!nav.querySelector('summary') && nav.querySelector('summary').checkVisibility(),
	  }
	})()`
	type layout struct {
		NavHeight, NextTop float64
		Links, Shown       int
		Summary            bool
	}
	for _, w := range screens {
		t.Run(w.name, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(w.width, w.height, w.opts...)); err != nil {
				t.Fatal(err)
			}
			for _, page := range guide {
				name := filepath.Base(filepath.Dir(page))
				if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/guide/"+name+"/"), chromedp.WaitReady("body")); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(bctx, chromedp.Evaluate[*layout](measure))
				if err != nil {
					t.Fatal(err)
				}
				if got == nil {
					t.Fatalf("%s has no list of the guide's pages", name)
				}
				if got.Links == 0 {
					t.Fatalf("%s: the list of the guide's pages links no page", name)
				}
				switch w.name {
				case "phone":
					if got.Shown != 0 || !got.Summary {
						t.Errorf("%s: %d of the %d links to the guide's pages show on a phone; want them behind a closed expander", name, got.Shown, got.Links)
					}
					if got.NavHeight > 80 {
						t.Errorf("%s: the list of the guide's pages is %.0f px high on a phone; want one line (at most 80 px)", name, got.NavHeight)
					}
					if got.NextTop < 0 || got.NextTop > phoneHeight {
						t.Errorf("%s: the page starts %.0f px down on a %d px phone; want within the first screen", name, got.NextTop, phoneHeight)
					}
				default:
					if got.Shown != got.Links || got.Summary {
						t.Errorf("%s: %d of the %d links to the guide's pages show on a laptop (expander shown: %v); want the list open", name, got.Shown, got.Links, got.Summary)
					}
				}
			}
		})
	}
}

// The markup of layouts/partials/nhsuk/table.html, for the tests that read a table's
// figures from a page: rowHeader matches the header cell of the row named name, and
// tableCell a data cell whose content matches the expression content (on a phone each
// cell shows its column's heading in an aria-hidden span before its content).
func rowHeader(name string) string {
	return `(?s)<th class="nhsuk-table__header" scope="row"[^>]*>(?:<span class="nhsuk-table__heading" aria-hidden="true">[^<]*</span><span>)?` + regexp.QuoteMeta(name) + `(?:</span>)?</th>`
}

func tableCell(content string) string {
	return `<td class="nhsuk-table__cell[^"]*"[^>]*>(?:<span class="nhsuk-table__heading" aria-hidden="true">[^<]*</span><span>)?` + content + `(?:</span>)?</td>`
}

// On a phone a figure's table waits behind a button (the NHS.UK tabs do not start
// below a tablet's width, and the benchmark page's funnel put 137 stacked rows after
// its chart: 46,858 px of page). The button shows the table and hides it again; from a
// tablet up there is no button and the Table tab does that work.
func TestFigureTableBehindAButtonOnAPhone(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	bctx, srv := browseDemo(t)
	const state = `(() => {
	  const figure = document.querySelector('.iaptpub-figure')
	  const button = figure.querySelector('.iaptpub-figure__show-table')
	  const table = figure.querySelector('.iaptpub-figure__table')
	  return {button: !!button && button.checkVisibility(), table: table.checkVisibility(),
	    expanded: button ? button.getAttribute('aria-expanded') : ''}
	})()`
	type figureState struct {
		Button, Table bool
		Expanded      string
	}
	for _, w := range screens {
		t.Run(w.name, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(w.width, w.height, w.opts...),
				chromedp.Navigate(srv.URL+"/evaluation/benchmark/"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(bctx, chromedp.Evaluate[figureState](state))
			if err != nil {
				t.Fatal(err)
			}
			if w.name != "phone" {
				if got.Button {
					t.Errorf("at %d px the figure shows a table button; the Table tab does that work", w.width)
				}
				return
			}
			if !got.Button || got.Table || got.Expanded != "false" {
				t.Fatalf("on a phone: button shown %v, table shown %v, aria-expanded %q; want the button, the table hidden, false", got.Button, got.Table, got.Expanded)
			}
			if err := chromedp.Do(bctx, chromedp.Click(".iaptpub-figure__show-table", chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			if got, err = chromedp.Run(bctx, chromedp.Evaluate[figureState](state)); err != nil || !got.Table || got.Expanded != "true" {
				t.Errorf("after the button: table shown %v, aria-expanded %q (%v); want the table, true", got.Table, got.Expanded, err)
			}
		})
	}
}

// A data page answers on the first screen of a phone too: its Main points start within
// the first 900 px, and the page is at most 12 screens long (the benchmark page ran to
// 58 screens, its funnel's table stacked under the chart). Every page of /outcomes/ (but
// the providers' index, a list of pages) and the three evaluation reports.
func TestDataPagesOnAPhone(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	bctx, srv := browseDemo(t)
	out := demoOutput(t)
	pages := []string{"/evaluation/costs/", "/evaluation/workforce/", "/evaluation/benchmark/"}
	for _, p := range pagesOf(t, out) {
		if strings.HasPrefix(p, "/outcomes/") && p != "/outcomes/providers/" {
			pages = append(pages, p)
		}
	}
	if len(pages) < 10 {
		t.Fatalf("only %d data pages found: %v", len(pages), pages)
	}
	const budget = 12 * phoneHeight
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	type layout struct{ Height, MainPoints float64 }
	for _, page := range pages {
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+page), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		_, _ = chromedp.Run(bctx, chromedp.Poll[bool](`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
			chromedp.WithPollingTimeout(10*time.Second)))
		got, err := chromedp.Run(bctx, chromedp.Evaluate[layout](`(() => {
		  const mp = document.getElementById('main-points')
		  return {height: document.documentElement.scrollHeight, mainPoints: mp ? mp.getBoundingClientRect().top + window.scrollY : -1}
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got.MainPoints < 0 || got.MainPoints > phoneHeight {
			t.Errorf("%s: Main points start %.0f px down a %d px phone screen; want within the first", page, got.MainPoints, phoneHeight)
		}
		if got.Height > budget {
			t.Errorf("%s: %.0f px long on a phone (%.1f screens); want at most 12 (%d px)", page, got.Height, got.Height/phoneHeight, budget)
		}
	}
}
