// Package readiness is the implementation guide's readiness check. The national set-up
// guide for integrated long-term-conditions services advises growing the integrated
// service out of a core talking-therapies service that already performs well; this
// package turns that advice into a verdict on the core service's own figures: recovery,
// waits to treatment and completeness of paired scores, each against its national
// standard, as met, not met or not enough data.
//
// Only controlled figures leave the package: the published whole percents and Wilson
// intervals of package disclosure. The verdict is published too, so it is worked out
// from the same published, rounded counts as the percentage (disclosure.Proportion):
// a verdict from the exact counts would tell which side of the standard a figure
// falls that the rounded counts leave open. Where the published figure could mislead
// (it rounds up to the standard but is below it, or its interval straddles the
// standard) the criterion carries a plain-English note saying so.
package readiness

import (
	"fmt"
	"math"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
)

// Status values of a Criterion.
const (
	Met           = "met"
	NotMet        = "not-met"
	NotEnoughData = "not-enough-data"
)

// Figure is one measure of the core service with the standard it is judged against.
// Num and Den are the unrounded counts (they never reach the site); Standard is a
// proportion (0.5 for 50%). Definition.Figure builds one from measure counts.
type Figure struct {
	ID, Name string
	Num, Den int
	Standard float64
	// Link is the URL of the outcome page the figure comes from.
	Link string
	// About says who is counted, and Source where the standard comes from; both are
	// shown with the verdict.
	About, Source string
}

// Criterion is the verdict on one Figure, holding only what may be published. Value,
// Low and High are whole percents as package disclosure publishes them: digits, "*"
// when too few people stand behind the figure, "" when there is nobody to count.
type Criterion struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
	// Verdict is the site-wide wording of Status with its margin
	// (significance.Verdict), "Not judged" when there is not enough data.
	Verdict  string `json:"verdict"`
	Value    string `json:"value"`
	Low      string `json:"low"`
	High     string `json:"high"`
	Standard string `json:"standard"`
	// People is the controlled count of people the percentage is of.
	People string `json:"people"`
	// IntervalIncludesStandard is true when the 95% interval reaches the standard, so
	// the verdict could go the other way with a different year's people.
	IntervalIncludesStandard bool   `json:"intervalIncludesStandard"`
	Note                     string `json:"note"`
	Link                     string `json:"link"`
	About                    string `json:"about"`
	Source                   string `json:"source"`
}

// Report is the readiness check for one period, written by the build to the site's
// data as iaptpub/readiness.json.
type Report struct {
	Period string `json:"period"`
	// Scope names the figures the check is made on (for example "Core service, all
	// providers"). Assess leaves it empty; the caller, which chose the figures, sets it.
	Scope         string      `json:"scope,omitempty"`
	Criteria      []Criterion `json:"criteria"`
	Met           int         `json:"met"`
	NotMet        int         `json:"notMet"`
	NotEnoughData int         `json:"notEnoughData"`
	// Summary is one sentence for the guide's front page, such as "3 of 4 standards
	// met; 1 not met."
	Summary string `json:"summary"`
}

// Assess judges each figure against its standard, in the order given, under the
// disclosure rules. A figure is met when the proportion of its published counts is at
// or above the standard; not enough data when its percentage is suppressed or empty under rules;
// and counts that cannot be right (negative, more meeting it than there are people, a
// standard outside (0, 1]) are reported as not enough data with a note saying why,
// never as a verdict.
func Assess(period string, figures []Figure, rules disclosure.Rules) Report {
	r := Report{Period: period, Criteria: make([]Criterion, 0, len(figures))}
	for _, f := range figures {
		c := assess(f, rules)
		switch c.Status {
		case Met:
			r.Met++
		case NotMet:
			r.NotMet++
		default:
			r.NotEnoughData++
		}
		r.Criteria = append(r.Criteria, c)
	}
	r.Summary = summary(r)
	return r
}

func assess(f Figure, rules disclosure.Rules) Criterion {
	c := Criterion{
		ID: f.ID, Name: f.Name, Link: f.Link, About: f.About, Source: f.Source,
		Standard: percentText(f.Standard),
		Status:   NotEnoughData,
		Verdict:  significance.NotJudged.String(),
	}
	switch {
	case f.Num < 0 || f.Den < 0 || f.Num > f.Den:
		c.Note = "The counts behind this figure do not add up (more people meet it than are counted, or a count is negative); check the export and the measures before relying on it."
		return c
	case !(f.Standard > 0 && f.Standard <= 1):
		c.Note = "The standard for this figure is not a percentage between 0 and 100, so it cannot be judged; check data/readiness.toml."
		return c
	}
	value := rules.Percent(f.Num, f.Den)
	lo, hi := rules.Interval(f.Num, f.Den)
	c.Value, c.Low, c.High = value.Text, lo.Text, hi.Text
	c.People = rules.Count(f.Den).Text
	switch {
	case value.Empty:
		c.Note = "Nobody was counted for this figure in the period, so there is nothing to judge."
		return c
	case value.Suppressed:
		c.Note = fmt.Sprintf("Fewer than %d people are counted, meet the standard or fall short of it, so this figure is not published and cannot be judged.",
			effectiveMinimum(rules))
		return c
	}

	verdict := significance.AgainstStandard(f.Num, f.Den, f.Standard, rules)
	c.IntervalIncludesStandard = verdict.IntervalIncludesStandard()
	c.Verdict = verdict.String()
	interval := fmt.Sprintf("%s%% to %s%%", c.Low, c.High)
	switch verdict {
	case significance.MetNotClearly:
		c.Status = Met
		c.Note = fmt.Sprintf("Met, though not by a clear margin: the 95%% interval (%s) reaches down to the %s%% standard, so a year with different people could fall short.",
			interval, c.Standard)
		return c
	case significance.MetClearly:
		c.Status = Met
		c.Note = fmt.Sprintf("Met, with the whole 95%% interval (%s) above the %s%% standard.", interval, c.Standard)
		return c
	}
	c.Status = NotMet
	switch {
	case value.Text == c.Standard:
		c.Note = fmt.Sprintf("Not met: the figure rounds to %s%%, but it is just below the standard.", c.Standard)
	case c.IntervalIncludesStandard:
		c.Note = fmt.Sprintf("Not met on the figure itself, but the 95%% interval (%s) reaches the %s%% standard: the gap may be chance.",
			interval, c.Standard)
	default:
		c.Note = fmt.Sprintf("Not met, with the whole 95%% interval (%s) below the %s%% standard.", interval, c.Standard)
	}
	return c
}

// effectiveMinimum is the suppression threshold rules apply, which is the default's
// when rules leave it unset (as package disclosure does).
func effectiveMinimum(rules disclosure.Rules) int {
	if rules.Minimum > 0 {
		return rules.Minimum
	}
	return disclosure.Default().Minimum
}

// percentText writes a proportion as a percent without a needless decimal: 0.5 → "50",
// 0.925 → "92.5". Rounding to one decimal first hides binary noise (0.95·100 is
// 94.99999999999999 in floating point).
func percentText(proportion float64) string {
	return strconv.FormatFloat(math.Round(proportion*1000)/10, 'f', -1, 64)
}

func summary(r Report) string {
	total := len(r.Criteria)
	if total == 0 {
		return "No figures were available to check."
	}
	s := fmt.Sprintf("%d of %d %s met", r.Met, total, plural(total, "standard", "standards"))
	if r.NotMet > 0 {
		s += fmt.Sprintf("; %d not met", r.NotMet)
	}
	if r.NotEnoughData > 0 {
		s += fmt.Sprintf("; %d without enough data to judge", r.NotEnoughData)
	}
	return s + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
