package figures

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

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

// PathFinding is the title of the chart of the path from referral to recovery, worded
// from its published counts: "10,445 referrals were received in 2024-25; 4,810
// finished a course of treatment and 2,300 recovered". The counts are of one year's
// events, not of one group of people followed through, so the title does not say "of".
// A count too small to publish is said to be so, never given.
func PathFinding(period string, referred, finished, recovered disclosure.Value) string {
	if !referred.Published() {
		return "Too few referrals in " + period + " to publish the path from referral to recovery"
	}
	s := fmt.Sprintf("%s referrals were received in %s; ", Thousands(referred.Text), period)
	if !finished.Published() {
		return s + "too few finished a course of treatment to publish how many"
	}
	s += Thousands(finished.Text) + " finished a course of treatment and "
	if !recovered.Published() {
		return s + "too few recovered to publish how many"
	}
	return s + Thousands(recovered.Text) + " recovered"
}

// EndedFinding is the title of the chart of how referrals ended: ways[i] ("before
// treatment", "after a course of treatment") ended counts[i] of them. It names the way
// most ended: "Most referrals that ended in 2024-25 ended after a course of treatment"
// when it is more than all the others together, "More … than in any other way" when
// not (or when another count is too small to publish, and so cannot be added), and
// "about equally often" when the largest published counts are equal. A suppressed
// count is smaller than any published one, so it never changes which way is largest.
func EndedFinding(period string, ways []string, counts []disclosure.Value) string {
	var top []int
	rest, all := 0.0, true
	for i, c := range counts {
		switch {
		case !c.Published():
			all = false
		case len(top) == 0 || c.Number > counts[top[0]].Number:
			for _, j := range top {
				rest += counts[j].Number
			}
			top = []int{i}
		case c.Number == counts[top[0]].Number:
			top = append(top, i)
		default:
			rest += c.Number
		}
	}
	switch {
	case len(top) == 0:
		return "Too few referrals ended in " + period + " to say how they ended"
	case len(top) > 1:
		names := make([]string, len(top))
		for k, i := range top {
			names[k] = ways[i]
		}
		return fmt.Sprintf("Referrals that ended in %s ended about equally often %s and %s", period, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	case all && counts[top[0]].Number > rest:
		return fmt.Sprintf("Most referrals that ended in %s ended %s", period, ways[top[0]])
	}
	return fmt.Sprintf("More referrals that ended in %s ended %s than in any other way", period, ways[top[0]])
}

// TrendFinding is the title of a trend of a published percentage (measure, "Recovery")
// by period (per, "quarter"): a rise or a fall from the first period published to the
// last only when their 95% intervals do not overlap (touching is not clear: the site's
// one rule), "Recovery rose from 44% in Q1 2023-24 to 51% in Q4 2024-25"; otherwise the
// range, "Recovery was between 45% and 52% in every quarter". Periods too small to
// publish are left out and said to be.
func TrendFinding(measure, per string, periods []string, s Series) string {
	var shown []int
	for i, v := range s.Values {
		if v.Published() {
			shown = append(shown, i)
		}
	}
	switch len(shown) {
	case 0:
		return fmt.Sprintf("Too few people to publish %s by %s", strings.ToLower(measure), per)
	case 1:
		i := shown[0]
		return fmt.Sprintf("%s was %s%% in %s, the only %s with enough people to publish", measure, s.Values[i].Text, periods[i], per)
	}
	first, last := shown[0], shown[len(shown)-1]
	if s.Lows[first].Published() && s.Highs[first].Published() && s.Lows[last].Published() && s.Highs[last].Published() {
		moved := ""
		switch {
		case s.Highs[first].Number < s.Lows[last].Number:
			moved = "rose"
		case s.Highs[last].Number < s.Lows[first].Number:
			moved = "fell"
		}
		if moved != "" {
			return fmt.Sprintf("%s %s from %s%% in %s to %s%% in %s", measure, moved, s.Values[first].Text, periods[first], s.Values[last].Text, periods[last])
		}
	}
	lo, hi := s.Values[first], s.Values[first]
	for _, i := range shown {
		if v := s.Values[i]; v.Number < lo.Number {
			lo = v
		} else if v.Number > hi.Number {
			hi = v
		}
	}
	every := "in every " + per
	if len(shown) < len(periods) {
		every += " with enough people to publish"
	}
	if lo.Number == hi.Number {
		return fmt.Sprintf("%s was %s%% %s", measure, lo.Text, every)
	}
	return fmt.Sprintf("%s was between %s%% and %s%% %s", measure, lo.Text, hi.Text, every)
}

// NeedFinding is the title of the chart of the practitioners each scenario needs: a
// series per scenario, its values the whole-time equivalents of each role. It says
// which scenario needs the most, in whole practitioners, against the others: "“Higher
// access” needs the most practitioners, about 83, against about 63 to 70 for the
// other scenarios". A scenario whose figures are all 0 has not had them entered and is
// left out.
func NeedFinding(series []BarSeries) string {
	type need struct {
		name  string
		total float64
	}
	var needs []need
	for _, s := range series {
		total := 0.0
		for _, v := range s.Values {
			if v.Published() {
				total += v.Number
			}
		}
		if total > 0 {
			needs = append(needs, need{"“" + s.Name + "”", math.Round(total)})
		}
	}
	if len(needs) == 0 {
		return "No scenario has the figures entered to work out how many practitioners are needed"
	}
	slices.SortStableFunc(needs, func(a, b need) int { return cmp.Compare(b.total, a.total) })
	var top []string
	for _, n := range needs {
		if n.total == needs[0].total {
			top = append(top, n.name)
		}
	}
	most := wholeNumber(needs[0].total)
	switch {
	case len(needs) == 1:
		return fmt.Sprintf("%s needs about %s practitioners", needs[0].name, most)
	case len(top) == len(needs):
		return fmt.Sprintf("Every scenario needs about %s practitioners", most)
	case len(top) > 1:
		return fmt.Sprintf("%s and %s need the most practitioners, about %s each", strings.Join(top[:len(top)-1], ", "), top[len(top)-1], most)
	case len(needs) == 2:
		return fmt.Sprintf("%s needs the most practitioners, about %s, against about %s for %s", top[0], most, wholeNumber(needs[1].total), needs[1].name)
	}
	lo, hi := wholeNumber(needs[len(needs)-1].total), wholeNumber(needs[1].total)
	others := "about " + lo + " to " + hi
	if lo == hi {
		others = "about " + lo + " each"
	}
	return fmt.Sprintf("%s needs the most practitioners, about %s, against %s for the other scenarios", top[0], most, others)
}

// wholeNumber writes a whole number with thousands separators: "1,204".
func wholeNumber(x float64) string {
	return Thousands(strconv.FormatFloat(x, 'f', 0, 64))
}
