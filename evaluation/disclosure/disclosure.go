// Package disclosure applies the disclosure control of spec/measures.md §5 to every
// figure iaptpub publishes: small counts become "*", other counts are rounded, and
// percentages, means and medians are hidden when too few people stand behind them.
//
// The rule for percentages goes beyond the national one, which computes them from the
// exact counts and so lets a percentage beside its rounded counts reveal a handful of
// people. Here a percentage is published only where its numerator, its denominator
// and their difference (the people it leaves out) are each at least Minimum, and it
// and its 95% interval are computed from the published, rounded counts: they add no
// information to the counts, so no combination of the figures of a cell pins a count
// of 1 to Minimum−1 or undoes the rounding (TestPercentAddsNothing checks every small
// pair of counts; the differencing tests of package measure, every cell of the demo
// data). Means and medians stay exact, hidden below Minimum people.
//
// Every published figure passes through this package, and only the Text of a Value
// reaches the site, so nothing else needs to know the rules. The rules themselves are
// reference data (data/disclosure.toml), shown on the methodology page from the same
// file.
package disclosure

import (
	"math"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// Rules are the disclosure-control settings. The zero Rules, or any field of zero or
// less, behaves as Default: a forgotten setting never publishes unprotected figures.
type Rules struct {
	// Minimum is the smallest count published; anything based on fewer people is "*".
	Minimum int
	// RoundTo is the multiple every published count is rounded to.
	RoundTo int
}

// Default returns the rules of the national publication: counts below 5 suppressed,
// other counts rounded to the nearest 5.
func Default() Rules { return Rules{Minimum: 5, RoundTo: 5} }

// effective fills unset or impossible fields with the defaults.
func (r Rules) effective() Rules {
	d := Default()
	if r.Minimum <= 0 {
		r.Minimum = d.Minimum
	}
	if r.RoundTo <= 0 {
		r.RoundTo = d.RoundTo
	}
	return r
}

// Value is one controlled figure. Text is exactly what is published: digits, "*" when
// Suppressed, "" when Empty (the figure does not apply, such as a percentage of
// nobody). Number is the published value (the rounded count, the whole percent, the
// mean to one decimal place) for charts, and 0 when Suppressed or Empty.
type Value struct {
	Text       string
	Suppressed bool
	Empty      bool
	Number     float64
}

// Published reports whether v is a figure rather than "*" or nothing.
func (v Value) Published() bool { return !v.Suppressed && !v.Empty }

var (
	suppressed = Value{Text: "*", Suppressed: true}
	empty      = Value{Empty: true}
)

// Count controls a count of people (or referrals, appointments, …). A count below
// Minimum, including 0, is "*"; any other is rounded to the nearest multiple of
// RoundTo, halves away from zero (with RoundTo 5: 7 → 5, 8 → 10, 12 → 10, 13 → 15).
// A negative count cannot happen; it is a programming error upstream and publishes
// nothing (Empty) rather than a misleading figure.
func (r Rules) Count(n int) Value {
	r = r.effective()
	switch {
	case n < 0:
		return empty
	case n < r.Minimum:
		return suppressed
	}
	// Integer arithmetic, so the rounding is exact: ⌊(2n + R) / 2R⌋·R is n rounded to
	// the nearest multiple of R with halves going up.
	n64, to := int64(n), int64(r.RoundTo)
	rounded := (2*n64 + to) / (2 * to) * to
	if rounded == 0 {
		// Only Rules built in code with RoundTo above twice Minimum get here (Load
		// refuses them): people who are there are never published as "0".
		return suppressed
	}
	return Value{Text: strconv.FormatInt(rounded, 10), Number: float64(rounded)}
}

// Percent controls the percentage num/den of people. It is published only where
// num, den and the complement den − num are each at least Minimum, and it is then
// computed from the published counts, Count(num) of Count(den), not the exact ones, as
// a whole percent (halves away from zero). So a percentage adds nothing to the rounded
// counts beside it: it cannot pin a complement of 1 to Minimum−1 people (83% of a
// published 5 and 5 could only be 5 of 6) nor undo the rounding (77 of 78 from "75",
// "80" and 99%). The rule is the same whether or not num and den are published
// themselves, as for a denominator that is a difference of two counts.
//
// It is "*" when any of the three counts is below Minimum (so 0% and 100% are never
// published), and Empty when den is 0 (there is no percentage of nobody), or either
// count is negative or num exceeds den (a programming error upstream).
func (r Rules) Percent(num, den int) Value {
	pn, pd, withheld, ok := r.proportion(num, den)
	if !ok {
		return withheld
	}
	// Integer arithmetic avoids 100·pn/pd landing a hair below a half in floating
	// point: ⌊(200·pn + pd) / 2·pd⌋ is 100·pn/pd rounded half up.
	pct := (200*int64(pn) + int64(pd)) / (2 * int64(pd))
	return Value{Text: strconv.FormatInt(pct, 10), Number: float64(pct)}
}

// PercentTo is Percent given to places decimal places, for a figure set beside
// one published to that precision (England's percentages have one place). It is
// computed from the same published counts as Percent, so it tells no more than they
// do; places 0 is Percent itself. A places outside 0–3 is a programming error and
// publishes Empty.
func (r Rules) PercentTo(num, den, places int) Value {
	if places < 0 || places > 3 {
		return empty
	}
	pn, pd, withheld, ok := r.proportion(num, den)
	if !ok {
		return withheld
	}
	scale := int64(math.Pow10(places))
	// As in Percent, in integers: 100·scale·pn/pd rounded half up.
	units := (200*scale*int64(pn) + int64(pd)) / (2 * int64(pd))
	v := float64(units) / float64(scale)
	return Value{Text: strconv.FormatFloat(v, 'f', places, 64), Number: v}
}

// Proportion returns the published counts a percentage of num/den is computed from,
// for judging it against a standard with no more than what is published. ok is false
// where Percent(num, den) is "*" or Empty.
func (r Rules) Proportion(num, den int) (pn, pd int, ok bool) {
	pn, pd, _, ok = r.proportion(num, den)
	return pn, pd, ok
}

// proportion applies the rule of Percent: ok with the published counts of num and den
// when the percentage may be shown, or what is shown instead ("*" or Empty) when not.
func (r Rules) proportion(num, den int) (pn, pd int, withheld Value, ok bool) {
	r = r.effective()
	switch {
	case den == 0 || num < 0 || den < 0 || num > den:
		return 0, 0, empty, false
	case num < r.Minimum || den < r.Minimum || den-num < r.Minimum:
		return 0, 0, suppressed, false
	}
	n, d := r.Count(num), r.Count(den)
	if !n.Published() || !d.Published() {
		return 0, 0, suppressed, false // only for Rules that Load refuses
	}
	return int(n.Number), int(d.Number), Value{}, true
}

// Mean controls the mean sum/n of a quantity over n people: "*" when n is below
// Minimum, Empty when n is 0 or negative or sum is not a finite number, otherwise
// published to one decimal place, halves away from zero.
func (r Rules) Mean(sum float64, n int) Value {
	if n <= 0 {
		return empty
	}
	return r.oneDecimal(sum/float64(n), n)
}

// Median controls the median of a quantity over n people by the rule for means:
// "*" when n is below Minimum, Empty when n is 0 or negative or the median is not a
// finite number (stats.Median of nothing is NaN), otherwise one decimal place. Maxima
// follow the same rule and may use it too.
func (r Rules) Median(median float64, n int) Value {
	return r.oneDecimal(median, n)
}

func (r Rules) oneDecimal(x float64, n int) Value {
	r = r.effective()
	switch {
	case n <= 0 || math.IsNaN(x) || math.IsInf(x, 0):
		return empty
	case n < r.Minimum:
		return suppressed
	}
	x = math.Round(x*10) / 10
	if x == 0 {
		x = 0 // never publish "-0.0"
	}
	return Value{Text: strconv.FormatFloat(x, 'f', 1, 64), Number: x}
}

// Interval controls the 95% Wilson score interval of num/den. Like the percentage,
// it is computed from the published counts Count(num) and Count(den), so it tells no
// more than they do, and published as whole percents (halves away from zero) exactly
// where Percent(num, den) is: otherwise both ends are "*" or Empty, as the percentage
// is.
func (r Rules) Interval(num, den int) (lo, hi Value) {
	pn, pd, withheld, ok := r.proportion(num, den)
	if !ok {
		return withheld, withheld
	}
	l, h, _ := stats.Wilson(pn, pd, stats.Z95) // ok: 0 < pn <= pd
	return wholePercent(l), wholePercent(h)
}

// IntervalTo is Interval given to places decimal places (0 to 3), for an interval
// set beside a percentage given so (PercentTo); places 0 is Interval itself.
func (r Rules) IntervalTo(num, den, places int) (lo, hi Value) {
	if places < 0 || places > 3 {
		return empty, empty
	}
	pn, pd, withheld, ok := r.proportion(num, den)
	if !ok {
		return withheld, withheld
	}
	l, h, _ := stats.Wilson(pn, pd, stats.Z95) // ok: 0 < pn <= pd
	return percentTo(l, places), percentTo(h, places)
}

// percentTo writes a proportion as a percentage to places decimal places, halves
// away from zero.
func percentTo(proportion float64, places int) Value {
	scale := math.Pow10(places)
	pct := math.Round(100*scale*proportion) / scale
	return Value{Text: strconv.FormatFloat(pct, 'f', places, 64), Number: pct}
}

func wholePercent(proportion float64) Value {
	pct := math.Round(100 * proportion)
	return Value{Text: strconv.FormatFloat(pct, 'f', 0, 64), Number: pct}
}
