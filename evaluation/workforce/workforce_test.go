package workforce

import (
	"math"
	"strings"
	"testing"
)

// near compares with a relative tolerance: the expected values below are exact
// fractions worked out by hand, the program's are floating point.
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

type wantRole struct {
	episodes, contacts, wte, current, gap, cost float64
	costKnown                                   bool
}

func checkRole(t *testing.T, got RoleResult, role string, w wantRole) {
	t.Helper()
	if got.Role != role {
		t.Errorf("role = %q, want %q", got.Role, role)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"episodes", got.Episodes, w.episodes},
		{"contacts", got.Contacts, w.contacts},
		{"WTE required", got.WTERequired, w.wte},
		{"WTE current", got.WTECurrent, w.current},
		{"WTE gap", got.WTEGap, w.gap},
		{"cost", got.Cost, w.cost},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s %s = %v, want %v", role, c.name, c.got, c.want)
		}
	}
	if got.CostKnown != w.costKnown {
		t.Errorf("%s cost known = %v, want %v", role, got.CostKnown, w.costKnown)
	}
}

func mustParse(t *testing.T, text string) Scenario {
	t.Helper()
	s, err := Parse("test.toml", []byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

// The outline-business-case defaults with salaries and current staff entered.
const scaledExample = `
name = "Scaled example"
population = 250000
prevalence = 0.16
presentation = 0.5
detection = 0.5
referral_share = 1.0
start_step2 = 1.0
stepped_up = 0.1
medication_only = 0.0
working_days = 220
caseload_mode = "scaled"
price_year = "2023/24"
[low_intensity]
contacts_per_episode = 7
contacts_per_day = 16
caseload = 0.70
salary = 30000
oncosts = 7500
full_cost = 0
current_wte = 20
[high_intensity]
contacts_per_episode = 12
contacts_per_day = 7
caseload = 0.55
salary = 45000
oncosts = 13500
full_cost = 0
current_wte = 16
`

// Worked by hand:
//
//	N           = 250000 × 0.16 × 0.5 × 0.5 × 1.0 × (1 − 0) = 10000
//	LI episodes = 10000 × 1.0                                = 10000
//	HI episodes = 10000 × (1 − 1.0) + 10000 × 0.1            = 1000
//	LI contacts = 10000 × 7  = 70000
//	HI contacts = 1000 × 12  = 12000
//	LI WTE = 70000 ÷ (16 × 0.70 × 220) = 70000 ÷ 2464 = 28.409…
//	HI WTE = 12000 ÷ (7 × 0.55 × 220)  = 12000 ÷ 847  = 14.168…
//	LI gap = 28.409… − 20 = 8.409…;  HI gap = 14.168… − 16 = −1.832…
//	LI cost = 70000/2464 × (30000 + 7500)  = 70000 × 37500 ÷ 2464 = 1,065,340.91
//	HI cost = 12000/847 × (45000 + 13500)  = 12000 × 58500 ÷ 847  =   828,807.56
func TestComputeScaledWorkedExample(t *testing.T) {
	r := Compute(mustParse(t, scaledExample), nil)
	if !near(r.PeopleTreated, 10000) {
		t.Errorf("people treated = %v, want 10000", r.PeopleTreated)
	}
	checkRole(t, r.Roles[0], LowIntensity, wantRole{10000, 70000, 70000.0 / 2464, 20, 70000.0/2464 - 20, 70000.0 * 37500 / 2464, true})
	checkRole(t, r.Roles[1], HighIntensity, wantRole{1000, 12000, 12000.0 / 847, 16, 12000.0/847 - 16, 12000.0 * 58500 / 847, true})
}

// Worked by hand ("net": contacts per day are already net of caseload, which is
// therefore not used):
//
//	N           = 100000 × 0.2 × 0.5 × 0.5 × 0.8 × (1 − 0.1) = 3600
//	LI episodes = 3600 × 0.75                           = 2700
//	HI episodes = 3600 × (1 − 0.75) + 2700 × 0.2 = 900 + 540 = 1440
//	LI contacts = 2700 × 5  = 13500
//	HI contacts = 1440 × 10 = 14400
//	LI WTE = 13500 ÷ (10 × 200) = 6.75;  gap = 6.75 − 5 = 1.75
//	HI WTE = 14400 ÷ (4 × 200)  = 18;    gap = 18 − 20 = −2
//	LI cost: no salary entered, not known
//	HI cost = 18 × (40000 + 12000) = 936,000
func TestComputeNetWorkedExample(t *testing.T) {
	r := Compute(mustParse(t, `
name = "Net example"
population = 100000
prevalence = 0.2
presentation = 0.5
detection = 0.5
referral_share = 0.8
start_step2 = 0.75
stepped_up = 0.2
medication_only = 0.1
working_days = 200
caseload_mode = "net"
price_year = "2023/24"
[low_intensity]
contacts_per_episode = 5
contacts_per_day = 10
caseload = 0.6
salary = 0
oncosts = 0
full_cost = 0
current_wte = 5
[high_intensity]
contacts_per_episode = 10
contacts_per_day = 4
caseload = 0.5
salary = 40000
oncosts = 12000
full_cost = 0
current_wte = 20
`), nil)
	if !near(r.PeopleTreated, 3600) {
		t.Errorf("people treated = %v, want 3600", r.PeopleTreated)
	}
	checkRole(t, r.Roles[0], LowIntensity, wantRole{2700, 13500, 6.75, 5, 1.75, 0, false})
	checkRole(t, r.Roles[1], HighIntensity, wantRole{1440, 14400, 18, 20, -2, 936000, true})
	for _, a := range r.Assumptions {
		if strings.HasSuffix(a.Key, ".caseload") && !a.NotUsed {
			t.Errorf("%s not marked as not used in net mode", a.Key)
		}
	}
}

// The rest of a scenario, shared by the disorder and LTC examples below: the population
// and its prevalence are left to each.
const chainTail = `
presentation = 0.5
detection = 0.5
start_step2 = 1.0
stepped_up = 0.1
medication_only = 0.0
working_days = 220
caseload_mode = "scaled"
price_year = ""
[low_intensity]
contacts_per_episode = 7
contacts_per_day = 16
caseload = 0.70
salary = 0
oncosts = 0
full_cost = 0
current_wte = 0
[high_intensity]
contacts_per_episode = 12
contacts_per_day = 7
caseload = 0.55
salary = 0
oncosts = 0
full_cost = 0
current_wte = 0
`

// Worked by hand, prevalence per disorder with 20% more for deprivation:
//
//	with a problem treated = 100000 × 1.2 × (0.05 × 1.0 + 0.04 × 0.5 + 0.02 × 0)
//	                       = 120000 × 0.07 = 8400
//	N = 8400 × 0.5 × 0.5 = 2100;  LI episodes = 2100;  HI episodes = 210
//	LI contacts = 14700, WTE = 14700 ÷ 2464;  HI contacts = 2520, WTE = 2520 ÷ 847
func TestComputeDisordersWithDeprivation(t *testing.T) {
	r := Compute(mustParse(t, `
name = "Disorders"
population = 100000
deprivation = 0.2
`+chainTail+`
[disorders.depression]
prevalence = 0.05
referral_share = 1.0
[disorders.gad]
prevalence = 0.04
referral_share = 0.5
[disorders.ptsd]
prevalence = 0.02
referral_share = 0
`), nil)
	if !near(r.PeopleTreated, 2100) {
		t.Errorf("people treated = %v, want 2100", r.PeopleTreated)
	}
	checkRole(t, r.Roles[0], LowIntensity, wantRole{2100, 14700, 14700.0 / 2464, 0, 14700.0 / 2464, 0, false})
	checkRole(t, r.Roles[1], HighIntensity, wantRole{210, 2520, 2520.0 / 847, 0, 2520.0 / 847, 0, false})
	var keys []string
	for _, a := range r.Assumptions[:8] {
		keys = append(keys, a.Key)
	}
	want := "population disorders.depression.prevalence disorders.depression.referral_share " +
		"disorders.gad.prevalence disorders.gad.referral_share disorders.ptsd.prevalence " +
		"disorders.ptsd.referral_share deprivation"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("first assumptions = %s\nwant %s", got, want)
	}
}

// Worked by hand, a long-term-condition register with 10% less for deprivation:
//
//	with a problem treated = 12000 × 0.3 × 0.9 × 0.5 = 1620
//	N = 1620 × 0.5 × 0.5 = 405;  LI episodes = 405;  HI episodes = 40.5
//	LI contacts = 2835, WTE = 2835 ÷ 2464;  HI contacts = 486, WTE = 486 ÷ 847
func TestComputeLTC(t *testing.T) {
	r := Compute(mustParse(t, `
name = "COPD"
referral_share = 0.5
deprivation = -0.1
`+chainTail+`
[ltc]
condition = "COPD"
register = 12000
share = 0.3
`), nil)
	if !near(r.PeopleTreated, 405) {
		t.Errorf("people treated = %v, want 405", r.PeopleTreated)
	}
	checkRole(t, r.Roles[0], LowIntensity, wantRole{405, 2835, 2835.0 / 2464, 0, 2835.0 / 2464, 0, false})
	checkRole(t, r.Roles[1], HighIntensity, wantRole{40.5, 486, 486.0 / 847, 0, 486.0 / 847, 0, false})
}

func TestAssumptions(t *testing.T) {
	r := Compute(mustParse(t, scaledExample+`
[sources]
prevalence = "APMS 2007"
`), nil)
	byKey := map[string]Assumption{}
	for _, a := range r.Assumptions {
		byKey[a.Key] = a
	}
	if len(byKey) != len(r.Assumptions) {
		t.Errorf("assumption keys repeat: %d keys for %d assumptions", len(byKey), len(r.Assumptions))
	}
	for key, want := range map[string]Assumption{
		"prevalence":                {Value: "16%", Source: "APMS 2007"},
		"deprivation":               {Value: "0%"},
		"working_days":              {Value: "220"},
		"caseload_mode":             {Value: "scaled"},
		"price_year":                {Value: "2023/24"},
		"low_intensity.salary":      {Value: "30000"},
		"low_intensity.oncosts":     {Value: "7500"},
		"low_intensity.full_cost":   {Value: "0", NotEntered: true},
		"low_intensity.current_wte": {Value: "20", Source: LocalSource, Local: true},
		"high_intensity.caseload":   {Value: "55%"},
	} {
		got := byKey[key]
		got.Key, got.Name, want.Key, want.Name = "", "", "", ""
		if got != want {
			t.Errorf("%s = %+v, want %+v", key, got, want)
		}
	}
	// The single-prevalence form has 12 inputs to the chain (population, prevalence,
	// deprivation, presentation, detection, referral share, medication only, start at
	// step 2, stepped up, working days, caseload mode, price year) and 7 for each role:
	// 26.
	if len(r.Assumptions) != 26 {
		t.Errorf("%d assumptions, want 26", len(r.Assumptions))
	}
}

func TestNotEntered(t *testing.T) {
	r := Compute(mustParse(t, strings.Replace(scaledExample, "salary = 30000", "salary = 0", 1)), nil)
	for _, a := range r.Assumptions {
		want := a.Key == "low_intensity.salary" || strings.HasSuffix(a.Key, ".full_cost")
		if a.NotEntered != want {
			t.Errorf("%s: NotEntered = %v, want %v", a.Key, a.NotEntered, want)
		}
	}
	if r.Roles[0].CostKnown || !r.Roles[1].CostKnown {
		t.Errorf("cost known = %v, %v; want false, true", r.Roles[0].CostKnown, r.Roles[1].CostKnown)
	}
}
