package figures

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// PercentBars draws one published percentage per category as a horizontal bar, with
// its 95% interval as a whisker, its figure written past the end of the bar, and
// standards[i] (a percent, 0 for none) as a marker on row i only: a standard is never
// drawn across measures it does not belong to.
func PercentBars(id, title, summary string, categories []string, s Series, standards []float64) (Chart, error) {
	if len(standards) != len(categories) {
		return Chart{}, fmt.Errorf("chart %s: %d standards for %d categories", id, len(standards), len(categories))
	}
	texts := percentTexts(s.Values)
	bar := rowChart(title, categories, texts, percentValueAxis())
	bar.AddSeries(s.Name, barData(s.Values), slices.Concat(barStyle, endLabels(texts, rowEnds(s, standards)))...)
	marks := make([]opts.ScatterData, len(categories))
	for i, st := range standards {
		marks[i] = opts.ScatterData{Value: missing}
		if st > 0 {
			marks[i] = opts.ScatterData{Value: st}
		}
	}
	bar.Overlap(whiskers(s))
	// Without a standard on any row there is no "Standard" series, so the legend does
	// not name a mark that is nowhere drawn (reliable deterioration has none).
	if slices.ContainsFunc(standards, func(st float64) bool { return st > 0 }) {
		bar.Overlap(referenceMarks("Standard", marks))
	}
	head := []string{"", s.Name + " (%)", "95% interval"}
	rows := make([][]string, len(categories))
	for i, c := range categories {
		rows[i] = []string{c, s.Values[i].Text, IntervalText(s.Lows[i], s.Highs[i])}
	}
	c, err := finish(id, title, summary, bar, Table{Head: head, Rows: rows}, noteInterval)
	c.Height = rowFrame + rowHeight*len(categories)
	return c, err
}

// CountBars draws published counts per category as horizontal bars, each count
// written past the end of its bar.
func CountBars(id, title, summary, name string, categories []string, counts []disclosure.Value) (Chart, error) {
	texts := make([]string, len(counts))
	ends := make([]float64, len(counts))
	rows := make([][]string, len(categories))
	for i, c := range categories {
		texts[i] = Thousands(counts[i].Text)
		ends[i] = counts[i].Number
		rows[i] = []string{c, counts[i].Text}
	}
	bar := rowChart(title, categories, texts, opts.XAxis{Type: "value", Name: name, NameLocation: "middle", NameGap: 28})
	bar.AddSeries(name, barData(counts), slices.Concat(barStyle, endLabels(texts, ends))...)
	c, err := finish(id, title, summary, bar, Table{Head: []string{"", name}, Rows: rows}, noteRounded)
	c.Height = rowFrame + rowHeight*len(categories)
	return c, err
}

// IntervalBars draws one figure per category as a horizontal bar, either side of 0,
// with its 95% interval as a whisker and the figure written to the right of both the
// bar and its whisker (so, for a bar below 0, just right of the 0 line). axis names
// the unit.
func IntervalBars(id, title, summary, axis string, categories []string, s Series) (Chart, error) {
	texts := make([]string, len(s.Values))
	for i, v := range s.Values {
		texts[i] = Minus(v.Text)
	}
	bar := rowChart(title, categories, texts, opts.XAxis{Type: "value", Name: axis, NameLocation: "middle", NameGap: 28})
	bar.AddSeries(s.Name, barData(s.Values), slices.Concat(barStyle, endLabels(texts, rowEnds(s, nil)))...)
	bar.Overlap(whiskers(s))
	rows := make([][]string, len(categories))
	for i, c := range categories {
		rows[i] = []string{c, s.Values[i].Text, IntervalText(s.Lows[i], s.Highs[i])}
	}
	c, err := finish(id, title, summary, bar, Table{Head: []string{"", s.Name + " (" + axis + ")", "95% interval"}, Rows: rows}, noteInterval)
	c.Height = rowFrame + rowHeight*len(categories)
	return c, err
}

// rowHeight is the height of one row of a horizontal bar chart, and rowFrame what its
// axes and legend take: a chart grows with its rows, so that a long list of groups
// is never squeezed.
const rowHeight, rowFrame = 44, 110

// rowChart is the frame of a horizontal bar chart: a row per category, the first at
// the top, its label written level (never turned) and wrapped to fit a phone, and room
// on the right for the longest of figures, the texts endLabels writes past the bars'
// ends (none when figures is nil).
func rowChart(title string, categories, figures []string, value opts.XAxis) *charts.Bar {
	labels := make([]string, len(categories))
	for i, c := range categories {
		labels[i] = wrap(c, 18)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOptions(title),
		// The legend goes above, where it can take a second line on a phone without
		// running into the value axis's name below.
		charts.WithGridOpts(opts.Grid{Left: "8", Right: strconv.Itoa(figureRoom(figures)), Top: "56", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", TextStyle: &opts.TextStyle{Color: Text}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0", Color: Text, LineHeight: "16"}}),
	)...)
	if value.AxisLabel == nil {
		value.AxisLabel = &opts.AxisLabel{Color: Text}
	}
	value.AxisLabel.HideOverlap = opts.Bool(true)
	bar.SetGlobalOptions(charts.WithXAxisOpts(value))
	bar.XYReversal()
	bar.SetXAxis(labels)
	return bar
}

// figureRoom is the room, in pixels, a row chart keeps on its right for the figures
// written past its bars' ends: a bar may run to the end of the value axis (a
// percentage near 100, the largest count), and its figure must still be inside the
// chart. It allows 8 px a character (the widest of the site's bold digits at 12 px is
// 7) and the label's 5 px gap from the bar, with 12 px to spare.
func figureRoom(figures []string) int {
	if figures == nil {
		return 32 // the value axis's last label, half of which runs past the grid
	}
	widest := 0
	for _, f := range figures {
		widest = max(widest, utf8.RuneCountInString(f))
	}
	return 8*widest + 5 + 12
}

// endLabels write texts[i] on row i just past ends[i] on the value axis, level and in
// bold, "*" where the figure is not published (texts[i] is "*"), so that no row is an
// empty slot that reads as 0.
func endLabels(texts []string, ends []float64) []charts.SeriesOpts {
	var points []opts.MarkPointNameCoordItem
	for i, t := range texts {
		if t != "" { // a figure that does not apply (a percentage of nobody) is not written
			points = append(points, opts.MarkPointNameCoordItem{Name: t, Value: t, Coordinate: []any{ends[i], i}})
		}
	}
	return textMarks(points, &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "{c}", Color: Text, FontWeight: "bold"})
}

// textMarks write texts on a chart at points of its series (a bar's figure, a line's
// name), each to the right of its point, in label unless the point has its own. They
// are marks on the series, not a series of their own, so that they add nothing to the
// legend or the tooltip: each point is too small to see (a size of 0 would be left
// out of the option, and ECharts would draw its 50 px pin), its text 5 px to its right.
func textMarks(points []opts.MarkPointNameCoordItem, label *opts.Label) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithMarkPointNameCoordItemOpts(points...),
		charts.WithMarkPointStyleOpts(opts.MarkPointStyle{Symbol: []string{"circle"}, SymbolSize: 0.01, Label: label}),
	}
}

// rowEnds are where each row's drawing ends on the value axis, for its figure to be
// written past: the furthest right of 0, the bar, its whisker and the row's reference
// mark (standards[i], 0 for none; standards may be nil), so that the figure never
// sits on the whisker or the mark.
func rowEnds(s Series, standards []float64) []float64 {
	ends := make([]float64, len(s.Values))
	for i, v := range s.Values {
		for _, x := range []disclosure.Value{v, s.Highs[i]} {
			if x.Published() {
				ends[i] = max(ends[i], x.Number)
			}
		}
		if standards != nil {
			ends[i] = max(ends[i], standards[i])
		}
	}
	return ends
}

// barStyle is every bar's: NHS blue, a third of its row.
var barStyle = []charts.SeriesOpts{
	charts.WithItemStyleOpts(opts.ItemStyle{Color: Figure}),
	charts.WithBarChartOpts(opts.BarChart{BarWidth: "45%"}),
}

func barData(values []disclosure.Value) []opts.BarData {
	data := make([]opts.BarData, len(values))
	for i, v := range values {
		data[i] = opts.BarData{Value: point(v)}
	}
	return data
}

// whiskers draw each row's 95% interval as a line from its lower to its upper limit
// with a cap at each end, over the bar: drawn in lines, not as a box, so that it
// stays visible however narrow the interval.
func whiskers(s Series) *charts.BoxPlot {
	data := make([]opts.BoxPlotData, len(s.Values))
	for i := range s.Values {
		lo, v, hi := point(s.Lows[i]), point(s.Values[i]), point(s.Highs[i])
		if lo == missing || v == missing || hi == missing {
			data[i] = opts.BoxPlotData{Value: []any{missing, missing, missing, missing, missing}}
			continue
		}
		data[i] = opts.BoxPlotData{Value: []any{lo, v, v, v, hi}}
	}
	box := charts.NewBoxPlot()
	box.AddSeries("95% interval", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: Interval, BorderColor: Interval, BorderWidth: 2}))
	return box
}

// referenceMarks draw what a row is measured against (a standard, England's figure)
// as an upright tick on the rows it applies to.
func referenceMarks(name string, marks []opts.ScatterData) *charts.Scatter {
	sc := charts.NewScatter()
	sc.AddSeries(name, marks, charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "rect", SymbolSize: []int{4, 26}}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: Reference}))
	return sc
}

// percentValueAxis runs from 0% to 100%.
func percentValueAxis() opts.XAxis {
	return opts.XAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%", Color: Text}}
}

func percentTexts(values []disclosure.Value) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v.Text
		if v.Published() {
			out[i] += "%"
		}
	}
	return out
}

// wrap breaks a label into lines of about width characters at spaces, so that a long
// category name takes two short lines beside its bar rather than half a phone's width.
func wrap(s string, width int) string {
	words := strings.Fields(s)
	var b strings.Builder
	line := 0
	for i, w := range words {
		if i > 0 {
			if line+1+len(w) > width {
				b.WriteByte('\n')
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

// BarSeries is one series of a grouped bar chart: a figure per category, with the text
// its table shows. A figure that is not published ("*", or none) is a gap.
type BarSeries struct {
	Name   string
	Values []disclosure.Value
}

// GroupedBars draws several series side by side in each category, with a legend, and a
// table of the same figures: a row per category, a column per series. axis names the
// unit of the values (for the axis and the table's headings).
func GroupedBars(id, title, summary, axis string, categories []string, series []BarSeries) (Chart, error) {
	// Several figures share a row, so they are told apart by a legend; each bar has
	// its own figure written just past its end ("*" where it is not published).
	var texts []string
	for _, s := range series {
		for _, v := range s.Values {
			texts = append(texts, Thousands(v.Text))
		}
	}
	bar := rowChart(title, categories, texts, opts.XAxis{Type: "value", Name: axis, NameLocation: "middle", NameGap: 28})
	head := []string{""}
	for k, s := range series {
		if len(s.Values) != len(categories) {
			return Chart{}, fmt.Errorf("chart %s: series %q has %d values for %d categories", id, s.Name, len(s.Values), len(categories))
		}
		data := make([]opts.BarData, len(categories))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: point(v), Label: &opts.Label{Show: opts.Bool(true), Position: "right",
				Formatter: types.FuncStr(strings.ReplaceAll(Thousands(v.Text), "{", "")), Color: Text, FontWeight: "bold"}}
		}
		bar.AddSeries(s.Name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: seriesColours[k%len(seriesColours)]}))
		head = append(head, s.Name+" ("+axis+")")
	}
	rows := make([][]string, len(categories))
	for i, c := range categories {
		row := []string{c}
		for _, s := range series {
			row = append(row, s.Values[i].Text)
		}
		rows[i] = row
	}
	c, err := finish(id, title, summary, bar, Table{Head: head, Rows: rows})
	c.Height = rowFrame + rowHeight*len(categories)*max(1, len(series)/2)
	return c, err
}

// ComparisonBars draws this service's controlled percentage for each category as a
// horizontal bar with its 95% interval as a whisker and its figure written past the
// end of the bar, and England's published percentage (from the national file; none where it has
// none) as a tick on the row.
func ComparisonBars(id, title, summary string, categories []string, england []benchmark.Percentage, s Series) (Chart, error) {
	ticks := make([]opts.ScatterData, len(categories))
	englandAt := make([]float64, len(categories))
	rows := make([][]string, len(categories))
	for i, c := range categories {
		ticks[i] = opts.ScatterData{Value: missing}
		if v, ok := england[i].Get(); ok {
			ticks[i], englandAt[i] = opts.ScatterData{Value: v}, v
		}
		rows[i] = []string{c, england[i].String(), s.Values[i].Text, IntervalText(s.Lows[i], s.Highs[i])}
	}
	texts := percentTexts(s.Values)
	bar := rowChart(title, categories, texts, percentValueAxis())
	bar.AddSeries(s.Name, barData(s.Values), slices.Concat(barStyle, endLabels(texts, rowEnds(s, englandAt)))...)
	bar.Overlap(whiskers(s), referenceMarks("England", ticks))
	head := []string{"", "England (%)", s.Name + " (%)", s.Name + ": 95% interval"}
	c, err := finish(id, title, summary, bar, Table{Head: head, Rows: rows}, noteInterval)
	c.Height = rowFrame + rowHeight*len(categories)
	return c, err
}
