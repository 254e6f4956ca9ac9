package publish

import (
	"bytes"
	"encoding/json"
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
// The page is a decision document: its main points and its first section give the
// best estimate; the simple before-and-after comes after it, with its caveat.
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

	// MainPoints are the page's first sentences (costPoints); Headings state the
	// finding of each section: best, before_after, items, recovery.
	MainPoints []string          `json:"main_points,omitempty"`
	Headings   map[string]string `json:"headings,omitempty"`

	// Best is the change per person a year net of the comparison group, or the
	// before-and-after change when there is none; BeforeAfter is the table of that
	// simple change when Best is not it: a figure the page says overstates the effect
	// is not drawn beside the one that does not.
	Best        *figures.Chart `json:"best,omitempty"`
	BeforeAfter *costTable     `json:"before_after,omitempty"`
	Items       *figures.Chart `json:"items,omitempty"`
	ItemTables  []costTable    `json:"item_tables,omitempty"`
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

// MarshalJSON writes the title and hidden flag beside the table's head and rows as the
// page shows them. Without it the embedded Table's own MarshalJSON would be promoted
// and write the table alone: the tables lost their captions (and screen readers the
// name of their scrolling region).
func (t costTable) MarshalJSON() ([]byte, error) {
	shown, err := json.Marshal(t.Table)
	if err != nil {
		return nil, err
	}
	var table struct {
		Head []string   `json:"head"`
		Rows [][]string `json:"rows"`
	}
	if err := json.Unmarshal(shown, &table); err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Title  string     `json:"title"`
		Hidden bool       `json:"hidden"`
		Head   []string   `json:"head"`
		Rows   [][]string `json:"rows"`
	}{t.Title, t.Hidden, table.Head, table.Rows})
}

type serviceView struct {
	Entered bool   `json:"entered"`
	How     string `json:"how,omitempty"`
	Year    string `json:"year,omitempty"`
	Source  string `json:"source,omitempty"`
}

// Labels of the page.
const (
	everyone      = "Everyone"
	perPersonAxis = "£ per person a year"
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
	for _, c := range []*figures.Chart{pg.Best, pg.Items, pg.Recovery} {
		if c != nil {
			c.Source = sourceRecords + ", with the healthcare use in " + pg.UtilisationFile + ", priced at the unit costs listed under \"For analysts\""
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

// savingKey finds a row of the controlled savings table.
type savingKey struct{ pathway, basis string }

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
	star := disclosure.Value{Text: "*", Suppressed: true}
	// A pathway or group with nobody in it has no row: it shows "*" like one with too
	// few people, so that its absence tells nobody anything.
	get := func(pathway, item, group string) costs.ChangeRow {
		if row, ok := rows[changeKey{pathway, item, group}]; ok {
			return row
		}
		return costs.ChangeRow{Pathway: pathway, Item: item, Group: group, N: "*",
			MeanPre: star, MeanPost: star, MeanChange: star, Low: star, High: star}
	}
	savings := costs.Savings(rep, out)
	saved := map[savingKey]costs.SavingRow{}
	for _, row := range savings {
		saved[savingKey{row.Pathway, row.Basis}] = row
	}
	saving := func(pathway, basis string) costs.SavingRow {
		if row, ok := saved[savingKey{pathway, basis}]; ok {
			return row
		}
		f := costs.Figures{Value: star, Low: star, High: star}
		return costs.SavingRow{Pathway: pathway, Basis: basis, N: "*", Gross: f, PerPerson: f, Cost: f, Net: f, ROI: f}
	}

	pg.Evaluated = true
	pg.HasComparison = rep.HasComparison
	pg.Treated = figures.Thousands(get(costs.AllName, costs.AllName, costs.Treated).N)
	pg.Comparison = figures.Thousands(get(costs.AllName, costs.AllName, costs.Comparison).N)
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

	// The change per person a year, by pathway, on one basis: net of the comparison
	// group, or before and after.
	yearly := func(id, title, summary, basis string) (*figures.Chart, error) {
		s := figures.Series{Name: "Change"}
		var tableRows, dataRows [][]string
		for i, name := range names {
			row := saving(name, basis)
			v, lo, hi := savingAsChange(row.PerPerson, figures.ToPerPerson)
			s.Values, s.Lows, s.Highs = append(s.Values, v), append(s.Lows, lo), append(s.Highs, hi)
			amount, interval := changeCells(v, lo, hi, figures.ToPerPerson)
			tv, tlo, thi := savingAsChange(row.Gross, figures.ToYearly)
			total, _ := changeCells(tv, tlo, thi, figures.ToYearly)
			tableRows = append(tableRows, []string{labels[i], figures.Thousands(row.N), amount, interval, total})
			dataRows = append(dataRows, slices.Concat([]string{labels[i], row.N}, numbers(v, lo, hi), numbers(tv, tlo, thi)))
		}
		c, err := figures.IntervalBars(id, title, summary, perPersonAxis, labels, s)
		if err != nil {
			return nil, err
		}
		c.Table = figures.Table{Head: []string{"", "People treated", "Change per person a year", "95% interval",
			"Change for everyone treated, a year"}, Rows: tableRows}
		c.Data = &figures.Table{Head: []string{"", "People treated",
			"Change per person a year (£)", "95% interval, lower (£)", "95% interval, upper (£)",
			"Change for everyone treated, a year (£)", "its 95% interval, lower (£)", "its 95% interval, upper (£)"}, Rows: dataRows}
		return &c, nil
	}
	var err error
	best, beforeAfter := saving(costs.AllName, costs.Difference), saving(costs.AllName, costs.BeforeAfter)
	if rep.HasComparison {
		pg.Best, err = yearly("costs-best", figures.CostFinding(costChange(best.PerPerson), "allowing for the comparison group"),
			"The change in each person's yearly cost of GP, A&E, hospital and other care after treatment, less the change among a comparison group of similar people who were not treated (the difference in differences). Below 0 means costs fell.",
			costs.Difference)
		if err != nil {
			return err
		}
		var c *figures.Chart
		c, err = yearly("costs-before-after", "Change in healthcare cost per person a year, before and after treatment alone", "", costs.BeforeAfter)
		if c != nil {
			pg.BeforeAfter = &costTable{Title: c.Title, Table: c.Table}
		}
	} else {
		best = beforeAfter
		pg.Best, err = yearly("costs-best", figures.CostFinding(costChange(best.PerPerson), "before and after treatment, with no comparison group"),
			"The change in each person's yearly cost of GP, A&E, hospital and other care, after treatment against before. There is no comparison group, so this cannot allow for what would have happened anyway. Below 0 means costs fell.",
			costs.BeforeAfter)
	}
	if err != nil {
		return err
	}

	// Where the change comes from: by item of care, over the window.
	itemSeries := figures.Series{Name: "Change"}
	var itemLabels []string
	var itemRows [][]string
	var itemChanges []figures.CostChange
	for _, item := range rep.Items {
		row := get(costs.AllName, item, costs.Treated)
		v, lo, hi := windowChange(row)
		itemLabels = append(itemLabels, itemLabel(item))
		itemSeries.Values, itemSeries.Lows, itemSeries.Highs = append(itemSeries.Values, v), append(itemSeries.Lows, lo), append(itemSeries.Highs, hi)
		itemRows = append(itemRows, itemRow(itemLabel(item), row))
		itemChanges = append(itemChanges, rowChange(row))
	}
	c, err := figures.IntervalBars("costs-items", figures.ItemFinding(itemLabels, itemChanges),
		"The mean change in cost per person over the window (after treatment against before) for each item of care, for everyone treated. Below 0 means less was spent.",
		"£ per person", itemLabels, itemSeries)
	if err != nil {
		return err
	}
	c.Table = figures.Table{Head: itemHead, Rows: itemRows}
	c.Data = &figures.Table{Head: []string{"Item of care", "Before, per person (£)", "After, per person (£)",
		"Change per person (£)", "95% interval, lower (£)", "95% interval, upper (£)"}}
	for i, item := range rep.Items {
		row := get(costs.AllName, item, costs.Treated)
		rounded := func(x disclosure.Value) disclosure.Value {
			if x.Suppressed || x.Empty {
				return x
			}
			return chartPounds(x.Number, figures.ToPerPerson)
		}
		pre, post := poundsNumber(rounded(row.MeanPre)), poundsNumber(rounded(row.MeanPost))
		c.Data.Rows = append(c.Data.Rows, slices.Concat([]string{itemLabels[i], pre, post}, numbers(windowChange(row))))
	}
	pg.Items = chartRef(c)
	for i, name := range names[1:] {
		t := costTable{Title: labels[i+1], Hidden: get(name, costs.AllName, costs.Treated).N == "*", Table: figures.Table{Head: itemHead}}
		for _, item := range rep.Items {
			t.Rows = append(t.Rows, itemRow(itemLabel(item), get(name, item, costs.Treated)))
		}
		pg.ItemTables = append(pg.ItemTables, t)
	}

	// Recovered beside not recovered: drawn for everyone treated, with its interval;
	// the table gives each pathway too.
	recovery := figures.Series{Name: "Change"}
	for _, group := range []string{costs.Recovered, costs.NotRecovered} {
		v, lo, hi := windowChange(get(costs.AllName, costs.AllName, group))
		recovery.Values, recovery.Lows, recovery.Highs = append(recovery.Values, v), append(recovery.Lows, lo), append(recovery.Highs, hi)
	}
	var recRows, recData [][]string
	for i, name := range names {
		for _, x := range []struct{ what, group string }{{"recovered", costs.Recovered}, {"did not recover", costs.NotRecovered}} {
			row := get(name, costs.AllName, x.group)
			v, lo, hi := windowChange(row)
			amount, interval := changeCells(v, lo, hi, figures.ToPerPerson)
			recRows = append(recRows, []string{labels[i] + ": " + x.what, figures.Thousands(row.N), amount, interval})
			recData = append(recData, slices.Concat([]string{labels[i] + ": " + x.what, row.N}, numbers(v, lo, hi)))
		}
	}
	recovered, notRecovered := get(costs.AllName, costs.AllName, costs.Recovered), get(costs.AllName, costs.AllName, costs.NotRecovered)
	c, err = figures.IntervalBars("costs-recovery", figures.RecoveryCostFinding(rowChange(recovered), rowChange(notRecovered)),
		"The mean change in cost per person over the window (after treatment against before) among everyone treated who recovered and among those who did not, of those in the national recovery rate. The table gives each pathway.",
		"£ per person", []string{"Recovered", "Did not recover"}, recovery)
	if err != nil {
		return err
	}
	// A row for each group, so that the table fits a narrow screen.
	c.Table = figures.Table{Head: []string{"", "People", "Change per person", "95% interval"}, Rows: recRows}
	c.Data = &figures.Table{Head: []string{"", "People", "Change per person (£)", "95% interval, lower (£)", "95% interval, upper (£)"}, Rows: recData}
	pg.Recovery = chartRef(c)

	pg.Savings = savingsTables(savings, rep.Service.Entered())
	f := costFindings{Treated: pg.Treated, HasComparison: rep.HasComparison, Best: best, BeforeAfter: beforeAfter,
		Recovered: recovered, NotRecovered: notRecovered, ServiceEntered: rep.Service.Entered()}
	pg.MainPoints = costPoints(f)
	pg.Headings = costHeadings(f)
	return nil
}

// itemHead is the heading of every table of the change by item of care.
var itemHead = []string{"Item of care", "Before (per person)", "After (per person)", "Change", "95% interval"}

func itemRow(label string, row costs.ChangeRow) []string {
	v, lo, hi := windowChange(row)
	amount, interval := changeCells(v, lo, hi, figures.ToPerPerson)
	return []string{label, poundsCell(row.MeanPre), poundsCell(row.MeanPost), amount, interval}
}

// savingAsChange turns a controlled saving (above 0 when costs fell) into the change in
// costs it is (below 0 when they fell), rounded to the nearest `to` pounds and written
// "−£240", as a chart draws it: its value and interval.
func savingAsChange(f costs.Figures, to float64) (v, lo, hi disclosure.Value) {
	neg := func(x disclosure.Value) disclosure.Value {
		if x.Suppressed || x.Empty {
			return x
		}
		return chartPounds(-x.Number, to)
	}
	return neg(f.Value), neg(f.High), neg(f.Low)
}

// windowChange is a controlled change per person over the window, as a chart draws it.
func windowChange(row costs.ChangeRow) (v, lo, hi disclosure.Value) {
	same := func(x disclosure.Value) disclosure.Value {
		if x.Suppressed || x.Empty {
			return x
		}
		return chartPounds(x.Number, figures.ToPerPerson)
	}
	return same(row.MeanChange), same(row.Low), same(row.High)
}

// chartPounds is an amount rounded to the nearest `to` pounds, as a chart draws it and
// writes it at the end of its bar.
func chartPounds(v, to float64) disclosure.Value {
	return disclosure.Value{Text: figures.Pounds(v, to), Number: figures.RoundTo(v, to)}
}

// changeCells writes a change and its interval for a table, to the nearest `to`
// pounds: "£240 lower", "£200 to £280 lower"; "*" for a figure too few people are
// behind, "" for none. The chart of the same figures writes them as "−£240".
func changeCells(v, lo, hi disclosure.Value, to float64) (amount, interval string) {
	switch {
	case v.Suppressed:
		return "*", "*"
	case v.Empty:
		return "", ""
	}
	amount = figures.Shift(v.Number, to)
	if !lo.Suppressed && !lo.Empty && !hi.Suppressed && !hi.Empty {
		interval = figures.Range(lo.Number, hi.Number, to)
	}
	return amount, interval
}

// numbers writes a rounded change and its interval as a program reads them, for a
// chart's CSV download and the workbook: plain numbers with a hyphen for minus ("-170",
// "-250", "-90"), "*" for a figure too few people are behind, "" for none.
func numbers(v, lo, hi disclosure.Value) []string {
	return []string{poundsNumber(v), poundsNumber(lo), poundsNumber(hi)}
}

// poundsNumber is one controlled amount as a program reads it (see numbers).
func poundsNumber(v disclosure.Value) string {
	if v.Suppressed || v.Empty {
		return v.Text
	}
	return strconv.FormatFloat(v.Number, 'f', -1, 64)
}

// poundsCell writes a mean cost per person for a table: "£1,220", or "*".
func poundsCell(v disclosure.Value) string {
	if v.Suppressed || v.Empty {
		return v.Text
	}
	return figures.Pounds(v.Number, figures.ToPerPerson)
}

// savingsTables are the yearly saving, and when the cost of the service was entered
// the cost, the net saving and the return on investment, each with its interval: a
// table each, so that every table fits a narrow screen. Totals are rounded to £1,000.
func savingsTables(rows []costs.SavingRow, entered bool) []costTable {
	type figure struct {
		caption, head string
		of            func(costs.SavingRow) costs.Figures
		cells         func(costs.Figures) (string, string)
	}
	money := func(f costs.Figures) (string, string) {
		if f.Value.Suppressed || f.Value.Empty {
			return f.Value.Text, f.Low.Text
		}
		interval := ""
		if !f.Low.Empty && !f.High.Empty {
			interval = figures.Pounds(f.Low.Number, figures.ToYearly) + " to " + figures.Pounds(f.High.Number, figures.ToYearly)
		}
		return figures.Pounds(f.Value.Number, figures.ToYearly), interval
	}
	ratio := func(f costs.Figures) (string, string) {
		if f.Value.Suppressed || f.Value.Empty {
			return f.Value.Text, f.Low.Text
		}
		interval := ""
		if !f.Low.Empty && !f.High.Empty {
			interval = figures.Decimal(f.Low.Number, 2) + " to " + figures.Decimal(f.High.Number, 2)
		}
		return figures.Decimal(f.Value.Number, 2), interval
	}
	wanted := []figure{{"Saving in the wider health system a year", "Saving a year", func(s costs.SavingRow) costs.Figures { return s.Gross }, money}}
	if entered {
		wanted = append(wanted,
			figure{"Cost of the service a year", "Cost of the service", func(s costs.SavingRow) costs.Figures { return s.Cost }, money},
			figure{"Net saving a year: the saving less the cost of the service", "Net saving", func(s costs.SavingRow) costs.Figures { return s.Net }, money},
			figure{"Return on investment: the net saving for each pound spent on the service", "Return per £1", func(s costs.SavingRow) costs.Figures { return s.ROI }, ratio})
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
			cells := []string{name, figures.Thousands(row.N)}
			if k > 0 {
				cells = cells[:1]
			}
			value, interval := f.cells(f.of(row))
			t.Rows = append(t.Rows, append(cells, value, interval))
		}
		out = append(out, t)
	}
	return out
}

// poundsText writes an amount for prose: "£1,590", "−£12.50".
func poundsText(v float64, places int) string {
	if figures.Round(v, places) < 0 {
		return "−£" + figures.Decimal(-v, places)
	}
	return "£" + figures.Decimal(v, places)
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
			row[2] = figures.Decimal(c.UnitCost, 2)
		}
		if restated {
			published := ""
			if !c.Missing {
				published = figures.Decimal(c.Stated, 2) + " (" + c.StatedYear + ")"
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
