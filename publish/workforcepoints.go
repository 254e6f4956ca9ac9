package publish

import (
	"fmt"
	"math"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/workforce"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// practitioners says a number of whole-time equivalents in prose, to the nearest
// whole one: "about 42", "21" when it is whole already.
func practitioners(wte float64) string {
	r := math.Round(wte)
	if r == wte {
		return figures.Decimal(r, 0)
	}
	return "about " + figures.Decimal(r, 0)
}

func totalWTE(r workforce.Result) float64 { return r.Roles[0].WTERequired + r.Roles[1].WTERequired }

// needHeading states what a scope's scenarios call for: "About 63 to 83 practitioners
// are needed, depending on the assumptions", "The Diabetes pathway needs about 6
// practitioners of its own".
func needHeading(g staffScope) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range g.results {
		lo, hi = min(lo, math.Round(totalWTE(r))), max(hi, math.Round(totalWTE(r)))
	}
	if g.ltc != nil {
		if lo == hi {
			return fmt.Sprintf("The %s pathway needs about %s practitioners of its own", strings.ToLower(g.ltc.Condition), figures.Decimal(lo, 0))
		}
		return fmt.Sprintf("The %s pathway needs about %s to %s practitioners of its own", strings.ToLower(g.ltc.Condition), figures.Decimal(lo, 0), figures.Decimal(hi, 0))
	}
	if lo == hi {
		return fmt.Sprintf("About %s practitioners are needed", figures.Decimal(lo, 0))
	}
	return fmt.Sprintf("About %s to %s practitioners are needed, depending on the assumptions", figures.Decimal(lo, 0), figures.Decimal(hi, 0))
}

// gapWords says a role's gap: "about 33 low-intensity practitioners more than now",
// "about 3 … fewer than now", "about as many … as now".
func gapWords(gap float64, role string) string {
	switch r := math.Round(gap); {
	case r > 0:
		return practitioners(gap) + " " + role + " practitioners more than now"
	case r < 0:
		return practitioners(-gap) + " " + role + " practitioners fewer than now"
	}
	return "about as many " + role + " practitioners as now"
}

// workforcePoints are the main points of the workforce page, three to five sentences
// from the figures: what the first whole-population scenario needs, what the others
// need, the gap from today's staff (met: as many or more than needed; not met: fewer;
// not known when neither entered nor implied by records), what it costs when the
// salaries are entered, and what each pathway of its own needs.
func workforcePoints(groups []staffScope, priceYear string) []string {
	var out []string
	var pathways []string
	for _, g := range groups {
		if g.ltc != nil {
			for _, r := range g.results {
				pathways = append(pathways, fmt.Sprintf("the %s pathway needs %s practitioners of its own (%q)", strings.ToLower(g.ltc.Condition), practitioners(totalWTE(r)), r.Name))
			}
			continue
		}
		first := g.results[0]
		li, hi := first.Roles[0], first.Roles[1]
		out = append(out, fmt.Sprintf("Under the scenario %q, the area needs %s whole-time equivalent (WTE) practitioners: %s at low intensity and %s at high intensity.",
			first.Name, practitioners(totalWTE(first)), practitioners(li.WTERequired), practitioners(hi.WTERequired)))
		var others []string
		for _, r := range g.results[1:] {
			others = append(others, fmt.Sprintf("%s under %q", practitioners(totalWTE(r)), r.Name))
		}
		if len(others) > 0 {
			out = append(out, "It needs "+strings.Join(others, ", ")+".")
		}
		switch {
		case li.CurrentFrom == "" || hi.CurrentFrom == "":
			out = append(out, "Today's staff are not entered and the service's records cannot stand in for them, so the gap is not known.")
		default:
			against := "the staff in post"
			if li.CurrentFrom == workforce.CurrentRecords || hi.CurrentFrom == workforce.CurrentRecords {
				against = "the staff the service's own records imply"
			}
			out = append(out, fmt.Sprintf("Against %s, it needs %s and %s.", against, gapWords(li.WTEGap, "low-intensity"), gapWords(hi.WTEGap, "high-intensity")))
		}
		if li.CostKnown && hi.CostKnown {
			s := fmt.Sprintf("They would cost %s a year in salary and on-costs", figures.About(li.Cost+hi.Cost, figures.ToYearly))
			if li.FullCostKnown && hi.FullCostKnown {
				s += fmt.Sprintf(" (%s with overheads)", figures.About(li.FullCost+hi.FullCost, figures.ToYearly))
			}
			out = append(out, s+", at "+priceYear+" prices.")
		} else {
			out = append(out, "The salaries are not entered, so what the staff would cost is not shown.")
		}
	}
	if len(pathways) > 0 && len(out) < 5 {
		out = append(out, upperFirst(strings.Join(pathways, "; "))+", part of the service's staff rather than an alternative to the scenarios above.")
	}
	return out
}
