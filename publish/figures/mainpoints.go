package figures

import (
	"fmt"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// Summary is what the "Main points" of an outcome page are written from: published
// figures only (controlled values, and verdicts reached from the published counts), so
// that a sentence can say no more than the page's tables do.
type Summary struct {
	// Period is the period's label, "2024-25".
	Period string
	// Recovery is the recovery rate against its standard (Did "recovered").
	Recovery Percent
	// MedianWait is the median wait in days from referral to first treatment.
	MedianWait disclosure.Value
	// SixWeeks is the share who started treatment within 6 weeks, against its
	// standard.
	SixWeeks Percent
	// Ended are the referrals that ended; EndedBeforeTreatment and
	// EndedAfterOneSession those of them the recovery rate leaves out, and
	// NotAtCaseness the people who finished a course but started below the
	// thresholds, also left out.
	Ended, EndedBeforeTreatment, EndedAfterOneSession, NotAtCaseness disclosure.Value
	// Groups are the recovery rates of the groups of each breakdown, "not known"
	// groups left out by the caller; none on a page without breakdowns.
	Groups []GroupRate
}

// GroupRate is one group's published recovery rate with its 95% interval.
type GroupRate struct {
	// Breakdown names the breakdown as a sentence says it: "age group".
	Breakdown string
	// Group is the group's label: "18 to 25".
	Group            string
	Value, Low, High disclosure.Value
}

// MainPoints writes the page's "Main points", as a statistical release opens: the
// recovery rate against its standard, the wait, the 6-week standard, who the recovery
// rate leaves out and, where the page has groups, the biggest difference between them
// that chance does not explain. Four or five sentences; a figure too small to publish
// is said to be so, never given a number.
func (s Summary) MainPoints() []string {
	points := []string{
		s.Recovery.Finding() + ".",
		WaitFinding(s.MedianWait, s.Period) + ".",
		s.SixWeeks.Finding() + ".",
		s.leftOut(),
	}
	if len(s.Groups) > 0 {
		points = append(points, s.difference())
	}
	return points
}

// leftOut says who is not in the recovery rate, from published counts only.
func (s Summary) leftOut() string {
	if !s.Ended.Published() {
		return fmt.Sprintf("Too few referrals ended in %s to publish how many are left out of the recovery rate.", s.Period)
	}
	return fmt.Sprintf("Of the %s referrals that ended in %s, those that ended before treatment (%s) or after one session (%s) are not in the recovery rate, nor are people whose first scores were below the thresholds for recovery (%s).",
		count(s.Ended), s.Period, count(s.EndedBeforeTreatment), count(s.EndedAfterOneSession), count(s.NotAtCaseness))
}

// count writes a published count with thousands separators, or says that it is too
// small to publish.
func count(v disclosure.Value) string {
	if !v.Published() {
		return "too few to publish"
	}
	return Thousands(v.Text)
}

// difference finds, among the breakdowns, the widest gap between two groups of one
// breakdown whose 95% intervals do not overlap (clearGap), and words it; if there is
// none, it says so.
func (s Summary) difference() string {
	var best struct {
		gap       float64
		breakdown string
		high, low GroupRate
	}
	var order []string
	by := map[string][]GroupRate{}
	for _, g := range s.Groups {
		if _, ok := by[g.Breakdown]; !ok {
			order = append(order, g.Breakdown)
		}
		by[g.Breakdown] = append(by[g.Breakdown], g)
	}
	for _, b := range order {
		hi, lo, _, ok := clearGap(by[b])
		if gap := hi.Value.Number - lo.Value.Number; ok && gap > best.gap {
			best.gap, best.breakdown, best.high, best.low = gap, b, hi, lo
		}
	}
	if best.breakdown == "" {
		return fmt.Sprintf("No difference in recovery between groups in %s was clear enough to rule out chance.", s.Period)
	}
	return fmt.Sprintf("Recovery differed most by %s: %s%% for %s against %s%% for %s; their 95%% intervals do not overlap, so the gap is not chance alone.",
		strings.ToLower(best.breakdown), best.high.Value.Text, best.high.Group, best.low.Value.Text, best.low.Group)
}

// GroupFinding is the title of the chart of one breakdown's recovery rates ("age
// group"; groups are its known groups): the widest clear difference between two of
// them (clearGap), "Recovery differed clearly by age group: 60% for 65 to 74 against
// 40% for 18 to 25", or that there is none, "Recovery did not differ clearly by
// gender". With fewer than two groups published there is nothing to compare.
func GroupFinding(breakdown string, groups []GroupRate) string {
	breakdown = strings.ToLower(breakdown)
	hi, lo, published, ok := clearGap(groups)
	switch {
	case published < 2:
		return "Too few people in the groups to compare recovery by " + breakdown
	case !ok:
		return "Recovery did not differ clearly by " + breakdown
	}
	return fmt.Sprintf("Recovery differed clearly by %s: %s%% for %s against %s%% for %s", breakdown, hi.Value.Text, hi.Group, lo.Value.Text, lo.Group)
}

// clearGap finds, among the groups whose rate and interval are published, the two
// furthest apart whose 95% intervals do not overlap (touching is overlapping: not a
// clear difference), the first such pair in the groups' order where two are as far
// apart; ok is false when no two are clear of each other. published is how many
// groups were compared.
func clearGap(groups []GroupRate) (high, low GroupRate, published int, ok bool) {
	var shown []GroupRate
	for _, g := range groups {
		if g.Value.Published() && g.Low.Published() && g.High.Published() {
			shown = append(shown, g)
		}
	}
	gap := 0.0
	for i := range shown {
		for j := i + 1; j < len(shown); j++ {
			a, b := shown[i], shown[j] // a the higher
			if b.Value.Number > a.Value.Number {
				a, b = b, a
			}
			if b.High.Number < a.Low.Number && a.Value.Number-b.Value.Number > gap {
				high, low, gap, ok = a, b, a.Value.Number-b.Value.Number, true
			}
		}
	}
	return high, low, len(shown), ok
}
