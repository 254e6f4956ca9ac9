package benchmark

import (
	"fmt"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// FunnelLevels are the two-sided levels of the funnel plot's control limits, the usual
// "2 and 3 standard deviation" pair (spec/measures.md §6).
var FunnelLevels = [2]float64{0.95, 0.998}

// Position is where a provider lies against a pair of control limits.
type Position int8

const (
	Within Position = iota // on or between the limits
	Above                  // above the upper limit: more recovery than chance would explain
	Below                  // below the lower limit
)

func (p Position) String() string {
	switch p {
	case Above:
		return "above"
	case Below:
		return "below"
	}
	return "within"
}

// FunnelPoint is one provider on the funnel plot. N is the recovery denominator
// (finished a course of treatment and at caseness when it began), the binomial n of the
// limits, so the plot's x-axis should be N rather than the number of finished courses.
type FunnelPoint struct {
	OrgCode, OrgName string
	Recovered, N     int
	Proportion       float64
	// Limits[i] are the lower and upper limits at FunnelLevels[i], as proportions.
	Limits [2][2]float64
	// Position[i] is the provider's place against Limits[i].
	Position [2]Position
}

// LeftOut is a provider not on the plot, and why.
type LeftOut struct {
	OrgCode, OrgName string
	Reason           string
}

// Funnel is every provider's recovery rate against England's.
type Funnel struct {
	Year   string
	Target float64 // England's recovery proportion
	Method stats.FunnelMethod
	Points []FunnelPoint
	// LeftOut are the providers whose counts were suppressed or not published, in file
	// order; their number is part of the report.
	LeftOut []LeftOut
}

// Count returns how many points lie in each position at FunnelLevels[level].
func (f Funnel) Count(level int) (within, above, below int) {
	for _, p := range f.Points {
		switch p.Position[level] {
		case Above:
			above++
		case Below:
			below++
		default:
			within++
		}
	}
	return within, above, below
}

// NewFunnel places each provider's recovery rate (Row.RecoveryRate) against control
// limits around the target proportion at FunnelLevels, drawn by method. A provider
// whose finished courses, not-at-caseness or recovered count is suppressed ("*") or not
// published, or with nobody in the denominator, is left out and listed with the
// reason.
//
// Sub-national counts are rounded to 5 by the publisher, so a provider's proportion is
// that of the rounded counts: within about 2.5/N of the true one, which matters only
// for the smallest providers and those right on a limit.
func NewFunnel(target float64, providers []Row, method stats.FunnelMethod) Funnel {
	f := Funnel{Target: target, Method: method}
	for _, r := range providers {
		rate, ok := r.RecoveryRate()
		if !ok {
			f.LeftOut = append(f.LeftOut, LeftOut{OrgCode: r.OrgCode, OrgName: r.OrgName, Reason: leftOutReason(r)})
			continue
		}
		p := rate.Proportion()
		f.Points = append(f.Points, f.Place(r.OrgCode, r.OrgName, rate.Num, rate.Den, p, p))
	}
	return f
}

// LimitsAt returns the lower and upper limits at each of FunnelLevels for a unit of n
// people, as proportions: the curves of the plot are drawn through them.
func (f Funnel) LimitsAt(n int) [2][2]float64 {
	var out [2][2]float64
	for i, level := range FunnelLevels {
		out[i][0], out[i][1] = stats.FunnelLimits(f.Target, n, level, f.Method)
	}
	return out
}

// Place puts a unit of recovered of n people on the funnel, drawn at the proportion
// drawn with the limits at n, and judges it against them from the proportion judged.
// The two differ for this service as a whole: it is drawn at its published (whole)
// percentage, but judged, as its confidence interval is, from the published counts
// the percentage is computed from (disclosure.Rules.Proportion), which rounding to a
// whole percent could carry across a limit.
func (f Funnel) Place(code, name string, recovered, n int, drawn, judged float64) FunnelPoint {
	pt := FunnelPoint{OrgCode: code, OrgName: name, Recovered: recovered, N: n, Proportion: drawn, Limits: f.LimitsAt(n)}
	for i, l := range pt.Limits {
		lo, hi := l[0], l[1]
		switch {
		case judged > hi:
			pt.Position[i] = Above
		case judged < lo:
			pt.Position[i] = Below
		}
	}
	return pt
}

// leftOutReason says in plain words why RecoveryRate found no rate for r.
func leftOutReason(r Row) string {
	for _, c := range []struct {
		what  string
		count Count
	}{
		{"finished courses of treatment", r.FinishedCourseTreatment},
		{"finished not at caseness", r.NotAtCaseness},
	} {
		if reason, missing := unpublished(c.what, c.count); missing {
			return reason
		}
	}
	if r.FinishedCourseTreatment.N-r.NotAtCaseness.N <= 0 {
		return "nobody finished treatment at caseness"
	}
	reason, _ := unpublished("recovered", r.Recovery)
	return reason
}

func unpublished(what string, c Count) (reason string, missing bool) {
	switch c.Status {
	case Suppressed:
		return "count of " + what + " suppressed", true
	case NotPublished:
		return "count of " + what + " not published", true
	}
	return "", false
}

// RecoveryFunnel places every provider of the publication against England's recovery
// rate (its Total row), by method. It fails when England's Total row is missing or
// its recovery counts are not published.
func (p *Publication) RecoveryFunnel(method stats.FunnelMethod) (Funnel, error) {
	england, ok := p.England(TotalBreakdown, "")
	if !ok {
		return Funnel{}, fmt.Errorf("%s: no England Total row to compare providers with", p.Name)
	}
	rate, ok := england.RecoveryRate()
	if !ok {
		return Funnel{}, fmt.Errorf("%s:%d: England's recovery is not published (%s)", p.Name, england.Line, leftOutReason(england))
	}
	f := NewFunnel(rate.Proportion(), p.Providers(), method)
	f.Year = p.Year
	return f, nil
}
