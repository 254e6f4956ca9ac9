package publish

import (
	"encoding/json"
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	figureTitle = regexp.MustCompile(`<h3 id="([^"]+)-title">([^<]+)</h3>`)
	pdfWord     = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)</word>`)
)

// Every chart of the outcomes report is printed, not only its title and table: in the
// PDF's text, between each chart's title and the caption of its table, are the words
// its drawing writes (the figure at the end of each bar and the name of each row, the
// name at the end of each line), so that no caption describes a chart that is not
// there. And nothing is printed past the paper's margins: the charts are sized for
// A4 (8.27 inches wide, 0.6 inches of margin each side: every word between 43.2 and
// 552.2 points from the left edge, give or take 2 points, as a list's numbers hang
// a point into the margin).
func TestReportPrintsEveryChart(t *testing.T) {
	slow(t, "builds the demonstration site and prints it in Chromium")
	out := demoOutput(t)
	pdf := filepath.Join(out, "outcomes", "demo-talking-therapies-outcomes-2025-06-12.pdf")
	text := oneLine(poppler(t, "pdftotext", pdf, "-"))
	page := readPage(t, out, "outcomes/index.html")

	titles := map[string]string{}
	for _, m := range figureTitle.FindAllStringSubmatch(page, -1) {
		titles[m[1]] = oneLine(html.UnescapeString(m[2]))
	}
	options := chartOption.FindAllStringSubmatch(page, -1)
	if len(options) == 0 {
		t.Fatal("the outcomes page has no charts")
	}
	from := 0
	for _, m := range options {
		id, title := m[1], titles[m[1]]
		if title == "" {
			t.Fatalf("chart %s has no title", id)
		}
		words, err := drawnWords([]byte(m[2]))
		if err != nil {
			t.Fatalf("chart %s: %v", id, err)
		}
		if len(words) == 0 {
			t.Fatalf("chart %s: its option names no words its drawing writes, so its printing cannot be checked", id)
		}
		start := strings.Index(text[from:], title)
		if start < 0 {
			t.Errorf("the report lacks the chart %q (or prints it out of order)", title)
			continue
		}
		start += from + len(title)
		end := strings.Index(text[start:], title+": the figures")
		if end < 0 {
			t.Errorf("the report lacks the table of the chart %q", title)
			continue
		}
		drawing := text[start : start+end]
		for _, w := range words {
			if !strings.Contains(drawing, w) {
				t.Errorf("the chart %q is not printed: %q, which its drawing writes, is not between its title and its table", title, w)
			}
		}
		from = start + end
	}

	const left, right = 0.6 * 72, (8.27 - 0.6) * 72
	for _, w := range pdfWord.FindAllStringSubmatch(poppler(t, "pdftotext", "-bbox", pdf, "-"), -1) {
		xMin, _ := strconv.ParseFloat(w[1], 64)
		xMax, _ := strconv.ParseFloat(w[2], 64)
		if xMin < left-2 || xMax > right+2 {
			t.Errorf("%q is printed from %.1f to %.1f points, outside the margins (%.1f to %.1f)", html.UnescapeString(w[3]), xMin, xMax, left, right)
		}
	}
}

// drawnWords are words a chart's drawing writes, from its ECharts option: the labels
// of its category axes that show every category (a horizontal bar chart's rows), and
// the texts of its marks (a bar's figure, a line's name), each line apart, as a
// wrapped label prints on two lines.
func drawnWords(option []byte) ([]string, error) {
	var o struct {
		XAxis  []axisOption `json:"xAxis"`
		YAxis  []axisOption `json:"yAxis"`
		Series []struct {
			MarkPoint struct {
				Data []struct {
					Value any `json:"value"`
				} `json:"data"`
			} `json:"markPoint"`
		} `json:"series"`
	}
	if err := json.Unmarshal(option, &o); err != nil {
		return nil, err
	}
	var words []string
	for _, a := range append(o.XAxis, o.YAxis...) {
		if a.Type == "category" && a.AxisLabel.Interval == "0" {
			for _, d := range a.Data {
				words = append(words, strings.Split(d, "\n")...)
			}
		}
	}
	for _, s := range o.Series {
		for _, p := range s.MarkPoint.Data {
			if text, ok := p.Value.(string); ok {
				words = append(words, strings.Split(text, "\n")...)
			}
		}
	}
	return words, nil
}

type axisOption struct {
	Type      string   `json:"type"`
	Data      []string `json:"data"`
	AxisLabel struct {
		Interval any `json:"interval"`
	} `json:"axisLabel"`
}
