// Package disclosure applies the disclosure control of spec/measures.md §5 to every
// figure iaptpub publishes: small counts become "*", other counts are rounded, and
// percentages, means and medians are hidden when too few people stand behind them.
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

// Percent controls the percentage num/den of people, computed from the unrounded
// counts and published as a whole percent, halves away from zero (so 199 of 200,
// 99.5%, is published as 100, as the national publication would). It is "*" when num
// or den is below Minimum, and Empty when den is 0 (there is no percentage of nobody)
// or either count is negative (a programming error upstream).
func (r Rules) Percent(num, den int) Value {
	r = r.effective()
	switch {
	case den == 0 || num < 0 || den < 0:
		return empty
	case num < r.Minimum || den < r.Minimum:
		return suppressed
	}
	// Integer arithmetic avoids 100·num/den landing a hair below a half in floating
	// point: ⌊(200·num + den) / 2·den⌋ is 100·num/den rounded half up.
	pct := (200*int64(num) + int64(den)) / (2 * int64(den))
	return Value{Text: strconv.FormatInt(pct, 10), Number: float64(pct)}
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

// Interval controls the 95% Wilson score interval of num/den, computed from the
// unrounded counts and published as whole percents (halves away from zero). It is
// published only where Percent(num, den) is: otherwise both ends are "*" or Empty,
// as the percentage is. Both ends are Empty when num exceeds den, where there is no
// proportion to give an interval for.
func (r Rules) Interval(num, den int) (lo, hi Value) {
	if p := r.Percent(num, den); !p.Published() {
		return p, p
	}
	l, h, ok := stats.Wilson(num, den, stats.Z95)
	if !ok {
		return empty, empty
	}
	return wholePercent(l), wholePercent(h)
}

func wholePercent(proportion float64) Value {
	pct := math.Round(100 * proportion)
	return Value{Text: strconv.FormatFloat(pct, 'f', 0, 64), Number: pct}
}
