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
//	cost              = WTE × (salary + on-costs)
//	full cost         = WTE × (salary, on-costs, overheads and capital)
//	gap               = WTE − current WTE
//
// Prevalence may instead be given per disorder (each with its own referral share), or,
// for a long-term-condition pathway, as the people on the condition's register × the
// share of them with depression or anxiety.
//
// Scenarios are TOML files (see Load); every assumption carries its value and where it
// came from, so a report can list them all. Current staff may be entered; when they are
// not, the staff that the service's own records imply (Records) stand in for them.
package workforce

import (
	"fmt"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/prices"
)

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
	// PriceYear is the price year of the staff costs; At restates them at another.
	PriceYear string `toml:"price_year"`
	// StatedYear is PriceYear as the file gives it, before At.
	StatedYear string `toml:"-"`

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
	// Pathway is the slug of the service's pathway for the condition (optional): its
	// records are then the ones set beside the scenario.
	Pathway string `toml:"pathway"`
}

// Role holds the assumptions for one kind of practitioner.
type Role struct {
	ContactsPerEpisode float64 `toml:"contacts_per_episode"`
	ContactsPerDay     float64 `toml:"contacts_per_day"`
	Caseload           float64 `toml:"caseload"` // share of time in direct contact
	// Salary, Oncosts and FullCost are pounds a year per WTE at PriceYear; 0 means not
	// entered. FullCost adds overheads and capital to salary and on-costs, the way the
	// PSSRU manual costs a post, for a second reading of the cost.
	Salary   float64 `toml:"salary"`
	Oncosts  float64 `toml:"oncosts"`
	FullCost float64 `toml:"full_cost"`
	// CurrentWTE is today's staff, when CurrentEntered (the key is in the file).
	CurrentWTE     float64 `toml:"current_wte"`
	CurrentEntered bool    `toml:"-"`
}

// Result is what the model gives for one scenario.
type Result struct {
	Name          string
	File          string
	CaseloadMode  string
	PriceYear     string       // of the costs
	PeopleTreated float64      // N, before the split into steps
	Roles         []RoleResult // low intensity, then high intensity
	Assumptions   []Assumption // every input, in the order of the chain
}

// Where a role's current staff come from.
const (
	CurrentEntered = "entered" // the scenario's current_wte
	CurrentRecords = "records" // implied by the contacts the service's records show
)

// RoleResult holds one role's figures, unrounded.
type RoleResult struct {
	Role        string // LowIntensity or HighIntensity
	Episodes    float64
	Contacts    float64
	WTERequired float64
	// CurrentFrom says where WTECurrent comes from, CurrentEntered or CurrentRecords;
	// "" when it is not known, and WTECurrent and WTEGap then mean nothing.
	CurrentFrom string
	WTECurrent  float64
	WTEGap      float64 // required − current: above 0 means more staff are needed
	// Cost is of the required WTE's salaries and on-costs, in pounds a year at the
	// scenario's price year; FullCost adds overheads and capital. Each is 0 and means
	// nothing when its Known is false.
	Cost          float64
	CostKnown     bool
	FullCost      float64
	FullCostKnown bool
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

// At restates the scenario's staff costs at prices of year with the inflation index
// ix. A scenario with no costs entered needs no price year.
func (s Scenario) At(ix *prices.Index, year string) (Scenario, error) {
	s.StatedYear = s.PriceYear
	if s.LowIntensity.Salary == 0 && s.HighIntensity.Salary == 0 && s.LowIntensity.FullCost == 0 && s.HighIntensity.FullCost == 0 {
		return s, nil
	}
	f, err := ix.Factor(s.PriceYear, year)
	if err != nil {
		return Scenario{}, fmt.Errorf("%s: key \"price_year\": %w", s.File, err)
	}
	for _, r := range []*Role{&s.LowIntensity, &s.HighIntensity} {
		r.Salary *= f
		r.Oncosts *= f
		r.FullCost *= f
	}
	s.PriceYear = year
	return s, nil
}

// Compute runs the model on a scenario that Load accepted. d is what the service's own
// records show it delivers (nil when there are none): a role whose current staff are not
// entered is set beside the staff that the records' contacts imply.
func Compute(s Scenario, d *Delivered) Result {
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
	var deliveredLI, deliveredHI float64 = -1, -1
	if d != nil && d.HasIntensity {
		deliveredLI, deliveredHI = d.ContactsLI, d.ContactsHI
	}
	return Result{
		Name:          s.Name,
		File:          s.File,
		CaseloadMode:  s.CaseloadMode,
		PriceYear:     s.PriceYear,
		PeopleTreated: n,
		Roles: []RoleResult{
			s.role(LowIntensity, s.LowIntensity, li, deliveredLI),
			s.role(HighIntensity, s.HighIntensity, hi, deliveredHI),
		},
		Assumptions: s.assumptions(),
	}
}

// Capacity is the contacts one WTE of the role gives in a year under the scenario.
func (s Scenario) Capacity(r Role) float64 {
	capacity := r.ContactsPerDay * s.WorkingDays
	if s.CaseloadMode != ModeNet {
		capacity *= r.Caseload
	}
	return capacity
}

// role works out one role; delivered is the contacts a year the service's records
// show, or below 0 when they are not known.
func (s Scenario) role(name string, r Role, episodes, delivered float64) RoleResult {
	contacts := episodes * r.ContactsPerEpisode
	wte := contacts / s.Capacity(r)
	out := RoleResult{
		Role:          name,
		Episodes:      episodes,
		Contacts:      contacts,
		WTERequired:   wte,
		Cost:          wte * (r.Salary + r.Oncosts),
		CostKnown:     r.Salary > 0,
		FullCost:      wte * r.FullCost,
		FullCostKnown: r.FullCost > 0,
	}
	switch {
	case r.CurrentEntered:
		out.CurrentFrom, out.WTECurrent = CurrentEntered, r.CurrentWTE
	case delivered >= 0:
		out.CurrentFrom, out.WTECurrent = CurrentRecords, delivered/s.Capacity(r)
	}
	if out.CurrentFrom != "" {
		out.WTEGap = wte - out.WTECurrent
	}
	return out
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
		if s.LTC.Pathway != "" {
			add("ltc.pathway", "The service's pathway for it", s.LTC.Pathway)
		}
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
	add("working_days", "Working days per WTE per year", number(s.WorkingDays))
	add("caseload_mode", "How contacts per day and caseload combine", s.CaseloadMode)
	add("price_year", "Price year of the staff costs", s.PriceYear)
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
		add(k+"salary", n+"salary (pounds a year)", number(r.role.Salary)).NotEntered = r.role.Salary == 0
		add(k+"oncosts", n+"employer's on-costs (pounds a year)", number(r.role.Oncosts)).NotEntered = r.role.Oncosts == 0
		add(k+"full_cost", n+"full cost with overheads and capital (pounds a year)", number(r.role.FullCost)).NotEntered = r.role.FullCost == 0
		current := add(k+"current_wte", n+"current staff (WTE)", number(r.role.CurrentWTE))
		local(current)
		if !r.role.CurrentEntered {
			current.Value, current.NotEntered = "", true
		}
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
