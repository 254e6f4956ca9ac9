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
)

// The workforce page shows each shipped scenario's figures as the model gives them. The
// outline business case by hand: 250,000 × 16% × 50% × 50% × 100% = 10,000 people, all
// starting at low intensity: 10,000 episodes × 7 = 70,000 contacts; one WTE gives
// 16 contacts a day × 70% caseload × 220 days = 2,464 contacts; 70,000 ÷ 2,464 =
// 28.409… → "28.41" WTE.
func TestWorkforcePageShowsTheModelsFigures(t *testing.T) {
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
	li := workforce.Compute(scenarios[col]).Roles[0].WTERequired
	if got := decimal(li, 2); got != "28.41" {
		t.Fatalf("the model gives %s low-intensity WTE, by hand 28.41", got)
	}
	row := tableRow(t, page, "Each scenario&#39;s figures a year", "Low intensity: WTE needed")
	if len(row) != len(scenarios) || row[col] != "28.41" {
		t.Errorf("the page's low-intensity WTE row is %q; column %d should be 28.41", row, col)
	}
	chart, err := os.ReadFile(filepath.Join(out, "downloads", "charts", "workforce-wte.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(chart))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "Low intensity" || rows[1][col+1] != "28.41" {
		t.Errorf("the chart's figures are %q; want low intensity 28.41 for the outline business case", rows)
	}
	text := strings.Join(strings.Fields(string(page)), " ")
	for _, must := range []string{
		"not entered",     // salaries and on-costs at 0
		"Entered locally", // working days and the like
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
// share of 30% makes HI episodes 10,000 × 30% = 3,000, contacts 36,000; one WTE gives
// 7 × 55% × 220 = 847 contacts, so 36,000 ÷ 847 = 42.50 WTE (LI unchanged, 28.41):
// 70.91 in all, 28.34 more than 42.58 (28.41 + 14.17, where 12,000 ÷ 847 = 14.17).
func TestSensitivityByHand(t *testing.T) {
	scenarios, err := workforce.LoadAll(iaptpub.Sources, "data/workforce")
	if err != nil {
		t.Fatal(err)
	}
	s := sensitivityOf(scenarios[0])
	want := []string{"Stepped up to high intensity: 30% instead of 10%", "28.41", "42.50", "70.91", "+28.34"}
	if !slices.ContainsFunc(s.Rows, func(r []string) bool { return slices.Equal(r, want) }) {
		t.Errorf("no row %q in %q", want, s.Rows)
	}
	if len(s.Head) != 5 {
		t.Errorf("a cost column without salaries entered: %q", s.Head)
	}
	// With salaries entered, the cost shows: LI 28.409 WTE × £30,000 × 1.25 = £1,065,341
	// (28.40909 × 37,500 = 1,065,340.9); HI 14.168 × £40,000 × 1.25 = £708,383
	// (14.16765 × 50,000 = 708,382.5); together £1,773,723 (1,773,723.4).
	c := scenarios[0]
	c.LowIntensity.Salary, c.LowIntensity.Oncost = 30000, 0.25
	c.HighIntensity.Salary, c.HighIntensity.Oncost = 40000, 0.25
	s = sensitivityOf(c)
	if len(s.Head) != 7 || s.Rows[0][5] != "1,773,723" || s.Rows[0][6] != "0" {
		t.Errorf("with salaries: head %q, first row %q; want a cost of 1,773,723", s.Head, s.Rows[0])
	}
}

func TestGroupedBars(t *testing.T) {
	v := func(text string, n float64) disclosure.Value { return disclosure.Value{Text: text, Number: n} }
	star := disclosure.Value{Text: "*", Suppressed: true}
	c, err := GroupedBars("t", "Title", "Summary.", "WTE", []string{"A", "B"}, []BarSeries{
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
	if _, err := GroupedBars("t", "T", "S", "WTE", []string{"A"}, []BarSeries{{Name: "One"}}); err == nil {
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
