package publish

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/stats"
	"github.com/iaptpub/iaptpub/evaluation/synth"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// tableRow finds the row of an NHS.UK table whose header cell is name, and returns its
// other cells. The table is the first after at: its caption, or where a chart's Table
// tab begins (id="costs-best-table"), for a chart whose title, and so its table's
// caption, is worded from its figures.
func tableRow(t *testing.T, page []byte, at, name string) []string {
	t.Helper()
	i := bytes.Index(page, []byte(at))
	if i < 0 {
		t.Fatalf("no table at %q", at)
	}
	table := page[i:]
	table = table[:bytes.Index(table, []byte("</table>"))]
	re := regexp.MustCompile(rowHeader(name) + `(.*?)</tr>`)
	m := re.FindSubmatch(table)
	if m == nil {
		t.Fatalf("the table at %q has no row %q", at, name)
	}
	var cells []string
	for _, c := range regexp.MustCompile(`(?s)`+tableCell(`(.*?)`)).FindAllSubmatch(m[1], -1) {
		cells = append(cells, string(c[1]))
	}
	return cells
}

// The demonstration's costs page shows the controlled figures `iaptpub costs` prints
// (the same seed and resamples), the caveats a commissioner must read, and offers the
// controlled tables as downloads.
func TestCostsPageShowsTheControlledFigures(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	ev := demoResults.Costs
	if ev == nil || ev.Report == nil {
		t.Fatal("the demonstration has no cost evaluation (its export has utilisation.csv)")
	}
	if ev.Report.Seed != 1 || ev.Report.Resamples != costs.MinResamples {
		t.Errorf("seed %d, %d resamples; iaptpub costs uses seed 1 and %d", ev.Report.Seed, ev.Report.Resamples, costs.MinResamples)
	}
	var want bytes.Buffer
	if err := costs.WriteChanges(&want, *ev.Report, costs.Output{Rules: demoResults.Rules}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "downloads", "costs-changes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("downloads/costs-changes.csv is not the controlled table of iaptpub costs")
	}
	// The row for everyone treated, All items, in the command's table.
	var all []string
	for _, line := range strings.Split(want.String(), "\n") {
		if strings.HasPrefix(line, "All,All,treated,") {
			all = strings.Split(line, ",")
		}
	}
	if all == nil {
		t.Fatal("the command's table has no All,All,treated row")
	}
	page, err := os.ReadFile(filepath.Join(out, "evaluation", "costs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The best estimate for everyone treated, as the command's savings table gives it:
	// the saving a year per person, net of the comparison group, written as a change.
	var savings bytes.Buffer
	if err := costs.WriteSavings(&savings, *ev.Report, costs.Output{Rules: demoResults.Rules}); err != nil {
		t.Fatal(err)
	}
	var net []string
	for _, line := range strings.Split(savings.String(), "\n") {
		if strings.HasPrefix(line, "All,difference,") {
			net = strings.Split(line, ",")
		}
	}
	if net == nil {
		t.Fatal("the command's savings table has no All,difference row")
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("the savings table's %q is not a number", s)
		}
		return v
	}
	row := tableRow(t, page, `id="costs-best-table"`, "Everyone")
	wantRow := []string{figures.Thousands(net[2]), figures.Shift(-num(net[6]), 10), figures.Range(-num(net[8]), -num(net[7]), 10), figures.Shift(-num(net[3]), 1000)}
	if !slices.Equal(row, wantRow) {
		t.Errorf("the page's best estimate for everyone treated is %q; from the command's savings table it is %q", row, wantRow)
	}
	text := strings.Join(strings.Fields(string(page)), " ")
	for _, must := range []string{
		"regression to the mean",
		"The cost of the service has not been entered",
		"replace the table with its own local costs",
		"iaptpub costs --input EXPORT --unit-costs FILE",
		// One price year, the index and its table.
		"Every amount on this page is in pounds at <strong>2023/24 prices</strong>",
		"NHS Cost Inflation Index (NHSCII), pay and prices",
		"Table 12.1.1",
		// A unit cost traced to its table; the items with no published cost named once.
		"Table 9.4.2 Unit costs for a GP",
		"<strong>Not costed:</strong> GP phone consultation, Practice nurse consultation, Non-elective bed day and Elective bed day",
	} {
		if !strings.Contains(text, must) {
			t.Errorf("the costs page does not say %q", must)
		}
	}
	if strings.Contains(text, "from memory") || strings.Contains(text, "check before use") {
		t.Error("the costs page still says its unit costs are from memory")
	}
	if ev.Report.HasComparison && !bytes.Contains(page, []byte("Allowing for a comparison group of similar people who were not treated, the best estimate")) {
		t.Error("the demonstration has a comparison group but the page shows no difference in differences")
	}
}

// intervalOf writes an interval of the command's table as the page does.
func intervalOf(lo, hi string) string {
	f := func(s string) string {
		v, _ := strconv.ParseFloat(s, 64)
		return figures.SignedDecimal(v, 2)
	}
	return f(lo) + " to " + f(hi)
}

// smallFixture is 7 people treated in the diabetes pathway and 3 in the cancer
// pathway, with the shipped unit costs (GP consultation £44, A&E attendance £148), by
// hand:
//
//	diabetes (7): pre 2 GP = 90, post 1 GP = 45, change −45 each
//	cancer (3):   pre 1 A&E = 273, post nothing = 0, change −273 each
//	everyone (10): pre (7×90 + 3×273)/10 = 1449/10 = 144.90
//	               post 7×45/10 = 31.50, change 31.50 − 144.90 = −113.40
//
// Published: diabetes 7 people → 5 (rounded to the nearest 5); cancer 3 → "*" and no
// figures; everyone 10 → 10.
//
// The service cost £5,000 for the programme, shared by people: diabetes 7/10 × 5,000
// = 3,500. Windows are 12 months, so a year's saving is the fall × people:
//
//	everyone: saving 113.40 × 10 = 1,134; net 1,134 − 5,000 = −3,866; return −3,866 ÷ 5,000 = −0.77
//	diabetes: saving 45 × 7 = 315; net 315 − 3,500 = −3,185; return −3,185 ÷ 3,500 = −0.91
//
// Every diabetes person changes by the same amount, so each of its resamples gives
// the same figures and its intervals are a single point.
func smallFixture(t *testing.T) *pipeline.CostEvaluation {
	t.Helper()
	unit, _, err := pipeline.LoadCostTables(iaptpub.Sources, testPrices(t), prices.DefaultYear)
	if err != nil {
		t.Fatal(err)
	}
	service := costs.ServiceCosts{Programme: 5000, PriceYear: prices.DefaultYear, Source: "a test"}
	var persons []costs.Person
	for range 7 {
		persons = append(persons, costs.Person{Pathways: []string{"diabetes"}, WindowMonths: 12,
			Pre: map[string]float64{"gp_consultation": 2}, Post: map[string]float64{"gp_consultation": 1}})
	}
	for range 3 {
		persons = append(persons, costs.Person{Pathways: []string{"cancer"}, WindowMonths: 12,
			Pre: map[string]float64{"ae_attendance": 1}, Post: map[string]float64{}})
	}
	ref, _, err := pipeline.LoadReference(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := costs.Evaluate(persons, unit, service, costs.Options{
		Bootstrap: stats.Bootstrap{Resamples: costs.MinResamples, Seed: pipeline.CostSeed},
		Pathways:  costs.PathwaysOf(ref),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &pipeline.CostEvaluation{HasUtilisation: true, Report: &rep, UnitCosts: unit, Service: service}
}

func testPrices(t *testing.T) *prices.Index {
	t.Helper()
	ix, err := prices.Load(iaptpub.Sources, prices.File)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func generateCosts(t *testing.T, ev *pipeline.CostEvaluation) (map[string][]byte, costsPage) {
	t.Helper()
	ref, rules, err := pipeline.LoadReference(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	g := generator{files: map[string][]byte{}}
	if err := g.costs(ev, Results{Results: pipeline.Results{Reference: ref, Rules: rules, Sources: iaptpub.Sources, Prices: testPrices(t), PriceYear: prices.DefaultYear}}); err != nil {
		t.Fatal(err)
	}
	var pg costsPage
	if err := json.Unmarshal(g.files["data/iaptpub/costs.json"], &pg); err != nil {
		t.Fatal(err)
	}
	return g.files, pg
}

// A pathway with fewer than 5 people shows "*" for its people and every figure, says
// why, and no count of 1 to 4 people reaches the page; the rendered page shows the same.
func TestCostsPageHidesSmallPathways(t *testing.T) {
	slow(t, "builds a site with Hugo")
	files, pg := generateCosts(t, smallFixture(t))
	rows := map[string][]string{}
	for _, r := range pg.Best.Table.Rows {
		rows[r[0]] = r
	}
	// With no comparison group the best estimate is the change before and after, a
	// year per person (12-month windows): everyone −113.40 → "£110 lower", a total of
	// −1,134 → "£1,000 lower"; diabetes −45 → "£50 lower" (a half rounds away from 0),
	// the same for each resample, and a total of −315 → "£0" (to the nearest £1,000).
	wantRows := map[string][]string{
		"Everyone":         {"Everyone", "10", "£110 lower"},
		"Diabetes":         {"Diabetes", "5", "£50 lower", "£50 to £50 lower", "£0"},
		"Cancer":           {"Cancer", "*", "*", "*", "*"},
		"Heart conditions": {"Heart conditions", "*", "*", "*", "*"}, // nobody at all
	}
	for name, want := range wantRows {
		got := rows[name]
		if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			t.Errorf("before and after, %s: %q, want %q", name, got, want)
		}
	}
	if !slices.Contains(pg.Hidden, "Cancer") || slices.Contains(pg.Hidden, "Diabetes") {
		t.Errorf("pathways named as too small: %q; want Cancer and not Diabetes", pg.Hidden)
	}
	if pg.HasComparison {
		t.Error("the fixture has no comparison group")
	}
	savings := map[string][]string{}
	for _, tb := range pg.Savings {
		for _, r := range tb.Rows {
			savings[r[0]] = append(savings[r[0]], r[1:]...)
		}
	}
	wantSavings := map[string][]string{
		// Yearly totals to the nearest £1,000 (3,500 rounds away from 0), with a real
		// minus sign.
		"Everyone, before and after": {"10", "£1,000", "", "£5,000", "£5,000 to £5,000", "−£4,000", "", "−0.77", ""},
		"Diabetes, before and after": {"5", "£0", "£0 to £0", "£4,000", "£4,000 to £4,000", "−£3,000", "−£3,000 to −£3,000", "−0.91", "−0.91 to −0.91"},
		"Cancer, before and after":   {"*", "*", "*", "*", "*", "*", "*", "*", "*"},
	}
	for name, want := range wantSavings {
		got := savings[name]
		if len(got) != len(want) {
			t.Errorf("savings of %s: %q, want %q", name, got, want)
			continue
		}
		for i := range want {
			if want[i] != "" && got[i] != want[i] {
				t.Errorf("savings of %s: %q, want %q (blank: not checked)", name, got, want)
				break
			}
		}
	}
	// Every column of people, in every table of the page.
	tables := []figures.Table{pg.Best.Table, pg.Recovery.Table, pg.Savings[0].Table}
	checked := 0
	for _, tb := range tables {
		for col, h := range tb.Head {
			if !strings.HasPrefix(h, "People") {
				continue
			}
			for _, r := range tb.Rows {
				checked++
				if n, err := strconv.Atoi(r[col]); err == nil && n > 0 && n < 5 {
					t.Errorf("%s of %s is %d", h, r[0], n)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no column of people was checked")
	}

	// The page as Hugo renders it.
	site := demoSite(t)
	site.Generated = files
	out := filepath.Join(t.TempDir(), "public")
	if err := site.Build(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "evaluation", "costs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	cancer := tableRow(t, page, `id="costs-best-table"`, "Cancer")
	if !slices.Equal(cancer, []string{"*", "*", "*", "*"}) {
		t.Errorf("the rendered page's cancer row is %q, want only stars", cancer)
	}
	text := strings.Join(strings.Fields(string(page)), " ")
	if !strings.Contains(text, "A star (*) means fewer than 5 people") || !regexp.MustCompile(`Here that is the case for: [^.]*Cancer`).MatchString(text) {
		t.Error("the rendered page does not say why cancer shows a star")
	}
	if !strings.Contains(text, "cannot separate the effect of treatment from regression to the mean") {
		t.Error("without a comparison group, the page must say a before-and-after design cannot separate treatment from regression to the mean")
	}
}

// An export without utilisation.csv builds, and its costs page says what the
// evaluation needs while still showing the unit costs.
func TestCostsPageWithoutUtilisation(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, export.UtilisationFile)); err != nil {
		t.Fatal(err)
	}
	res, _, err := compute(dir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Costs.HasUtilisation {
		t.Fatal("an export without utilisation.csv has a cost evaluation")
	}
	_, pg := generateCosts(t, res.Costs)
	if pg.HasUtilisation || pg.Evaluated || pg.Best != nil || pg.MainPoints != nil {
		t.Errorf("the page claims figures without utilisation.csv: %+v", pg)
	}
	if len(pg.UnitCosts.Rows) == 0 {
		t.Error("the page does not show the unit costs it would use")
	}
}

func TestCostWords(t *testing.T) {
	if got := windowsText([]float64{6, 12}); got != "6 or 12 months" {
		t.Errorf("windowsText = %q", got)
	}
	if got := itemLabel("ae_attendance"); got != "A&E attendance" {
		t.Errorf("itemLabel = %q", got)
	}
}

// The configuration's evaluation.price_year reaches the reports; a year the index does
// not cover fails the build before the export is read.
func TestConfigPriceYear(t *testing.T) {
	c, err := ParseConfig("s.toml", []byte("[service]\nname = \"A service\"\n[site]\npublished = \"2025-06-12\"\n[evaluation]\nprice_year = \"2021/22\"\n"))
	if err != nil || c.Evaluation.PriceYear != "2021/22" {
		t.Fatalf("config %+v, error %v", c.Evaluation, err)
	}
	_, _, err = compute(filepath.Join(t.TempDir(), "no-export"), iaptpub.Sources, export.Options{}, "2031/32")
	if err == nil || !strings.HasPrefix(err.Error(), "evaluation.price_year: price year 2031/32 is outside") {
		t.Errorf("an unknown price year: %v", err)
	}
}

// The cost charts' tables speak in words on the page ("£170 lower"), but their CSV
// downloads are for programs: every figure a plain number (a hyphen for minus, no £,
// no thousands separator), "*" or blank, with the unit in its column's heading. The
// downloads once held "£219,000 lower".
func TestCostChartDownloadsAreNumbers(t *testing.T) {
	slow(t, "builds the demonstration site")
	out := demoOutput(t)
	number := regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	for _, name := range []string{"costs-best", "costs-items", "costs-recovery"} {
		data, err := os.ReadFile(filepath.Join(out, "downloads", "charts", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s.csv: %d rows, %v", name, len(rows), err)
		}
		for _, h := range rows[0][2:] {
			if !strings.HasSuffix(h, "(£)") {
				t.Errorf("%s.csv: column %q does not give its unit (£)", name, h)
			}
		}
		for _, row := range rows[1:] {
			for _, cell := range row[1:] {
				if cell != "*" && cell != "" && !number.MatchString(cell) {
					t.Errorf("%s.csv: row %q: %q is not a plain number", name, row[0], cell)
				}
			}
		}
	}
}

// A cost table keeps its title and hidden flag in the page's data: the embedded
// table's own MarshalJSON once wrote the rows alone, and the tables lost their captions.
func TestCostTableJSONKeepsItsTitle(t *testing.T) {
	b, err := json.Marshal(costTable{Title: "Diabetes", Hidden: true, Table: figures.Table{Head: []string{"", "Change"}, Rows: [][]string{{"GP", "-50"}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"title":"Diabetes","hidden":true,"head":["","Change"],"rows":[["GP","−50"]]}`
	if string(b) != want {
		t.Errorf("costTable as JSON:\n%s\nwant\n%s", b, want)
	}
}
