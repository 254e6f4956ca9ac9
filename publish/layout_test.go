package publish

import (
	"fmt"
	"html"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chartTextCheck runs in a page and returns what is wrong with the text of its drawn
// charts: text boxes that overlap, text that runs outside its chart (clipped), text
// that is turned, a negative number written with a hyphen rather than a minus sign,
// and text drawn over a mark of the chart (a figure written on its
// whisker or its standard's tick, a label across a line). A mark is a shape drawn in
// a colour the chart's option gives its series (so not the axes and grid lines,
// which ECharts draws in its own greys, nor a label's background box); a fill counts only where it is at least half
// opaque (an interval's band of 15% leaves a label over it readable). Text is on a
// mark when a point of its box, taken every pixel 1 px in from its edges, lies on the
// mark's stroke or in its fill as Chromium draws them. A chart in a hidden tab has no
// size and is not checked.
const chartTextCheck = `(() => {
  const problems = []
  const probe = document.createElement('span')
  document.body.appendChild(probe)
  const rgb = c => { probe.style.color = ''; probe.style.color = c; return probe.style.color ? getComputedStyle(probe).color : '' }
  // The colours the option gives its series, and those it gives labels' background
  // boxes: a box (and its border) is there to keep its own text readable, not a mark.
  const seriesColours = (option, backgrounds) => {
    const found = new Set()
    const walk = (v, key) => {
      if (typeof v === 'string' && /background/i.test(key)) backgrounds.add(rgb(v))
      else if (typeof v === 'string' && /colou?r$/i.test(key)) found.add(rgb(v))
      else if (Array.isArray(v)) v.forEach(x => walk(x, key))
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
    }
    walk(option.series, '')
    walk(option.color, 'color')
    found.delete('')
    return found
  }
  const painted = (el, what, colours) => {
    const colour = el.getAttribute(what)
    if (!colour || colour === 'none' || !colours.has(rgb(colour))) return false
    const opacity = parseFloat(el.getAttribute(what + '-opacity') ?? '1') * parseFloat(el.getAttribute('opacity') ?? '1')
    return what === 'stroke' ? opacity > 0 && parseFloat(el.getAttribute('stroke-width') ?? '1') > 0 : opacity >= 0.5
  }
  const onMark = (r, mark, colours) => {
    const m = mark.getScreenCTM()
    if (!m) return false
    const inv = m.inverse()
    const stroke = painted(mark, 'stroke', colours), fill = painted(mark, 'fill', colours)
    for (let x = r.left + 1; x <= r.right - 1; x++) {
      for (let y = r.top + 1; y <= r.bottom - 1; y++) {
        const p = new DOMPoint(x, y).matrixTransform(inv)
        if ((stroke && mark.isPointInStroke(p)) || (fill && mark.isPointInFill(p))) return true
      }
    }
    return false
  }
  for (const holder of document.querySelectorAll('[data-chart][data-drawn]')) {
    const svg = holder.querySelector('svg')
    if (!svg) continue
    const box = svg.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
    const rects = texts.map(t => t.getBoundingClientRect())
    const backgrounds = new Set()
    const colours = seriesColours(JSON.parse(document.getElementById(holder.dataset.chart).textContent), backgrounds)
    backgrounds.delete('')
    const marks = [...svg.querySelectorAll('path, rect, line, polyline, polygon, circle, ellipse')]
      .filter(el => !backgrounds.has(rgb(el.getAttribute('fill') || '')))
      .filter(el => painted(el, 'stroke', colours) || painted(el, 'fill', colours))
      .map(el => [el, el.getBoundingClientRect()])
    texts.forEach((t, i) => {
      const r = rects[i]
      const name = holder.dataset.chart.replace(/-option$/, '') + ': "' + t.textContent + '"'
      const m = t.getCTM()
      if (m && (Math.abs(m.b) > 1e-6 || Math.abs(m.c) > 1e-6)) problems.push(name + ' is turned')
      if (/(^|[^\p{L}\p{N}])-[0-9£]/u.test(t.textContent)) problems.push(name + ' has a hyphen for a minus sign')
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        problems.push(name + ' runs outside the chart')
      }
      for (let j = 0; j < i; j++) {
        const q = rects[j]
        const w = Math.min(r.right, q.right) - Math.max(r.left, q.left)
        const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top)
        if (w > 1 && h > 1) problems.push(name + ' overlaps "' + texts[j].textContent + '"')
      }
      for (const [mark, q] of marks) {
        const w = Math.min(r.right, q.right + 1) - Math.max(r.left, q.left - 1)
        const h = Math.min(r.bottom, q.bottom + 1) - Math.max(r.top, q.top - 1)
        if (w > 0 && h > 0 && onMark(r, mark, colours)) {
          problems.push(name + ' is drawn over a mark (' + (mark.getAttribute('stroke') || mark.getAttribute('fill')) + ')')
          break
        }
      }
    })
  }
  probe.remove()
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

// The check can fail: a fixture chart whose category labels are turned fails it; so
// do one whose labels run into one another at a phone's width, one whose axis writes
// its negative numbers with a hyphen, and one whose bar has its figure written at the
// bar's end, on its whisker. The same bar with its
// figure written past the whisker, as the site draws it, passes.
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
	long := `{"type": "category", "data": ["Started treatment within 6 weeks", "Started treatment within 18 weeks", "Reliable deterioration", "Reliable improvement"], "axisLabel": {"interval": 0, "rotate": %d}}`
	columns := `{"animation": false, "color": ["#005eb8"], "xAxis": ` + long + `, "yAxis": {"type": "value"}, "series": [{"type": "bar", "data": [90, 99, 6, 66]}]}`
	// A bar of 50 with its interval, 40 to 60, as a whisker, and its figure written
	// at the bar's end (on the whisker) or past the whisker's end at 60.
	bar := `{"animation": false, "grid": {"right": 60}, "xAxis": {"type": "value", "max": 100}, "yAxis": {"type": "category", "data": ["Recovery"]},
	  "series": [{"type": "bar", "data": [50], "itemStyle": {"color": "#005eb8"}, %s},
	    {"type": "boxplot", "data": [[40, 50, 50, 50, 60]], "itemStyle": {"color": "#4c6272", "borderColor": "#4c6272", "borderWidth": 2}}]}`
	charts := map[string]string{
		"fixture": fmt.Sprintf(columns, 0),
		"turned":  fmt.Sprintf(columns, 30),
		// A value axis running below 0, its numbers written by ECharts itself.
		"negative": `{"animation": false, "xAxis": {"type": "category", "data": ["Before", "After"]}, "yAxis": {"type": "value"},
		  "series": [{"type": "bar", "data": [-250, 120], "itemStyle": {"color": "#005eb8"}}]}`,
		"on-whisker": fmt.Sprintf(bar, `"label": {"show": true, "position": "right", "formatter": "50%", "fontWeight": "bold"}`),
		"past-whisker": fmt.Sprintf(bar, `"markPoint": {"symbol": "circle", "symbolSize": 0.01, "data": [{"coord": [60, 0], "value": "50%"}],
		  "label": {"show": true, "position": "right", "formatter": "{c}", "fontWeight": "bold"}}`),
	}
	var page strings.Builder
	page.WriteString("<!doctype html><html><body>\n")
	for _, id := range slices.Sorted(maps.Keys(charts)) {
		fmt.Fprintf(&page, `<div data-chart="%[1]s-option" style="width:100%%;height:300px"></div><script type="application/json" id="%[1]s-option">%[2]s</script>`+"\n", id, charts[id])
	}
	page.WriteString(`<script src="/echarts.js"></script><script>
for (const holder of document.querySelectorAll('[data-chart]')) {
  echarts.init(holder, null, {renderer: 'svg'}).setOption(JSON.parse(document.getElementById(holder.dataset.chart).textContent))
  holder.dataset.drawn = 'true'
}
</script></body></html>`)
	for name, data := range map[string]string{"index.html": page.String(), "echarts.js": string(lib)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	problems := chartTextProblems(t, dir, []string{"/"})
	var overlaps, turned, hyphen, onWhisker, pastWhisker bool
	for _, p := range problems {
		overlaps = overlaps || strings.HasPrefix(p, "/ at 390 px: fixture:") && strings.Contains(p, " overlaps ")
		turned = turned || strings.HasPrefix(p, "/ at 1280 px: turned:") && strings.HasSuffix(p, " is turned")
		hyphen = hyphen || strings.Contains(p, `negative: "-`) && strings.HasSuffix(p, " has a hyphen for a minus sign")
		onWhisker = onWhisker || strings.Contains(p, `on-whisker: "50%" is drawn over a mark`)
		pastWhisker = pastWhisker || strings.Contains(p, "past-whisker:")
	}
	if !overlaps || !turned || !hyphen || !onWhisker || pastWhisker {
		t.Errorf("want the fixture's overlapping and turned labels, its hyphens for minus signs and the figure on its whisker found, and nothing wrong with the figure past its whisker; the check found:\n%s", strings.Join(problems, "\n"))
	}
}

// chartTextProblems loads each page of the site in dir at each of chartWidths, once
// its charts have drawn, and returns chartTextCheck's findings, each with its page and
// width.
func chartTextProblems(t *testing.T, dir string, pages []string) []string {
	t.Helper()
	bctx, srv := browse(t, dir)
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

// Every date a reader is shown is written as the NHS style guide writes it, "12 June
// 2025", and every negative number with a minus sign (U+2212), not a hyphen: the text
// of every page of the demonstration site (its tags, scripts, styles and code taken
// out) has no date written 2025-06-12, other than in a file's name, and no hyphen before a
// number. The CSV downloads are for machines and keep the hyphen.
func TestReaderTextDatesAndMinusSigns(t *testing.T) {
	slow(t, "builds the demonstration site")
	out := demoOutput(t)
	// Code (a number as a file has it, "-12.5") is written for machines.
	hidden := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<code>.*?</code>`)
	tag := regexp.MustCompile(`<[^>]*>`)
	isoDate := regexp.MustCompile(`(^|[^\w/.-])([0-9]{4}-[0-9]{2}-[0-9]{2})([^\w/-]|$)`)
	hyphenMinus := regexp.MustCompile(`(^|[^\p{L}\p{N}])-[0-9£][0-9,.]*`)
	for _, p := range pagesOf(t, out) {
		page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		text := html.UnescapeString(tag.ReplaceAllString(hidden.ReplaceAllString(string(page), " "), " "))
		for _, m := range isoDate.FindAllStringSubmatch(text, -1) {
			t.Errorf("%s: the date %s is shown as a machine writes it; want it as \"12 June 2025\"", p, m[2])
		}
		for _, m := range hyphenMinus.FindAllString(text, 5) {
			t.Errorf("%s: %q is written with a hyphen for its minus sign", p, strings.TrimSpace(m))
		}
	}
	csvs, err := filepath.Glob(filepath.Join(out, "downloads", "charts", "*.csv"))
	if err != nil || len(csvs) == 0 {
		t.Fatalf("no chart downloads in the demonstration site: %v", err)
	}
	negative := false
	for _, name := range csvs {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsRune(string(b), '\u2212') {
			t.Errorf("%s: a download for machines has a minus sign (U+2212) where a program reading it expects a hyphen", filepath.Base(name))
		}
		negative = negative || hyphenMinus.Match(b)
	}
	if !negative {
		t.Error("no chart download has a negative number: the demonstration site no longer tests that they keep the hyphen")
	}
}
