package readiness

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// The expected values below are worked by hand from the Wilson score interval with
// z = 1.959964 (z² = 3.841459) and the disclosure rules of spec/measures.md §5
// (counts to the nearest 5; a percentage "*" when its numerator, denominator or
// complement is below 5, otherwise whole percents half up from the rounded counts, and
// the interval and the verdict from the rounded counts too):
//
//	centre = (p + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²)
//
// 600/1000 (p 0.60): 1 + z²/n = 1.0038415; centre = 0.6019207/1.0038415 = 0.599617;
//
//	half = 1.952463 · √(0.00024 + 0.00000096) = 1.952463 · 0.0155229 = 0.030308;
//	interval 0.5693–0.6299 → 57 to 63, all above 0.50.
//
// 80/100 (p 0.80): 1 + z²/n = 1.0384146; centre = 0.8192073/1.0384146 = 0.788902;
//
//	half = 1.887459 · √(0.0016 + 0.0000960) = 1.887459 · 0.0411830 = 0.077731;
//	interval 0.7112–0.8666 → 71 to 87, which contains 0.75.
//
// 850/1000 (p 0.85): centre = 0.8519207/1.0038415 = 0.848661;
//
//	half = 1.952463 · √(0.0001275 + 0.00000096) = 1.952463 · 0.0113340 = 0.022129;
//	interval 0.8265–0.8708 → 83 to 87, all below 0.95.
//
// 45/100 (p 0.45): centre = 0.4692073/1.0384146 = 0.451850;
//
//	half = 1.887459 · √(0.002475 + 0.0000960) = 1.887459 · 0.0507054 = 0.095704;
//	interval 0.3561–0.5476 → 36 to 55, which contains 0.50.
func TestAssess(t *testing.T) {
	tests := []struct {
		name string
		fig  Figure
		want Criterion
	}{
		{
			name: "met clearly",
			fig:  Figure{ID: "recovery", Name: "Recovery", Num: 600, Den: 1000, Standard: 0.5, Link: "/outcomes/recovery/"},
			want: Criterion{ID: "recovery", Name: "Recovery", Verdict: "Met clearly", Status: Met, Value: "60", Low: "57", High: "63",
				Standard: "50", People: "1000", Link: "/outcomes/recovery/",
				Note: "Met, with the whole 95% interval (57% to 63%) above the 50% standard."},
		},
		{
			name: "met but the interval reaches the standard",
			fig:  Figure{ID: "wait-6-weeks", Num: 80, Den: 100, Standard: 0.75},
			want: Criterion{ID: "wait-6-weeks", Verdict: "Met, not by a clear margin", Status: Met, Value: "80", Low: "71", High: "87",
				Standard: "75", People: "100", IntervalIncludesStandard: true,
				Note: "Met, though not by a clear margin: the 95% interval (71% to 87%) reaches down to the 75% standard, so a year with different people could fall short."},
		},
		{
			// 95/100 is exactly 0.95: at the standard counts as meeting it. z²/n =
			// 0.0384146; centre = 0.9692073/1.0384146 = 0.933352; half = 1.887460 ·
			// √(0.000475 + 0.0000960) = 1.887460 · 0.0238963 = 0.045103; interval
			// 0.8882–0.9785 → 89 to 98.
			name: "exactly at the standard is met",
			fig:  Figure{ID: "wait-18-weeks", Num: 95, Den: 100, Standard: 0.95},
			want: Criterion{ID: "wait-18-weeks", Verdict: "Met, not by a clear margin", Status: Met, Value: "95", Low: "89", High: "98",
				Standard: "95", People: "100", IntervalIncludesStandard: true,
				Note: "Met, though not by a clear margin: the 95% interval (89% to 98%) reaches down to the 95% standard, so a year with different people could fall short."},
		},
		{
			// 19/20 meets 0.95 exactly, but 1 person falls short: "*", not judged.
			name: "a complement below 5: suppressed",
			fig:  Figure{ID: "wait-18-weeks", Num: 19, Den: 20, Standard: 0.95},
			want: Criterion{ID: "wait-18-weeks", Verdict: "Not judged", Status: NotEnoughData, Value: "*", Low: "*", High: "*",
				Standard: "95", People: "20",
				Note: "Fewer than 5 people are counted, meet the standard or fall short of it, so this figure is not published and cannot be judged."},
		},
		{
			// 52/103 = 50.5% exactly, but it is judged as published: 50 of 105 (52 →
			// 50, 103 → 105) = 47.6% → 48, not met; a verdict from the exact counts
			// would tell more than the counts. Interval of 50/105: z²/n = 0.0365853;
			// centre = (0.476190 + 0.0182927)/1.0365853 = 0.477031; half = 1.890789 ·
			// √(0.00237555 + 0.0000871) = 1.890789 · 0.0496252 = 0.093831;
			// 0.3832–0.5709 → 38 to 57.
			name: "judged on the published counts",
			fig:  Figure{ID: "recovery", Num: 52, Den: 103, Standard: 0.5},
			want: Criterion{ID: "recovery", Verdict: "Not met, within chance", Status: NotMet, Value: "48", Low: "38", High: "57",
				Standard: "50", People: "105", IntervalIncludesStandard: true,
				Note: "Not met on the figure itself, but the 95% interval (38% to 57%) reaches the 50% standard: the gap may be chance."},
		},
		{
			name: "not met clearly",
			fig:  Figure{ID: "wait-18-weeks", Num: 850, Den: 1000, Standard: 0.95},
			want: Criterion{ID: "wait-18-weeks", Verdict: "Not met clearly", Status: NotMet, Value: "85", Low: "83", High: "87",
				Standard: "95", People: "1000",
				Note: "Not met, with the whole 95% interval (83% to 87%) below the 95% standard."},
		},
		{
			name: "not met but the interval reaches the standard",
			fig:  Figure{ID: "recovery", Num: 45, Den: 100, Standard: 0.5},
			want: Criterion{ID: "recovery", Verdict: "Not met, within chance", Status: NotMet, Value: "45", Low: "36", High: "55",
				Standard: "50", People: "100", IntervalIncludesStandard: true,
				Note: "Not met on the figure itself, but the 95% interval (36% to 55%) reaches the 50% standard: the gap may be chance."},
		},
		{
			// 995/2000 = 49.75% (both multiples of 5, so published as they are): 50
			// (half up), yet below the 50% standard. Interval: z²/n = 0.0019207;
			// centre = (0.4975 + 0.0009604)/1.0019207 = 0.497505; half = 1.956207 ·
			// √(0.000124997 + 0.00000024) = 1.956207 · 0.0111910 = 0.021892;
			// 0.4756–0.5194 → 48 to 52.
			name: "rounds up to the standard but is below it",
			fig:  Figure{ID: "recovery", Num: 995, Den: 2000, Standard: 0.5},
			want: Criterion{ID: "recovery", Verdict: "Not met, within chance", Status: NotMet, Value: "50", Low: "48", High: "52",
				Standard: "50", People: "2000", IntervalIncludesStandard: true,
				Note: "Not met: the figure rounds to 50%, but it is just below the standard."},
		},
		{
			name: "too few people: suppressed",
			fig:  Figure{ID: "paired-scores", Num: 4, Den: 4, Standard: 0.9},
			want: Criterion{ID: "paired-scores", Verdict: "Not judged", Status: NotEnoughData, Value: "*", Low: "*", High: "*",
				Standard: "90", People: "*",
				Note: "Fewer than 5 people are counted, meet the standard or fall short of it, so this figure is not published and cannot be judged."},
		},
		{
			// 3 of 40 meet it: the numerator is below 5, so the percentage is "*"
			// even though 40 people are counted (published as 40).
			name: "small numerator: suppressed",
			fig:  Figure{ID: "paired-scores", Num: 3, Den: 40, Standard: 0.9},
			want: Criterion{ID: "paired-scores", Verdict: "Not judged", Status: NotEnoughData, Value: "*", Low: "*", High: "*",
				Standard: "90", People: "40",
				Note: "Fewer than 5 people are counted, meet the standard or fall short of it, so this figure is not published and cannot be judged."},
		},
		{
			name: "nobody counted: empty",
			fig:  Figure{ID: "recovery", Num: 0, Den: 0, Standard: 0.5},
			want: Criterion{ID: "recovery", Verdict: "Not judged", Status: NotEnoughData, Standard: "50", People: "*",
				Note: "Nobody was counted for this figure in the period, so there is nothing to judge."},
		},
		{
			name: "inconsistent counts",
			fig:  Figure{ID: "recovery", Num: 60, Den: 50, Standard: 0.5},
			want: Criterion{ID: "recovery", Verdict: "Not judged", Status: NotEnoughData, Standard: "50",
				Note: "The counts behind this figure do not add up (more people meet it than are counted, or a count is negative); check the export and the measures before relying on it."},
		},
		{
			name: "impossible standard",
			fig:  Figure{ID: "recovery", Num: 60, Den: 100, Standard: 50},
			want: Criterion{ID: "recovery", Verdict: "Not judged", Status: NotEnoughData, Standard: "5000",
				Note: "The standard for this figure is not a percentage between 0 and 100, so it cannot be judged; check data/readiness.toml."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Assess("2024-25", []Figure{tt.fig}, disclosure.Default())
			if len(r.Criteria) != 1 {
				t.Fatalf("got %d criteria, want 1", len(r.Criteria))
			}
			got := r.Criteria[0]
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestAssessReport(t *testing.T) {
	figures := []Figure{
		{ID: "recovery", Num: 600, Den: 1000, Standard: 0.5},       // met
		{ID: "wait-6-weeks", Num: 80, Den: 100, Standard: 0.75},    // met
		{ID: "wait-18-weeks", Num: 850, Den: 1000, Standard: 0.95}, // not met
		{ID: "paired-scores", Num: 4, Den: 4, Standard: 0.9},       // suppressed
	}
	r := Assess("2024-25", figures, disclosure.Default())
	if r.Period != "2024-25" || r.Met != 2 || r.NotMet != 1 || r.NotEnoughData != 1 {
		t.Errorf("period %q met %d not met %d not enough %d; want 2024-25, 2, 1, 1", r.Period, r.Met, r.NotMet, r.NotEnoughData)
	}
	for i, want := range []string{"recovery", "wait-6-weeks", "wait-18-weeks", "paired-scores"} {
		if r.Criteria[i].ID != want {
			t.Errorf("criterion %d is %q, want %q (the order given)", i, r.Criteria[i].ID, want)
		}
	}
	if want := "2 of 4 standards met; 1 not met; 1 without enough data to judge."; r.Summary != want {
		t.Errorf("summary %q, want %q", r.Summary, want)
	}
	if got := Assess("2024-25", nil, disclosure.Default()).Summary; got != "No figures were available to check." {
		t.Errorf("empty summary %q", got)
	}
	if got := Assess("2024-25", figures[:1], disclosure.Default()).Summary; got != "1 of 1 standard met." {
		t.Errorf("single summary %q", got)
	}
}

// The rules come from the caller: a service publishing with a higher minimum sees
// more figures as not enough data. 12/18, published as 10 of 20 (50%), against 0.5 is
// met under the default rules, and suppressed with a minimum of 10: only 6 fall short.
func TestAssessFollowsRules(t *testing.T) {
	f := []Figure{{ID: "recovery", Num: 12, Den: 18, Standard: 0.5}}
	if s := Assess("2024-25", f, disclosure.Default()).Criteria[0].Status; s != Met {
		t.Errorf("default rules: status %q, want met", s)
	}
	c := Assess("2024-25", f, disclosure.Rules{Minimum: 10, RoundTo: 5}).Criteria[0]
	if c.Status != NotEnoughData || c.Value != "*" {
		t.Errorf("minimum 10: status %q value %q, want not-enough-data and *", c.Status, c.Value)
	}
	if want := "Fewer than 10 people"; !strings.HasPrefix(c.Note, want) {
		t.Errorf("note %q does not start %q", c.Note, want)
	}
}

// The shortcode layouts/shortcodes/readiness.html reads these names; changing one
// breaks the page, so the shape is pinned here.
func TestReportJSON(t *testing.T) {
	r := Assess("2024-25", []Figure{{ID: "recovery", Name: "Recovery", Num: 600, Den: 1000, Standard: 0.5, Link: "/x/"}}, disclosure.Default())
	r.Scope = "Core service"
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"period", "scope", "criteria", "met", "notMet", "notEnoughData", "summary"} {
		if _, ok := m[k]; !ok {
			t.Errorf("report JSON lacks %q: %s", k, b)
		}
	}
	c := m["criteria"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "name", "status", "value", "low", "high", "standard", "people",
		"intervalIncludesStandard", "note", "link", "about", "source"} {
		if _, ok := c[k]; !ok {
			t.Errorf("criterion JSON lacks %q: %s", k, b)
		}
	}
	if c["status"] != "met" || c["value"] != "60" || c["standard"] != "50" {
		t.Errorf("criterion JSON %s", b)
	}
}

// The shipped file holds the four criteria of the guide with their national standards.
func TestDefaultCriteriaShipped(t *testing.T) {
	defs, err := DefaultCriteria(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, num, den, less string
		standard           float64
	}{
		{"recovery", "M191", "M076", "M179", 0.50},
		{"wait-6-weeks", "M052", "M076", "", 0.75},
		{"wait-18-weeks", "M054", "M076", "", 0.95},
		{"paired-scores", "M202", "M076", "", 0.90},
	}
	if len(defs) != len(want) {
		t.Fatalf("got %d criteria, want %d", len(defs), len(want))
	}
	for i, w := range want {
		d := defs[i]
		if d.ID != w.id || d.Numerator != w.num || d.Denominator != w.den || d.DenominatorLess != w.less || d.Standard != w.standard {
			t.Errorf("criterion %d: %+v, want %+v", i, d, w)
		}
	}
}

func TestDefaultCriteriaErrors(t *testing.T) {
	const good = `[[criterion]]
id = "recovery"
name = "Recovery"
measure = "M192"
numerator = "M191"
denominator = "M076"
standard = 0.5
source = "national standard"
`
	tests := []struct{ name, file, want string }{
		{"unknown key", good + "colour = \"red\"\n", "unknown key criterion.colour"},
		{"standard as a percent", strings.Replace(good, "0.5", "50.0", 1), "key standard: 50 is not a proportion"},
		{"standard zero", strings.Replace(good, "0.5", "0.0", 1), "key standard: 0 is not a proportion"},
		{"no source", strings.Replace(good, `source = "national standard"`, "", 1), `criterion 1 ("recovery"): key source is missing`},
		{"repeated id", good + "\n" + good, `criterion 2 ("recovery"): id "recovery" is used twice`},
		{"no criteria", "", "no [[criterion]] tables"},
		{"not TOML", "[[criterion]\n", "data/readiness.toml: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DefaultCriteria(fstest.MapFS{File: {Data: []byte(tt.file)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := DefaultCriteria(fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "reading readiness criteria") {
		t.Errorf("missing file: error %v", err)
	}
}

func TestDefinitionFigure(t *testing.T) {
	d := Definition{ID: "recovery", Name: "Recovery", Numerator: "M191", Denominator: "M076",
		DenominatorLess: "M179", Standard: 0.5, About: "about", Source: "source"}
	// 700 finished, 100 of them never at caseness: recovery is of 600; 300 recovered.
	f, err := d.Figure(map[string]int{"M191": 300, "M076": 700, "M179": 100}, "/outcomes/")
	if err != nil {
		t.Fatal(err)
	}
	want := Figure{ID: "recovery", Name: "Recovery", Num: 300, Den: 600, Standard: 0.5,
		Link: "/outcomes/", About: "about", Source: "source"}
	if f != want {
		t.Errorf("got %+v, want %+v", f, want)
	}
	// 300/600 is exactly the standard: met.
	if s := Assess("2024-25", []Figure{f}, disclosure.Default()).Criteria[0].Status; s != Met {
		t.Errorf("300 of 600 against 50%%: %q, want met", s)
	}
	_, err = d.Figure(map[string]int{"M191": 300, "M076": 700}, "")
	if err == nil || !strings.Contains(err.Error(), "measure M179 is missing") {
		t.Errorf("missing measure: error %v", err)
	}
}
