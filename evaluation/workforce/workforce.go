// Package workforce is the workforce capacity model for commissioners: it turns local
// need into the number of low- and high-intensity practitioners (whole-time
// equivalents, WTE) a service needs, what they cost, and the gap from today's staff.
//
// It re-implements the chain of the IAPT Workforce Capacity Tool (described in the
// FAQ appended to the IAPT programme's workforce guide for Pathfinder sites) and
// extends it to long-term-condition pathways:
//
//	people treated  N = population × prevalence × (1 + deprivation) × presentation
//	                    × detection × referral share × (1 − medication only)
//	LI episodes       = N × start at step 2
//	HI episodes       = N × (1 − start at step 2) + LI episodes × stepped up
//	contacts          = episodes × contacts per episode
//	WTE               = contacts ÷ (contacts per day × caseload × working days)  ("scaled")
//	                  = contacts ÷ (contacts per day × working days)             ("net")
//	cost              = WTE × salary × (1 + on-costs)
//	gap               = WTE − current WTE
//
// Prevalence may instead be given per disorder (each with its own referral share), or,
// for a long-term-condition pathway, as the people on the condition's register × the
// share of them with depression or anxiety.
//
// Scenarios are TOML files (see Load); every assumption carries its value and where it
// came from, so a report can list them all.
package workforce

import "strconv"

// Caseload modes: the source gives contacts per day and a "% caseload" (share of time
// in direct contact) without saying how the two combine, so both readings are offered.
const (
	// ModeScaled reads contacts per day as a full clinical day, scaled down by the
	// caseload share. This is the default reading.
	ModeScaled = "scaled"
	// ModeNet reads contacts per day as already net of non-contact time; the caseload
	// share is then not used.
	ModeNet = "net"
)

// Role names, as used in scenario files and in the command's ROLE column.
const (
	LowIntensity  = "low_intensity"
	HighIntensity = "high_intensity"
)

// Scenario is one set of assumptions, as read from a scenario file.
type Scenario struct {
	// File is where the scenario was read from; Load sets it, for messages.
	File string `toml:"-"`

	Name  string `toml:"name"`
	Notes string `toml:"notes"` // free text: what the scenario is and how figures were converted

	// The population and its prevalence come in one of three forms: Population with
	// Prevalence and ReferralShare; Population with Disorders; or LTC with
	// ReferralShare.
	Population    float64             `toml:"population"`
	Prevalence    float64             `toml:"prevalence"`
	Disorders     map[string]Disorder `toml:"disorders"`
	LTC           *LTC                `toml:"ltc"`
	ReferralShare float64             `toml:"referral_share"`

	// Deprivation adjusts the prevalence by up to 40% either way (0.2 = 20% more);
	// the source's deprivation index moved prevalence by as much as that.
	Deprivation float64 `toml:"deprivation"`

	Presentation   float64 `toml:"presentation"`
	Detection      float64 `toml:"detection"`
	StartStep2     float64 `toml:"start_step2"`
	SteppedUp      float64 `toml:"stepped_up"`
	MedicationOnly float64 `toml:"medication_only"`
	WorkingDays    float64 `toml:"working_days"`
	CaseloadMode   string  `toml:"caseload_mode"`

	LowIntensity  Role `toml:"low_intensity"`
	HighIntensity Role `toml:"high_intensity"`

	// Sources says where each assumption came from, keyed as in Assumption.Key.
	Sources map[string]string `toml:"sources"`
}

// Disorder is one common mental health problem in the per-disorder form.
type Disorder struct {
	Prevalence    float64 `toml:"prevalence"`     // weekly prevalence in the population
	ReferralShare float64 `toml:"referral_share"` // share of those this service treats
}

// LTC is the long-term-condition form of the population: people on the condition's
// register, of whom Share have depression or anxiety.
type LTC struct {
	Condition string  `toml:"condition"`
	Register  float64 `toml:"register"`
	Share     float64 `toml:"share"`
}

// Role holds the assumptions for one kind of practitioner.
type Role struct {
	ContactsPerEpisode float64 `toml:"contacts_per_episode"`
	ContactsPerDay     float64 `toml:"contacts_per_day"`
	Caseload           float64 `toml:"caseload"` // share of time in direct contact
	Salary             float64 `toml:"salary"`   // pounds a year; 0 = not entered
	Oncost             float64 `toml:"oncost"`   // employer's on-costs as a share of salary
	CurrentWTE         float64 `toml:"current_wte"`
}

// Result is what the model gives for one scenario.
type Result struct {
	Name          string
	File          string
	CaseloadMode  string
	PeopleTreated float64      // N, before the split into steps
	Roles         []RoleResult // low intensity, then high intensity
	Assumptions   []Assumption // every input, in the order of the chain
}

// RoleResult holds one role's figures, unrounded.
type RoleResult struct {
	Role        string // LowIntensity or HighIntensity
	Episodes    float64
	Contacts    float64
	WTERequired float64
	WTECurrent  float64
	WTEGap      float64 // required − current: above 0 means more staff are needed
	Cost        float64 // of the required WTE, in pounds a year
	CostKnown   bool    // false when no salary was entered: Cost is then 0 and means nothing
}

// Assumption is one input of a scenario with its value and where it came from.
type Assumption struct {
	Key    string // as in the scenario file: "prevalence", "low_intensity.salary"
	Name   string // in words, for a table
	Value  string // as entered: a number, a share as a percentage, or a word
	Source string // where it came from; "" when the scenario does not say
	// Local marks inputs the source gives no figure for: the service or commissioner
	// must enter them.
	Local bool
	// NotEntered marks a local input still at 0, meaning "not entered" (salaries and
	// on-costs): figures that depend on it are not shown.
	NotEntered bool
	// NotUsed marks an input the chosen form or mode leaves out (caseload in "net" mode).
	NotUsed bool
}

// LocalSource is the source text of an input the source gives no figure for, when the
// scenario itself says nothing more.
const LocalSource = "Entered locally — the source gives no figure."

// Compute runs the model on a scenario that Load accepted.
func Compute(s Scenario) Result {
	dep := 1 + s.Deprivation
	var base float64 // people with a problem this service treats, before presentation
	switch {
	case s.LTC != nil:
		base = s.LTC.Register * s.LTC.Share * dep * s.ReferralShare
	case len(s.Disorders) > 0:
		for _, name := range sortedKeys(s.Disorders) {
			d := s.Disorders[name]
			base += s.Population * d.Prevalence * dep * d.ReferralShare
		}
	default:
		base = s.Population * s.Prevalence * dep * s.ReferralShare
	}
	n := base * s.Presentation * s.Detection * (1 - s.MedicationOnly)
	li := n * s.StartStep2
	hi := n*(1-s.StartStep2) + li*s.SteppedUp
	return Result{
		Name:          s.Name,
		File:          s.File,
		CaseloadMode:  s.CaseloadMode,
		PeopleTreated: n,
		Roles: []RoleResult{
			s.role(LowIntensity, s.LowIntensity, li),
			s.role(HighIntensity, s.HighIntensity, hi),
		},
		Assumptions: s.assumptions(),
	}
}

func (s Scenario) role(name string, r Role, episodes float64) RoleResult {
	contacts := episodes * r.ContactsPerEpisode
	capacity := r.ContactsPerDay * s.WorkingDays // contacts one WTE gives in a year
	if s.CaseloadMode != ModeNet {
		capacity *= r.Caseload
	}
	wte := contacts / capacity
	return RoleResult{
		Role:        name,
		Episodes:    episodes,
		Contacts:    contacts,
		WTERequired: wte,
		WTECurrent:  r.CurrentWTE,
		WTEGap:      wte - r.CurrentWTE,
		Cost:        wte * r.Salary * (1 + r.Oncost),
		CostKnown:   r.Salary > 0,
	}
}

// assumptions lists every input in the order the chain uses them.
func (s Scenario) assumptions() []Assumption {
	var as []Assumption
	add := func(key, name, value string) *Assumption {
		as = append(as, Assumption{Key: key, Name: name, Value: value, Source: s.Sources[key]})
		return &as[len(as)-1]
	}
	local := func(a *Assumption) {
		a.Local = true
		if a.Source == "" {
			a.Source = LocalSource
		}
	}
	switch {
	case s.LTC != nil:
		add("ltc.condition", "Long-term condition", s.LTC.Condition)
		local(add("ltc.register", "People on the condition's register", number(s.LTC.Register)))
		add("ltc.share", "Share of them with depression or anxiety", percent(s.LTC.Share))
	case len(s.Disorders) > 0:
		local(add("population", "Population in the age range served", number(s.Population)))
		for _, name := range sortedKeys(s.Disorders) {
			d := s.Disorders[name]
			add("disorders."+name+".prevalence", "Weekly prevalence: "+name, percent(d.Prevalence))
			add("disorders."+name+".referral_share", "Share this service treats: "+name, percent(d.ReferralShare))
		}
	default:
		local(add("population", "Population in the age range served", number(s.Population)))
		add("prevalence", "Weekly prevalence of common mental health problems", percent(s.Prevalence))
	}
	add("deprivation", "Deprivation adjustment of prevalence", signedPercent(s.Deprivation))
	add("presentation", "Share who seek help (presentation)", percent(s.Presentation))
	add("detection", "Share recognised (detection)", percent(s.Detection))
	if len(s.Disorders) == 0 {
		add("referral_share", "Share this service treats (referral)", percent(s.ReferralShare))
	}
	add("medication_only", "Share treated by medication alone", percent(s.MedicationOnly))
	add("start_step2", "Share who start at low intensity (step 2)", percent(s.StartStep2))
	add("stepped_up", "Share of low-intensity episodes stepped up to high intensity", percent(s.SteppedUp))
	local(add("working_days", "Working days per WTE per year", number(s.WorkingDays)))
	add("caseload_mode", "How contacts per day and caseload combine", s.CaseloadMode)
	for _, r := range []struct {
		key, name string
		role      Role
	}{
		{LowIntensity, "Low intensity", s.LowIntensity},
		{HighIntensity, "High intensity", s.HighIntensity},
	} {
		k, n := r.key+".", r.name+": "
		add(k+"contacts_per_episode", n+"contacts per episode", number(r.role.ContactsPerEpisode))
		add(k+"contacts_per_day", n+"contacts per day", number(r.role.ContactsPerDay))
		add(k+"caseload", n+"share of time in direct contact (caseload)", percent(r.role.Caseload)).NotUsed = s.CaseloadMode == ModeNet
		salary := add(k+"salary", n+"salary (pounds a year)", number(r.role.Salary))
		local(salary)
		salary.NotEntered = r.role.Salary == 0
		oncost := add(k+"oncost", n+"employer's on-costs (share of salary)", percent(r.role.Oncost))
		local(oncost)
		oncost.NotEntered = r.role.Oncost == 0
		local(add(k+"current_wte", n+"current staff (WTE)", number(r.role.CurrentWTE)))
	}
	return as
}

// number writes a value as entered: no trailing zeros, no exponent.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// percent writes a share as a percentage: 0.16 → "16%", 0.333 → "33.3%".
func percent(v float64) string {
	return strconv.FormatFloat(roundTo(v*100, 4), 'f', -1, 64) + "%"
}

func signedPercent(v float64) string {
	if v > 0 {
		return "+" + percent(v)
	}
	return percent(v)
}

// roundTo removes the binary noise of ×100 (0.07 × 100 = 7.000000000000001).
func roundTo(v float64, places int) float64 {
	p, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', places, 64), 64)
	return p
}
