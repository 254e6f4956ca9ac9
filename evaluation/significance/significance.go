// Package significance is the site's one rule for saying whether a published
// percentage meets its standard, and how it compares with England's: from the 95%
// Wilson interval of the counts as published, so that a verdict never tells more than
// the published counts do. The readiness check, the outcome pages and the benchmark
// page all word their figures from here, and so agree.
package significance

import (
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// Verdict is a published percentage against a standard.
type Verdict int

const (
	// NotJudged: the figure is suppressed, of nobody, or its counts or standard cannot
	// be right; nothing may be said of it.
	NotJudged Verdict = iota
	// MetClearly: at or above the standard, with the whole interval above it.
	MetClearly
	// MetNotClearly: at or above the standard, but the interval reaches down to it, so
	// a year with different people could fall short.
	MetNotClearly
	// NotMetWithinChance: below the standard, but the interval reaches it: the gap
	// may be chance.
	NotMetWithinChance
	// NotMetClearly: below the standard, with the whole interval below it.
	NotMetClearly
)

// String is the verdict as a tag on a page says it.
func (v Verdict) String() string {
	switch v {
	case MetClearly:
		return "Met clearly"
	case MetNotClearly:
		return "Met, not by a clear margin"
	case NotMetWithinChance:
		return "Not met, within chance"
	case NotMetClearly:
		return "Not met clearly"
	}
	return "Not judged"
}

// Met reports whether the figure is at or above the standard.
func (v Verdict) Met() bool { return v == MetClearly || v == MetNotClearly }

// IntervalIncludesStandard reports whether the 95% interval reaches the standard.
func (v Verdict) IntervalIncludesStandard() bool {
	return v == MetNotClearly || v == NotMetWithinChance
}

// AgainstStandard judges num of den people against standard, a proportion in (0, 1]
// (0.5 for 50%), as published under rules. The figure meets the standard when the
// proportion of its published counts is at or above it (95 of 100 meets 0.95); the
// margin is clear when the standard lies outside the 95% interval, an interval that
// touches the standard being not clear. Comparing in floating point is exact enough:
// both sides are the nearest double to a rational, so a figure exactly at the
// standard compares equal rather than a hair below.
func AgainstStandard(num, den int, standard float64, rules disclosure.Rules) Verdict {
	if !(standard > 0 && standard <= 1) {
		return NotJudged
	}
	l, p, h, ok := published(num, den, rules)
	switch {
	case !ok:
		return NotJudged
	case p >= standard && l > standard:
		return MetClearly
	case p >= standard:
		return MetNotClearly
	case h >= standard:
		return NotMetWithinChance
	}
	return NotMetClearly
}

// Comparison is a published percentage against England's.
type Comparison int

const (
	// NotCompared: the figure is suppressed, of nobody, or England has no figure.
	NotCompared Comparison = iota
	// Better: the whole 95% interval is on the better side of England's figure.
	Better
	// Similar: the 95% interval includes England's figure (touching it included).
	Similar
	// Worse: the whole 95% interval is on the worse side of England's figure.
	Worse
)

// String is the comparison as a page says it.
func (c Comparison) String() string {
	switch c {
	case Better:
		return "Better than England"
	case Similar:
		return "Similar to England"
	case Worse:
		return "Worse than England"
	}
	return "Not compared"
}

// AgainstEngland compares num of den people, as published under rules, with
// England's proportion (in [0, 1]) from the 95% Wilson interval, as OHID's
// Fingertips does; higherIsBetter says which side is better (false for reliable
// deterioration).
func AgainstEngland(num, den int, england float64, higherIsBetter bool, rules disclosure.Rules) Comparison {
	if !(england >= 0 && england <= 1) {
		return NotCompared
	}
	l, _, h, ok := published(num, den, rules)
	switch {
	case !ok:
		return NotCompared
	case l <= england && england <= h:
		return Similar
	case (l > england) == higherIsBetter:
		return Better
	}
	return Worse
}

// published is the proportion of num and den as published under rules, with its 95%
// Wilson interval; ok is false when the percentage is not published.
func published(num, den int, rules disclosure.Rules) (lo, p, hi float64, ok bool) {
	if num < 0 || den < 0 || num > den {
		return 0, 0, 0, false
	}
	if v := rules.Percent(num, den); v.Suppressed || v.Empty {
		return 0, 0, 0, false
	}
	pn, pd, ok := rules.Proportion(num, den)
	if !ok {
		return 0, 0, 0, false
	}
	lo, hi, ok = stats.Wilson(pn, pd, stats.Z95)
	return lo, float64(pn) / float64(pd), hi, ok
}
