package figures

import (
	"fmt"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
)

// Percent is a published percentage a chart's title states as its finding, as the
// Analysis Function's guidance asks of a title: what the figure shows, not what the
// chart is of.
type Percent struct {
	// Value is the published figure: whole percent digits, "*" when suppressed, ""
	// when nobody was counted.
	Value string
	// Did ends the sentence "49% of people …": "recovered", "started treatment
	// within 6 weeks".
	Did string
	// Measure names the figure where there is none to state: "recovery".
	Measure string
	// Period is the period's label, "2024-25".
	Period string
	// Standard is the standard's percent ("50"), "" when there is none; Verdict is
	// the figure against it (package significance).
	Standard string
	Verdict  significance.Verdict
}

// Finding is the title: "49% of people recovered in 2024-25, just below the 50%
// standard". "Just" is said only when the published figure is within a point of the
// standard and the verdict leaves it to chance, so that it never softens a clear
// shortfall. A figure that rounds to the standard but falls short of it (49.75% is
// published as 50%) says so, "below the 50% standard before rounding", rather than
// setting "50%" beside "below the 50% standard" unexplained.
func (p Percent) Finding() string {
	switch p.Value {
	case "":
		return fmt.Sprintf("Nobody was counted for %s in %s", p.Measure, p.Period)
	case "*":
		return fmt.Sprintf("Too few people to publish %s in %s", p.Measure, p.Period)
	}
	s := fmt.Sprintf("%s%% of people %s in %s", p.Value, p.Did, p.Period)
	value, err1 := strconv.ParseFloat(p.Value, 64)
	standard, err2 := strconv.ParseFloat(p.Standard, 64)
	if p.Standard == "" || err1 != nil || err2 != nil {
		return s
	}
	gap := value - standard
	against := func(where string) string { return fmt.Sprintf("%s, %s the %s%% standard", s, where, p.Standard) }
	if gap == 0 && !p.Verdict.Met() {
		switch p.Verdict {
		case significance.NotMetWithinChance:
			return against("just below") + " before rounding"
		case significance.NotMetClearly:
			return against("below") + " before rounding"
		}
	}
	switch p.Verdict {
	case significance.MetClearly:
		return against("above")
	case significance.MetNotClearly:
		switch {
		case gap == 0:
			return against("meeting")
		case gap <= 1:
			return against("just above")
		}
		return against("above") + ", though not by a clear margin"
	case significance.NotMetWithinChance:
		if gap >= -1 {
			return against("just below")
		}
		return against("below") + ", a gap that may be chance"
	case significance.NotMetClearly:
		return against("below")
	}
	return s
}

// WaitFinding is the title of a median wait: "People waited about 2 weeks to start
// treatment in 2024-25".
func WaitFinding(median disclosure.Value, period string) string {
	switch {
	case median.Suppressed:
		return "Too few people to publish how long people waited to start treatment in " + period
	case median.Empty:
		return "Nobody started treatment in " + period
	}
	w := Weeks(median.Number)
	if w != "less than 1 week" {
		w = "about " + w
	}
	return fmt.Sprintf("People waited %s to start treatment in %s", w, period)
}

// Weeks says a wait in days as patients would: "less than 1 week", "1 week", "3
// weeks" (to the nearest whole week, half a week up).
func Weeks(days float64) string {
	weeks := int(days/7 + 0.5)
	switch {
	case weeks < 1:
		return "less than 1 week"
	case weeks == 1:
		return "1 week"
	}
	return fmt.Sprintf("%d weeks", weeks)
}
