package publish

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chartTextCheck runs in a page and returns what is wrong with the text of its drawn
// charts: text boxes that overlap, text that runs outside its chart (clipped), and
// text that is turned. A chart in a hidden tab has no size and is not checked.
const chartTextCheck = `(() => {
  const problems = []
  for (const holder of document.querySelectorAll('[data-chart][data-drawn]')) {
    const svg = holder.querySelector('svg')
    if (!svg) continue
    const box = svg.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
    const rects = texts.map(t => t.getBoundingClientRect())
    texts.forEach((t, i) => {
      const r = rects[i]
      const name = holder.dataset.chart.replace(/-option$/, '') + ': "' + t.textContent + '"'
      const m = t.getCTM()
      if (m && (Math.abs(m.b) > 1e-6 || Math.abs(m.c) > 1e-6)) problems.push(name + ' is turned')
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        problems.push(name + ' runs outside the chart')
      }
      for (let j = 0; j < i; j++) {
        const q = rects[j]
        const w = Math.min(r.right, q.right) - Math.max(r.left, q.left)
        const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top)
        if (w > 1 && h > 1) problems.push(name + ' overlaps "' + texts[j].textContent + '"')
      }
    })
  }
  return problems
})()`

// chartWidths are the widths every chart is checked at: a laptop and a phone.
var chartWidths = []int64{1280, 390}

// TestChartTextInChromium draws every chart of every page of the demonstration site in
// Chromium at a laptop's and a phone's width: no two pieces of text overlap, none
// runs outside its chart, none is turned.
func TestChartTextInChromium(t *testing.T) {
	slow(t, "builds the demonstration site and measures its charts in Chromium")
	out := demoOutput(t)
	var pages []string
	for _, p := range pagesOf(t, out) {
		html, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(html), "data-chart=") {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		t.Fatal("no page of the demonstration site has a chart")
	}
	for _, problem := range chartTextProblems(t, out, pages) {
		t.Error(problem)
	}
}

// The check can fail: a fixture chart whose category labels are turned, and at a
// phone's width run into one another, fails it.
func TestChartTextCheckCanFail(t *testing.T) {
	slow(t, "starts Chromium")
	out := demoOutput(t)
	echarts, err := filepath.Glob(filepath.Join(out, "vendor", "echarts.min.*.js"))
	if err != nil || len(echarts) != 1 {
		t.Fatalf("the demonstration site's ECharts: %v %v", echarts, err)
	}
	dir := t.TempDir()
	lib, err := os.ReadFile(echarts[0])
	if err != nil {
		t.Fatal(err)
	}
	page := `<!doctype html><html><body><div id="c" data-chart="fixture-option" style="width:100%;height:300px"></div>
<div id="d" data-chart="turned-option" style="width:100%;height:300px"></div>
<script src="/echarts.js"></script><script>
const long = ['Started treatment within 6 weeks', 'Started treatment within 18 weeks', 'Reliable deterioration', 'Reliable improvement']
for (const [id, rotate] of [['c', 0], ['d', 30]]) {
  const holder = document.getElementById(id)
  echarts.init(holder, null, {renderer: 'svg'}).setOption({animation: false,
    xAxis: {type: 'category', data: long, axisLabel: {interval: 0, rotate}}, yAxis: {type: 'value'},
    series: [{type: 'bar', data: [90, 99, 6, 66]}]})
  holder.dataset.drawn = 'true'
}
</script></body></html>`
	for name, data := range map[string][]byte{"index.html": []byte(page), "echarts.js": lib} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	problems := chartTextProblems(t, dir, []string{"/"})
	var overlaps, turned bool
	for _, p := range problems {
		overlaps = overlaps || strings.HasPrefix(p, "/ at 390 px: fixture:") && strings.Contains(p, " overlaps ")
		turned = turned || strings.HasPrefix(p, "/ at 1280 px: turned:") && strings.HasSuffix(p, " is turned")
	}
	if !overlaps || !turned {
		t.Errorf("the fixture's overlapping and turned labels were not both found; the check found:\n%s", strings.Join(problems, "\n"))
	}
}

// chartTextProblems loads each page of the site in dir at each of chartWidths, once
// its charts have drawn, and returns chartTextCheck's findings, each with its page and
// width.
func chartTextProblems(t *testing.T, dir string, pages []string) []string {
	t.Helper()
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var problems []string
	for _, width := range chartWidths {
		for _, page := range pages {
			if err := chromedp.Do(bctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(srv.URL+page),
				chromedp.WaitReady("body"),
			); err != nil {
				t.Fatalf("%s at %d px: %v", page, width, err)
			}
			_, _ = chromedp.Run(bctx, chromedp.Poll[bool](
				`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
				chromedp.WithPollingTimeout(10*time.Second)))
			found, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](chartTextCheck))
			if err != nil {
				t.Fatalf("%s at %d px: %v", page, width, err)
			}
			for _, f := range found {
				problems = append(problems, page+" at "+strconv.FormatInt(width, 10)+" px: "+f)
			}
		}
	}
	return problems
}
