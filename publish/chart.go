package publish

import (
	"encoding/json"
	"fmt"

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
}

// Table is a chart's figures: a header row and rows of published text ("*" where a
// figure is suppressed).
type Table struct {
	Head []string   `json:"head"`
	Rows [][]string `json:"rows"`
}

// Series is one set of published percentages with their 95% intervals, one per
// category. Only published values are drawn: a suppressed one is a gap.
type Series struct {
	Name   string
	Values []disclosure.Value
	Lows   []disclosure.Value
	Highs  []disclosure.Value
}

// NHS.UK colours: blue for the figures, grey for their intervals, dark for standards.
const (
	colourFigure   = "#005eb8"
	colourInterval = "#768692"
	colourStandard = "#212b32"
)

// missing is how ECharts is told that a point has no value.
const missing = "-"

func point(v disclosure.Value) any {
	if v.Suppressed || v.Empty {
		return missing
	}
	return v.Number
}

func baseOptions(title string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Show: opts.Bool(false), Title: title}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true)}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithAnimation(false),
	}
}

// categoryAxis shows every category's label, turned a little so long ones fit.
func categoryAxis() charts.GlobalOpts {
	return charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 20}})
}

func percentAxis() charts.GlobalOpts {
	return charts.WithYAxisOpts(opts.YAxis{Name: "%", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})
}

func standardLine(standard float64) []charts.SeriesOpts {
	if standard <= 0 {
		return nil
	}
	return []charts.SeriesOpts{
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: fmt.Sprintf("Standard %g%%", standard), YAxis: standard}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"}, LineStyle: &opts.LineStyle{Color: colourStandard, Type: "dashed", Width: 2}, Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}"}}),
	}
}

// PercentBars draws one published percentage per category as a bar, with its 95%
// interval as a thin box from the lower to the upper limit, and the standard (when
// above 0) as a dashed line.
func PercentBars(id, title, summary string, categories []string, s Series, standard float64) (Chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOptions(title), percentAxis(), categoryAxis())...)
	bars := make([]opts.BarData, len(categories))
	boxes := make([]opts.KlineData, len(categories))
	for i := range categories {
		bars[i] = opts.BarData{Value: point(s.Values[i])}
		if lo, hi := point(s.Lows[i]), point(s.Highs[i]); lo != missing && hi != missing {
			boxes[i] = opts.KlineData{Value: []any{lo, hi, lo, hi}}
		} else {
			boxes[i] = opts.KlineData{Value: []any{missing, missing, missing, missing}}
		}
	}
	bar.SetXAxis(categories).AddSeries(s.Name, bars, append([]charts.SeriesOpts{
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourFigure}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}),
	}, standardLine(standard)...)...)
	interval := charts.NewKLine()
	interval.AddSeries("95% interval", boxes, charts.WithKlineChartOpts(opts.KlineChart{BarWidth: "6"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourInterval, Color0: colourInterval, BorderColor: colourInterval, BorderColor0: colourInterval}))
	bar.Overlap(interval)
	head := []string{"", s.Name + " (%)", "95% interval"}
	rows := make([][]string, len(categories))
	for i, c := range categories {
		rows[i] = []string{c, s.Values[i].Text, intervalText(s.Lows[i], s.Highs[i])}
	}
	return finish(id, title, summary, bar, Table{Head: head, Rows: rows})
}

// PercentTrend draws published percentages over periods as lines, each with its 95%
// interval as a shaded band, and the standard (when above 0) as a dashed line.
func PercentTrend(id, title, summary string, periods []string, series []Series, standard float64) (Chart, error) {
	line := charts.NewLine()
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	// The legend names the figures only, not the series that draw their bands.
	line.SetGlobalOptions(append(baseOptions(title), percentAxis(),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: names}))...)
	line.SetXAxis(periods)
	head := []string{"Period"}
	for k, s := range series {
		lows := make([]opts.LineData, len(periods))
		widths := make([]opts.LineData, len(periods))
		values := make([]opts.LineData, len(periods))
		for i := range periods {
			values[i] = opts.LineData{Value: point(s.Values[i])}
			lo, hi := point(s.Lows[i]), point(s.Highs[i])
			if lo == missing || hi == missing {
				lows[i], widths[i] = opts.LineData{Value: missing}, opts.LineData{Value: missing}
				continue
			}
			lows[i] = opts.LineData{Value: lo}
			widths[i] = opts.LineData{Value: s.Highs[i].Number - s.Lows[i].Number}
		}
		// The band is two stacked series: an invisible one up to the lower limit, and
		// a shaded one as tall as the interval.
		stack := fmt.Sprintf("interval-%d", k)
		hidden := opts.LineStyle{Opacity: opts.Float(0)}
		line.AddSeries(s.Name+" lower limit", lows, charts.WithLineChartOpts(opts.LineChart{Stack: stack, ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(hidden))
		line.AddSeries(s.Name+" 95% interval", widths, charts.WithLineChartOpts(opts.LineChart{Stack: stack, ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(hidden), charts.WithAreaStyleOpts(opts.AreaStyle{Color: colourInterval, Opacity: opts.Float(0.25)}),
		)
		seriesOpts := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)})}
		if k == 0 {
			seriesOpts = append(seriesOpts, standardLine(standard)...)
		}
		line.AddSeries(s.Name, values, seriesOpts...)
		head = append(head, s.Name+" (%)", s.Name+" 95% interval")
	}
	rows := make([][]string, len(periods))
	for i, p := range periods {
		row := []string{p}
		for _, s := range series {
			row = append(row, s.Values[i].Text, intervalText(s.Lows[i], s.Highs[i]))
		}
		rows[i] = row
	}
	return finish(id, title, summary, line, Table{Head: head, Rows: rows})
}

// CountBars draws published counts per category.
func CountBars(id, title, summary, name string, categories []string, counts []disclosure.Value) (Chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOptions(title), categoryAxis(), charts.WithYAxisOpts(opts.YAxis{Name: "People"}))...)
	data := make([]opts.BarData, len(categories))
	rows := make([][]string, len(categories))
	for i, c := range categories {
		data[i] = opts.BarData{Value: point(counts[i])}
		rows[i] = []string{c, counts[i].Text}
	}
	bar.SetXAxis(categories).AddSeries(name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: colourFigure}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "50%"}))
	return finish(id, title, summary, bar, Table{Head: []string{"", name}, Rows: rows})
}

func intervalText(lo, hi disclosure.Value) string {
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

func finish(id, title, summary string, c optioner, t Table) (Chart, error) {
	c.Validate()
	option, err := json.Marshal(c.JSON())
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", id, err)
	}
	return Chart{ID: id, Title: title, Summary: summary, Option: option, Table: t, Download: "downloads/charts/" + id + ".csv"}, nil
}
