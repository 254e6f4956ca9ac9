package figures

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// PercentTrend draws published percentages over periods as lines, each with its 95%
// interval as a band in the line's colour, and the standard (when above 0) as a dashed line.
func PercentTrend(id, title, summary string, periods []string, series []Series, standard float64) (Chart, error) {
	line := charts.NewLine()
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	// The legend names the figures only, not the series that draw their bands.
	line.SetGlobalOptions(append(baseOptions(title), percentAxis(),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: names}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), Color: Text}}))...)
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
		// The band is two stacked series: one up to the lower limit, and a shaded one
		// as tall as the interval. Its edges are drawn, dashed, in the line's own
		// colour, so that the band can be read without the faint fill and be told
		// from the other line's.
		colour := seriesColours[k%len(seriesColours)]
		stack := fmt.Sprintf("interval-%d", k)
		edge := charts.WithLineStyleOpts(opts.LineStyle{Color: colour, Width: 1, Type: "dashed"})
		band := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{Stack: stack, ShowSymbol: opts.Bool(false)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colour}), edge}
		line.AddSeries(s.Name+" lower limit", lows, band...)
		line.AddSeries(s.Name+" 95% interval", widths, append(band, charts.WithAreaStyleOpts(opts.AreaStyle{Color: colour, Opacity: opts.Float(0.15)}))...)
		seriesOpts := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colour}), charts.WithLineStyleOpts(opts.LineStyle{Color: colour, Width: 2})}
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
			row = append(row, s.Values[i].Text, IntervalText(s.Lows[i], s.Highs[i]))
		}
		rows[i] = row
	}
	return finish(id, title, summary, line, Table{Head: head, Rows: rows}, noteInterval)
}
