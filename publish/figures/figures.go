// Package figures is the figure component of the site: every chart is built here, as
// a go-echarts option the site's script draws, with the table of the same figures the
// page and its CSV download show. It holds the site's one palette (palette.go), the
// way numbers are written (format.go) and the titles that state a figure's finding,
// each worded from the published figures by one tested function (finding.go; the
// groups' in mainpoints.go and the costs' in money.go, beside the rules they share). It draws and words figures; it computes no statistics (intervals and
// verdicts come from package evaluation/...).
package figures

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// Chart is one chart of a page as the templates draw it: its ECharts option (built
// with go-echarts), its title and one-sentence summary, and a table of the same
// published figures, which is also offered as a CSV download.
type Chart struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Summary  string          `json:"summary"`
	Option   json.RawMessage `json:"option"`
	Table    Table           `json:"table"`
	Download string          `json:"download"`
	// Height is the chart's height in pixels when it grows with its rows (horizontal
	// bars), 0 for the site's usual height.
	Height int `json:"height,omitempty"`
	// Source names where the figures come from, for the figure's "Source:" line;
	// the page that shows the chart sets it.
	Source string `json:"source,omitempty"`
	// Notes are the figure's "Notes:": what a * is, what the interval is, how counts
	// are rounded, each as the chart needs it.
	Notes []string `json:"notes,omitempty"`
	// Data, when set, is the table as a program reads it, for a chart whose Table is
	// written in words for people ("£170 lower"): the same published figures as
	// numbers, units in the header. The CSV download and the workbook are written from
	// it (Figures).
	Data *Table `json:"-"`
}

// Figures is the chart's table as its CSV download and the workbook hold it: Data
// where the shown table is in words, the shown table otherwise.
func (c Chart) Figures() Table {
	if c.Data != nil {
		return *c.Data
	}
	return c.Table
}

// The notes a figure may need, worded once.
const (
	noteSuppressed = "A * marks a figure not published because too few people are behind it."
	noteInterval   = "The 95% interval is the range the figure would probably fall in with a different group of people like these."
	noteRounded    = "Counts are rounded to the nearest 5."
)

// Table is a chart's figures: a header row and rows of published text ("*" where a
// figure is suppressed). The CSV download and the workbook are written from it as it
// is (unless the chart has Data); its JSON is what the page shows (MarshalJSON).
type Table struct {
	Head []string   `json:"head"`
	Rows [][]string `json:"rows"`
}

// MarshalJSON writes the table as the page shows it, for the templates: each negative
// number with a real minus sign (Minus).
func (t Table) MarshalJSON() ([]byte, error) {
	rows := make([][]string, len(t.Rows))
	for i, row := range t.Rows {
		rows[i] = make([]string, len(row))
		for j, cell := range row {
			rows[i][j] = Minus(cell)
		}
	}
	type shown Table // without this method
	return json.Marshal(shown{Head: t.Head, Rows: rows})
}

// Series is one set of published figures with their 95% intervals, one per category.
// Only published values are drawn: a suppressed one is a gap.
type Series struct {
	Name   string
	Values []disclosure.Value
	Lows   []disclosure.Value
	Highs  []disclosure.Value
}

// missing is how ECharts is told that a point has no value.
const missing = "-"

func point(v disclosure.Value) any {
	if v.Suppressed || v.Empty {
		return missing
	}
	return v.Number
}

// baseOptions are every chart's: the palette (so a series without its own colour
// takes one of ours, never the library's defaults), its background, an accessible
// description, and no animation (a page printed or tested mid-animation would show a
// half-drawn chart).
func baseOptions(title string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{BackgroundColor: Background}),
		charts.WithColorsOpts(opts.Colors(seriesColours)),
		charts.WithTitleOpts(opts.Title{Show: opts.Bool(false), Title: title}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true)}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithAnimation(false),
	}
}

// percentAxis runs up the side from 0% to 100%. Its "0%" is left out: the first
// period's label below it would run into it on a phone, and the axis plainly starts
// at 0.
func percentAxis() charts.GlobalOpts {
	return charts.WithYAxisOpts(opts.YAxis{Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%", ShowMinLabel: opts.Bool(false), Color: Text}})
}

// standardLine draws the standard as a dashed line across the plot. It is named at
// its right-hand end with the lines (endNames), not on the line, where a line's
// points could run through its name.
func standardLine(standard float64) []charts.SeriesOpts {
	if standard <= 0 {
		return nil
	}
	return []charts.SeriesOpts{
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: fmt.Sprintf("Standard %g%%", standard), YAxis: standard}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"}, LineStyle: &opts.LineStyle{Color: Reference, Type: "dashed", Width: 2}, Label: &opts.Label{Show: opts.Bool(false)}}),
	}
}

// IntervalText writes a 95% interval for a table: "45 to 55", "*" when a limit is
// suppressed, "" when there is none.
func IntervalText(lo, hi disclosure.Value) string {
	if lo.Suppressed || hi.Suppressed {
		return "*"
	}
	if lo.Empty || hi.Empty {
		return ""
	}
	return lo.Text + " to " + hi.Text
}

type optioner interface {
	Validate()
	JSON() map[string]any
}

// finish writes the chart's option, and its notes: those given, and what a * means
// when its table has one.
func finish(id, title, summary string, c optioner, t Table, notes ...string) (Chart, error) {
	c.Validate()
	option, err := json.Marshal(c.JSON())
	if err == nil {
		option, err = numberLineHeights(option)
	}
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", id, err)
	}
	if slices.ContainsFunc(t.Rows, func(row []string) bool { return slices.Contains(row, "*") }) {
		notes = append([]string{noteSuppressed}, notes...)
	}
	return Chart{ID: id, Title: title, Summary: summary, Option: option, Table: t, Download: "downloads/charts/" + id + ".csv", Notes: notes}, nil
}

// numberLineHeights writes each axis label's lineHeight as a number. go-echarts
// v2.7.3 types it as a string, which ECharts adds to its offsets as text ("-8" +
// "16" is "-816"), throwing the second line of a wrapped label off the chart.
func numberLineHeights(option []byte) ([]byte, error) {
	var o map[string]any
	if err := json.Unmarshal(option, &o); err != nil {
		return nil, err
	}
	changed := false
	for _, key := range []string{"xAxis", "yAxis"} {
		axes, _ := o[key].([]any)
		for _, a := range axes {
			axis, _ := a.(map[string]any)
			label, _ := axis["axisLabel"].(map[string]any)
			if text, ok := label["lineHeight"].(string); ok {
				n, err := strconv.Atoi(text)
				if err != nil {
					return nil, fmt.Errorf("axis label line height %q is not a whole number of pixels", text)
				}
				label["lineHeight"], changed = n, true
			}
		}
	}
	if !changed {
		return option, nil
	}
	return json.Marshal(o)
}
