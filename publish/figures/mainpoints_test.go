package figures

import (
	"slices"
	"strconv"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
)

// figureSet is a page's figures as counts, published through disclosure control and
// judged by package significance as the outcome pages do it.
type figureSet struct {
	recovered, recoveryDen   int
	waitDays                 float64
	waited                   int
	withinSixWeeks, finished int
	ended, before, afterOne  int
	notAtCaseness            int
	groups                   []groupCounts
}

type groupCounts struct {
	breakdown, group string
	num, den         int
}

func (f figureSet) summary() Summary {
	rules := disclosure.Default()
	percent := func(did, measure string, num, den int, standard float64) Percent {
		return Percent{Value: rules.Percent(num, den).Text, Did: did, Measure: measure, Period: "2024-25",
			Standard: strconv.FormatFloat(standard, 'f', -1, 64), Verdict: significance.AgainstStandard(num, den, standard/100, rules)}
	}
	s := Summary{
		Period:               "2024-25",
		Recovery:             percent("recovered", "recovery", f.recovered, f.recoveryDen, 50),
		MedianWait:           rules.Median(f.waitDays, f.waited),
		SixWeeks:             percent("started treatment within 6 weeks", "how many started treatment within 6 weeks", f.withinSixWeeks, f.finished, 75),
		Ended:                rules.Count(f.ended),
		EndedBeforeTreatment: rules.Count(f.before),
		EndedAfterOneSession: rules.Count(f.afterOne),
		NotAtCaseness:        rules.Count(f.notAtCaseness),
	}
	for _, g := range f.groups {
		lo, hi := rules.Interval(g.num, g.den)
		s.Groups = append(s.Groups, GroupRate{Breakdown: g.breakdown, Group: g.group, Value: rules.Percent(g.num, g.den), Low: lo, High: hi})
	}
	return s
}

// The expected sentences are worked out by hand. Wilson 95% intervals used below:
// 600 of 1,000 is 57% to 63%; 55 of 100 is 45% to 64%; 400 of 1,000 is 37% to 43%;
// 900 of 1,000 is 88% to 92%; 120 of 300 is 35% to 46% and 180 of 300 54% to 65%
// (apart: a clear difference); 100 of 200 is 43% to 57% and 110 of 200 48% to 62%
// (overlapping: not clear).
func TestMainPoints(t *testing.T) {
	ages := []groupCounts{
		{"Age group", "Under 18", 3, 6}, // suppressed: never compared
		{"Age group", "18 to 25", 120, 300},
		{"Age group", "65 to 74", 180, 300},
	}
	genders := []groupCounts{{"Gender", "Male", 100, 200}, {"Gender", "Female", 110, 200}}
	for _, c := range []struct {
		name string
		set  figureSet
		want []string
	}{
		{"met clearly, with a clear difference between age groups",
			figureSet{600, 1000, 12, 1000, 900, 1000, 1203, 498, 152, 77, append(slices.Clone(genders), ages...)},
			[]string{
				"60% of people recovered in 2024-25, above the 50% standard.",
				// 12 days is 1.7 weeks.
				"People waited about 2 weeks to start treatment in 2024-25.",
				"90% of people started treatment within 6 weeks in 2024-25, above the 75% standard.",
				// 1,203 rounds to 1,205, 498 to 500, 152 to 150, 77 to 75.
				"Of the 1,205 referrals that ended in 2024-25, those that ended before treatment (500) or after one session (150) are not in the recovery rate, nor are people whose first scores were below the thresholds for recovery (75).",
				"Recovery differed most by age group: 60% for 65 to 74 against 40% for 18 to 25; their 95% intervals do not overlap, so the gap is not chance alone.",
			}},
		{"met, not by a clear margin, and no clear difference",
			figureSet{55, 100, 25, 100, 70, 100, 160, 40, 20, 10, genders},
			[]string{
				"55% of people recovered in 2024-25, above the 50% standard, though not by a clear margin.",
				// 25 days is 3.6 weeks.
				"People waited about 4 weeks to start treatment in 2024-25.",
				// 70 of 100 is 61% to 78%: reaches 75%.
				"70% of people started treatment within 6 weeks in 2024-25, below the 75% standard, a gap that may be chance.",
				"Of the 160 referrals that ended in 2024-25, those that ended before treatment (40) or after one session (20) are not in the recovery rate, nor are people whose first scores were below the thresholds for recovery (10).",
				"No difference in recovery between groups in 2024-25 was clear enough to rule out chance.",
			}},
		{"not met clearly, a pathway page without groups",
			figureSet{400, 1000, 3, 1000, 900, 1000, 1600, 300, 200, 100, nil},
			[]string{
				"40% of people recovered in 2024-25, below the 50% standard.",
				"People waited less than 1 week to start treatment in 2024-25.",
				"90% of people started treatment within 6 weeks in 2024-25, above the 75% standard.",
				"Of the 1,600 referrals that ended in 2024-25, those that ended before treatment (300) or after one session (200) are not in the recovery rate, nor are people whose first scores were below the thresholds for recovery (100).",
			}},
		// 3 recovered of 8: the numerator is below 5, so the rate is not published;
		// 4 of 8 within 6 weeks likewise; the wait of 3 people is not published; 12
		// ended rounds to 10, and the 4, 3 and 2 behind it are not published.
		{"suppressed: a small pathway",
			figureSet{3, 8, 20, 3, 4, 8, 12, 4, 3, 2, nil},
			[]string{
				"Too few people to publish recovery in 2024-25.",
				"Too few people to publish how long people waited to start treatment in 2024-25.",
				"Too few people to publish how many started treatment within 6 weeks in 2024-25.",
				"Of the 10 referrals that ended in 2024-25, those that ended before treatment (too few to publish) or after one session (too few to publish) are not in the recovery rate, nor are people whose first scores were below the thresholds for recovery (too few to publish).",
			}},
		// Fewer than 5 people behind every figure: nothing but that is said.
		{"n below 5",
			figureSet{1, 4, 9, 4, 3, 4, 4, 0, 0, 0, []groupCounts{{"Age group", "18 to 25", 1, 2}, {"Age group", "26 to 64", 2, 2}}},
			[]string{
				"Too few people to publish recovery in 2024-25.",
				"Too few people to publish how long people waited to start treatment in 2024-25.",
				"Too few people to publish how many started treatment within 6 weeks in 2024-25.",
				"Too few referrals ended in 2024-25 to publish how many are left out of the recovery rate.",
				"No difference in recovery between groups in 2024-25 was clear enough to rule out chance.",
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.set.summary().MainPoints()
			if !slices.Equal(got, c.want) {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// Intervals that touch are not apart: 42 to 50 against 50 to 58 is no clear
// difference.
func TestMainPointsTouchingIntervalsAreNotClear(t *testing.T) {
	v := func(n float64) disclosure.Value {
		return disclosure.Value{Text: strconv.FormatFloat(n, 'f', -1, 64), Number: n}
	}
	s := Summary{Period: "2024-25", Groups: []GroupRate{
		{Breakdown: "Gender", Group: "Male", Value: v(46), Low: v(42), High: v(50)},
		{Breakdown: "Gender", Group: "Female", Value: v(54), Low: v(50), High: v(58)},
	}}
	want := "No difference in recovery between groups in 2024-25 was clear enough to rule out chance."
	if got := s.difference(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The widest gap between two groups whose intervals do not overlap is found among all
// pairs, not only between the highest and lowest rates: here the extremes, small
// groups with wide intervals, overlap, while 45% (42 to 48) and 55% (52 to 58) are
// apart.
func TestMainPointsDifferenceInsideOverlappingExtremes(t *testing.T) {
	s := Summary{Period: "2024-25", Groups: []GroupRate{rate("A", 30, 10, 60), rate("B", 45, 42, 48), rate("C", 55, 52, 58), rate("D", 70, 40, 90)}}
	want := "Recovery differed most by age group: 55% for C against 45% for B; their 95% intervals do not overlap, so the gap is not chance alone."
	if got := s.difference(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
