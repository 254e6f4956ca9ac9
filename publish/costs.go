package publish

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// costSeed is the bootstrap seed of `iaptpub costs` by default, and costs.MinResamples
// its resamples, so that the page and the command give the same intervals.
const costSeed = 1

// CostEvaluation is the local cost-saving evaluation of an export.
type CostEvaluation struct {
	// Report is nil when nobody had healthcare use recorded in both windows.
	Report    *costs.Report
	UnitCosts costs.UnitCosts
	Service   costs.ServiceCosts
	// People and rows left out: with one window only, with windows of unequal length,
	// and rows the evaluation's own checks refused.
	OneWindow, UnequalWindows, RowErrors int
	// Uncosted are the items used that have no unit cost, whose rows were left out.
	Uncosted []costs.ItemRows
}

// loadCostTables reads the unit-cost table and the cost of the service of the site
// sources, restated at year with index.
func loadCostTables(sources fs.FS, index *prices.Index, year string) (costs.UnitCosts, costs.ServiceCosts, error) {
	unit, err := costs.LoadUnitCosts(sources, costs.UnitCostsFile)
	if err != nil {
		return nil, costs.ServiceCosts{}, err
	}
	service, err := costs.LoadServiceCosts(sources, costs.ServiceCostsFile)
	if err != nil {
		return nil, costs.ServiceCosts{}, err
	}
	return costs.Restate(unit, service, index, year)
}

// computeCosts reads the export in dir a second time, for the cost evaluation (the
// measures have their own read: keeping the two apart is simpler than one read feeding
// both, and the utilisation file is read only here), with every pound at year. It
// returns nil when the export has no utilisation.csv, and the utilisation file's report
// of this read, for the analyst. With opts.Strict a row the evaluation refuses fails the
// build, as in `iaptpub costs --strict`.
func computeCosts(dir string, sources fs.FS, ref *reference.Data, opts export.Options, index *prices.Index, year string) (*CostEvaluation, *export.FileReport, error) {
	unit, service, err := loadCostTables(sources, index, year)
	if err != nil {
		return nil, nil, err
	}
	aliases, err := costs.LoadAliases(sources, costs.AliasesFile)
	if err != nil {
		return nil, nil, err
	}
	r, err := export.Open(dir, ref.Instruments, opts)
	if err != nil {
		return nil, nil, err
	}
	if !r.HasUtilisation() {
		return nil, nil, nil
	}
	col, err := costs.FromExport(r, ref, unit, aliases)
	if err != nil {
		return nil, nil, fmt.Errorf("the cost evaluation of %s: %w", dir, err)
	}
	var file *export.FileReport
	for _, f := range r.Report().Files {
		if f.File == r.FileName(export.UtilisationFile) {
			file = &f
		}
	}
	if opts.Strict && col.ErrorCount > 0 {
		return nil, file, col.Errors[0]
	}
	ev := &CostEvaluation{UnitCosts: unit, Service: service, Uncosted: col.Uncosted,
		OneWindow: col.OneWindow, UnequalWindows: col.UnequalWindows, RowErrors: col.ErrorCount}
	if len(col.Persons) == 0 {
		return ev, file, nil
	}
	rep, err := costs.Evaluate(col.Persons, unit, service, costs.Options{
		Bootstrap: stats.Bootstrap{Resamples: costs.MinResamples, Seed: costSeed},
		Pathways:  costs.PathwaysOf(ref), Core: ref.Breakdowns.Pathway.None,
		PriceYear: year, PriceIndex: index.Name,
	})
	if err != nil {
		return nil, file, fmt.Errorf("the cost evaluation of %s: %w", dir, err)
	}
	ev.Report = &rep
	return ev, file, nil
}

// IntervalBars draws one figure per category as a bar, above or below 0, with its 95%
// interval as a thin box from the lower to the upper limit. axis names the unit.
func IntervalBars(id, title, summary, axis string, categories []string, s Series) (Chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOptions(title), categoryAxis(), charts.WithYAxisOpts(opts.YAxis{Name: axis}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Bottom: "100"}))...)
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
	bar.SetXAxis(categories).AddSeries(s.Name, bars,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourFigure}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "40%"}))
	interval := charts.NewKLine()
	interval.AddSeries("95% interval", boxes, charts.WithKlineChartOpts(opts.KlineChart{BarWidth: "6"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourInterval, Color0: colourInterval, BorderColor: colourInterval, BorderColor0: colourInterval}))
	bar.Overlap(interval)
	rows := make([][]string, len(categories))
	for i, c := range categories {
		rows[i] = []string{c, s.Values[i].Text, intervalText(s.Lows[i], s.Highs[i])}
	}
	return finish(id, title, summary, bar, Table{Head: []string{"", s.Name + " (" + axis + ")", "95% interval"}, Rows: rows})
}

// costsPage is the data of /evaluation/costs/ (data/iaptpub/costs.json). Every figure
// in it is read from the controlled tables `iaptpub costs` prints (costs.WriteChanges
// and costs.WriteSavings under the disclosure rules), which are also its downloads.
type costsPage struct {
	// HasUtilisation is false when the export has no utilisation.csv, Evaluated when
	// someone had healthcare use in both windows.
	HasUtilisation  bool   `json:"has_utilisation"`
	Evaluated       bool   `json:"evaluated"`
	UtilisationFile string `json:"utilisation_file"`

	Treated        string `json:"treated"`
	Comparison     string `json:"comparison"`
	HasComparison  bool   `json:"has_comparison"`
	OneWindow      string `json:"one_window"`
	UnequalWindows string `json:"unequal_windows"`
	RowErrors      string `json:"row_errors"`
	Windows        string `json:"windows"`
	Resamples      int    `json:"resamples"`
	Seed           uint64 `json:"seed"`
	// Hidden names the pathways with too few people to show.
	Hidden []string `json:"hidden"`

	BeforeAfter *Chart      `json:"before_after,omitempty"`
	Change      *Chart      `json:"change,omitempty"`
	Items       *Chart      `json:"items,omitempty"`
	ItemTables  []costTable `json:"item_tables,omitempty"`
	Difference  *Chart      `json:"difference,omitempty"`
	Recovery    *Chart      `json:"recovery,omitempty"`
	Savings     []costTable `json:"savings,omitempty"`

	Service   serviceView `json:"service"`
	UnitCosts Table       `json:"unit_costs"`
	// PriceYear is the one price year of every pound on the page; PriceIndex and
	// PriceSource name the inflation index that put them there.
	PriceYear   string `json:"price_year"`
	PriceIndex  string `json:"price_index"`
	PriceSource string `json:"price_source"`
	// Missing names the items of the unit-cost table with no cost, and Uncosted those
	// of them the export used, whose rows were left out.
	Missing  []string `json:"missing"`
	Uncosted []string `json:"uncosted"`
	// Downloads are the controlled tables of `iaptpub costs`.
	ChangesCSV string `json:"changes_csv,omitempty"`
	SavingsCSV string `json:"savings_csv,omitempty"`
}

// costTable is a table of the page under its own heading: a pathway's items, or one
// figure of the savings.
type costTable struct {
	Title  string `json:"title"`
	Hidden bool   `json:"hidden"`
	Table
}

type serviceView struct {
	Entered bool   `json:"entered"`
	How     string `json:"how,omitempty"`
	Year    string `json:"year,omitempty"`
	Source  string `json:"source,omitempty"`
}

// Labels of the page.
const (
	everyone  = "Everyone"
	perPerson = "£ per person"
)

// costs writes the cost evaluation page. ev is nil when the export has no
// utilisation.csv: the page then says what the evaluation needs, and still shows the
// unit costs it would use.
func (g *generator) costs(ev *CostEvaluation, r Results) error {
	pg := costsPage{UtilisationFile: export.UtilisationFile}
	var unit costs.UnitCosts
	var service costs.ServiceCosts
	if ev != nil {
		unit, service = ev.UnitCosts, ev.Service
	} else {
		var err error
		if unit, service, err = loadCostTables(r.Sources, r.Prices, r.PriceYear); err != nil {
			return err
		}
	}
	pg.UnitCosts = unitCostTable(unit, r.PriceYear)
	pg.PriceYear, pg.PriceIndex, pg.PriceSource = r.PriceYear, r.Prices.Name, r.Prices.Source
	for _, item := range unit.MissingItems() {
		pg.Missing = append(pg.Missing, itemLabel(item))
	}
	pg.Service = viewService(service)
	if ev != nil {
		for _, u := range ev.Uncosted {
			pg.Uncosted = append(pg.Uncosted, itemLabel(u.Item))
		}
		pg.HasUtilisation = true
		pg.OneWindow = r.Rules.Count(ev.OneWindow).Text
		pg.UnequalWindows = r.Rules.Count(ev.UnequalWindows).Text
		pg.RowErrors = r.Rules.Count(ev.RowErrors).Text
	}
	if ev != nil && ev.Report != nil {
		if err := g.costFigures(&pg, *ev.Report, r); err != nil {
			return err
		}
	}
	var cs []Chart
	for _, c := range []*Chart{pg.BeforeAfter, pg.Change, pg.Items, pg.Difference, pg.Recovery} {
		if c != nil {
			cs = append(cs, *c)
		}
	}
	if err := g.chartFiles("/evaluation/costs/", cs); err != nil {
		return err
	}
	if err := g.put("data/iaptpub/costs.json", pg); err != nil {
		return err
	}
	return g.page("evaluation/costs", frontMatter{
		Title:       "Cost savings in the wider health system",
		Description: "Whether people's use of GP time, A&E and hospital care fell after treatment, what that is worth, and how sure we can be.",
		Weight:      10, Layout: "costs", Charts: true,
	})
}

// changeKey finds a row of the controlled changes table.
type changeKey struct{ pathway, item, group string }

// costFigures fills the page's figures from the controlled tables of rep.
func (g *generator) costFigures(pg *costsPage, rep costs.Report, r Results) error {
	out := costs.Output{Rules: r.Rules}
	var changesCSV, savingsCSV bytes.Buffer
	if err := costs.WriteChanges(&changesCSV, rep, out); err != nil {
		return err
	}
	if err := costs.WriteSavings(&savingsCSV, rep, out); err != nil {
		return err
	}
	pg.ChangesCSV, pg.SavingsCSV = "downloads/costs-changes.csv", "downloads/costs-savings.csv"
	g.files["static/"+pg.ChangesCSV] = slices.Clone(changesCSV.Bytes())
	g.files["static/"+pg.SavingsCSV] = slices.Clone(savingsCSV.Bytes())
	changes, err := readTable(changesCSV.Bytes(), costs.ChangesHeader)
	if err != nil {
		return err
	}
	savings, err := readTable(savingsCSV.Bytes(), costs.SavingsHeader)
	if err != nil {
		return err
	}
	rows := map[changeKey][]string{}
	for _, row := range changes {
		rows[changeKey{row[0], row[1], row[2]}] = row
	}
	// A changes row: PATHWAY ITEM GROUP N MEAN_PRE MEAN_POST MEAN_CHANGE CI_LOW CI_HIGH.
	// A pathway or group with nobody in it has no row: it shows "*" like one with too
	// few people, so that its absence tells nobody anything.
	get := func(pathway, item, group string) []string {
		if row, ok := rows[changeKey{pathway, item, group}]; ok {
			return row
		}
		return []string{pathway, item, group, "*", "*", "*", "*", "*", "*"}
	}

	pg.Evaluated = true
	pg.HasComparison = rep.HasComparison
	pg.Treated = get(costs.AllName, costs.AllName, costs.Treated)[3]
	pg.Comparison = get(costs.AllName, costs.AllName, costs.Comparison)[3]
	pg.Resamples, pg.Seed = rep.Resamples, rep.Seed
	pg.Windows = windowsText(rep.WindowMonths)

	names := []string{costs.AllName}
	labels := []string{everyone}
	for _, p := range r.Reference.Pathways {
		names = append(names, p.Name)
		labels = append(labels, p.Name)
	}
	core := r.Reference.Breakdowns.Pathway.None
	names, labels = append(names, core), append(labels, core)
	for i, name := range names {
		if get(name, costs.AllName, costs.Treated)[3] == "*" {
			pg.Hidden = append(pg.Hidden, labels[i])
		}
	}

	// Before and after, and the change with its interval, by pathway.
	before, after := BarSeries{Name: "Before"}, BarSeries{Name: "After"}
	change := Series{Name: "Change"}
	var baRows [][]string
	for _, name := range names {
		row := get(name, costs.AllName, costs.Treated)
		before.Values = append(before.Values, money(row[4], false))
		after.Values = append(after.Values, money(row[5], false))
		change.Values = append(change.Values, money(row[6], true))
		change.Lows = append(change.Lows, money(row[7], true))
		change.Highs = append(change.Highs, money(row[8], true))
		baRows = append(baRows, []string{labels[len(baRows)], row[3], money(row[4], false).Text, money(row[5], false).Text,
			money(row[6], true).Text, intervalText(money(row[7], true), money(row[8], true))})
	}
	c, err := GroupedBars("costs-before-after", "Healthcare cost per person, before and after treatment",
		"The mean cost of each person's GP, A&E, hospital and other care in the window before treatment and in the window of the same length after it, for everyone treated and for each pathway.",
		perPerson, labels, []BarSeries{before, after})
	if err != nil {
		return err
	}
	// The table gives the change and its interval too, in reading order.
	c.Table = Table{Head: []string{"", "People treated", "Before (£ per person)", "After (£ per person)",
		"Change (£ per person)", "95% interval of the change"}, Rows: baRows}
	pg.BeforeAfter = chartRef(c)
	c, err = IntervalBars("costs-change", "Change in healthcare cost per person after treatment",
		"The mean change (after minus before) for everyone treated and for each pathway: below 0 means less was spent after treatment. The grey box is the 95% interval.",
		perPerson, labels, change)
	if err != nil {
		return err
	}
	pg.Change = chartRef(c)

	// Where the change comes from: by item of care.
	itemSeries := Series{Name: "Change"}
	var itemLabels []string
	var itemRows [][]string
	for _, item := range rep.Items {
		row := get(costs.AllName, item, costs.Treated)
		itemLabels = append(itemLabels, itemLabel(item))
		itemSeries.Values = append(itemSeries.Values, money(row[6], true))
		itemSeries.Lows = append(itemSeries.Lows, money(row[7], true))
		itemSeries.Highs = append(itemSeries.Highs, money(row[8], true))
		itemRows = append(itemRows, []string{itemLabel(item), money(row[4], false).Text, money(row[5], false).Text,
			money(row[6], true).Text, intervalText(money(row[7], true), money(row[8], true))})
	}
	c, err = IntervalBars("costs-items", "Where the change comes from",
		"The mean change in cost per person (after minus before) for each item of care, for everyone treated, with its 95% interval.",
		perPerson, itemLabels, itemSeries)
	if err != nil {
		return err
	}
	c.Table = Table{Head: []string{"Item of care", "Before (£ per person)", "After (£ per person)", "Change (£ per person)", "95% interval"}, Rows: itemRows}
	pg.Items = chartRef(c)
	for i, name := range names[1:] {
		t := costTable{Title: labels[i+1], Hidden: get(name, costs.AllName, costs.Treated)[3] == "*",
			Table: Table{Head: []string{"Item of care", "Before (£)", "After (£)", "Change (£)", "95% interval"}}}
		for _, item := range rep.Items {
			row := get(name, item, costs.Treated)
			t.Rows = append(t.Rows, []string{itemLabel(item), money(row[4], false).Text, money(row[5], false).Text,
				money(row[6], true).Text, intervalText(money(row[7], true), money(row[8], true))})
		}
		pg.ItemTables = append(pg.ItemTables, t)
	}

	// The difference in differences, when there is a comparison group.
	if rep.HasComparison {
		diff := Series{Name: "Difference in differences"}
		var diffRows [][]string
		for i, name := range names {
			d := get(name, costs.AllName, costs.Difference)
			t := get(name, costs.AllName, costs.Treated)
			cmp := get(name, costs.AllName, costs.Comparison)
			diff.Values = append(diff.Values, money(d[6], true))
			diff.Lows = append(diff.Lows, money(d[7], true))
			diff.Highs = append(diff.Highs, money(d[8], true))
			row := func(what string, r []string, people string) []string {
				return []string{labels[i] + ": " + what, people, money(r[6], true).Text, intervalText(money(r[7], true), money(r[8], true))}
			}
			diffRows = append(diffRows, row("treated", t, t[3]), row("comparison group", cmp, cmp[3]),
				row("difference", d, ""))
		}
		c, err = IntervalBars("costs-difference", "Change beside the comparison group",
			"The treated group's mean change in cost per person less the comparison group's (the difference in differences): below 0 means costs fell more, or rose less, among people treated. The grey box is the 95% interval.",
			perPerson, labels, diff)
		if err != nil {
			return err
		}
		// Each group's own change above the difference, a row each, so that the table
		// fits a narrow screen.
		c.Table = Table{Head: []string{"", "People", "Change (£ per person)", "95% interval"}, Rows: diffRows}
		pg.Difference = chartRef(c)
	}

	// Recovered beside not recovered.
	rec, notRec := BarSeries{Name: "Recovered"}, BarSeries{Name: "Did not recover"}
	var recRows [][]string
	for i, name := range names {
		a := get(name, costs.AllName, costs.Recovered)
		b := get(name, costs.AllName, costs.NotRecovered)
		rec.Values = append(rec.Values, money(a[6], true))
		notRec.Values = append(notRec.Values, money(b[6], true))
		recRows = append(recRows,
			[]string{labels[i] + ": recovered", a[3], money(a[6], true).Text, intervalText(money(a[7], true), money(a[8], true))},
			[]string{labels[i] + ": did not recover", b[3], money(b[6], true).Text, intervalText(money(b[7], true), money(b[8], true))})
	}
	c, err = GroupedBars("costs-recovery", "Change in cost per person, by whether people recovered",
		"The mean change in cost per person (after minus before) among people who recovered and among those who did not, of those in the national recovery rate.",
		perPerson, labels, []BarSeries{rec, notRec})
	if err != nil {
		return err
	}
	// A row for each group, so that the table fits a narrow screen.
	c.Table = Table{Head: []string{"", "People", "Change (£ per person)", "95% interval"}, Rows: recRows}
	pg.Recovery = chartRef(c)

	pg.Savings = savingsTables(savings, rep.Service.Entered())
	return nil
}

// readTable reads a CSV that the costs package wrote, checking its header.
func readTable(data []byte, header []string) ([][]string, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading the cost evaluation's table: %w", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		return nil, fmt.Errorf("the cost evaluation's table does not start with %s", strings.Join(header, ","))
	}
	return rows[1:], nil
}

// savingsTables are the yearly saving, and when the cost of the service was entered
// the cost, the net saving and the return on investment, each with its interval: a
// table each, so that every table fits a narrow screen. A savings row: PATHWAY BASIS N
// GROSS GROSS_LOW GROSS_HIGH COST … NET … ROI ROI_LOW ROI_HIGH.
func savingsTables(rows [][]string, entered bool) []costTable {
	type figure struct {
		caption, head string
		col           int
		read          func(string) disclosure.Value
	}
	figures := []figure{{"Saving in the wider health system a year", "Saving a year (£)", 3, pounds}}
	if entered {
		figures = append(figures,
			figure{"Cost of the service a year", "Cost of the service (£)", 6, pounds},
			figure{"Net saving a year: the saving less the cost of the service", "Net saving (£)", 9, pounds},
			figure{"Return on investment: the net saving for each pound spent on the service", "Return per £1", 12, plain})
	}
	var out []costTable
	for k, f := range figures {
		t := costTable{Title: f.caption, Table: Table{Head: []string{"", "People treated", f.head, "95% interval"}}}
		if k > 0 {
			t.Head = []string{"", f.head, "95% interval"}
		}
		for _, row := range rows {
			name := row[0]
			if name == costs.AllName {
				name = everyone
			}
			if row[1] == costs.Difference {
				name += ", net of the comparison group"
			} else {
				name += ", before and after"
			}
			cells := []string{name, row[2]}
			if k > 0 {
				cells = cells[:1]
			}
			t.Rows = append(t.Rows, append(cells, f.read(row[f.col]).Text, intervalText(f.read(row[f.col+1]), f.read(row[f.col+2]))))
		}
		out = append(out, t)
	}
	return out
}

// figureOf reads one figure of a controlled table: "*" is suppressed, "" is no
// figure; format writes a published one.
func figureOf(text string, format func(float64) string) disclosure.Value {
	switch text {
	case "*":
		return disclosure.Value{Text: "*", Suppressed: true}
	case "":
		return disclosure.Value{Empty: true}
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return disclosure.Value{Empty: true}
	}
	return disclosure.Value{Text: format(v), Number: v}
}

// money reads a mean in pounds and pence, written "1,519.07", and with signed
// "+12.53" or "-220.72". Tables say "£" in their headings, not in each figure: their
// figures are also downloaded as CSV, and a sign then stays with its number when a
// narrow table wraps.
func money(text string, signed bool) disclosure.Value {
	return figureOf(text, func(v float64) string {
		if signed {
			return signedDecimal(v, 2)
		}
		return decimal(v, 2)
	})
}

// pounds reads whole pounds: "92,083".
func pounds(text string) disclosure.Value {
	return figureOf(text, func(v float64) string { return decimal(v, 0) })
}

// plain reads a ratio, kept to its 2 decimal places.
func plain(text string) disclosure.Value {
	return figureOf(text, func(v float64) string { return decimal(v, 2) })
}

// poundsText writes an amount for prose: "£1,590", "-£12.50".
func poundsText(v float64, places int) string {
	if round(v, places) < 0 {
		return "-£" + decimal(-v, places)
	}
	return "£" + decimal(v, places)
}

// windowsText says how long the windows were: "12 months", "6 or 12 months".
func windowsText(months []float64) string {
	parts := make([]string, len(months))
	for i, m := range months {
		parts[i] = strconv.FormatFloat(m, 'f', -1, 64)
	}
	if len(parts) == 0 {
		return ""
	}
	text := parts[len(parts)-1]
	if len(parts) > 1 {
		text = strings.Join(parts[:len(parts)-1], ", ") + " or " + text
	}
	if text == "1" {
		return "1 month"
	}
	return text + " months"
}

// itemWords are the words of item codes that are not written as they are spelt.
var itemWords = map[string]string{"gp": "GP", "ae": "A&E", "nonelective": "non-elective", "callout": "call-out"}

// itemLabel turns an item code of the unit-cost table into words:
// "ae_attendance" → "A&E attendance".
func itemLabel(item string) string {
	words := strings.Split(item, "_")
	for i, w := range words {
		if x, ok := itemWords[w]; ok {
			words[i] = x
		}
	}
	s := strings.Join(words, " ")
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// unitCostTable shows each unit cost at the report's price year, and, when any was
// restated, beside the figure as published; an item with no published cost says so.
func unitCostTable(unit costs.UnitCosts, year string) Table {
	restated := slices.ContainsFunc(unit, func(c costs.UnitCost) bool { return !c.Missing && c.StatedYear != year })
	t := Table{Head: []string{"Item of care", "What it is", "Unit cost (£, " + year + " prices)"}}
	if restated {
		t.Head = append(t.Head, "As published (£, price year)")
	}
	t.Head = append(t.Head, "Source", "How sure")
	for _, c := range unit {
		row := []string{itemLabel(c.Item), c.Description, "none published: enter a local cost"}
		if !c.Missing {
			row[2] = decimal(c.UnitCost, 2)
		}
		if restated {
			published := ""
			if !c.Missing {
				published = decimal(c.Stated, 2) + " (" + c.StatedYear + ")"
			}
			row = append(row, published)
		}
		t.Rows = append(t.Rows, append(row, c.Source, reliabilityText(c.Reliability)))
	}
	return t
}

// reliabilityText says in words how sure a unit cost is.
func reliabilityText(r string) string {
	switch r {
	case "PRIMARY":
		return "Read in the publisher's own document"
	case "SECONDARY":
		return "Seen in a copy that cites the source"
	case "DERIVED":
		return "Worked out from published data"
	case "NOT FOUND":
		return "No published figure"
	case "LOCAL":
		return "The service's own figure"
	}
	return "Not stated"
}

func viewService(s costs.ServiceCosts) serviceView {
	v := serviceView{Entered: s.Entered(), Year: s.PriceYear, Source: s.Source}
	switch {
	case s.PerAppointment():
		v.How = fmt.Sprintf("%s per attended low-intensity treatment appointment and %s per attended high-intensity one, applied to each person's appointments",
			poundsText(s.LowIntensityAppointment, 2), poundsText(s.HighIntensityAppointment, 2))
	case s.Programme > 0:
		v.How = fmt.Sprintf("%s for the programme as a whole, shared between the pathways in proportion to their people", poundsText(s.Programme, 0))
	}
	return v
}

// chartRef gives the page its own copy of a chart.
func chartRef(c Chart) *Chart { return &c }
