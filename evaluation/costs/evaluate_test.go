package costs

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// The fixture: unit costs of £30 a GP consultation, £100 an A&E attendance and £300 a
// bed day; windows of 6 months; two pathways. Each person's cost in each window and
// change (post − pre), worked by hand:
//
//	person  pathways      pre use            post use      pre  post  change recovered LI HI
//	T1      diabetes      gp 4, ae 1         gp 2          220    60   −160  yes        4  0
//	T2      diabetes      gp 6, bed 1        gp 3          480    90   −390  yes        2  6
//	T3      diabetes      gp 2               gp 2, ae 1     60   160   +100  no         6  0
//	T4      diabetes      ae 2               ae 1          200   100   −100  no         0  8
//	T5      diab. + resp. gp 5, bed 2        gp 4          750   120   −630  not known  3  5
//	T6      respiratory   gp 3               gp 1           90    30    −60  yes        5  0
//	T7      respiratory   gp 1, ae 1         gp 1, ae 1    130   130      0  no         2  0
//	C1      diabetes      gp 4               gp 4          120   120      0  (comparison)
//	C2      diabetes      gp 2, ae 1         gp 3, ae 1    160   190    +30
//	C3      diabetes      bed 1              gp 2          300    60   −240
//	C4      diabetes      gp 3               gp 2           90    60    −30
//	C5      respiratory   ae 1               ae 2          100   200   +100
var fixtureUnitCosts = UnitCosts{
	{Item: "gp_consultation", UnitCost: 30, PriceYear: "test", Source: "test"},
	{Item: "outpatient_attendance", UnitCost: 120, PriceYear: "test", Source: "test"}, // nobody used it
	{Item: "ae_attendance", UnitCost: 100, PriceYear: "test", Source: "test"},
	{Item: "nonelective_bed_day", UnitCost: 300, PriceYear: "test", Source: "test"},
}

var fixturePathways = []Pathway{{"diabetes", "Diabetes"}, {"respiratory", "Respiratory (COPD, asthma)"}}

func flag(b bool) *bool { return &b }

func use(gp, ae, bed float64) map[string]float64 {
	m := map[string]float64{}
	for item, n := range map[string]float64{"gp_consultation": gp, "ae_attendance": ae, "nonelective_bed_day": bed} {
		if n > 0 {
			m[item] = n
		}
	}
	return m
}

func fixture() []Person {
	t := func(pathways []string, pre, post map[string]float64, rec *bool, li, hi int) Person {
		return Person{Pathways: pathways, Pre: pre, Post: post, Recovered: rec, WindowMonths: 6, Appointments: Appointments{LI: li, HI: hi}}
	}
	c := func(pathway string, pre, post map[string]float64) Person {
		return Person{Comparison: true, Pathways: []string{pathway}, Pre: pre, Post: post, WindowMonths: 6}
	}
	d, r := []string{"diabetes"}, []string{"respiratory"}
	return []Person{
		t(d, use(4, 1, 0), use(2, 0, 0), flag(true), 4, 0),
		t(d, use(6, 0, 1), use(3, 0, 0), flag(true), 2, 6),
		t(d, use(2, 0, 0), use(2, 1, 0), flag(false), 6, 0),
		t(d, use(0, 2, 0), use(0, 1, 0), flag(false), 0, 8),
		t([]string{"diabetes", "respiratory"}, use(5, 0, 2), use(4, 0, 0), nil, 3, 5),
		t(r, use(3, 0, 0), use(1, 0, 0), flag(true), 5, 0),
		t(r, use(1, 1, 0), use(1, 1, 0), flag(false), 2, 0),
		c("diabetes", use(4, 0, 0), use(4, 0, 0)),
		c("diabetes", use(2, 1, 0), use(3, 1, 0)),
		c("diabetes", use(0, 0, 1), use(2, 0, 0)),
		c("diabetes", use(3, 0, 0), use(2, 0, 0)),
		c("respiratory", use(0, 1, 0), use(0, 2, 0)),
	}
}

var testBootstrap = stats.Bootstrap{Resamples: MinResamples, Seed: 42}

func evaluate(t *testing.T, persons []Person, service ServiceCosts) Report {
	t.Helper()
	rep, err := Evaluate(persons, fixtureUnitCosts, service, Options{Bootstrap: testBootstrap, Pathways: fixturePathways,
		PriceYear: "2023/24", PriceIndex: "test index"})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func near(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want)) }

func findGroup(t *testing.T, rep Report, pathway, group string) GroupResult {
	t.Helper()
	for _, p := range rep.Pathways {
		if p.Name != pathway {
			continue
		}
		for _, g := range p.Groups {
			if g.Group == group {
				return g
			}
		}
	}
	t.Fatalf("no group %s in pathway %s", group, pathway)
	return GroupResult{}
}

// Means worked by hand from the fixture table:
//
//	All treated (T1–T7):  pre 1930/7, post 690/7, change −1240/7 = −177.14
//	  by item: gp pre 21×30/7 = 90, post 13×30/7, change −8×30/7 = −240/7;
//	           ae pre 4×100/7, post 3×100/7, change −100/7;
//	           bed pre 3×300/7, post 0, change −900/7  (−240 − 100 − 900 = −1240)
//	All comparison (C1–C5): pre 770/5 = 154, post 630/5 = 126, change −140/5 = −28
//	All difference: pre 1930/7 − 154, post 690/7 − 126, change −1240/7 + 28 = −149.14
//	Diabetes treated (T1–T5): pre 1710/5 = 342, post 530/5 = 106, change −1180/5 = −236
//	Diabetes comparison (C1–C4): pre 670/4, post 430/4, change −240/4 = −60; DiD −176
//	Respiratory treated (T5–T7): pre 970/3, post 280/3, change −690/3 = −230
//	Respiratory comparison (C5): change +100; DiD −330
//	All recovered (T1, T2, T6): change −610/3;  not recovered (T3, T4, T7): 0/3 = 0
func TestMeansByHand(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{})
	type want struct {
		pathway, group, item string
		n                    int
		pre, post, change    float64
	}
	for _, w := range []want{
		{"All", Treated, "", 7, 1930.0 / 7, 690.0 / 7, -1240.0 / 7},
		{"All", Treated, "gp_consultation", 7, 90, 390.0 / 7, -240.0 / 7},
		{"All", Treated, "ae_attendance", 7, 400.0 / 7, 300.0 / 7, -100.0 / 7},
		{"All", Treated, "nonelective_bed_day", 7, 900.0 / 7, 0, -900.0 / 7},
		{"All", Comparison, "", 5, 154, 126, -28},
		{"All", Difference, "", 12, 1930.0/7 - 154, 690.0/7 - 126, -1240.0/7 + 28},
		{"All", Recovered, "", 3, 790.0 / 3, 180.0 / 3, -610.0 / 3},
		{"All", NotRecovered, "", 3, 390.0 / 3, 390.0 / 3, 0},
		{"Diabetes", Treated, "", 5, 342, 106, -236},
		{"Diabetes", Comparison, "", 4, 670.0 / 4, 430.0 / 4, -60},
		{"Diabetes", Difference, "", 9, 342 - 670.0/4, 106 - 430.0/4, -176},
		{"Respiratory (COPD, asthma)", Treated, "", 3, 970.0 / 3, 280.0 / 3, -230},
		{"Respiratory (COPD, asthma)", Difference, "", 4, 970.0/3 - 100, 280.0/3 - 200, -330},
	} {
		g := findGroup(t, rep, w.pathway, w.group)
		if g.N != w.n {
			t.Errorf("%s %s: N = %d, want %d", w.pathway, w.group, g.N, w.n)
		}
		var it *ItemResult
		for i := range g.Items {
			if g.Items[i].Item == w.item {
				it = &g.Items[i]
			}
		}
		if it == nil {
			t.Errorf("%s %s: no item %q", w.pathway, w.group, w.item)
			continue
		}
		if !near(it.MeanPre, w.pre) || !near(it.MeanPost, w.post) || !near(it.Change.Value, w.change) {
			t.Errorf("%s %s %q: pre %v post %v change %v; want %v %v %v",
				w.pathway, w.group, w.item, it.MeanPre, it.MeanPost, it.Change.Value, w.pre, w.post, w.change)
		}
		if !(it.Change.Low <= it.Change.Value && it.Change.Value <= it.Change.High) {
			t.Errorf("%s %s %q: interval %v to %v does not contain the mean %v",
				w.pathway, w.group, w.item, it.Change.Low, it.Change.High, it.Change.Value)
		}
	}
	if got := rep.Items; len(got) != 3 || got[0] != "gp_consultation" || got[1] != "ae_attendance" || got[2] != "nonelective_bed_day" {
		t.Errorf("items = %v, want the three used, in table order (outpatients left out)", got)
	}
	if !rep.HasComparison || len(rep.WindowMonths) != 1 || rep.WindowMonths[0] != 6 {
		t.Errorf("HasComparison %v, WindowMonths %v", rep.HasComparison, rep.WindowMonths)
	}
	if rep.Pathways[0].RecoveryUnknown != 1 {
		t.Errorf("recovery unknown = %d, want 1 (T5)", rep.Pathways[0].RecoveryUnknown)
	}
}

// Savings a year, worked by hand with £50 a low- and £100 a high-intensity appointment:
//
//	All, before and after: gross = 1240 × 12/6 = 2480
//	  cost = Σ (LI × 50 + HI × 100) = 200 + 700 + 300 + 800 + 650 + 250 + 100 = 3000
//	  net = 2480 − 3000 = −520;  ROI = −520 / 3000
//	All, difference: gross = −(−1240/7 + 28) × 7 × 2 = 2480 − 392 = 2088
//	  net = 2088 − 3000 = −912;  ROI = −912 / 3000
//	Diabetes, before and after: gross = 1180 × 2 = 2360; cost = 200 + 700 + 300 + 800 +
//	  650 = 2650; net = −290; ROI = −290 / 2650
func TestSavingsPerAppointment(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{LowIntensityAppointment: 50, HighIntensityAppointment: 100})
	check := func(pathway int, basis string, gross, cost float64) {
		t.Helper()
		for _, s := range rep.Pathways[pathway].Savings {
			if s.Basis != basis {
				continue
			}
			net := gross - cost
			for _, c := range []struct {
				name string
				got  Interval
				want float64
			}{{"gross", s.Gross, gross}, {"cost", s.Cost, cost}, {"net", s.Net, net}, {"ROI", s.ROI, net / cost}} {
				if !near(c.got.Value, c.want) {
					t.Errorf("%s %s %s = %v, want %v", rep.Pathways[pathway].Name, basis, c.name, c.got.Value, c.want)
				}
				if !(c.got.Low <= c.got.Value && c.got.Value <= c.got.High) {
					t.Errorf("%s %s %s: interval %v to %v does not contain %v", rep.Pathways[pathway].Name, basis, c.name, c.got.Low, c.got.High, c.got.Value)
				}
			}
			return
		}
		t.Errorf("%s: no %s saving", rep.Pathways[pathway].Name, basis)
	}
	check(0, Treated, 2480, 3000)
	check(0, Difference, 2088, 3000)
	check(1, Treated, 2360, 2650)
}

// A programme cost of £7,000 is shared by the pathways in proportion to their treated
// people: All 7000; Diabetes 7000 × 5/7 = 5000; Respiratory 7000 × 3/7 = 3000. It does
// not vary between resamples, so its interval is the cost itself.
//
//	Respiratory: gross = 690 × 2 = 1380; net = 1380 − 3000 = −1620; ROI = −0.54;
//	per person treated a year = 1380 ÷ 3 people = 460 (the mean change of −230 in
//	6 months, twice)
func TestSavingsProgramme(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{Programme: 7000})
	for i, want := range []float64{7000, 5000, 3000} {
		s := rep.Pathways[i].Savings[0]
		if !near(s.Cost.Value, want) || s.Cost.Low != s.Cost.Value || s.Cost.High != s.Cost.Value {
			t.Errorf("%s: cost %+v, want %v fixed", rep.Pathways[i].Name, s.Cost, want)
		}
	}
	s := rep.Pathways[2].Savings[0]
	if !near(s.Gross.Value, 1380) || !near(s.Net.Value, -1620) || !near(s.ROI.Value, -0.54) {
		t.Errorf("respiratory: gross %v net %v ROI %v; want 1380, -1620, -0.54", s.Gross.Value, s.Net.Value, s.ROI.Value)
	}
	if !near(s.PerPerson.Value, 460) || !near(s.PerPerson.Low*3, s.Gross.Low) || !near(s.PerPerson.High*3, s.Gross.High) {
		t.Errorf("respiratory: per person %+v, want 460 with the gross interval ÷ 3 (%v to %v)", s.PerPerson, s.Gross.Low, s.Gross.High)
	}
}

func TestCostNotEntered(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{})
	s := rep.Pathways[0].Savings[0]
	if s.CostEntered || !near(s.Gross.Value, 2480) {
		t.Errorf("not entered: %+v", s)
	}
}

// Same seed, same intervals; another seed moves them (with 2,000 resamples of 7
// people, the chance that every bound of every row comes out the same is nil).
func TestSeed(t *testing.T) {
	a := evaluate(t, fixture(), ServiceCosts{})
	b := evaluate(t, fixture(), ServiceCosts{})
	var bufA, bufB bytes.Buffer
	out := Output{Unsuppressed: true}
	if err := WriteChanges(&bufA, a, out); err != nil {
		t.Fatal(err)
	}
	if err := WriteChanges(&bufB, b, out); err != nil {
		t.Fatal(err)
	}
	if bufA.String() != bufB.String() {
		t.Error("the same seed gave different reports")
	}
	other, err := Evaluate(fixture(), fixtureUnitCosts, ServiceCosts{}, Options{Bootstrap: stats.Bootstrap{Resamples: MinResamples, Seed: 43}, Pathways: fixturePathways})
	if err != nil {
		t.Fatal(err)
	}
	var bufC bytes.Buffer
	if err := WriteChanges(&bufC, other, out); err != nil {
		t.Fatal(err)
	}
	if bufA.String() == bufC.String() {
		t.Error("another seed gave the same intervals")
	}
}

// When every person's change is the same, every resample's mean is that change, so the
// interval is exactly it: five people each £60 lower (2 GP consultations of £30).
func TestIntervalOfConstantChange(t *testing.T) {
	var persons []Person
	for range 5 {
		persons = append(persons, Person{WindowMonths: 12, Pre: use(3, 0, 0), Post: use(1, 0, 0)})
	}
	rep := evaluate(t, persons, ServiceCosts{})
	c := rep.Pathways[0].Groups[0].Items[0].Change
	if c.Value != -60 || c.Low != -60 || c.High != -60 {
		t.Errorf("change %+v, want −60 from −60 to −60", c)
	}
	// Windows of 12 months: the yearly saving is 5 × 60 = 300.
	if g := rep.Pathways[0].Savings[0].Gross; g.Value != 300 || g.Low != 300 || g.High != 300 {
		t.Errorf("gross %+v, want 300 from 300 to 300", g)
	}
}

func TestEvaluateRefuses(t *testing.T) {
	p := []Person{{WindowMonths: 6, Pre: map[string]float64{"gp_visit": 1}, Post: use(1, 0, 0)}}
	for _, tc := range []struct {
		name    string
		persons []Person
		opts    Options
		want    string
	}{
		{"few resamples", fixture(), Options{Bootstrap: stats.Bootstrap{Resamples: 1999}, Pathways: fixturePathways},
			"cost evaluation: 1999 bootstrap resamples are too few; use at least 2000"},
		{"nobody", nil, Options{Bootstrap: testBootstrap},
			"cost evaluation: nobody has healthcare use recorded both before and after treatment"},
		{"unknown item", p, Options{Bootstrap: testBootstrap},
			`cost evaluation: person 1: item "gp_visit" is not in the unit-cost table`},
		{"unknown pathway", fixture(), Options{Bootstrap: testBootstrap, Pathways: fixturePathways[:1]},
			`cost evaluation: person 5: unknown pathway "respiratory"`},
		// The persons are checked in parts side by side: the first refused is named,
		// whether in the last part or before others refused in later parts.
		{"unknown item, last", append(fixture(), p...), Options{Bootstrap: testBootstrap, Pathways: fixturePathways},
			`cost evaluation: person 13: item "gp_visit" is not in the unit-cost table`},
		{"no window", slices.Concat(fixture()[:9], []Person{{WindowMonths: 0}}, fixture(), p), Options{Bootstrap: testBootstrap, Pathways: fixturePathways},
			`cost evaluation: person 10: window of 0 months (expected more than 0)`},
	} {
		_, err := Evaluate(tc.persons, fixtureUnitCosts, ServiceCosts{}, tc.opts)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %s", tc.name, err, tc.want)
		}
	}
}

// Under disclosure control (minimum 5, rounding to 5): All treated (7) shows N 5,
// comparison (5) N 5, difference N 10 (12 rounded); Diabetes treated (5) shows its
// figures, Diabetes comparison (4) and so the Diabetes difference show "*";
// Respiratory treated (3) and comparison (1) and all-people recovered (3) and not
// recovered (3) show "*" everywhere.
func TestChangesControlled(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{})
	var buf bytes.Buffer
	if err := WriteChanges(&buf, rep, Output{Rules: disclosure.Default()}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[0]; len(got) != 11 || got[0] != "PATHWAY" || got[8] != "CI_HIGH" || got[9] != "PRICE_YEAR" || got[10] != "PRICE_INDEX" {
		t.Fatalf("header %v", got)
	}
	for _, row := range rows[1:] {
		if row[9] != "2023/24" || row[10] != "test index" {
			t.Fatalf("row %v does not state the price year and index", row)
		}
	}
	// Each pathway has 4 item lines (All + 3 items) × 5 groups: All; Diabetes (recovered
	// T1, T2; not recovered T3, T4); Respiratory (recovered T6; not recovered T7).
	wantRows := map[string][]string{
		"All/All/treated":                           {"5", "275.71", "98.57", "-177.14"},
		"All/All/comparison":                        {"5", "154.00", "126.00", "-28.00"},
		"All/All/difference":                        {"10", "121.71", "-27.43", "-149.14"},
		"All/gp_consultation/treated":               {"5", "90.00", "55.71", "-34.29"},
		"All/All/recovered":                         {"*", "*", "*", "*"},
		"All/All/not_recovered":                     {"*", "*", "*", "*"},
		"Diabetes/All/treated":                      {"5", "342.00", "106.00", "-236.00"},
		"Diabetes/All/comparison":                   {"*", "*", "*", "*"},
		"Diabetes/All/difference":                   {"*", "*", "*", "*"},
		"Respiratory (COPD, asthma)/All/treated":    {"*", "*", "*", "*"},
		"Respiratory (COPD, asthma)/All/comparison": {"*", "*", "*", "*"},
	}
	seen := 0
	for _, row := range rows[1:] {
		key := row[0] + "/" + row[1] + "/" + row[2]
		if row[3] == "*" {
			for i := 4; i < 9; i++ {
				if row[i] != "*" {
					t.Errorf("%s: N is * but column %s is %q", key, rows[0][i], row[i])
				}
			}
		} else {
			n, _ := strconv.Atoi(row[3])
			if n < 5 || n%5 != 0 {
				t.Errorf("%s: N %q is not a controlled count", key, row[3])
			}
			mean, _ := strconv.ParseFloat(row[6], 64)
			lo, _ := strconv.ParseFloat(row[7], 64)
			hi, _ := strconv.ParseFloat(row[8], 64)
			if !(lo <= mean && mean <= hi) {
				t.Errorf("%s: interval %s to %s does not contain %s", key, row[7], row[8], row[6])
			}
		}
		if want, ok := wantRows[key]; ok {
			seen++
			for i, w := range want {
				if row[3+i] != w {
					t.Errorf("%s: column %s = %q, want %q", key, rows[0][3+i], row[3+i], w)
				}
			}
		}
	}
	if seen != len(wantRows) {
		t.Errorf("found %d of the %d rows checked", seen, len(wantRows))
	}
	if got, want := len(rows)-1, 4*5+4*5+4*5; got != want {
		t.Errorf("%d rows, want %d", got, want)
	}
}

// Unsuppressed output shows the small groups in full: Respiratory treated, 3 people,
// change −230.
func TestChangesUnsuppressed(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{})
	var buf bytes.Buffer
	if err := WriteChanges(&buf, rep, Output{Unsuppressed: true}); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	for _, row := range rows {
		if row[0] == "Respiratory (COPD, asthma)" && row[1] == "All" && row[2] == "treated" {
			if row[3] != "3" || row[4] != "323.33" || row[5] != "93.33" || row[6] != "-230.00" {
				t.Errorf("respiratory treated: %v", row)
			}
			return
		}
	}
	t.Error("no respiratory treated row")
}

// Savings output, by hand (see TestSavingsPerAppointment): All before_after gross 2480,
// cost 3000, net −520, ROI −0.17; difference gross 2088, net −912, ROI −0.30. Per
// person treated (7 in all, 5 in diabetes): 2480 ÷ 7 = 354.29, 2088 ÷ 7 = 298.29,
// diabetes 2360 ÷ 5 = 472.00. Diabetes
// before_after shows (5 treated); its difference does not (4 comparison); Respiratory
// (3 treated) shows "*".
func TestSavingsCSV(t *testing.T) {
	rep := evaluate(t, fixture(), ServiceCosts{LowIntensityAppointment: 50, HighIntensityAppointment: 100})
	var buf bytes.Buffer
	if err := WriteSavings(&buf, rep, Output{Rules: disclosure.Default()}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	pick := func(row []string, cols ...int) []string {
		var out []string
		for _, c := range cols {
			out = append(out, row[c])
		}
		return out
	}
	want := [][]string{
		{"All", "before_after", "5", "2480", "354.29", "3000", "-520", "-0.17"},
		{"All", "difference", "5", "2088", "298.29", "3000", "-912", "-0.30"},
		{"Diabetes", "before_after", "5", "2360", "472.00", "2650", "-290", "-0.11"},
		{"Diabetes", "difference", "*", "*", "*", "*", "*", "*"},
		{"Respiratory (COPD, asthma)", "before_after", "*", "*", "*", "*", "*", "*"},
		{"Respiratory (COPD, asthma)", "difference", "*", "*", "*", "*", "*", "*"},
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("%d rows, want %d", len(rows)-1, len(want))
	}
	for i, w := range want {
		got := pick(rows[i+1], 0, 1, 2, 3, 6, 9, 12, 15)
		for j := range w {
			if got[j] != w[j] {
				t.Errorf("row %d: %v, want %v", i+1, got, w)
				break
			}
		}
	}
}

// A figure is written as the tables show it and keeps the rounded number it writes,
// which the cost page formats again: 2.5 pounds is 3 (halves away from zero), and a
// change that rounds to nothing is 0, never "-0.00".
func TestFigure(t *testing.T) {
	for _, c := range []struct {
		v      float64
		places int
		hidden bool
		want   disclosure.Value
	}{
		{-0.001, 2, false, disclosure.Value{Text: "0.00"}},
		{2.5, 0, false, disclosure.Value{Text: "3", Number: 3}},
		{-2.5, 0, false, disclosure.Value{Text: "-3", Number: -3}},
		{1519.0749, 2, false, disclosure.Value{Text: "1519.07", Number: 1519.07}},
		{math.NaN(), 2, false, disclosure.Value{Empty: true}},
		{1, 2, true, disclosure.Value{Text: "*", Suppressed: true}},
	} {
		got := figure(c.v, c.places, c.hidden)
		if got != c.want || (got.Number == 0 && math.Signbit(got.Number)) {
			t.Errorf("figure(%v, %d, %v) = %+v, want %+v", c.v, c.places, c.hidden, got, c.want)
		}
	}
}

// People in no pathway make up the core service, treated and comparison alike (a
// comparison person whose Pathway is empty), and count in All too. By hand, with GP
// consultations at £30: five treated people in no pathway each go from 2 to 1 (change
// −30); five comparison people in no pathway stay at 1 (change 0); the difference is
// −30. One treated person in diabetes goes from 4 to 4 (change 0), so All treated is
// (5 × −30 + 0) ÷ 6 = −25.
func TestCoreService(t *testing.T) {
	var persons []Person
	for range 5 {
		persons = append(persons,
			Person{Pre: use(2, 0, 0), Post: use(1, 0, 0), WindowMonths: 6},
			Person{Comparison: true, Pre: use(1, 0, 0), Post: use(1, 0, 0), WindowMonths: 6})
	}
	persons = append(persons, Person{Pathways: []string{"diabetes"}, Pre: use(4, 0, 0), Post: use(4, 0, 0), WindowMonths: 6})
	rep, err := Evaluate(persons, fixtureUnitCosts, ServiceCosts{}, Options{Bootstrap: testBootstrap, Pathways: fixturePathways, Core: "Core service"})
	if err != nil {
		t.Fatal(err)
	}
	last := rep.Pathways[len(rep.Pathways)-1]
	if last.Slug != CoreSlug || last.Name != "Core service" {
		t.Fatalf("the last result is %q (%q), want the core service", last.Name, last.Slug)
	}
	for group, want := range map[string]struct {
		n      int
		change float64
	}{Treated: {5, -30}, Comparison: {5, 0}, Difference: {10, -30}} {
		g := findGroup(t, rep, "Core service", group)
		if g.N != want.n || !near(g.Items[0].Change.Value, want.change) {
			t.Errorf("core service, %s: N %d, change %v; want %d, %v", group, g.N, g.Items[0].Change.Value, want.n, want.change)
		}
	}
	if g := findGroup(t, rep, AllName, Treated); g.N != 6 || !near(g.Items[0].Change.Value, -25) {
		t.Errorf("all treated: N %d, change %v; want 6, −25", g.N, g.Items[0].Change.Value)
	}
	if g := findGroup(t, rep, AllName, Comparison); g.N != 5 {
		t.Errorf("all comparison: N %d, want the 5 in no pathway", g.N)
	}
}

// membersOf lists all persons, then each pathway's, then those in none, each in order
// of persons; a person who names a pathway twice is in it once.
func TestMembersOf(t *testing.T) {
	persons := []Person{
		{Pathways: []string{"respiratory"}},
		{},
		{Pathways: []string{"diabetes", "respiratory", "diabetes"}},
		{Comparison: true},
	}
	got := membersOf(persons, fixturePathways, true)
	want := [][]int{{0, 1, 2, 3}, {2}, {0, 2}, {1, 3}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("members %v, want %v (all, diabetes, respiratory, core)", got, want)
	}
	if got := membersOf(persons, fixturePathways, false); len(got) != 3 {
		t.Errorf("without the core, %d lists, want 3 (all and the two pathways)", len(got))
	}
}
