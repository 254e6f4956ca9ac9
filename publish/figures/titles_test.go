package figures

import (
	"strconv"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// The titles that state a chart's finding, worded from published figures only. Every
// expectation is worked out by hand from the figures in its row.

// pub is a published figure; starred one too small to publish.
func pub(x float64) disclosure.Value {
	return disclosure.Value{Text: strconv.FormatFloat(x, 'f', -1, 64), Number: x}
}

var starred = disclosure.Value{Text: "*", Suppressed: true}

func TestPathFinding(t *testing.T) {
	for _, c := range []struct {
		name                          string
		referred, finished, recovered disclosure.Value
		want                          string
	}{
		{"ordinary", pub(10445), pub(4810), pub(2300), "10,445 referrals were received in 2024-25; 4,810 finished a course of treatment and 2,300 recovered"},
		{"too few recovered", pub(10445), pub(4810), starred, "10,445 referrals were received in 2024-25; 4,810 finished a course of treatment and too few recovered to publish how many"},
		{"too few finished", pub(20), starred, starred, "20 referrals were received in 2024-25; too few finished a course of treatment to publish how many"},
		{"too few referred", starred, starred, starred, "Too few referrals in 2024-25 to publish the path from referral to recovery"},
	} {
		if got := PathFinding("2024-25", c.referred, c.finished, c.recovered); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEndedFinding(t *testing.T) {
	ways := []string{"before treatment", "after one session", "after a course of treatment"}
	for _, c := range []struct {
		name   string
		counts []disclosure.Value
		want   string
	}{
		// 4,810 is more than 1,200 + 800 together.
		{"most", []disclosure.Value{pub(1200), pub(800), pub(4810)}, "Most referrals that ended in 2024-25 ended after a course of treatment"},
		// 3,000 is the largest but less than 500 + 2,800.
		{"the largest, not most", []disclosure.Value{pub(3000), pub(500), pub(2800)}, "More referrals that ended in 2024-25 ended before treatment than in any other way"},
		// Exactly half is not most: 50 against 20 + 30.
		{"exactly half", []disclosure.Value{pub(50), pub(20), pub(30)}, "More referrals that ended in 2024-25 ended before treatment than in any other way"},
		// 40 > 30 + a count under 5 cannot be known, so not "most".
		{"one too few to publish", []disclosure.Value{pub(30), starred, pub(40)}, "More referrals that ended in 2024-25 ended after a course of treatment than in any other way"},
		{"a tie at the top", []disclosure.Value{pub(40), pub(10), pub(40)}, "Referrals that ended in 2024-25 ended about equally often before treatment and after a course of treatment"},
		{"all three equal", []disclosure.Value{pub(40), pub(40), pub(40)}, "Referrals that ended in 2024-25 ended about equally often before treatment, after one session and after a course of treatment"},
		// A tie below the largest is counted in the rest: 40 > 10 + 10.
		{"a tie below the top", []disclosure.Value{pub(10), pub(10), pub(40)}, "Most referrals that ended in 2024-25 ended after a course of treatment"},
		{"too few", []disclosure.Value{starred, starred, starred}, "Too few referrals ended in 2024-25 to say how they ended"},
	} {
		if got := EndedFinding("2024-25", ways, c.counts); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestTrendFinding(t *testing.T) {
	periods := []string{"Q1", "Q2", "Q3", "Q4"}
	// series takes each period as value, low, high; a negative value is "*".
	series := func(points ...[3]float64) Series {
		s := Series{Name: "Recovery"}
		for _, p := range points {
			if p[0] < 0 {
				s.Values, s.Lows, s.Highs = append(s.Values, starred), append(s.Lows, starred), append(s.Highs, starred)
				continue
			}
			s.Values, s.Lows, s.Highs = append(s.Values, pub(p[0])), append(s.Lows, pub(p[1])), append(s.Highs, pub(p[2]))
		}
		return s
	}
	none := [3]float64{-1}
	for _, c := range []struct {
		name string
		s    Series
		want string
	}{
		// 47 (the first's upper limit) is below 48 (the last's lower limit).
		{"a clear rise", series([3]float64{44, 41, 47}, [3]float64{46, 43, 49}, [3]float64{49, 46, 52}, [3]float64{51, 48, 54}),
			"Recovery rose from 44% in Q1 to 51% in Q4"},
		{"a clear fall", series([3]float64{52, 49, 55}, [3]float64{50, 47, 53}, [3]float64{47, 44, 50}, [3]float64{45, 42, 48}),
			"Recovery fell from 52% in Q1 to 45% in Q4"},
		// 48 against 48: touching intervals are no clear change, so the range is given.
		{"touching: no clear rise", series([3]float64{44, 41, 48}, [3]float64{46, 43, 49}, [3]float64{49, 46, 52}, [3]float64{51, 48, 54}),
			"Recovery was between 44% and 51% in every quarter"},
		// The highest in the middle: the range runs to it.
		{"the range", series([3]float64{45, 40, 50}, [3]float64{55, 50, 60}, [3]float64{47, 42, 52}, [3]float64{46, 41, 51}),
			"Recovery was between 45% and 55% in every quarter"},
		{"a tie: the same every quarter", series([3]float64{48, 45, 51}, [3]float64{48, 45, 51}, [3]float64{48, 45, 51}, [3]float64{48, 45, 51}),
			"Recovery was 48% in every quarter"},
		{"the first too few to publish", series(none, [3]float64{46, 40, 52}, [3]float64{49, 46, 52}, [3]float64{51, 48, 54}),
			"Recovery was between 46% and 51% in every quarter with enough people to publish"},
		// The first and last published periods are compared, not the first and last.
		{"a rise between the periods published", series(none, [3]float64{40, 37, 43}, [3]float64{50, 47, 53}, none),
			"Recovery rose from 40% in Q2 to 50% in Q3"},
		{"one period published", series(none, none, [3]float64{50, 45, 55}, none),
			"Recovery was 50% in Q3, the only quarter with enough people to publish"},
		{"none published", series(none, none, none, none), "Too few people to publish recovery by quarter"},
	} {
		if got := TrendFinding("Recovery", "quarter", periods, c.s); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// rate is a group's published recovery rate with its interval.
func rate(group string, v, lo, hi float64) GroupRate {
	return GroupRate{Breakdown: "Age group", Group: group, Value: pub(v), Low: pub(lo), High: pub(hi)}
}

func TestGroupFinding(t *testing.T) {
	for _, c := range []struct {
		name   string
		groups []GroupRate
		want   string
	}{
		// 40 (35 to 46) against 60 (54 to 65) are apart; 50 overlaps both.
		{"a clear difference", []GroupRate{rate("18 to 25", 40, 35, 46), rate("26 to 64", 50, 45, 55), rate("65 to 74", 60, 54, 65)},
			"Recovery differed clearly by age group: 60% for 65 to 74 against 40% for 18 to 25"},
		// The extremes, 30 and 70, are small groups with wide intervals that overlap;
		// 45 (42 to 48) and 55 (52 to 58) are apart.
		{"apart inside overlapping extremes", []GroupRate{rate("A", 30, 10, 60), rate("B", 45, 42, 48), rate("C", 55, 52, 58), rate("D", 70, 40, 90)},
			"Recovery differed clearly by age group: 55% for C against 45% for B"},
		// 50 against 50: touching is not apart.
		{"touching", []GroupRate{rate("Male", 46, 42, 50), rate("Female", 54, 50, 58)}, "Recovery did not differ clearly by age group"},
		// A–B and B–C are both 10 apart and clear: the first pair is named.
		{"a tie between two clear gaps", []GroupRate{rate("A", 40, 37, 43), rate("B", 50, 47, 53), rate("C", 40, 37, 43)},
			"Recovery differed clearly by age group: 50% for B against 40% for A"},
		{"one group published", []GroupRate{rate("A", 40, 37, 43), {Breakdown: "Age group", Group: "B", Value: starred, Low: starred, High: starred}},
			"Too few people in the groups to compare recovery by age group"},
	} {
		if got := GroupFinding("Age group", c.groups); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// change is a published change in cost per person with its interval.
func change(v, lo, hi float64) CostChange {
	return CostChange{Value: pub(v), Low: pub(lo), High: pub(hi)}
}

var noChange = CostChange{Value: starred, Low: starred, High: starred}

func TestCostFinding(t *testing.T) {
	for _, c := range []struct {
		name string
		c    CostChange
		want string
	}{
		{"a clear fall", change(-168.47, -250.23, -85.61), "Costs fell by about £170 a person a year, allowing for the comparison group"},
		{"a clear rise", change(60, 20, 100), "Costs rose by £60 a person a year, allowing for the comparison group"},
		{"an interval touching zero", change(-50, -100, 0), "There was no clear change in healthcare costs, allowing for the comparison group"},
		{"an interval too few to publish", CostChange{Value: pub(-50), Low: starred, High: starred}, "There was no clear change in healthcare costs, allowing for the comparison group"},
		{"a clear fall that rounds to nothing", change(-3, -5, -1), "Costs fell by less than £5 a person a year, allowing for the comparison group"},
		{"too few people", noChange, "Too few people to publish the change in healthcare costs"},
	} {
		if got := CostFinding(c.c, "allowing for the comparison group"); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestItemFinding(t *testing.T) {
	items := []string{"GP consultation", "A&E attendance", "Outpatient attendance"}
	for _, c := range []struct {
		name    string
		changes []CostChange
		want    string
	}{
		{"the biggest fall is clear", []CostChange{change(-48.7, -60, -37), change(-20, -30, -10), change(10, -5, 25)},
			"GP consultation costs fell the most, by about £50 a person"},
		// −£80 reaches +£10: it may be chance, and the clear −£20 is said instead.
		{"the biggest fall may be chance", []CostChange{change(5, 1, 9), change(-20.4, -30, -10), change(-80, -170, 10)},
			"A&E attendance costs fell by about £20 a person; the bigger fall in outpatient attendance costs may be chance"},
		// −£51 and −£49 are both about £50.
		{"a tie", []CostChange{change(-51, -60, -40), change(-49, -60, -38), change(-5, -10, 0)},
			"GP consultation and A&E attendance costs fell the most, by about £50 a person each"},
		{"no clear fall", []CostChange{change(-30, -70, 10), change(30, 10, 50), change(-5, -10, 0)}, "No item of care's cost fell clearly"},
		{"too few people", []CostChange{noChange, noChange, noChange}, "Too few people to publish the change in cost of any item of care"},
	} {
		if got := ItemFinding(items, c.changes); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRecoveryCostFinding(t *testing.T) {
	for _, c := range []struct {
		name                    string
		recovered, notRecovered CostChange
		want                    string
	}{
		// −£324 (the recovered's upper limit) is below −£176 (the others' lower).
		{"fell more among those who recovered", change(-382.78, -443.11, -324.37), change(-127.74, -176.33, -78.58),
			"Costs fell more among people who recovered (about £380 a person) than among those who did not (about £130)"},
		{"fell more among those who did not", change(-100, -130, -70), change(-300, -350, -250),
			"Costs fell more among people who did not recover (£300 a person) than among those who did (£100)"},
		{"overlapping", change(-150, -200, -100), change(-120, -160, -80),
			"The change in costs did not differ clearly between people who recovered (£150 lower) and those who did not (£120 lower)"},
		// −£150 against −£150: touching is not apart.
		{"touching", change(-200, -250, -150), change(-100, -150, -50),
			"The change in costs did not differ clearly between people who recovered (£200 lower) and those who did not (£100 lower)"},
		{"apart, one way and the other", change(-200, -250, -150), change(40, 10, 70),
			"Costs were £200 lower a person among people who recovered, against £40 higher among those who did not"},
		{"too few who did not recover", change(-200, -250, -150), noChange,
			"Too few people to compare the change in costs of people who recovered and people who did not"},
	} {
		if got := RecoveryCostFinding(c.recovered, c.notRecovered); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestShiftAbout(t *testing.T) {
	for v, want := range map[float64]string{-382.78: "about £380 lower", 40: "£40 higher", 3: "about the same", -5: "about £10 lower"} {
		if got := ShiftAbout(v, ToPerPerson); got != want {
			t.Errorf("ShiftAbout(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestNeedFinding(t *testing.T) {
	// scenario takes each role's whole-time equivalents.
	scenario := func(name string, wte ...float64) BarSeries {
		s := BarSeries{Name: name}
		for _, x := range wte {
			s.Values = append(s.Values, pub(x))
		}
		return s
	}
	for _, c := range []struct {
		name      string
		scenarios []BarSeries
		want      string
	}{
		// 30.4 + 32.3 = 62.7, about 63; 38.1 + 45.2 = 83.3, about 83.
		{"two", []BarSeries{scenario("Baseline", 30.4, 32.3), scenario("Higher access", 38.1, 45.2)},
			"“Higher access” needs the most practitioners, about 83, against about 63 for “Baseline”"},
		{"three", []BarSeries{scenario("A", 30, 33), scenario("B", 40, 43), scenario("C", 35, 35)},
			"“B” needs the most practitioners, about 83, against about 63 to 70 for the other scenarios"},
		{"the others equal", []BarSeries{scenario("A", 50, 40), scenario("B", 30, 33), scenario("C", 31, 32)},
			"“A” needs the most practitioners, about 90, against about 63 each for the other scenarios"},
		{"a tie at the top", []BarSeries{scenario("A", 40, 43), scenario("B", 43, 40), scenario("C", 35, 35)},
			"“A” and “B” need the most practitioners, about 83 each"},
		{"all the same", []BarSeries{scenario("A", 30, 33), scenario("B", 33, 30)}, "Every scenario needs about 63 practitioners"},
		{"thousands", []BarSeries{scenario("Region", 600.2, 604.2), scenario("Service", 30, 33)},
			"“Region” needs the most practitioners, about 1,204, against about 63 for “Service”"},
		{"one not entered", []BarSeries{scenario("A", 30, 33), scenario("B", 0, 0)}, "“A” needs about 63 practitioners"},
		{"none entered", []BarSeries{scenario("A", 0, 0), scenario("B", 0, 0)}, "No scenario has the figures entered to work out how many practitioners are needed"},
	} {
		if got := NeedFinding(c.scenarios); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
