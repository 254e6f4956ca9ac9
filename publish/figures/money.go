package figures

import (
	"math"
	"strconv"
)

// Money is rounded as statistics publications round it, so that a page never claims
// more precision than a bootstrap estimate has: an amount per person to the nearest
// £10, a yearly total to the nearest £1,000.
const (
	ToPerPerson float64 = 10
	ToYearly    float64 = 1000
)

// Pounds writes v rounded to the nearest `to` pounds (halves away from zero), with
// thousands separated and a real minus sign (U+2212) when it is below zero: "£290",
// "£1,000", "−£240", "£0" (never "−£0").
func Pounds(v, to float64) string {
	r := RoundTo(v, to)
	s := "£" + Thousands(strconv.FormatFloat(math.Abs(r), 'f', 0, 64))
	if r < 0 {
		return "−" + s
	}
	return s
}

// Shift writes a change in pounds as a reader says it, with no sign to misread: "£240
// lower", "£40 higher", "£0" when it rounds to nothing.
func Shift(v, to float64) string {
	switch r := RoundTo(v, to); {
	case r < 0:
		return Pounds(-r, to) + " lower"
	case r > 0:
		return Pounds(r, to) + " higher"
	}
	return "£0"
}

// Range writes the interval from lo to hi of a change: "£200 to £280 lower" when both
// ends are below zero (the smaller fall first), "£10 to £70 higher" when both are
// above, "£390 lower to £40 higher" when it spans zero. It is "" when either end is
// missing (NaN).
func Range(lo, hi, to float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	switch {
	case hi < 0:
		return Pounds(-hi, to) + " to " + Shift(lo, to)
	case lo > 0:
		return Pounds(lo, to) + " to " + Shift(hi, to)
	}
	return Shift(lo, to) + " to " + Shift(hi, to)
}

// Change words a change in money and its 95% interval for a commissioner: "about £290
// lower per person a year (95% interval £120 to £460 lower)". per follows the amount
// (" per person a year", or ""). "About" is said when rounding changed the figure.
// When the interval includes zero, touching it included (the site's rule: an interval
// that reaches the line is not a clear margin), the sentence begins "no clear change":
// the figure may be chance.
func Change(v, lo, hi, to float64, per string) string {
	amount := Shift(v, to)
	switch {
	case amount == "£0":
		amount = "about the same"
		per = ""
	case RoundTo(v, to) != v:
		amount = "about " + amount
	}
	s := amount + per
	if r := Range(lo, hi, to); r != "" {
		s += " (95% interval " + r + ")"
		if !ClearOfZero(lo, hi) {
			s = "no clear change: " + s
		}
	}
	return s
}

// ClearOfZero reports whether the 95% interval from lo to hi lies wholly on one side of
// zero: an interval that touches zero is not clear, as an interval that touches a
// standard is not a clear margin anywhere on the site (package significance). A
// missing end (NaN) is not clear.
func ClearOfZero(lo, hi float64) bool {
	return !math.IsNaN(lo) && !math.IsNaN(hi) && (lo > 0 || hi < 0)
}

// About is an amount rounded to the nearest `to` pounds, with "about" when rounding
// changed it: "about £290", "£300".
func About(v, to float64) string {
	if RoundTo(v, to) != v {
		return "about " + Pounds(v, to)
	}
	return Pounds(v, to)
}

// RoundTo rounds v to the nearest multiple of to, halves away from zero, never to −0.
func RoundTo(v, to float64) float64 {
	r := math.Round(v/to) * to
	if r == 0 {
		return 0
	}
	return r
}
