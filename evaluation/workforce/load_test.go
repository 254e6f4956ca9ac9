package workforce

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	iaptpub "github.com/iaptpub/iaptpub"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"share above 1", "prevalence = 0.16", "prevalence = 1.6",
			`s.toml: key "prevalence": 1.6 is not a share between 0 and 1 (write 16% as 0.16)`},
		{"role share above 1", "caseload = 0.70", "caseload = 70",
			`s.toml: key "low_intensity.caseload": 70 is not a share between 0 and 1 (write 16% as 0.16)`},
		{"negative count", "current_wte = 16", "current_wte = -3",
			`s.toml: key "high_intensity.current_wte": -3 is negative`},
		{"negative population", "population = 250000", "population = -1",
			`s.toml: key "population": -1 is negative`},
		{"zero divisor", "working_days = 220", "working_days = 0",
			`s.toml: key "working_days": 0 must be above 0`},
		{"unknown key", "detection = 0.5", "detection = 0.5\ndetecton = 0.5",
			`s.toml: unknown key "detecton" (misspelt? the keys are those of the shipped scenarios in data/workforce)`},
		{"unknown role key", "oncosts = 7500", "oncosts = 7500\nsalery = 1",
			`s.toml: unknown key "low_intensity.salery" (misspelt? the keys are those of the shipped scenarios in data/workforce)`},
		{"missing key", "stepped_up = 0.1\n", "",
			`s.toml: missing key "stepped_up"`},
		{"missing role key", "salary = 45000\n", "",
			`s.toml: missing key "high_intensity.salary"`},
		{"unknown mode", `caseload_mode = "scaled"`, `caseload_mode = "gross"`,
			`s.toml: key "caseload_mode": "gross" is neither "scaled" nor "net"`},
		{"deprivation beyond 40%", "detection = 0.5", "detection = 0.5\ndeprivation = 0.5",
			`s.toml: key "deprivation": 0.5 is outside -0.4 to 0.4 (the source adjusts prevalence by at most 40% either way)`},
		{"prevalence above 1 after deprivation", "prevalence = 0.16", "prevalence = 0.8\ndeprivation = 0.4",
			`s.toml: key "prevalence": 0.8 adjusted for deprivation (+40%) is above 1`},
		{"empty name", `name = "Scaled example"`, `name = " "`,
			`s.toml: key "name": empty: give the scenario a name to show in reports`},
		{"prevalence twice", "current_wte = 16", "current_wte = 16\n[disorders.depression]\nprevalence = 0.1\nreferral_share = 1",
			"s.toml: key \"prevalence\": not allowed with [disorders]: each disorder has its own\n" +
				"s.toml: key \"referral_share\": not allowed with [disorders]: each disorder has its own"},
		{"no disorders", "current_wte = 16", "current_wte = 16\n[disorders]",
			"s.toml: key \"disorders\": empty: give each disorder as its own table, e.g. [disorders.depression]\n" +
				"s.toml: key \"prevalence\": not allowed with [disorders]: each disorder has its own\n" +
				"s.toml: key \"referral_share\": not allowed with [disorders]: each disorder has its own"},
		{"source for nothing", "current_wte = 16", "current_wte = 16\n[sources]\nprevalance = \"x\"",
			`s.toml: key "sources.prevalance": names no assumption of this scenario (keys are written as in the file, e.g. "low_intensity.salary")`},
		{"wrong type", "population = 250000", `population = "a lot"`,
			`s.toml: toml: line 3 (last key "population"): incompatible types: TOML value has type string; destination has type float`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(scaledExample, tc.old, tc.new, 1)
			if text == scaledExample {
				t.Fatalf("test case changes nothing: %q not found", tc.old)
			}
			_, err := Parse("s.toml", []byte(text))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tc.want)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	text := strings.NewReplacer("stepped_up = 0.1\n", "", "detection = 0.5", "detection = 0.5\nfoo = 1").Replace(scaledExample)
	_, err := Parse("s.toml", []byte(text))
	want := "s.toml: unknown key \"foo\" (misspelt? the keys are those of the shipped scenarios in data/workforce)\n" +
		"s.toml: missing key \"stepped_up\""
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestLTCFormKeys(t *testing.T) {
	_, err := Parse("s.toml", []byte(`
name = "x"
population = 1
`+chainTail+`
[ltc]
condition = "Diabetes"
share = 0.3
`))
	want := "s.toml: missing key \"ltc.register\"\n" +
		"s.toml: missing key \"referral_share\"\n" +
		"s.toml: key \"population\": not allowed with [ltc]: the register and its share replace them"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestLoadAllDuplicateNames(t *testing.T) {
	fsys := fstest.MapFS{
		"w/a.toml": {Data: []byte(scaledExample)},
		"w/b.toml": {Data: []byte(scaledExample)},
	}
	_, err := LoadAll(fsys, "w")
	want := `w/a.toml and w/b.toml both have name = "Scaled example": give each scenario its own name`
	if err == nil || err.Error() != want {
		t.Errorf("error: %v\nwant: %s", err, want)
	}
	if _, err := LoadAll(fsys, "none"); err == nil || err.Error() != "no workforce scenarios (*.toml files) in none" {
		t.Errorf("empty folder: %v", err)
	}
}

// The shipped scenarios load, every assumption says where it came from, and the
// figures are those worked by hand, with the published inputs (APMS 2023/4 prevalence
// 22.6%; PSSRU 2024 Table 8.2.1: 210 working days, band 5 salary and on-costs
// £30,142 + £9,569 = £39,711 and full cost £69,860, band 7 £47,336 + £16,016 = £63,352
// and £106,873):
//
// Outline business case: N = 250000 × 0.226 × 0.5 × 0.5 = 14125; LI 14125 episodes,
// 98875 contacts, ÷ (16 × 0.7 × 210 = 2352) = 42.04 WTE, cost 98875 × 39711 ÷ 2352 =
// 1,669,398.44, full 98875 × 69860 ÷ 2352 = 2,936,822.92; HI 1412.5 episodes (1413),
// 16950 contacts, ÷ (7 × 0.55 × 210 = 808.5) = 20.96 WTE, cost 16950 × 63352 ÷ 808.5 =
// 1,328,158.81, full 16950 × 106873 ÷ 808.5 = 2,240,565.68.
//
// Lower-contact alternative (net): same N; LI 14125 × 3 = 42375 contacts, ÷ (3.6 × 210
// = 756) = 56.05 WTE, cost × 39711 = 2,225,864.58, full × 69860 = 3,915,763.89; HI
// 1412.5 × 15 = 21187.5 contacts (21188), ÷ (3.77 × 210 = 791.7) = 26.76 WTE, cost
// × 63352 = 1,695,428.19, full × 106873 = 2,860,138.55.
//
// Diabetes: N = 15500 × 0.30 × 0.5 × 0.5 = 1162.5 (1163); LI × 7 = 8137.5 contacts
// (8138), ÷ 2352 = 3.4598 WTE, cost × 39711 = 137,392.97, full × 69860 = 241,703.13; HI
// 116.25 episodes (116), 1395 contacts, ÷ 808.5 = 1.7254 WTE, cost × 63352 =
// 109,308.65, full × 106873 = 184,400.54.
//
// Current staff are not entered and there are no records here: current and gap empty.
func TestShippedScenarios(t *testing.T) {
	all, err := LoadAll(iaptpub.Sources, "data/workforce")
	if err != nil {
		t.Fatal(err)
	}
	var results []Result
	for _, s := range all {
		r := Compute(s, nil)
		results = append(results, r)
		for _, a := range r.Assumptions {
			if a.Source == "" && !a.NotUsed {
				t.Errorf("%s: assumption %s has no source", s.File, a.Key)
			}
			if a.Local && !strings.Contains(a.Source, "ocal") {
				t.Errorf("%s: locally entered %s: source %q does not say so", s.File, a.Key, a.Source)
			}
		}
		if strings.TrimSpace(s.Notes) == "" {
			t.Errorf("%s: no notes", s.File)
		}
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, results); err != nil {
		t.Fatal(err)
	}
	want := `SCENARIO,ROLE,EPISODES,CONTACTS,WTE_REQUIRED,WTE_CURRENT,CURRENT_FROM,WTE_GAP,COST,FULL_COST,PRICE_YEAR
Outline business case defaults,low_intensity,14125,98875,42.04,,,,1669398,2936823,2023/24
Outline business case defaults,high_intensity,1413,16950,20.96,,,,1328159,2240566,2023/24
Lower-contact alternative,low_intensity,14125,42375,56.05,,,,2225865,3915764,2023/24
Lower-contact alternative,high_intensity,1413,21188,26.76,,,,1695428,2860139,2023/24
Diabetes pathway,low_intensity,1163,8138,3.46,,,,137393,241703,2023/24
Diabetes pathway,high_intensity,116,1395,1.73,,,,109309,184401,2023/24
`
	if buf.String() != want {
		t.Errorf("shipped scenarios:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// WriteCSV formats the worked examples: whole episodes, contacts and pounds, WTE to
// 2 decimals, empty cost without a salary, and names quoted when they hold a comma.
//
//	scaled: LI 28.409… WTE, gap 8.409…, cost 1,065,340.91 → 1065341;
//	        HI 14.168… WTE, gap −1.832…, cost 828,807.56 → 828808
func TestWriteCSV(t *testing.T) {
	r := Compute(mustParse(t, strings.Replace(scaledExample, `"Scaled example"`, `"Scaled, example"`, 1)), nil)
	noSalary := Compute(mustParse(t, strings.Replace(scaledExample, "salary = 45000", "salary = 0", 1)), nil)
	noSalary.Name = "No HI salary"
	var buf bytes.Buffer
	if err := WriteCSV(&buf, []Result{r, noSalary}); err != nil {
		t.Fatal(err)
	}
	want := `SCENARIO,ROLE,EPISODES,CONTACTS,WTE_REQUIRED,WTE_CURRENT,CURRENT_FROM,WTE_GAP,COST,FULL_COST,PRICE_YEAR
"Scaled, example",low_intensity,10000,70000,28.41,20.00,entered,8.41,1065341,,2023/24
"Scaled, example",high_intensity,1000,12000,14.17,16.00,entered,-1.83,828808,,2023/24
No HI salary,low_intensity,10000,70000,28.41,20.00,entered,8.41,1065341,,2023/24
No HI salary,high_intensity,1000,12000,14.17,16.00,entered,-1.83,,,2023/24
`
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestFixedNeverNegativeZero(t *testing.T) {
	for v, want := range map[float64]string{-0.001: "0.00", 0.004: "0.00", -1.836: "-1.84", 2.5: "2.50"} {
		if got := fixed(v, 2); got != want {
			t.Errorf("fixed(%v, 2) = %s, want %s", v, got, want)
		}
	}
}
