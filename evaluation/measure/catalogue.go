package measure

import (
	"math"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// Kind is what a measure's value is.
type Kind uint8

const (
	Count   Kind = iota // a number of referrals
	Percent             // 100 × numerator / denominator
	Mean                // a mean over referrals
	Median              // a median over referrals
)

func (k Kind) String() string {
	switch k {
	case Count:
		return "count"
	case Percent:
		return "percent"
	case Mean:
		return "mean"
	case Median:
		return "median"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Scope says which cells a measure is written in.
type Scope uint8

const (
	// AllCells: every cell.
	AllCells Scope = iota
	// PPSPathways: the cells of pathways with pps_measures (data/pathways.toml).
	PPSPathways
	// ConditionPathways: the cells of pathways with a condition_measure.
	ConditionPathways
)

// Measure is one measure of the catalogue. ID and Name are the national ones (the M
// numbers of the monthly publication); X measures exist only here and follow the
// national naming.
type Measure struct {
	ID          string
	Name        string
	Kind        Kind
	Scope       Scope
	Description string // what it counts, in the words of measures.md
	raw         func(a *acc) Raw
}

// counter is one count kept per cell.
type counter uint8

const (
	cReceived          counter = iota // M001
	cAccessed                         // M031
	cAccessed6                        // M036
	cAccessed18                       // M037
	cEnded                            // M056
	cEndedUntreated                   // M153
	cEndedTreatedOnce                 // M075
	cFinished                         // M076
	cFinished6                        // M052
	cFinished18                       // M054
	cPairedPHQ                        // M201
	cPairedPA                         // M202
	cCaseness                         // X002
	cNotCaseness                      // M179
	cImproved                         // M185
	cNoChange                         // M187
	cDeteriorated                     // M189
	cRecovered                        // M191
	cReliablyRecovered                // M193
	cIntegrated                       // M273
	cCoreOnly                         // M274
	cIntNotCaseness                   // M276
	cIntRecovered                     // M277
	cPPSNotCaseness                   // denominator of X010
	cPPSRecovered                     // numerator of X010
	cPPSImproved                      // numerator of X011
	cConditionPaired                  // X022
	numCounters
)

// acc is the accumulator of one cell.
type acc struct {
	n       [numCounters]int32
	waitSum int64 // days, over M031
	apptSum int64 // treatment appointments, over M076
	// The condition-measure scores over X022, first and last, in scaled units
	// (reference.ScoreScale): whole numbers, so that the sum is exact and the same
	// whatever order the referrals are added in.
	conditionFirst int64
	conditionLast  int64
	// before[j] counts the referrals of M031 that waited less than the j-th wait the
	// median's pass is split at (aggregator.splits).
	before [maxWorkers - 1]int32
	// The waits at the middle ranks of M031 in order of wait, filled by the median's
	// pass: mid1 at rank ⌈n/2⌉, and for an even n, mid2 at rank n/2+1.
	mid1, mid2 int32
}

func count(c counter) func(*acc) Raw {
	return func(a *acc) Raw { n := int(a.n[c]); return Raw{Kind: Count, Num: n, Value: float64(n), HasValue: true} }
}

// percent is num / den; den may be a difference of counters (den − minus).
func percent(num, den counter, minus ...counter) func(*acc) Raw {
	return func(a *acc) Raw {
		d := int(a.n[den])
		for _, m := range minus {
			d -= int(a.n[m])
		}
		return newPercent(int(a.n[num]), d)
	}
}

func newPercent(num, den int) Raw {
	r := Raw{Kind: Percent, Num: num, Den: den}
	if den > 0 {
		r.Value, r.HasValue = 100*float64(num)/float64(den), true
	}
	return r
}

func mean(sum func(*acc) float64, n counter) func(*acc) Raw {
	return func(a *acc) Raw {
		r := Raw{Kind: Mean, Num: int(a.n[n]), Sum: sum(a)}
		if r.Num > 0 {
			r.Value, r.HasValue = r.Sum/float64(r.Num), true
		}
		return r
	}
}

var catalogue = []Measure{
	{ID: CountReferralsReceived, Name: "Count_ReferralsReceived", Kind: Count, Description: "Referrals received in the period.", raw: count(cReceived)},
	{ID: CountAccessingServices, Name: "Count_AccessingServices", Kind: Count, Description: "Referrals with their first treatment appointment in the period.", raw: count(cAccessed)},
	{ID: CountAccessingServices6Weeks, Name: "Count_AccessingServices6Weeks", Kind: Count, Description: "Of M031, those who waited 6 weeks (42 days) or less.", raw: count(cAccessed6)},
	{ID: CountAccessingServices18Weeks, Name: "Count_AccessingServices18Weeks", Kind: Count, Description: "Of M031, those who waited 18 weeks (126 days) or less.", raw: count(cAccessed18)},
	{ID: MeanWaitAccessingServices, Name: "Mean_WaitAccessingServices", Kind: Mean, Description: "Mean wait in days, from referral to first treatment appointment, of M031.",
		raw: mean(func(a *acc) float64 { return float64(a.waitSum) }, cAccessed)},
	{ID: MedianWaitAccessingServices, Name: "Median_WaitAccessingServices", Kind: Median, Description: "Median wait in days, from referral to first treatment appointment, of M031.",
		raw: func(a *acc) Raw {
			r := Raw{Kind: Median, Num: int(a.n[cAccessed])}
			if r.Num > 0 {
				r.Value, r.HasValue = a.median(), true
			}
			return r
		}},
	{ID: CountEndedReferrals, Name: "Count_EndedReferrals", Kind: Count, Description: "Referrals discharged in the period.", raw: count(cEnded)},
	{ID: CountEndedBeforeTreatment, Name: "Count_EndedBeforeTreatment", Kind: Count, Description: "Referrals discharged in the period with no treatment appointment.", raw: count(cEndedUntreated)},
	{ID: CountEndedTreatedOnce, Name: "Count_EndedTreatedOnce", Kind: Count, Description: "Referrals discharged in the period with exactly one treatment appointment.", raw: count(cEndedTreatedOnce)},
	{ID: CountFinishedCourseTreatment, Name: "Count_FinishedCourseTreatment", Kind: Count, Description: "Referrals discharged in the period that finished a course of treatment (two or more treatment appointments).", raw: count(cFinished)},
	{ID: MeanApptsFinishedCourseTreatment, Name: "Mean_ApptsFinishedCourseTreatment", Kind: Mean, Description: "Mean number of treatment appointments of M076.",
		raw: mean(func(a *acc) float64 { return float64(a.apptSum) }, cFinished)},
	{ID: CountAccessingServices6WeeksFinishedCourseTreatment, Name: "Count_AccessingServices6WeeksFinishedCourseTreatment", Kind: Count, Description: "Of M076, those who waited 6 weeks (42 days) or less for their first treatment appointment.", raw: count(cFinished6)},
	{ID: PercentageAccessingServices6WeeksFinishedCourseTreatment, Name: "Percentage_AccessingServices6WeeksFinishedCourseTreatment", Kind: Percent, Description: "M052 as a percentage of M076.", raw: percent(cFinished6, cFinished)},
	{ID: CountAccessingServices18WeeksFinishedCourseTreatment, Name: "Count_AccessingServices18WeeksFinishedCourseTreatment", Kind: Count, Description: "Of M076, those who waited 18 weeks (126 days) or less for their first treatment appointment.", raw: count(cFinished18)},
	{ID: PercentageAccessingServices18WeeksFinishedCourseTreatment, Name: "Percentage_AccessingServices18WeeksFinishedCourseTreatment", Kind: Percent, Description: "M054 as a percentage of M076.", raw: percent(cFinished18, cFinished)},
	{ID: CountPairedPHQ, Name: "Count_PairedPHQ", Kind: Count, Description: "Of M076, those with paired PHQ-9 scores.", raw: count(cPairedPHQ)},
	{ID: CountPairedPHQAndADSMOrGAD, Name: "Count_PairedPHQAndADSMOrGAD", Kind: Count, Description: "Of M076, those with paired PHQ-9 scores and paired scores on their anxiety measure (the ADSM of their primary complaint, or GAD-7).", raw: count(cPairedPA)},
	{ID: CountAtCaseness, Name: "Count_AtCaseness", Kind: Count, Description: "Of M076, those at caseness at the start.", raw: count(cCaseness)},
	{ID: CountNotAtCaseness, Name: "Count_NotAtCaseness", Kind: Count, Description: "Of M076, those not at caseness at the start.", raw: count(cNotCaseness)},
	{ID: PercentageNotAtCaseness, Name: "Percentage_NotAtCaseness", Kind: Percent, Description: "M179 as a percentage of M076.", raw: percent(cNotCaseness, cFinished)},
	{ID: CountReliableImprovement, Name: "Count_ReliableImprovement", Kind: Count, Description: "Of M076, those who reliably improved.", raw: count(cImproved)},
	{ID: PercentageReliableImprovement, Name: "Percentage_ReliableImprovement", Kind: Percent, Description: "M185 as a percentage of M076.", raw: percent(cImproved, cFinished)},
	{ID: CountNoReliableChange, Name: "Count_NoReliableChange", Kind: Count, Description: "Of M076, those with paired scores and no reliable change (including better on one measure and worse on the other).", raw: count(cNoChange)},
	{ID: PercentageNoReliableChange, Name: "Percentage_NoReliableChange", Kind: Percent, Description: "M187 as a percentage of M076.", raw: percent(cNoChange, cFinished)},
	{ID: CountReliableDeterioration, Name: "Count_ReliableDeterioration", Kind: Count, Description: "Of M076, those who reliably deteriorated.", raw: count(cDeteriorated)},
	{ID: PercentageReliableDeterioration, Name: "Percentage_ReliableDeterioration", Kind: Percent, Description: "M189 as a percentage of M076.", raw: percent(cDeteriorated, cFinished)},
	{ID: CountRecovery, Name: "Count_Recovery", Kind: Count, Description: "Of M076, those who moved to recovery.", raw: count(cRecovered)},
	{ID: PercentageRecovery, Name: "Percentage_Recovery", Kind: Percent, Description: "M191 as a percentage of those of M076 at caseness at the start (M076 − M179).", raw: percent(cRecovered, cFinished, cNotCaseness)},
	{ID: CountReliableRecovery, Name: "Count_ReliableRecovery", Kind: Count, Description: "Of M076, those who reliably recovered (recovered and reliably improved).", raw: count(cReliablyRecovered)},
	{ID: PercentageReliableRecovery, Name: "Percentage_ReliableRecovery", Kind: Percent, Description: "M193 as a percentage of M076 − M179.", raw: percent(cReliablyRecovered, cFinished, cNotCaseness)},
	{ID: CountFinishedIntegratedReferrals, Name: "Count_FinishedIntegratedReferrals", Kind: Count, Description: "Of M076, those with an attended integrated (long-term-condition pathway) contact.", raw: count(cIntegrated)},
	{ID: CountFinishedIntegratedReferralsCoreOnly, Name: "Count_FinishedIntegratedReferralsCoreOnly", Kind: Count, Description: "Of M076, those with no integrated contact.", raw: count(cCoreOnly)},
	{ID: CountIntegratedReferralsNotAtCaseness, Name: "Count_IntegratedReferralsNotAtCaseness", Kind: Count, Description: "Of M273, those not at caseness at the start.", raw: count(cIntNotCaseness)},
	{ID: CountIntegratedReferralsRecovered, Name: "Count_IntegratedReferralsRecovered", Kind: Count, Description: "Of M273, those who moved to recovery.", raw: count(cIntRecovered)},
	{ID: PercentageIntegratedReferralsRecovered, Name: "Percentage_IntegratedReferralsRecovered", Kind: Percent, Description: "M277 as a percentage of M273 − M276.", raw: percent(cIntRecovered, cIntegrated, cIntNotCaseness)},
	{ID: PercentagePairedPHQAndADSMOrGAD, Name: "Percentage_PairedPHQAndADSMOrGAD", Kind: Percent, Description: "M202 as a percentage of M076: how complete the outcome data are.", raw: percent(cPairedPA, cFinished)},
	{ID: PercentageRecoveryIncludingPPS, Name: "Percentage_RecoveryIncludingPPS", Kind: Percent, Scope: PPSPathways,
		Description: "As M192, with the persistent-physical-symptom questionnaire of the primary complaint (IBS-SSS, Chalder Fatigue Questionnaire, PHQ-15) as the anxiety measure when it is paired: recovered of M076, as a percentage of M076 less those not at caseness on that basis.",
		raw:         percent(cPPSRecovered, cFinished, cPPSNotCaseness)},
	{ID: PercentageReliableImprovementIncludingPPS, Name: "Percentage_ReliableImprovementIncludingPPS", Kind: Percent, Scope: PPSPathways,
		Description: "As M186, with the persistent-physical-symptom questionnaire of the primary complaint as the anxiety measure when it is paired: reliably improved, as a percentage of M076.",
		raw:         percent(cPPSImproved, cFinished)},
	{ID: MeanFirstScoreConditionMeasure, Name: "Mean_FirstScoreConditionMeasure", Kind: Mean, Scope: ConditionPathways,
		Description: "Mean first score on the pathway's condition-specific questionnaire, over X022.",
		raw:         mean(func(a *acc) float64 { return float64(a.conditionFirst) / reference.ScoreScale }, cConditionPaired)},
	{ID: MeanLastScoreConditionMeasure, Name: "Mean_LastScoreConditionMeasure", Kind: Mean, Scope: ConditionPathways,
		Description: "Mean last score on the pathway's condition-specific questionnaire, over X022 (the same people as X020).",
		raw:         mean(func(a *acc) float64 { return float64(a.conditionLast) / reference.ScoreScale }, cConditionPaired)},
	{ID: CountPairedConditionMeasure, Name: "Count_PairedConditionMeasure", Kind: Count, Scope: ConditionPathways,
		Description: "Of M076 in the pathway, those with paired scores on the pathway's condition-specific questionnaire.",
		raw:         count(cConditionPaired)},
}

// Catalogue returns every measure, in the order of measures.md. The slice is a copy.
func Catalogue() []Measure { return append([]Measure(nil), catalogue...) }

// Lookup returns the measure with the given ID.
func Lookup(id string) (Measure, bool) {
	for _, m := range catalogue {
		if m.ID == id {
			return m, true
		}
	}
	return Measure{}, false
}

// Raw is a measure's unrounded value in one cell, for the service's own analysts and
// as the input of disclosure control.
type Raw struct {
	Kind Kind
	// Num is the count (Count), the numerator (Percent), or the number of referrals
	// behind a mean or median.
	Num int
	// Den is the denominator of a percentage.
	Den int
	// Sum is the sum behind a mean.
	Sum float64
	// Value is the figure: the count, the percentage (0 to 100), the mean or median.
	Value float64
	// HasValue is false for a percentage of nobody, or a mean or median of no one.
	HasValue bool
}

// Controlled returns the value as it may be published (measures.md, section 5).
func (r Raw) Controlled(rules disclosure.Rules) disclosure.Value {
	switch r.Kind {
	case Percent:
		return rules.Percent(r.Num, r.Den)
	case Mean:
		return rules.Mean(r.Sum, r.Num)
	case Median:
		if !r.HasValue {
			return rules.Median(math.NaN(), 0)
		}
		return rules.Median(r.Value, r.Num)
	}
	return rules.Count(r.Num)
}

// Interval returns the published ends of the 95% Wilson interval of a percentage:
// whole percents where the percentage itself is published, and "*" or empty as it is
// otherwise. For other kinds both ends are empty.
func (r Raw) Interval(rules disclosure.Rules) (lo, hi disclosure.Value) {
	if r.Kind != Percent {
		return disclosure.Value{Empty: true}, disclosure.Value{Empty: true}
	}
	return rules.Interval(r.Num, r.Den)
}

// Text returns the unsuppressed value as written by WriteCSV: a count in full, any
// other value to 6 decimal places, and "" when there is no value.
func (r Raw) Text() string {
	switch {
	case r.Kind == Count:
		return strconv.Itoa(r.Num)
	case !r.HasValue:
		return ""
	}
	return strconv.FormatFloat(r.Value, 'f', 6, 64)
}

// median returns the median wait of M031, from the waits at its middle ranks.
func (a *acc) median() float64 {
	if a.n[cAccessed]%2 == 1 {
		return float64(a.mid1)
	}
	return (float64(a.mid1) + float64(a.mid2)) / 2
}

// add adds the counts and sums of b to a. The middle waits are not added: they are
// found after.
func (a *acc) add(b *acc) {
	for k := range a.n {
		a.n[k] += b.n[k]
	}
	for j := range a.before {
		a.before[j] += b.before[j]
	}
	a.waitSum += b.waitSum
	a.apptSum += b.apptSum
	a.conditionFirst += b.conditionFirst
	a.conditionLast += b.conditionLast
}
