package figures

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
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

// ShiftAbout says a change per person in words, with "about" when rounding changed
// it: "about £380 lower", "£40 higher", "about the same".
func ShiftAbout(v, to float64) string {
	switch s := Shift(v, to); {
	case s == "£0":
		return "about the same"
	case RoundTo(v, to) != v:
		return "about " + s
	default:
		return s
	}
}

// CostChange is a published change in healthcare cost per person with its 95%
// interval, below 0 when costs fell: what the cost charts' titles are worded from.
type CostChange struct {
	Value, Low, High disclosure.Value
}

// clear reports whether the change's interval is published and wholly on one side of
// zero (ClearOfZero).
func (c CostChange) clear() bool {
	return c.Low.Published() && c.High.Published() && ClearOfZero(c.Low.Number, c.High.Number)
}

// fall is how much a change below 0 fell, per person, in words: "about £170", or
// "less than £5" when it rounds to nothing.
func fall(v float64) string {
	if RoundTo(v, ToPerPerson) == 0 {
		return "less than £5"
	}
	return About(math.Abs(v), ToPerPerson)
}

// CostFinding is the title of the chart of the change in cost per person a year, on
// a basis that ends the sentence ("allowing for the comparison group"): "Costs fell by
// about £170 a person a year, allowing for the comparison group". A change whose
// interval reaches zero is "no clear change" (the site's one rule: Change).
func CostFinding(c CostChange, basis string) string {
	switch {
	case !c.Value.Published():
		return "Too few people to publish the change in healthcare costs"
	case !c.clear():
		return "There was no clear change in healthcare costs, " + basis
	case c.Value.Number < 0:
		return "Costs fell by " + fall(c.Value.Number) + " a person a year, " + basis
	}
	return "Costs rose by " + fall(c.Value.Number) + " a person a year, " + basis
}

// ItemFinding is the title of the chart of the change in cost by item of care
// (items[i] changed by changes[i]): the item whose cost fell most, if that fall is
// clear of zero, "GP consultation costs fell the most, by about £50 a person" (items
// whose falls round to the same pounds share it); a smaller clear fall when the biggest
// may be chance; or that no cost fell clearly.
func ItemFinding(items []string, changes []CostChange) string {
	biggest, clearest := -1, -1
	for i, c := range changes {
		if !c.Value.Published() {
			continue
		}
		if biggest < 0 || c.Value.Number < changes[biggest].Value.Number {
			biggest = i
		}
		if c.Value.Number < 0 && c.clear() && (clearest < 0 || c.Value.Number < changes[clearest].Value.Number) {
			clearest = i
		}
	}
	switch {
	case biggest < 0:
		return "Too few people to publish the change in cost of any item of care"
	case clearest < 0:
		return "No item of care's cost fell clearly"
	}
	amount := RoundTo(changes[clearest].Value.Number, ToPerPerson)
	if RoundTo(changes[biggest].Value.Number, ToPerPerson) < amount {
		return fmt.Sprintf("%s costs fell by %s a person; the bigger fall in %s costs may be chance",
			items[clearest], fall(changes[clearest].Value.Number), lowerFirst(items[biggest]))
	}
	var top []string
	for i, c := range changes {
		if c.Value.Published() && c.clear() && RoundTo(c.Value.Number, ToPerPerson) == amount {
			top = append(top, items[i])
		}
	}
	if len(top) == 1 {
		return fmt.Sprintf("%s costs fell the most, by %s a person", top[0], fall(changes[clearest].Value.Number))
	}
	for i := 1; i < len(top); i++ {
		top[i] = lowerFirst(top[i])
	}
	return fmt.Sprintf("%s and %s costs fell the most, by %s a person each", strings.Join(top[:len(top)-1], ", "), top[len(top)-1], fall(changes[clearest].Value.Number))
}

// RecoveryCostFinding is the title of the chart of the change in cost per person among
// people who recovered and among those who did not: which fell more when their 95%
// intervals do not overlap (touching is not clear), "Costs fell more among people who
// recovered (about £380 a person) than among those who did not (about £130)", and
// otherwise that the change did not differ clearly.
func RecoveryCostFinding(recovered, notRecovered CostChange) string {
	r, n := recovered, notRecovered
	if !r.Value.Published() || !n.Value.Published() {
		return "Too few people to compare the change in costs of people who recovered and people who did not"
	}
	apart := r.Low.Published() && r.High.Published() && n.Low.Published() && n.High.Published() &&
		(r.High.Number < n.Low.Number || n.High.Number < r.Low.Number)
	rv, nv := r.Value.Number, n.Value.Number
	switch {
	case !apart:
		return fmt.Sprintf("The change in costs did not differ clearly between people who recovered (%s) and those who did not (%s)",
			ShiftAbout(rv, ToPerPerson), ShiftAbout(nv, ToPerPerson))
	case rv < 0 && nv < 0 && rv < nv:
		return fmt.Sprintf("Costs fell more among people who recovered (%s a person) than among those who did not (%s)", fall(rv), fall(nv))
	case rv < 0 && nv < 0:
		return fmt.Sprintf("Costs fell more among people who did not recover (%s a person) than among those who did (%s)", fall(nv), fall(rv))
	}
	return fmt.Sprintf("Costs were %s a person among people who recovered, against %s among those who did not",
		ShiftAbout(rv, ToPerPerson), ShiftAbout(nv, ToPerPerson))
}

// lowerFirst lower-cases the first letter of a label for the middle of a sentence,
// unless it starts an abbreviation: "Outpatient attendance" → "outpatient
// attendance", "GP consultation" and "A&E attendance" as they are.
func lowerFirst(s string) string {
	if len(s) < 2 || s[1] < 'a' || s[1] > 'z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
