package benchmark

// Organisation types found in the publication's OrgType column. Files of other years
// may hold others (CCG and STP before ICBs existed); OrgType keeps whatever is there.
const (
	England             = "England"
	CommissioningRegion = "Commissioning Region"
	ICB                 = "ICB"
	STP                 = "STP"
	CCG                 = "CCG"
	Provider            = "Provider"
)

// TotalBreakdown is the VariableType of the rows for an organisation as a whole; their
// VariableA and VariableB are empty.
const TotalBreakdown = "Total"

// Row is one line of the publication: one organisation, one breakdown.
type Row struct {
	// Line is where the row starts in the file, for messages.
	Line int

	OrgType      string
	OrgCode      string
	OrgName      string
	VariableType string
	VariableA    string
	VariableB    string

	ReferralsReceived       Count
	FinishedCourseTreatment Count
	AtCaseness              Count
	NotAtCaseness           Count
	Improvement             Count
	PercentImprovement      Percentage
	NoReliableChange        Count
	PercentNoReliableChange Percentage
	Deterioration           Count
	PercentDeterioration    Percentage
	Recovery                Count
	PercentRecovery         Percentage
	ReliableRecovery        Count
	PercentReliableRecovery Percentage
}

// Columns are the columns a file must have, in the publication's order. Other
// columns are allowed and ignored.
var Columns = func() []string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.name
	}
	return names
}()

// columns are the columns Read fills a Row from, each with where its cell goes. A
// count or percentage cell never fails to be read: one that is not a number is kept
// (Count.parse), and Read reports it with its line and column.
var columns = []struct {
	name string
	set  func(r *Row, cell string)
}{
	{"OrgType", func(r *Row, s string) { r.OrgType = s }},
	{"OrgCode", func(r *Row, s string) { r.OrgCode = s }},
	{"OrgName", func(r *Row, s string) { r.OrgName = s }},
	{"VariableType", func(r *Row, s string) { r.VariableType = s }},
	{"VariableA", func(r *Row, s string) { r.VariableA = s }},
	{"VariableB", func(r *Row, s string) { r.VariableB = s }},
	{"Count_ReferralsReceived", func(r *Row, s string) { r.ReferralsReceived.parse(s) }},
	{"Count_FinishedCourseTreatment", func(r *Row, s string) { r.FinishedCourseTreatment.parse(s) }},
	{"Count_AtCaseness", func(r *Row, s string) { r.AtCaseness.parse(s) }},
	{"Count_NotAtCaseness", func(r *Row, s string) { r.NotAtCaseness.parse(s) }},
	{"Count_Improvement", func(r *Row, s string) { r.Improvement.parse(s) }},
	{"Percentage_Improvement", func(r *Row, s string) { r.PercentImprovement.parse(s) }},
	{"Count_NoReliableChange", func(r *Row, s string) { r.NoReliableChange.parse(s) }},
	{"Percentage_NoReliableChange", func(r *Row, s string) { r.PercentNoReliableChange.parse(s) }},
	{"Count_Deterioration", func(r *Row, s string) { r.Deterioration.parse(s) }},
	{"Percentage_Deterioration", func(r *Row, s string) { r.PercentDeterioration.parse(s) }},
	{"Count_Recovery", func(r *Row, s string) { r.Recovery.parse(s) }},
	{"Percentage_Recovery", func(r *Row, s string) { r.PercentRecovery.parse(s) }},
	{"Count_ReliableRecovery", func(r *Row, s string) { r.ReliableRecovery.parse(s) }},
	{"Percentage_ReliableRecovery", func(r *Row, s string) { r.PercentReliableRecovery.parse(s) }},
}

// unreadable returns the first numeric cell of r that is not a number, by column.
func (r *Row) unreadable() (column, text string, found bool) {
	cells := []struct {
		column, text string
	}{
		{"Count_ReferralsReceived", r.ReferralsReceived.unreadable},
		{"Count_FinishedCourseTreatment", r.FinishedCourseTreatment.unreadable},
		{"Count_AtCaseness", r.AtCaseness.unreadable},
		{"Count_NotAtCaseness", r.NotAtCaseness.unreadable},
		{"Count_Improvement", r.Improvement.unreadable},
		{"Percentage_Improvement", r.PercentImprovement.unreadable},
		{"Count_NoReliableChange", r.NoReliableChange.unreadable},
		{"Percentage_NoReliableChange", r.PercentNoReliableChange.unreadable},
		{"Count_Deterioration", r.Deterioration.unreadable},
		{"Percentage_Deterioration", r.PercentDeterioration.unreadable},
		{"Count_Recovery", r.Recovery.unreadable},
		{"Percentage_Recovery", r.PercentRecovery.unreadable},
		{"Count_ReliableRecovery", r.ReliableRecovery.unreadable},
		{"Percentage_ReliableRecovery", r.PercentReliableRecovery.unreadable},
	}
	for _, c := range cells {
		if c.text != "" {
			return c.column, c.text, true
		}
	}
	return "", "", false
}

// Rate is a proportion of the publication as counts: Num of Den.
type Rate struct{ Num, Den int }

// Proportion returns Num/Den, 0 when Den is 0.
func (r Rate) Proportion() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// RecoveryRate returns recovery as the national measure defines it: those recovered
// out of those who finished a course of treatment and were at caseness when it began,
// Count_Recovery / (Count_FinishedCourseTreatment − Count_NotAtCaseness). ok is false
// when any of the three counts is suppressed or not published, or nobody is left in
// the denominator.
func (r Row) RecoveryRate() (Rate, bool) {
	return caseness(r, r.Recovery)
}

// ReliableRecoveryRate is RecoveryRate for reliable recovery (Count_ReliableRecovery
// over the same denominator).
func (r Row) ReliableRecoveryRate() (Rate, bool) {
	return caseness(r, r.ReliableRecovery)
}

// ReliableImprovementRate returns Count_Improvement / Count_FinishedCourseTreatment:
// reliable improvement counts everyone who finished, at caseness or not.
func (r Row) ReliableImprovementRate() (Rate, bool) {
	num, okN := r.Improvement.Get()
	den, okD := r.FinishedCourseTreatment.Get()
	if !okN || !okD || den <= 0 {
		return Rate{}, false
	}
	return Rate{num, den}, true
}

func caseness(r Row, numerator Count) (Rate, bool) {
	num, okN := numerator.Get()
	finished, okF := r.FinishedCourseTreatment.Get()
	notCase, okC := r.NotAtCaseness.Get()
	if !okN || !okF || !okC || finished-notCase <= 0 {
		return Rate{}, false
	}
	return Rate{num, finished - notCase}, true
}
