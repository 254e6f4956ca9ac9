// Package outcome derives, for each referral of an export, the fields the national
// outcome measures are defined on (shared spec: measures.md, section 1): treatment
// appointments and their dates, whether a course of treatment was finished, the first
// and last valid scores of each questionnaire that matters to the referral, and the
// caseness, reliable change and recovery flags.
//
// Derivation is one pass over each table with a small, fixed amount of state per
// referral (about 110 bytes), so that a national export of two million referrals fits
// in memory beside the reader's index. Scores are not kept: per questionnaire only the
// first and last valid score are, and only for the questionnaires the referral's
// measures can use (PHQ-9, GAD-7, the one chosen by its primary presenting complaint,
// and the condition measures of its pathways). That is why the presenting complaints
// and long-term conditions are read before the scores.
package outcome

import (
	"github.com/iaptpub/iaptpub/evaluation/export"
)

// Source is the part of the export reader that derivation needs; *export.Reader is
// one. Referrals is called first and must number referrals 0, 1, 2, … in order; the
// other tables may arrive in any order of rows.
type Source interface {
	Referrals(fn func(ref int, x export.Referral) error) error
	Complaints(fn func(ref int, x export.Complaint) error) error
	Conditions(fn func(refs []int, x export.Condition) error) error
	Contacts(fn func(ref int, x export.Contact) error) error
	Assessments(fn func(ref int, x export.Assessment) error) error
}

// Warnings count rows that were read without error but do not count towards any
// measure, for the data-quality report.
type Warnings struct {
	// ContactsOutsideWindow are contacts dated before the referral was received or
	// after it was discharged.
	ContactsOutsideWindow int
	// ScoresOutsideWindow are scores dated before the referral was received or after
	// it was discharged.
	ScoresOutsideWindow int
}

// LTCStatus is the long-term-condition status of a referral's person.
type LTCStatus uint8

const (
	// LTCNotStated: no long-term-condition code recorded.
	LTCNotStated LTCStatus = iota
	// LTCWith: any code other than "no long-term condition".
	LTCWith
	// LTCWithout: only the "no long-term condition" code.
	LTCWithout
)

// Scores are a referral's first and last valid scores on one questionnaire. Valid
// scores are those dated from the referral date to the discharge date, both
// inclusive; the first is the earliest by date, then by order in the file, the last the
// latest by date, then by order in the file.
type Scores struct {
	Instrument string // short name; "" when the referral has no such measure
	HasFirst   bool   // at least one valid score
	Paired     bool   // at least two valid scores
	First      float64
	Last       float64 // only when Paired: a single score is a first score and no last
}

// Flags are the outcome flags of a referral for one choice of the anxiety measure A,
// with P the depression measure (measures.md, section 1, "Flags").
type Flags struct {
	BothPaired            bool // P and A both paired
	Caseness              bool // Caseness_Flag
	NotCaseness           bool // NotCaseness_Flag
	ReliableImprovement   bool // ReliableImprovement_Flag
	ReliableDeterioration bool // ReliableDeterioration_Flag
	NoChange              bool // NoChange_Flag
	Recovery              bool // Recovery_Flag
	ReliableRecovery      bool // ReliableRecovery
}

// Outcome is everything derived for one referral.
type Outcome struct {
	Org        int // index into Set.Orgs
	Received   export.Date
	Discharged export.Date // zero while open

	AgeBand     int // index as reference.AgeGroup.Band
	GenderGroup int // index as reference.CodeGroups.Group of the gender breakdown
	EthnicGroup int // index as reference.CodeGroups.Group of the ethnic-group breakdown
	IMDDecile   int // 1 (most deprived) to 10; 0 when not known
	LTC         LTCStatus
	Pathways    uint32 // bit p set: the referral is in reference.Data.Pathways[p]

	TherapySessionFirstDate      export.Date
	TherapySessionSecondDate     export.Date
	TherapySessionLastDate       export.Date
	TreatmentCareContactCount    int
	IntegratedContactFirstDate   export.Date
	IntegratedTreatmentFirstDate export.Date
	CompletedTreatment           bool // CompletedTreatment_Flag: discharged, 2+ treatment appointments

	Depression Scores // P (PHQ-9)
	Anxiety    Scores // A: the ADSM of the primary complaint when paired, else GAD-7
	Flags      Flags  // with P and A

	// AnxietyPPS is A for the persistent-physical-symptom measures X010 and X011: the
	// questionnaire of a PPS primary complaint when it is paired, else Anxiety.
	AnxietyPPS Scores
	FlagsPPS   Flags

	// Conditions are the scores of the condition measures of the referral's pathways
	// (X020–X022), one per distinct questionnaire, in pathway order.
	Conditions []Scores
}

// Wait returns the days from referral to the first treatment appointment, and false
// when there has been none.
func (o *Outcome) Wait() (int, bool) {
	if o.TherapySessionFirstDate.IsZero() {
		return 0, false
	}
	return int(o.TherapySessionFirstDate - o.Received), true
}

// InPathway reports whether the referral is in pathway p (an index into
// reference.Data.Pathways).
func (o *Outcome) InPathway(p int) bool { return o.Pathways&(1<<uint(p)) != 0 }

// Integrated reports whether any attended contact was delivered within an integrated
// long-term-condition pathway.
func (o *Outcome) Integrated() bool { return !o.IntegratedContactFirstDate.IsZero() }

// Condition returns the referral's scores on the condition measure instrument, when
// one of its pathways uses it.
func (o *Outcome) Condition(instrument string) (Scores, bool) {
	for _, s := range o.Conditions {
		if s.Instrument == instrument {
			return s, true
		}
	}
	return Scores{}, false
}
