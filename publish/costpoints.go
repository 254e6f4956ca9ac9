package publish

import (
	"fmt"
	"math"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// costFindings are the controlled figures for everyone treated that the costs page's
// main points and headings are written from.
type costFindings struct {
	// Treated is the controlled number of people treated, "*" when too few.
	Treated       string
	HasComparison bool
	// Best is the saving net of the comparison group when there is one, else the
	// before-and-after saving; BeforeAfter is always the latter.
	Best, BeforeAfter       costs.SavingRow
	Recovered, NotRecovered costs.ChangeRow
	ServiceEntered          bool
}

// asChange turns a controlled saving (above 0 when costs fell) into the change in
// costs it is (below 0 when they fell) with its interval; ok is false when the figure
// is not published. A missing interval end is NaN.
func asChange(f costs.Figures) (v, lo, hi float64, ok bool) {
	if f.Value.Suppressed || f.Value.Empty {
		return 0, 0, 0, false
	}
	end := func(x disclosure.Value) float64 {
		if x.Suppressed || x.Empty {
			return math.NaN()
		}
		return -x.Number
	}
	return -f.Value.Number, end(f.High), end(f.Low), true
}

// negated is a published figure with its sign turned, for an interval said the other
// way round.
func negated(x disclosure.Value) disclosure.Value {
	if x.Suppressed || x.Empty {
		return x
	}
	return disclosure.Value{Text: x.Text, Number: -x.Number}
}

// costChange is a controlled saving (above 0 when costs fell) as the change in costs
// it is (below 0 when they fell), for a title worded from it.
func costChange(f costs.Figures) figures.CostChange {
	return figures.CostChange{Value: negated(f.Value), Low: negated(f.High), High: negated(f.Low)}
}

// rowChange is a controlled change over the window, for a title worded from it.
func rowChange(row costs.ChangeRow) figures.CostChange {
	return figures.CostChange{Value: row.MeanChange, Low: row.Low, High: row.High}
}

// yearlyInterval writes the interval of a yearly total: "£111,000 to £325,000".
func yearlyInterval(f costs.Figures) string {
	if f.Low.Suppressed || f.Low.Empty || f.High.Suppressed || f.High.Empty {
		return ""
	}
	return " (95% interval " + figures.Pounds(f.Low.Number, figures.ToYearly) + " to " + figures.Pounds(f.High.Number, figures.ToYearly) + ")"
}

// costPoints are the main points of the costs page, three to five sentences from the
// figures: the best estimate with its interval, what it means for a commissioner, the
// simple before-and-after and why it is not the answer, recovered against not, and
// whether the service paid for itself. A change whose 95% interval reaches zero is
// "no clear change", the site's one rule (figures.Change).
func costPoints(f costFindings) []string {
	v, lo, hi, ok := asChange(f.Best.PerPerson)
	if f.Treated == "*" || !ok {
		return []string{"Too few people had their use of healthcare recorded both before and after treatment to publish any figures: a group of fewer than 5 people shows none, so that nobody in it can be picked out."}
	}
	change := figures.Change(v, lo, hi, figures.ToPerPerson, " per person a year")
	var out []string
	if f.HasComparison {
		out = append(out, "Allowing for a comparison group of similar people who were not treated, the best estimate of the change in healthcare costs after treatment is "+change+".")
	} else {
		out = append(out, "There is no comparison group, so the best estimate is the simple change in healthcare costs after treatment against before: "+change+".")
	}
	people := figures.Thousands(f.Best.N)
	gross := f.Best.Gross
	switch {
	case !figures.ClearOfZero(lo, hi):
		out = append(out, "For a commissioner, that means this evaluation cannot show that treatment changed what is spent on these people's GP, A&E and hospital care.")
	case v < 0:
		out = append(out, fmt.Sprintf("For a commissioner, that is %s a year less spent on the GP, A&E and hospital care of the %s people treated%s, before the cost of the service.",
			figures.About(gross.Value.Number, figures.ToYearly), people, yearlyInterval(gross)))
	default:
		out = append(out, fmt.Sprintf("For a commissioner, that means treatment did not save money elsewhere: the GP, A&E and hospital care of the %s people treated cost %s more a year.",
			people, figures.About(-gross.Value.Number, figures.ToYearly)))
	}
	if f.HasComparison {
		if bv, blo, bhi, ok := asChange(f.BeforeAfter.PerPerson); ok {
			s := "The simple before-and-after comparison gives " + figures.Change(bv, blo, bhi, figures.ToPerPerson, " per person a year") +
				"; it does not allow for the fall in use that often follows a peak (regression to the mean)"
			if bv < v && bv < 0 && figures.ClearOfZero(blo, bhi) {
				s += ", so it overstates what treatment saved"
			}
			out = append(out, s+".")
		}
	} else {
		out = append(out, "That change cannot be separated from the fall in use that often follows a peak (regression to the mean): read it as the most treatment could have saved, not as the saving itself.")
	}
	rec, notRec := f.Recovered.MeanChange, f.NotRecovered.MeanChange
	if !rec.Suppressed && !rec.Empty && !notRec.Suppressed && !notRec.Empty {
		out = append(out, fmt.Sprintf("Among people who recovered, costs per person over the window were %s after treatment; among those who did not, %s.",
			figures.ShiftAbout(rec.Number, figures.ToPerPerson), figures.ShiftAbout(notRec.Number, figures.ToPerPerson)))
	}
	if !f.ServiceEntered {
		out = append(out, "The cost of the service has not been entered, so this page cannot say whether the service paid for itself.")
	} else if net := f.Best.Net; !net.Value.Suppressed && !net.Value.Empty {
		nv, nlo, nhi, _ := asChange(net) // a change: below 0 when the service saved more than it cost
		switch {
		case figures.ClearOfZero(nlo, nhi) && nv < 0:
			out = append(out, fmt.Sprintf("Counting the cost of the service, it saved %s a year more than it cost%s.", figures.About(net.Value.Number, figures.ToYearly), yearlyInterval(net)))
		case figures.ClearOfZero(nlo, nhi):
			shortfall := costs.Figures{Value: net.Value, Low: negated(net.High), High: negated(net.Low)}
			out = append(out, fmt.Sprintf("Counting the cost of the service, it cost %s a year more than it saved%s.", figures.About(-net.Value.Number, figures.ToYearly), yearlyInterval(shortfall)))
		default:
			out = append(out, fmt.Sprintf("Counting the cost of the service, it is not clear whether it paid for itself: the net saving is %s a year%s.", figures.About(net.Value.Number, figures.ToYearly), yearlyInterval(net)))
		}
	}
	return out
}

// costHeadings are the headings of the costs page's sections: "best",
// "before_after", "items" and "recovery". A section with a chart is named for what it
// shows, and its chart's title states the finding (package figures), so that the two
// do not say it twice; the before-and-after section, a table alone, states its own.
func costHeadings(f costFindings) map[string]string {
	h := map[string]string{
		"best":         "The change in healthcare costs",
		"before_after": "Before and after treatment alone",
		"items":        "Where the change comes from",
		"recovery":     "People who recovered and people who did not",
	}
	ba := costChange(f.BeforeAfter.PerPerson)
	if !f.HasComparison || f.Treated == "*" || !ba.Value.Published() {
		return h
	}
	h["before_after"] = figures.CostFinding(ba, "before and after treatment alone")
	if v, _, _, ok := asChange(f.Best.PerPerson); ok {
		if bv, blo, bhi, _ := asChange(f.BeforeAfter.PerPerson); bv < v && figures.ClearOfZero(blo, bhi) {
			h["before_after"] += ", which overstates the saving"
		}
	}
	return h
}
