// Package reference loads the reference data the outcome measures are computed with:
// the instrument catalogue and its thresholds, the questionnaires chosen by presenting
// complaint, which appointments count, the pathways, the breakdown labels and the
// national standards (shared spec: measures.md). The data lives in TOML files under
// data/, read at run time from an fs.FS (the copy embedded in the binary, or a
// service's own with --site), so that a service can correct a value without a code
// change and the methodology page, rendered from the same files, cannot disagree with
// the figures.
package reference

import (
	"strings"
)

// Files read by Load, relative to the root of the fs.FS.
const (
	InstrumentsFile       = "data/instruments.toml"
	ComplaintMeasuresFile = "data/complaint_measures.toml"
	AppointmentsFile      = "data/appointments.toml"
	PathwaysFile          = "data/pathways.toml"
	BreakdownsFile        = "data/breakdowns.toml"
	StandardsFile         = "data/standards.toml"
)

// Data is all the reference data of the outcome measures, validated.
type Data struct {
	Instruments *Catalogue
	// Depression is the short name of the depression measure (P of measures.md, PHQ-9);
	// DefaultAnxiety that of the anxiety measure used when no ADSM is paired (GAD-7).
	Depression, DefaultAnxiety string
	// ADSM and PPS map a primary presenting complaint to its anxiety disorder specific
	// measure, or its persistent-physical-symptom measure; no code is in both.
	ADSM, PPS    []ComplaintMeasure
	Appointments Appointments
	Pathways     []Pathway
	Breakdowns   Breakdowns
	Waits        Waits
	Standards    []Standard
}

// MaxPathways is how many pathways there may be: a referral's pathways are held as the
// bits of a 32-bit word, which keeps national-scale exports small in memory.
const MaxPathways = 32

// ComplaintMeasure is one row of the ADSM or PPS table.
type ComplaintMeasure struct {
	Complaint  string // code prefix, upper case, without dots
	Label      string
	Instrument string // short name in the catalogue
}

// ComplaintMeasureFor returns the row of table whose Complaint is the longest prefix of
// code (upper case, without dots, as the export reader writes it).
func ComplaintMeasureFor(table []ComplaintMeasure, code string) (ComplaintMeasure, bool) {
	best, found := ComplaintMeasure{}, false
	for _, m := range table {
		if strings.HasPrefix(code, m.Complaint) && (!found || len(m.Complaint) > len(best.Complaint)) {
			best, found = m, true
		}
	}
	return best, found
}

// Appointments says which contacts are attended and which are treatment appointments.
// Codes are held as the export reader normalises them: AttendOrDNACode without leading
// zeros, AppType as two digits.
type Appointments struct {
	Attended  map[string]string // code → label
	Treatment map[string]string // AppType → label
	// byNumber answers for codes in the reader's forms without a map lookup: every
	// contact of a national export asks both, once for each evaluation that counts
	// appointments. nil (an Appointments made by hand) asks the maps.
	byNumber *appointmentCodes
}

// appointmentCodes holds Attended and Treatment by the number of the code.
type appointmentCodes struct{ attended, treatment [100]bool }

// IsAttended reports whether an AttendOrDNACode means the person was seen.
func (a Appointments) IsAttended(code string) bool {
	// The reader's form: a number below 100 without leading zeros.
	if n, ok := twoDigits(code); ok && a.byNumber != nil && (len(code) == 1 || code[0] != '0') {
		return a.byNumber.attended[n]
	}
	_, ok := a.Attended[code]
	return ok
}

// IsTreatment reports whether an attended appointment of this AppType is treatment.
func (a Appointments) IsTreatment(appType string) bool {
	// The reader's form: two digits.
	if n, ok := twoDigits(appType); ok && a.byNumber != nil && len(appType) == 2 {
		return a.byNumber.treatment[n]
	}
	_, ok := a.Treatment[appType]
	return ok
}

// twoDigits reads a string of one or two ASCII digits.
func twoDigits(s string) (int, bool) {
	switch {
	case len(s) == 1 && s[0]-'0' < 10:
		return int(s[0] - '0'), true
	case len(s) == 2 && s[0]-'0' < 10 && s[1]-'0' < 10:
		return int(s[0]-'0')*10 + int(s[1]-'0'), true
	}
	return 0, false
}

// Pathway is one integrated long-term-condition pathway.
type Pathway struct {
	Name                 string // its VARIABLE_A value and page title
	Slug                 string
	LTCCodes             []string
	ComplaintPrefixes    []string // upper case, without dots
	ConditionMeasure     string   // short name, or "" when X020–X022 are not published
	ConditionMeasureNote string
	PPSMeasures          bool // X010 and X011 are published for it
}

// Waits are the waiting-time limits, in days from referral to first treatment.
type Waits struct {
	SixWeeksDays      int
	EighteenWeeksDays int
}

// Standard is a national standard a measure is read against.
type Standard struct {
	Key           string
	Name          string
	Measure       string // measure ID, such as M192
	TargetPercent float64
	Description   string
	Source        string
}
