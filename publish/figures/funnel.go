package figures

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
)

// FunnelPlot draws a funnel plot of recovery: every point of f as a dot at its
// recovery denominator and rate, the 95% and 99.8% control limits around f.Target as
// curves (through f.LimitsAt at many denominators), and England's rate as a line. Points whose code is in own are marked as this service's;
// extra points (this service computed here) are drawn apart. The table, also the CSV
// download, gives each point's counts, rate, limits and place against them.
func FunnelPlot(id, title, summary string, f benchmark.Funnel, own map[string]bool, extra ...benchmark.FunnelPoint) (Chart, error) {
	all := append(slices.Clone(f.Points), extra...)
	if len(all) == 0 {
		return Chart{}, errors.New("a funnel plot needs at least one provider")
	}
	nMin, nMax := all[0].N, all[0].N
	for _, p := range all {
		nMin, nMax = min(nMin, p.N), max(nMax, p.N)
	}
	// The curves run from a little left of the smallest point to a little right of the
	// largest, at denominators spaced evenly on a log scale, so the bend at small n,
	// where the limits change fast, is drawn as smoothly as the flat end.
	from, to := max(1, int(float64(nMin)*0.9)), int(math.Ceil(float64(nMax)*1.05))
	const steps = 160
	var curves [2][2][]opts.LineData
	yLo, yHi := f.Target*100, f.Target*100
	lastN := 0
	for i := 0; i <= steps; i++ {
		n := int(math.Round(float64(from) * math.Pow(float64(to)/float64(from), float64(i)/steps)))
		if n == lastN {
			continue
		}
		lastN = n
		for level, l := range f.LimitsAt(n) {
			lo, hi := l[0], l[1]
			curves[level][0] = append(curves[level][0], opts.LineData{Value: []any{n, Round(lo*100, 2)}})
			curves[level][1] = append(curves[level][1], opts.LineData{Value: []any{n, Round(hi*100, 2)}})
			yLo, yHi = min(yLo, lo*100), max(yHi, hi*100)
		}
	}
	// Providers inside the 95% limits are drawn faintly, those outside them as squares in
	// NHS blue, this service's providers as diamonds and this service as a labelled
	// triangle, each drawn after (so on top of) the one before: the series a reader
	// looks for last, on top of everything, the limits included.
	var inside, outside, marked, computed []opts.ScatterData
	for _, p := range f.Points {
		d := opts.ScatterData{Name: TitleCase(p.OrgName), Value: []any{p.N, Round(p.Proportion*100, 1)}}
		switch {
		case own[p.OrgCode]:
			marked = append(marked, d)
		case p.Position[0] == benchmark.Within:
			inside = append(inside, d)
		default:
			outside = append(outside, d)
		}
		yLo, yHi = min(yLo, p.Proportion*100), max(yHi, p.Proportion*100)
	}
	for _, p := range extra {
		computed = append(computed, opts.ScatterData{Name: p.OrgName, Value: []any{p.N, Round(p.Proportion*100, 1)}})
		yLo, yHi = min(yLo, p.Proportion*100), max(yHi, p.Proportion*100)
	}
	yLo, yHi = max(0, math.Floor(yLo/5)*5), min(100, math.Ceil(yHi/5)*5)

	sc := charts.NewScatter()
	sc.SetGlobalOptions(append(baseOptions(title),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		// The legend goes above, where it can take more lines on a phone without
		// running into the axis's name below.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", TextStyle: &opts.TextStyle{Color: Text}}),
		charts.WithGridOpts(opts.Grid{Top: "90", Left: "50", Right: "95", Bottom: "45"}),
		// A log scale: providers range from tens to tens of thousands of people, and on
		// a linear scale most would crowd into the narrow end of the funnel.
		charts.WithXAxisOpts(opts.XAxis{Type: "log", Name: "People who finished a course of treatment at caseness (log scale)",
			NameLocation: "middle", NameGap: 28, Min: niceBelow(from), Max: niceAbove(to)}),
		charts.WithYAxisOpts(opts.YAxis{Name: "Recovery", Min: yLo, Max: yHi, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
	)...)
	tooltip := charts.WithSeriesTooltipOpts(opts.SeriesTooltip{Formatter: "{b}<br/>recovery {@[1]}% of {@[0]}"})
	sc.AddSeries("Inside the 95% limits", inside, tooltip,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: Interval, Opacity: opts.Float(0.7)}),
		charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: 7}),
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: "England " + Fixed(f.Target*100, 1) + "%", YAxis: Round(f.Target*100, 2)}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"}, LineStyle: &opts.LineStyle{Color: Interval, Width: 1.5, Type: "solid"},
			Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "end"}}))
	lines := charts.NewLine()
	for level, name := range []string{"95% limits", "99.8% limits"} {
		style := opts.LineStyle{Color: Reference, Width: 1.5, Type: "dashed"}
		if level == 1 {
			style = opts.LineStyle{Color: Reference, Width: 1.5}
		}
		for _, curve := range curves[level] {
			// Both curves of a level share their name, so one legend entry shows or hides
			// the pair.
			lines.AddSeries(name, curve, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
				charts.WithLineStyleOpts(style), charts.WithItemStyleOpts(opts.ItemStyle{Color: Reference}))
		}
	}
	sc.Overlap(lines)
	if len(outside) > 0 {
		sc.AddSeries("Outside the 95% limits", outside, tooltip,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: Figure}),
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "rect", SymbolSize: 8}))
	}
	if len(marked) > 0 {
		sc.AddSeries("This service's providers", marked, tooltip,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: Own, BorderColor: Reference, BorderWidth: 1}),
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "diamond", SymbolSize: 16}))
	}
	if len(computed) > 0 {
		sc.AddSeries("This service", computed, tooltip,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: Own, BorderColor: Reference, BorderWidth: 1}),
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "triangle", SymbolSize: 20}),
			// On a box of its own, so that the label reads over the providers around it.
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "This service", Position: "top", Color: Text, FontWeight: "bold",
				BackgroundColor: Background, BorderColor: Own, BorderWidth: 1.5, BorderRadius: 2}))
	}

	head := []string{"Provider", "ODS code", "Recovered", "Finished at caseness", "Recovery (%)",
		"95% lower limit (%)", "95% upper limit (%)", "99.8% lower limit (%)", "99.8% upper limit (%)",
		"Against the 95% limits", "Against the 99.8% limits", "This service"}
	var rows [][]string
	row := func(p benchmark.FunnelPoint, rate, which string) []string {
		return []string{p.OrgName, p.OrgCode, strconv.Itoa(p.Recovered), strconv.Itoa(p.N), rate,
			Fixed(p.Limits[0][0]*100, 1), Fixed(p.Limits[0][1]*100, 1),
			Fixed(p.Limits[1][0]*100, 1), Fixed(p.Limits[1][1]*100, 1),
			p.Position[0].String(), p.Position[1].String(), which}
	}
	for _, p := range f.Points {
		which := ""
		if own[p.OrgCode] {
			which = "yes (national figures)"
		}
		rows = append(rows, row(p, Fixed(p.Proportion*100, 1), which))
	}
	for _, p := range extra {
		rows = append(rows, row(p, Fixed(p.Proportion*100, 0), "yes (computed here)"))
	}
	c, err := finish(id, title, summary, sc, Table{Head: head, Rows: rows})
	if err != nil || len(computed) == 0 {
		return c, err
	}
	c.Option, err = liftLastLabel(c.Option)
	return c, err
}

// liftLastLabel lifts the label of the last series ("This service") clear of the
// providers crowded around it, on a padded box with a line back to its point. go-echarts
// v2.7.3 has no labelLayout or labelLine for a series, and types a label's padding as
// a string, which ECharts does not read as a number, so they are set in the option.
func liftLastLabel(option []byte) ([]byte, error) {
	var o map[string]any
	if err := json.Unmarshal(option, &o); err != nil {
		return nil, err
	}
	series, _ := o["series"].([]any)
	if len(series) == 0 {
		return option, nil
	}
	last, _ := series[len(series)-1].(map[string]any)
	label, _ := last["label"].(map[string]any)
	if label == nil {
		return option, nil
	}
	label["padding"] = []int{3, 6}
	last["labelLayout"] = map[string]any{"dy": -26}
	last["labelLine"] = map[string]any{"show": true, "lineStyle": map[string]any{"color": Own, "width": 1.5}}
	return json.Marshal(o)
}

// niceBelow and niceAbove widen an axis to 1, 2 or 5 times a power of 10, so that its
// ends are round numbers.
func niceBelow(n int) float64 {
	p := math.Pow(10, math.Floor(math.Log10(float64(max(n, 1)))))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= float64(n) {
			return m * p
		}
	}
	return p
}

func niceAbove(n int) float64 {
	p := math.Pow(10, math.Floor(math.Log10(float64(max(n, 1)))))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= float64(n) {
			return m * p
		}
	}
	return 10 * p
}

// FunnelFinding is a funnel plot's title, stating what it shows: where this service
// lies against the 95% limits (own nil when it is not on the plot) and how many of the
// providers lie outside them. "This service's recovery is within the 95% limits around
// England's rate; 77 of 136 providers lie outside them".
func FunnelFinding(s benchmark.Summary, own *benchmark.FunnelPoint) string {
	limits := "them"
	if own == nil {
		limits = "the 95% limits around England's recovery rate"
	}
	providers := "providers"
	if s.Providers == 1 {
		providers = "provider"
	}
	var many string
	switch out := s.Outside[0]; out {
	case 0:
		many = fmt.Sprintf("none of %d %s lies outside %s", s.Providers, providers, limits)
	case 1:
		many = fmt.Sprintf("1 of %d %s lies outside %s", s.Providers, providers, limits)
	default:
		many = fmt.Sprintf("%d of %d %s lie outside %s", out, s.Providers, providers, limits)
	}
	if own == nil {
		return strings.ToUpper(many[:1]) + many[1:]
	}
	where := map[benchmark.Position]string{benchmark.Within: "within", benchmark.Above: "above", benchmark.Below: "below"}[own.Position[0]]
	return "This service's recovery is " + where + " the 95% limits around England's rate; " + many
}
