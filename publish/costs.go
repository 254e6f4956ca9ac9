package publish

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/publish/figures"
)

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

	BeforeAfter *figures.Chart `json:"before_after,omitempty"`
	Change      *figures.Chart `json:"change,omitempty"`
	Items       *figures.Chart `json:"items,omitempty"`
	ItemTables  []costTable    `json:"item_tables,omitempty"`
	Difference  *figures.Chart `json:"difference,omitempty"`
	Recovery    *figures.Chart `json:"recovery,omitempty"`
	Savings     []costTable    `json:"savings,omitempty"`

	Service   serviceView   `json:"service"`
	UnitCosts figures.Table `json:"unit_costs"`
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
	figures.Table
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

// costs writes the cost evaluation page. Without utilisation.csv in the export the
// page says what the evaluation needs, and still shows the unit costs it would use.
func (g *generator) costs(ev *pipeline.CostEvaluation, r Results) error {
	pg := costsPage{UtilisationFile: export.UtilisationFile}
	unit, service := ev.UnitCosts, ev.Service
	pg.UnitCosts = unitCostTable(unit, r.PriceYear)
	pg.PriceYear, pg.PriceIndex, pg.PriceSource = r.PriceYear, r.Prices.Name, r.Prices.Source
	for _, item := range unit.MissingItems() {
		pg.Missing = append(pg.Missing, itemLabel(item))
	}
	pg.Service = viewService(service)
	if ev.HasUtilisation {
		for _, u := range ev.Uncosted {
			pg.Uncosted = append(pg.Uncosted, itemLabel(u.Item))
		}
		pg.HasUtilisation = true
		pg.OneWindow = r.Rules.Count(ev.OneWindow).Text
		pg.UnequalWindows = r.Rules.Count(ev.UnequalWindows).Text
		pg.RowErrors = r.Rules.Count(ev.RowErrors).Text
	}
	if ev.Report != nil {
		if err := g.costFigures(&pg, *ev.Report, r); err != nil {
			return err
		}
	}
	var cs []figures.Chart
	for _, c := range []*figures.Chart{pg.BeforeAfter, pg.Change, pg.Items, pg.Difference, pg.Recovery} {
		if c != nil {
			c.Source = sourceRecords + ", with the healthcare use in " + pg.UtilisationFile + ", priced at the unit costs the methodology page lists"
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
	rows := map[changeKey]costs.ChangeRow{}
	for _, row := range costs.Changes(rep, out) {
		rows[changeKey{row.Pathway, row.Item, row.Group}] = row
	}
	// A pathway or group with nobody in it has no row: it shows "*" like one with too
	// few people, so that its absence tells nobody anything.
	get := func(pathway, item, group string) costs.ChangeRow {
		if row, ok := rows[changeKey{pathway, item, group}]; ok {
			return row
		}
		star := disclosure.Value{Text: "*", Suppressed: true}
		return costs.ChangeRow{Pathway: pathway, Item: item, Group: group, N: "*",
			MeanPre: star, MeanPost: star, MeanChange: star, Low: star, High: star}
	}

	pg.Evaluated = true
	pg.HasComparison = rep.HasComparison
	pg.Treated = get(costs.AllName, costs.AllName, costs.Treated).N
	pg.Comparison = get(costs.AllName, costs.AllName, costs.Comparison).N
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
		if get(name, costs.AllName, costs.Treated).N == "*" {
			pg.Hidden = append(pg.Hidden, labels[i])
		}
	}

	// Before and after, and the change with its interval, by pathway.
	before, after := figures.BarSeries{Name: "Before"}, figures.BarSeries{Name: "After"}
	change := figures.Series{Name: "Change"}
	var baRows [][]string
	for _, name := range names {
		row := get(name, costs.AllName, costs.Treated)
		before.Values = append(before.Values, money(row.MeanPre, false))
		after.Values = append(after.Values, money(row.MeanPost, false))
		change.Values = append(change.Values, money(row.MeanChange, true))
		change.Lows = append(change.Lows, money(row.Low, true))
		change.Highs = append(change.Highs, money(row.High, true))
		baRows = append(baRows, []string{labels[len(baRows)], row.N, money(row.MeanPre, false).Text, money(row.MeanPost, false).Text,
			money(row.MeanChange, true).Text, figures.IntervalText(money(row.Low, true), money(row.High, true))})
	}
	c, err := figures.GroupedBars("costs-before-after", "Healthcare cost per person, before and after treatment",
		"The mean cost of each person's GP, A&E, hospital and other care in the window before treatment and in the window of the same length after it, for everyone treated and for each pathway.",
		perPerson, labels, []figures.BarSeries{before, after})
	if err != nil {
		return err
	}
	// The table gives the change and its interval too, in reading order.
	c.Table = figures.Table{Head: []string{"", "People treated", "Before (£ per person)", "After (£ per person)",
		"Change (£ per person)", "95% interval of the change"}, Rows: baRows}
	pg.BeforeAfter = chartRef(c)
	c, err = figures.IntervalBars("costs-change", "Change in healthcare cost per person after treatment",
		"The mean change (after minus before) for everyone treated and for each pathway: below 0 means less was spent after treatment. The line with a cap at each end is the 95% interval.",
		perPerson, labels, change)
	if err != nil {
		return err
	}
	pg.Change = chartRef(c)

	// Where the change comes from: by item of care.
	itemSeries := figures.Series{Name: "Change"}
	var itemLabels []string
	var itemRows [][]string
	for _, item := range rep.Items {
		row := get(costs.AllName, item, costs.Treated)
		itemLabels = append(itemLabels, itemLabel(item))
		itemSeries.Values = append(itemSeries.Values, money(row.MeanChange, true))
		itemSeries.Lows = append(itemSeries.Lows, money(row.Low, true))
		itemSeries.Highs = append(itemSeries.Highs, money(row.High, true))
		itemRows = append(itemRows, []string{itemLabel(item), money(row.MeanPre, false).Text, money(row.MeanPost, false).Text,
			money(row.MeanChange, true).Text, figures.IntervalText(money(row.Low, true), money(row.High, true))})
	}
	c, err = figures.IntervalBars("costs-items", "Where the change comes from",
		"The mean change in cost per person (after minus before) for each item of care, for everyone treated, with its 95% interval.",
		perPerson, itemLabels, itemSeries)
	if err != nil {
		return err
	}
	c.Table = figures.Table{Head: []string{"Item of care", "Before (£ per person)", "After (£ per person)", "Change (£ per person)", "95% interval"}, Rows: itemRows}
	pg.Items = chartRef(c)
	for i, name := range names[1:] {
		t := costTable{Title: labels[i+1], Hidden: get(name, costs.AllName, costs.Treated).N == "*",
			Table: figures.Table{Head: []string{"Item of care", "Before (£)", "After (£)", "Change (£)", "95% interval"}}}
		for _, item := range rep.Items {
			row := get(name, item, costs.Treated)
			t.Rows = append(t.Rows, []string{itemLabel(item), money(row.MeanPre, false).Text, money(row.MeanPost, false).Text,
				money(row.MeanChange, true).Text, figures.IntervalText(money(row.Low, true), money(row.High, true))})
		}
		pg.ItemTables = append(pg.ItemTables, t)
	}

	// The difference in differences, when there is a comparison group.
	if rep.HasComparison {
		diff := figures.Series{Name: "Difference in differences"}
		var diffRows [][]string
		for i, name := range names {
			d := get(name, costs.AllName, costs.Difference)
			t := get(name, costs.AllName, costs.Treated)
			cmp := get(name, costs.AllName, costs.Comparison)
			diff.Values = append(diff.Values, money(d.MeanChange, true))
			diff.Lows = append(diff.Lows, money(d.Low, true))
			diff.Highs = append(diff.Highs, money(d.High, true))
			row := func(what string, r costs.ChangeRow, people string) []string {
				return []string{labels[i] + ": " + what, people, money(r.MeanChange, true).Text, figures.IntervalText(money(r.Low, true), money(r.High, true))}
			}
			diffRows = append(diffRows, row("treated", t, t.N), row("comparison group", cmp, cmp.N),
				row("difference", d, ""))
		}
		c, err = figures.IntervalBars("costs-difference", "Change beside the comparison group",
			"The treated group's mean change in cost per person less the comparison group's (the difference in differences): below 0 means costs fell more, or rose less, among people treated. The line with a cap at each end is the 95% interval.",
			perPerson, labels, diff)
		if err != nil {
			return err
		}
		// Each group's own change above the difference, a row each, so that the table
		// fits a narrow screen.
		c.Table = figures.Table{Head: []string{"", "People", "Change (£ per person)", "95% interval"}, Rows: diffRows}
		pg.Difference = chartRef(c)
	}

	// Recovered beside not recovered.
	rec, notRec := figures.BarSeries{Name: "Recovered"}, figures.BarSeries{Name: "Did not recover"}
	var recRows [][]string
	for i, name := range names {
		a := get(name, costs.AllName, costs.Recovered)
		b := get(name, costs.AllName, costs.NotRecovered)
		rec.Values = append(rec.Values, money(a.MeanChange, true))
		notRec.Values = append(notRec.Values, money(b.MeanChange, true))
		recRows = append(recRows,
			[]string{labels[i] + ": recovered", a.N, money(a.MeanChange, true).Text, figures.IntervalText(money(a.Low, true), money(a.High, true))},
			[]string{labels[i] + ": did not recover", b.N, money(b.MeanChange, true).Text, figures.IntervalText(money(b.Low, true), money(b.High, true))})
	}
	c, err = figures.GroupedBars("costs-recovery", "Change in cost per person, by whether people recovered",
		"The mean change in cost per person (after minus before) among people who recovered and among those who did not, of those in the national recovery rate.",
		perPerson, labels, []figures.BarSeries{rec, notRec})
	if err != nil {
		return err
	}
	// A row for each group, so that the table fits a narrow screen.
	c.Table = figures.Table{Head: []string{"", "People", "Change (£ per person)", "95% interval"}, Rows: recRows}
	pg.Recovery = chartRef(c)

	pg.Savings = savingsTables(costs.Savings(rep, out), rep.Service.Entered())
	return nil
}

// savingsTables are the yearly saving, and when the cost of the service was entered
// the cost, the net saving and the return on investment, each with its interval: a
// table each, so that every table fits a narrow screen.
func savingsTables(rows []costs.SavingRow, entered bool) []costTable {
	type figure struct {
		caption, head string
		of            func(costs.SavingRow) costs.Figures
		read          func(disclosure.Value) disclosure.Value
	}
	wanted := []figure{{"Saving in the wider health system a year", "Saving a year (£)", func(s costs.SavingRow) costs.Figures { return s.Gross }, pounds}}
	if entered {
		wanted = append(wanted,
			figure{"Cost of the service a year", "Cost of the service (£)", func(s costs.SavingRow) costs.Figures { return s.Cost }, pounds},
			figure{"Net saving a year: the saving less the cost of the service", "Net saving (£)", func(s costs.SavingRow) costs.Figures { return s.Net }, pounds},
			figure{"Return on investment: the net saving for each pound spent on the service", "Return per £1", func(s costs.SavingRow) costs.Figures { return s.ROI }, plain})
	}
	var out []costTable
	for k, f := range wanted {
		t := costTable{Title: f.caption, Table: figures.Table{Head: []string{"", "People treated", f.head, "95% interval"}}}
		if k > 0 {
			t.Head = []string{"", f.head, "95% interval"}
		}
		for _, row := range rows {
			name := row.Pathway
			if name == costs.AllName {
				name = everyone
			}
			if row.Basis == costs.Difference {
				name += ", net of the comparison group"
			} else {
				name += ", before and after"
			}
			cells := []string{name, row.N}
			if k > 0 {
				cells = cells[:1]
			}
			v := f.of(row)
			t.Rows = append(t.Rows, append(cells, f.read(v.Value).Text, figures.IntervalText(f.read(v.Low), f.read(v.High))))
		}
		out = append(out, t)
	}
	return out
}

// figureOf writes one figure of a controlled table for the page with format; a
// suppressed or empty figure stays as it is.
func figureOf(v disclosure.Value, format func(float64) string) disclosure.Value {
	if v.Suppressed || v.Empty {
		return v
	}
	return disclosure.Value{Text: format(v.Number), Number: v.Number}
}

// money writes a mean in pounds and pence, "1,519.07", and with signed "+12.53" or
// "-220.72". Tables say "£" in their headings, not in each figure: their figures are
// also downloaded as CSV, and a sign then stays with its number when a narrow table
// wraps.
func money(v disclosure.Value, signed bool) disclosure.Value {
	return figureOf(v, func(v float64) string {
		if signed {
			return signedDecimal(v, 2)
		}
		return decimal(v, 2)
	})
}

// pounds writes whole pounds: "92,083".
func pounds(v disclosure.Value) disclosure.Value {
	return figureOf(v, func(v float64) string { return decimal(v, 0) })
}

// plain writes a ratio, kept to its 2 decimal places.
func plain(v disclosure.Value) disclosure.Value {
	return figureOf(v, func(v float64) string { return decimal(v, 2) })
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
func unitCostTable(unit costs.UnitCosts, year string) figures.Table {
	restated := slices.ContainsFunc(unit, func(c costs.UnitCost) bool { return !c.Missing && c.StatedYear != year })
	t := figures.Table{Head: []string{"Item of care", "What it is", "Unit cost (£, " + year + " prices)"}}
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
func chartRef(c figures.Chart) *figures.Chart { return &c }
