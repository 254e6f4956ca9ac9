package figures

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// PercentTrend draws published percentages over periods as lines, each with its 95%
// interval as a band in the line's colour, and the standard (when above 0) as a dashed
// line. Each line is named at its end, in its colour, as is the standard, instead of
// in a legend (the Analysis Function's guidance: a reader should not have to look away
// to match colours); a legend is drawn only where the names cannot be (endNames).
func PercentTrend(id, title, summary string, periods []string, series []Series, standard float64) (Chart, error) {
	line := charts.NewLine()
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	ends, named := endNames(periods, series, standard)
	legend := opts.Legend{Show: opts.Bool(!named), Bottom: "0", Data: names, TextStyle: &opts.TextStyle{Color: Text}}
	grid := opts.Grid{Left: "48", Top: strconv.Itoa(trendTop), Height: strconv.Itoa(trendPlot), Right: strconv.Itoa(nameRoom(ends))}
	line.SetGlobalOptions(append(baseOptions(title), percentAxis(),
		charts.WithGridOpts(grid),
		// The legend, when there is one, names the figures only, not the series that
		// draw their bands.
		charts.WithLegendOpts(legend),
		// The periods run from edge to edge of the plot, so that each line ends at its
		// right-hand edge, beside its name.
		charts.WithXAxisOpts(opts.XAxis{BoundaryGap: opts.Bool(false), AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), Color: Text}}))...)
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
		var marks []opts.MarkPointNameCoordItem
		for _, e := range ends {
			if e.series == k {
				marks = append(marks, e.mark(len(periods)-1, colour))
			}
		}
		if k == 0 {
			seriesOpts = append(seriesOpts, standardLine(standard)...)
			for _, e := range ends {
				if e.series < 0 {
					marks = append(marks, e.mark(len(periods)-1, Reference))
				}
			}
		}
		if len(marks) > 0 {
			seriesOpts = append(seriesOpts, textMarks(marks, nil)...)
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
	c, err := finish(id, title, summary, line, Table{Head: head, Rows: rows}, noteInterval)
	c.Height = trendTop + trendPlot + trendBottom
	if !named {
		c.Height += trendLegend
	}
	return c, err
}

// A trend chart's plot is a fixed height, trendPlot px for 0% to 100%, so that the
// names at the lines' ends can be set apart in pixels: trendTop above it (for the
// "100%" label), trendBottom below it for the periods, and trendLegend more below
// that when the chart has a legend.
const trendTop, trendPlot, trendBottom, trendLegend = 16, 260, 36, 48

// nameLine is the height of a line of an end name, and nameGap the least space
// between two names, in pixels; nameWidth is what a character takes at most, at 12 px.
const nameLine, nameGap, nameWidth = 16, 4, 7

// endName is a name written at the right-hand end of a trend chart: a line's (series
// is its index) or the standard's (series is -1), with the height it is written at.
type endName struct {
	series int
	text   string
	at     float64 // percent: where the line ends, or the standard
	y      float64 // percent: where the name is written, moved from at to clear the others
}

// mark is the name as an invisible point at the last period, its text to the right.
func (e endName) mark(last int, colour string) opts.MarkPointNameCoordItem {
	return opts.MarkPointNameCoordItem{Name: e.text, Value: e.text, Coordinate: []any{last, Round(e.y, 2)},
		Label: &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "{c}", Color: colour, LineHeight: nameLine}}
}

// height is the name's height in percentage points of the plot.
func (e endName) height() float64 {
	return float64(nameLine*(strings.Count(e.text, "\n")+1)) * 100 / trendPlot
}

// endNames are the names written at the lines' ends, and whether the lines are named
// there (named) or need a legend. A line is named at its last period; the standard's
// name is written too, beside its line's end. Names closer than they can be written
// (two lines ending within a few points of each other) are moved apart, the upper up
// and the lower down, keeping their order. The lines need a legend instead when one
// of them has no published figure at the last period (its name would float away from
// its line), or when the names cannot all be fitted into the plot's height. A line
// with nothing published at all is neither named nor drawn; its table says why.
func endNames(periods []string, series []Series, standard float64) (names []endName, named bool) {
	named = true
	last := len(periods) - 1
	for k, s := range series {
		if !slices.ContainsFunc(s.Values, func(v disclosure.Value) bool { return v.Published() }) {
			continue
		}
		if last < 0 || !s.Values[last].Published() {
			named = false
			continue
		}
		names = append(names, endName{series: k, text: wrap(s.Name, 12), at: s.Values[last].Number})
	}
	if !named {
		names = nil
	}
	if standard > 0 && last >= 0 {
		names = append(names, endName{series: -1, text: wrap(fmt.Sprintf("Standard %g%%", standard), 12), at: standard})
	}
	if !spread(names) {
		// The standard's name alone always fits.
		names = slices.DeleteFunc(names, func(e endName) bool { return e.series >= 0 })
		spread(names)
		named = false
	}
	return names, named
}

// spread sets each name's y: at its line's end, moved apart where two would be
// closer than nameGap, and all within the plot. It reports false when they do not fit.
func spread(names []endName) bool {
	slices.SortStableFunc(names, func(a, b endName) int {
		switch {
		case a.at > b.at:
			return -1
		case a.at < b.at:
			return 1
		}
		return 0
	})
	gap := float64(nameGap) * 100 / trendPlot
	// From the top down, each name at its line's end or, if that is too close to the
	// one above, just below it; then, from the bottom up, each name that has fallen
	// out of the plot or onto the one below is pushed up just clear of it.
	for i := range names {
		names[i].y = min(names[i].at, 100-names[i].height()/2)
		if i > 0 {
			names[i].y = min(names[i].y, names[i-1].y-(names[i-1].height()+names[i].height())/2-gap)
		}
	}
	for i := len(names) - 1; i >= 0; i-- {
		floor := names[i].height() / 2
		if i < len(names)-1 {
			floor = names[i+1].y + (names[i+1].height()+names[i].height())/2 + gap
		}
		names[i].y = max(names[i].y, floor)
	}
	for _, e := range names {
		if e.y+e.height()/2 > 100+1e-9 {
			return false
		}
	}
	return true
}

// nameRoom is the room, in pixels, a trend chart keeps on its right for the names at
// the lines' ends: the longest line of any name, 5 px from the plot, 8 px to spare,
// and never less than the half of the last period's label that runs past the plot.
func nameRoom(names []endName) int {
	widest := 0
	for _, e := range names {
		for _, l := range strings.Split(e.text, "\n") {
			widest = max(widest, len(l))
		}
	}
	return max(40, nameWidth*widest+5+8)
}
