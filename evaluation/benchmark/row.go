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
	Line int `csv:"-"`

	OrgType      string `csv:"OrgType"`
	OrgCode      string `csv:"OrgCode"`
	OrgName      string `csv:"OrgName"`
	VariableType string `csv:"VariableType"`
	VariableA    string `csv:"VariableA"`
	VariableB    string `csv:"VariableB"`

	ReferralsReceived       Count      `csv:"Count_ReferralsReceived"`
	FinishedCourseTreatment Count      `csv:"Count_FinishedCourseTreatment"`
	AtCaseness              Count      `csv:"Count_AtCaseness"`
	NotAtCaseness           Count      `csv:"Count_NotAtCaseness"`
	Improvement             Count      `csv:"Count_Improvement"`
	PercentImprovement      Percentage `csv:"Percentage_Improvement"`
	NoReliableChange        Count      `csv:"Count_NoReliableChange"`
	PercentNoReliableChange Percentage `csv:"Percentage_NoReliableChange"`
	Deterioration           Count      `csv:"Count_Deterioration"`
	PercentDeterioration    Percentage `csv:"Percentage_Deterioration"`
	Recovery                Count      `csv:"Count_Recovery"`
	PercentRecovery         Percentage `csv:"Percentage_Recovery"`
	ReliableRecovery        Count      `csv:"Count_ReliableRecovery"`
	PercentReliableRecovery Percentage `csv:"Percentage_ReliableRecovery"`
}

// Columns are the columns a file must have, in the publication's order. Other
// columns are allowed and ignored.
var Columns = []string{
	"OrgType", "OrgCode", "OrgName", "VariableType", "VariableA", "VariableB",
	"Count_ReferralsReceived", "Count_FinishedCourseTreatment", "Count_AtCaseness",
	"Count_NotAtCaseness", "Count_Improvement", "Percentage_Improvement",
	"Count_NoReliableChange", "Percentage_NoReliableChange", "Count_Deterioration",
	"Percentage_Deterioration", "Count_Recovery", "Percentage_Recovery",
	"Count_ReliableRecovery", "Percentage_ReliableRecovery",
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
