package benchmark

import (
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
)

// Figure is a figure of the publication that this site also computes: the measure of
// the catalogue and the column of a Row that holds it.
type Figure struct {
	Measure, Name string
	// HigherIsBetter is false for reliable deterioration, where fewer is better.
	HigherIsBetter bool
	count          func(Row) Count
	percent        func(Row) Percentage
}

// IsPercent reports whether the figure is a percentage rather than a count.
func (f Figure) IsPercent() bool { return f.percent != nil }

// Of returns the figure of row as the publication writes it ("*" when suppressed, ""
// when not published), its value and whether it was published.
func (f Figure) Of(row Row) (text string, v float64, ok bool) {
	if f.percent != nil {
		p := f.percent(row)
		v, ok = p.Get()
		return p.String(), v, ok
	}
	c := f.count(row)
	n, ok := c.Get()
	return c.String(), float64(n), ok
}

// Compared are the outcomes set beside England's.
var Compared = []Figure{
	{Measure: measure.PercentageRecovery, Name: "Recovery", HigherIsBetter: true, percent: func(r Row) Percentage { return r.PercentRecovery }},
	{Measure: measure.PercentageReliableImprovement, Name: "Reliable improvement", HigherIsBetter: true, percent: func(r Row) Percentage { return r.PercentImprovement }},
	{Measure: measure.PercentageReliableRecovery, Name: "Reliable recovery", HigherIsBetter: true, percent: func(r Row) Percentage { return r.PercentReliableRecovery }},
	{Measure: measure.PercentageReliableDeterioration, Name: "Reliable deterioration", HigherIsBetter: false, percent: func(r Row) Percentage { return r.PercentDeterioration }},
}

// Reconciled are the figures of a provider's Total row checked against this site's.
var Reconciled = []Figure{
	{Measure: measure.CountReferralsReceived, Name: "Referrals received", count: func(r Row) Count { return r.ReferralsReceived }},
	{Measure: measure.CountFinishedCourseTreatment, Name: "Finished a course of treatment", count: func(r Row) Count { return r.FinishedCourseTreatment }},
	{Measure: measure.CountNotAtCaseness, Name: "Finished, not at caseness", count: func(r Row) Count { return r.NotAtCaseness }},
	{Measure: measure.CountRecovery, Name: "Recovered", count: func(r Row) Count { return r.Recovery }},
	{Measure: measure.CountReliableImprovement, Name: "Reliably improved", count: func(r Row) Count { return r.Improvement }},
	{Measure: measure.CountReliableRecovery, Name: "Reliably recovered", count: func(r Row) Count { return r.ReliableRecovery }},
	{Measure: measure.CountReliableDeterioration, Name: "Reliably deteriorated", count: func(r Row) Count { return r.Deterioration }},
	{Measure: measure.PercentageRecovery, Name: "Recovery (%)", percent: func(r Row) Percentage { return r.PercentRecovery }},
	{Measure: measure.PercentageReliableImprovement, Name: "Reliable improvement (%)", percent: func(r Row) Percentage { return r.PercentImprovement }},
	{Measure: measure.PercentageReliableRecovery, Name: "Reliable recovery (%)", percent: func(r Row) Percentage { return r.PercentReliableRecovery }},
	{Measure: measure.PercentageReliableDeterioration, Name: "Reliable deterioration (%)", percent: func(r Row) Percentage { return r.PercentDeterioration }},
}

// Beside is one outcome of the service beside England's.
type Beside struct {
	Figure  Figure
	England Percentage
	// Service is the service's percentage given to England's precision (one decimal
	// place where England's has one), so that the two read alike; Low and High are
	// its 95% interval, to the same precision.
	Service, Low, High disclosure.Value
	// Compared is the service against England (significance.AgainstEngland).
	Compared significance.Comparison
}

// BesideEngland sets each outcome of Compared for the service beside England's row:
// ours gives the exact counts of a measure (numerator and denominator), which are
// published under rules.
func BesideEngland(england Row, ours func(measure string) (num, den int), rules disclosure.Rules) []Beside {
	var out []Beside
	for _, f := range Compared {
		num, den := ours(f.Measure)
		e := f.percent(england)
		places := min(e.Places, 1)
		b := Beside{Figure: f, England: e, Service: rules.PercentTo(num, den, places)}
		b.Low, b.High = rules.IntervalTo(num, den, places)
		if v, ok := e.Get(); ok {
			b.Compared = significance.AgainstEngland(num, den, v/100, f.HigherIsBetter, rules)
		}
		out = append(out, b)
	}
	return out
}

// Reconciliation is one figure of a provider's row beside the same figure computed here.
type Reconciliation struct {
	Figure Figure
	// Published is the figure as the publication writes it.
	Published string
	Computed  disclosure.Value
	// Difference is Computed less Published, when both are published (HasDifference).
	Difference    float64
	HasDifference bool
}

// Reconcile sets each figure of Reconciled in a provider's row beside the one
// computed here (ours, published as the site publishes it).
func Reconcile(row Row, ours func(measure string) disclosure.Value) []Reconciliation {
	var out []Reconciliation
	for _, f := range Reconciled {
		text, v, ok := f.Of(row)
		r := Reconciliation{Figure: f, Published: text, Computed: ours(f.Measure)}
		if ok && r.Computed.Published() {
			r.Difference, r.HasDifference = r.Computed.Number-v, true
		}
		out = append(out, r)
	}
	return out
}
