package publish

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// The workforce page shows each shipped scenario's figures as the model gives them. The
// outline business case by hand: 250,000 × 22.6% × 50% × 50% × 100% = 14,125 people, all
// starting at low intensity: 14,125 episodes × 7 = 98,875 contacts; one WTE gives
// 16 contacts a day × 70% caseload × 210 days = 2,352 contacts; 98,875 ÷ 2,352 =
// 42.0387 → "42.04" WTE, costing 98,875 ÷ 2,352 × (£30,142 + £9,569) = £1,669,398 a
// year (PSSRU 2024 figures.Table 8.2.1, band 5). The demonstration has no staff entered, so its
// records stand in: every "WTE now" and gap has a figure, and no cost is missing.
func TestWorkforcePageShowsTheModelsFigures(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	page, err := os.ReadFile(filepath.Join(out, "evaluation", "workforce", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	scenarios, err := workforce.LoadAll(iaptpub.Sources, "data/workforce")
	if err != nil {
		t.Fatal(err)
	}
	col := slices.IndexFunc(scenarios, func(s workforce.Scenario) bool { return s.Name == "Outline business case defaults" })
	if col < 0 {
		t.Fatal("no outline business case scenario is shipped")
	}
	li := workforce.Compute(scenarios[col], nil).Roles[0].WTERequired
	if got := decimal(li, 2); got != "42.04" {
		t.Fatalf("the model gives %s low-intensity WTE, by hand 42.04", got)
	}
	const caption = "Each scenario&#39;s figures a year (costs at 2023/24 prices)"
	row := tableRow(t, page, caption, "Low intensity: WTE needed")
	if len(row) != len(scenarios) || row[col] != "42.04" {
		t.Errorf("the page's low-intensity WTE row is %q; column %d should be 42.04", row, col)
	}
	if row := tableRow(t, page, caption, "Low intensity: cost a year, salary and on-costs (£)"); row[col] != "1,669,398" {
		t.Errorf("the page's low-intensity cost row is %q; column %d should be 1,669,398", row, col)
	}
	for _, name := range []string{"Low intensity: WTE now", "High intensity: gap (WTE)", "High intensity: full cost a year, with overheads (£)"} {
		for i, cell := range tableRow(t, page, caption, name) {
			if cell == "" || strings.Contains(cell, "not") || cell == "0.00" {
				t.Errorf("%s, %s: %q; the demonstration must show a figure", name, scenarios[i].Name, cell)
			}
		}
	}
	chart, err := os.ReadFile(filepath.Join(out, "downloads", "charts", "workforce-wte.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(chart))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "Low intensity" || rows[1][col+1] != "42.04" {
		t.Errorf("the chart's figures are %q; want low intensity 42.04 for the outline business case", rows)
	}
	text := strings.Join(strings.Fields(string(page)), " ")
	for _, must := range []string{
		"<strong>Today's staff are not entered</strong>", // said once
		"Entered locally", // population and the like
		"Table 8.2.1",
		"Adult Psychiatric Morbidity Survey 2023/4",
		"low-intensity contacts per finished course; &#34;Outline business case defaults&#34; assumes 7.",
		`Outline business case defaults: <strong>"scaled"</strong>`, // which reading each uses
		`Lower-contact alternative: <strong>"net"</strong>`,
		"iaptpub workforce --scenario FILE",
		"iaptpub build --site",
		"data/workforce/01-outline-business-case.toml",
	} {
		if !strings.Contains(text, must) {
			t.Errorf("the workforce page does not say %q", must)
		}
	}
}

// Changing one assumption at a time: by hand for the outline business case, a stepped-up
// share of 30% makes HI episodes 14,125 × 30% = 4,237.5, contacts 50,850; one WTE gives
// 7 × 55% × 210 = 808.5 contacts, so 50,850 ÷ 808.5 = 62.89 WTE (LI unchanged, 42.04):
// 104.93 in all, 41.93 more than 63.00 (42.0387 + 20.9647, where 16,950 ÷ 808.5 =
// 20.9647).
func TestSensitivityByHand(t *testing.T) {
	scenarios, err := workforce.LoadAll(iaptpub.Sources, "data/workforce")
	if err != nil {
		t.Fatal(err)
	}
	s := sensitivityOf(scenarios[0], nil)
	want := []string{"Stepped up to high intensity: 30% instead of 10%", "42.04", "62.89", "104.93", "+41.93"}
	if !slices.ContainsFunc(s.Rows, func(r []string) bool { return slices.Equal(r[:5], want) }) {
		t.Errorf("no row %q in %q", want, s.Rows)
	}
	// The shipped salaries are entered, so the cost shows: LI 42.0387 WTE × £39,711 =
	// £1,669,398 and HI 20.9647 × (£47,336 + £16,016 = £63,352) = £1,328,159; together
	// 98,875 × 39,711 ÷ 2,352 + 16,950 × 63,352 ÷ 808.5 = 1,669,398.44 + 1,328,158.81 =
	// £2,997,557.
	if len(s.Head) != 7 || s.Rows[0][5] != "2,997,557" || s.Rows[0][6] != "0" {
		t.Errorf("head %q, first row %q; want a cost of 2,997,557", s.Head, s.Rows[0])
	}
	// Without a salary there is no cost column.
	c := scenarios[0]
	c.LowIntensity.Salary = 0
	if s = sensitivityOf(c, nil); len(s.Head) != 5 {
		t.Errorf("a cost column without salaries entered: %q", s.Head)
	}
}

func TestGroupedBars(t *testing.T) {
	v := func(text string, n float64) disclosure.Value { return disclosure.Value{Text: text, Number: n} }
	star := disclosure.Value{Text: "*", Suppressed: true}
	c, err := figures.GroupedBars("t", "Title", "Summary.", "WTE", []string{"A", "B"}, []figures.BarSeries{
		{Name: "One", Values: []disclosure.Value{v("1.50", 1.5), star}},
		{Name: "Two", Values: []disclosure.Value{v("2", 2), v("3", 3)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantHead := []string{"", "One (WTE)", "Two (WTE)"}
	wantRows := [][]string{{"A", "1.50", "2"}, {"B", "*", "3"}}
	if !slices.Equal(c.Table.Head, wantHead) || !slices.EqualFunc(c.Table.Rows, wantRows, slices.Equal) {
		t.Errorf("table %q %q, want %q %q", c.Table.Head, c.Table.Rows, wantHead, wantRows)
	}
	// A suppressed figure is a gap in the chart, not a bar of 0.
	if !strings.Contains(string(c.Option), `"-"`) {
		t.Errorf("the suppressed figure is drawn: %s", c.Option)
	}
	if _, err := figures.GroupedBars("t", "T", "S", "WTE", []string{"A"}, []figures.BarSeries{{Name: "One"}}); err == nil {
		t.Error("a series without a value per category was accepted")
	}
}

func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		v      float64
		places int
		want   string
	}{
		{10106.4, 0, "10,106"}, {28.409, 2, "28.41"}, {7, 1, "7"}, {7.5, 1, "7.5"},
		{-1234.5, 0, "-1,235"}, {-0.001, 2, "0.00"}, {999.995, 2, "1,000.00"}, {123456789, 0, "123,456,789"},
	} {
		if got := decimal(c.v, c.places); got != c.want {
			t.Errorf("decimal(%v, %d) = %q, want %q", c.v, c.places, got, c.want)
		}
	}
}
