package disclosure

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func published(text string, number float64) Value { return Value{Text: text, Number: number} }

func TestCount(t *testing.T) {
	r := Default()
	cases := []struct {
		n    int
		want Value
	}{
		{0, suppressed}, {1, suppressed}, {4, suppressed},
		// Nearest multiple of 5: 5 → 5, 7 → 5 (7 is 2 from 5, 3 from 10), 8 → 10,
		// 12 → 10, 13 → 15, 1234 → 1235, 1232 → 1230.
		{5, published("5", 5)}, {7, published("5", 5)}, {8, published("10", 10)},
		{12, published("10", 10)}, {13, published("15", 15)},
		{1234, published("1235", 1235)}, {1232, published("1230", 1230)},
		{-1, empty},
	}
	for _, c := range cases {
		if got := r.Count(c.n); got != c.want {
			t.Errorf("Count(%d) = %+v, want %+v", c.n, got, c.want)
		}
	}
	// Halves go up with an even RoundTo: 15 is as near 10 as 20.
	if got := (Rules{Minimum: 10, RoundTo: 10}).Count(15); got.Text != "20" {
		t.Errorf("Count(15) rounding to 10 = %q, want \"20\"", got.Text)
	}
}

func TestCountProperties(t *testing.T) {
	r := Default()
	for n := 0; n <= 100000; n++ {
		v := r.Count(n)
		if n < 5 {
			if v != suppressed {
				t.Fatalf("Count(%d) = %+v, want \"*\"", n, v)
			}
			continue
		}
		got, err := strconv.Atoi(v.Text)
		if err != nil || got < 5 || got%5 != 0 || math.Abs(float64(got-n)) > 2 || v.Number != float64(got) {
			t.Fatalf("Count(%d) = %+v: want a multiple of 5, at least 5, within 2 of %d", n, v, n)
		}
	}
}

func TestZeroRulesAreDefault(t *testing.T) {
	var r Rules
	if got := r.Count(3); got != suppressed {
		t.Errorf("Rules{}.Count(3) = %+v, want \"*\"", got)
	}
	if got := r.Count(7); got.Text != "5" {
		t.Errorf("Rules{}.Count(7) = %q, want \"5\"", got.Text)
	}
	if got := r.Percent(4, 10); got != suppressed {
		t.Errorf("Rules{}.Percent(4, 10) = %+v, want \"*\"", got)
	}
}

func TestCountNeverPublishesZero(t *testing.T) {
	// Rules built in code that Load would refuse: a count of 1 rounds to 0 by 5s.
	if got := (Rules{Minimum: 1, RoundTo: 5}).Count(1); got != suppressed {
		t.Errorf("Count(1) with minimum 1, round to 5 = %+v, want \"*\"", got)
	}
	if got := (Rules{Minimum: 1, RoundTo: 1}).Count(1); got.Text != "1" {
		t.Errorf("Count(1) with minimum 1, round to 1 = %q, want \"1\"", got.Text)
	}
}

func TestPercent(t *testing.T) {
	r := Default()
	// Worked by hand from the rule: "*" unless num, den and den − num are each at least
	// 5; otherwise Count(num) of Count(den) as a whole percent, halves up.
	cases := []struct {
		num, den int
		want     Value
	}{
		{0, 0, empty}, {5, 0, empty}, {-1, 10, empty}, {5, -10, empty},
		{12, 10, empty}, // more people meet it than are counted: a programming error
		{0, 10, suppressed}, {4, 100, suppressed}, {4, 4, suppressed}, {1, 200, suppressed},
		// The complement den − num is below 5: 3, 1, 0, 1 and 1 people left out.
		{5, 8, suppressed}, {199, 200, suppressed}, {7, 7, suppressed},
		{5, 6, suppressed},            // the tester's 83%: both counts published as 5
		{77, 78, suppressed},          // the tester's 99% beside "75" and "80"
		{5, 10, published("50", 50)},  // 5 of 10
		{5, 15, published("33", 33)},  // 5 of 15 = 33.3…
		{10, 15, published("67", 67)}, // 10 of 15 = 66.7…
		{5, 40, published("13", 13)},  // 5 of 40 = 12.5, half away from zero
		// From the published counts: 7 of 13 is published as 5 of 15, 33.3… → 33 (the
		// exact 53.8% would be 54); 8 of 22 as 10 of 20 → 50 (exact 36.4%); 107 of 114
		// as 105 of 115, 91.3… → 91 (exact 93.9%).
		{7, 13, published("33", 33)},
		{8, 22, published("50", 50)},
		{107, 114, published("91", 91)},
	}
	for _, c := range cases {
		if got := r.Percent(c.num, c.den); got != c.want {
			t.Errorf("Percent(%d, %d) = %+v, want %+v", c.num, c.den, got, c.want)
		}
	}
}

// PercentTo works from the same published counts as Percent, to more places. By hand:
// 5 of 15 is 33.333… → 33.3; 10 of 15, 66.666… → 66.7; 107 of 114 is published as 105
// of 115, 91.304… → 91.3 (the exact 93.9 would tell more than the counts); 5 of 40, 12.5 exactly → 12.5, and to 0 places 13 as Percent; 5 of 80, 6.25 → 6.3 (half
// up); "*" and Empty as Percent; 4 places is refused.
func TestPercentTo(t *testing.T) {
	r := Default()
	for _, c := range []struct {
		num, den, places int
		want             Value
	}{
		{5, 15, 1, published("33.3", 33.3)},
		{10, 15, 1, published("66.7", 66.7)},
		{107, 114, 1, published("91.3", 91.3)},
		{5, 40, 1, published("12.5", 12.5)},
		{5, 40, 0, published("13", 13)},
		{5, 80, 1, published("6.3", 6.3)},
		{5, 80, 2, published("6.25", 6.25)},
		{4, 100, 1, suppressed},
		{5, 0, 1, empty},
		{5, 10, 4, empty},
	} {
		if got := r.PercentTo(c.num, c.den, c.places); got != c.want {
			t.Errorf("PercentTo(%d, %d, %d) = %+v, want %+v", c.num, c.den, c.places, got, c.want)
		}
	}
}

// IntervalTo is the Wilson interval of the published counts to more places. By hand,
// 60 of 100 (z = 1.959964): centre (0.6 + 1.920729/100)/1.038415 = 0.596300,
// half-width 1.959964·√(0.0024 + 0.0000960365)/1.038415 = 0.094298, so 0.502002 to
// 0.690598: "50.2" to "69.1", and "50" to "69" to 0 places, as Interval.
func TestIntervalTo(t *testing.T) {
	r := Default()
	lo, hi := r.IntervalTo(60, 100, 1)
	if lo != published("50.2", 50.2) || hi != published("69.1", 69.1) {
		t.Errorf("IntervalTo(60, 100, 1) = %+v, %+v; want 50.2, 69.1", lo, hi)
	}
	lo0, hi0 := r.IntervalTo(60, 100, 0)
	if wl, wh := r.Interval(60, 100); lo0 != wl || hi0 != wh || lo0.Text != "50" || hi0.Text != "69" {
		t.Errorf("IntervalTo(60, 100, 0) = %+v, %+v; want Interval's 50, 69", lo0, hi0)
	}
	if lo, _ := r.IntervalTo(4, 100, 1); lo != suppressed {
		t.Errorf("IntervalTo(4, 100, 1) = %+v, want *", lo)
	}
}

// roundTo5 is Count's rounding for counts of 5 or more, written independently: n mod 5
// of 0, 1, 2 rounds down, 3, 4 up.
func roundTo5(n int) int { return (n + 2) / 5 * 5 }

func TestPercentProperties(t *testing.T) {
	r := Default()
	rng := rand.New(rand.NewPCG(1, 1))
	for range 200000 {
		den := rng.IntN(400)
		num := rng.IntN(den + 1)
		v := r.Percent(num, den)
		switch {
		case den == 0:
			if v != empty {
				t.Fatalf("Percent(%d, 0) = %+v, want empty", num, v)
			}
		case num < 5 || den < 5 || den-num < 5:
			if v != suppressed {
				t.Fatalf("Percent(%d, %d) = %+v, want \"*\"", num, den, v)
			}
		default:
			fromPublished := 100 * float64(roundTo5(num)) / float64(roundTo5(den))
			got, err := strconv.Atoi(v.Text)
			if err != nil || math.Abs(float64(got)-fromPublished) > 0.5 || got <= 0 || got >= 100 {
				t.Fatalf("Percent(%d, %d) = %+v, want within 0.5 of %v and strictly between 0 and 100", num, den, v, fromPublished)
			}
		}
	}
}

// TestPercentAddsNothing checks the point of the rule over every num ≤ den ≤ 300:
// gathering all the (num, den) that publish the same counts, percentage and interval,
// none of those figures pins the complement den − num to a single value of 1 to 4, nor
// num or den to one exact value. Under the national rule (percentages from the exact
// counts) 5 of 6 alone publishes "5", "5", "83": one person left out.
func TestPercentAddsNothing(t *testing.T) {
	r := Default()
	type shown struct{ num, den, pct, lo, hi string }
	type seen struct{ nums, dens, complements map[int]bool }
	groups := map[shown]*seen{}
	for den := 0; den <= 300; den++ {
		for num := 0; num <= den; num++ {
			lo, hi := r.Interval(num, den)
			k := shown{r.Count(num).Text, r.Count(den).Text, r.Percent(num, den).Text, lo.Text, hi.Text}
			g := groups[k]
			if g == nil {
				g = &seen{map[int]bool{}, map[int]bool{}, map[int]bool{}}
				groups[k] = g
			}
			g.nums[num], g.dens[den], g.complements[den-num] = true, true, true
		}
	}
	for k, g := range groups {
		switch {
		case g.dens[300]:
			continue // the edge of the search: den 301 and 302 would publish "300" too
		case k.pct == "":
			continue // a percentage of nobody is blank by design: den is 0
		}
		if len(g.complements) == 1 {
			for c := range g.complements {
				if c >= 1 && c <= 4 {
					t.Errorf("%+v pins den − num to %d", k, c)
				}
			}
		}
		if len(g.nums) == 1 || len(g.dens) == 1 {
			t.Errorf("%+v pins num to %v or den to %v", k, g.nums, g.dens)
		}
	}
}

func TestMeanAndMedian(t *testing.T) {
	r := Default()
	cases := []struct {
		name string
		got  Value
		want Value
	}{
		// 11.25/5 = 2.25 (exact in binary) → 2.3, half away from zero; −2.25 → −2.3.
		{"Mean(11.25, 5)", r.Mean(11.25, 5), published("2.3", 2.3)},
		{"Mean(-11.25, 5)", r.Mean(-11.25, 5), published("-2.3", -2.3)},
		{"Mean(100, 8)", r.Mean(100, 8), published("12.5", 12.5)},
		{"Mean(-0.2, 5)", r.Mean(-0.2, 5), published("0.0", 0)}, // −0.04, never "-0.0"
		{"Mean(10, 4)", r.Mean(10, 4), suppressed},
		{"Mean(0, 0)", r.Mean(0, 0), empty},
		{"Mean(3, -5)", r.Mean(3, -5), empty},
		{"Mean(NaN, 5)", r.Mean(math.NaN(), 5), empty},
		{"Mean(+Inf, 5)", r.Mean(math.Inf(1), 5), empty},
		{"Median(3, 5)", r.Median(3, 5), published("3.0", 3)},
		{"Median(17.5, 12)", r.Median(17.5, 12), published("17.5", 17.5)},
		{"Median(3, 4)", r.Median(3, 4), suppressed},
		{"Median(0, 0)", r.Median(0, 0), empty},
		{"Median(NaN, 7)", r.Median(math.NaN(), 7), empty},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
	}
}

func TestInterval(t *testing.T) {
	r := Default()
	// Wilson 95% of the published counts, z = 1.959964, z² = 3.841459:
	// 5/10 (worked in evaluation/stats) → 23.66%..76.34% → 24, 76.
	// 47/100 is published as 45 of 100: 1 + z²/100 = 1.0384146;
	//   centre = (0.45 + 0.0192073)/1.0384146 = 0.4518501;
	//   half = 1.959964/1.0384146 · √(0.2475/100 + 3.841459/40000)
	//        = 1.8874598 · √0.0025710 = 1.8874598 · 0.0507054 = 0.0957045
	//   → 35.61%..54.76% → 36, 55 (the exact 47/100 would give 38, 57).
	// 7/13 is published as 5 of 15: 1 + z²/15 = 1.2560973;
	//   centre = (0.3333333 + 0.1280486)/1.2560973 = 0.3673142;
	//   half = 1.959964/1.2560973 · √(0.2222222/15 + 3.841459/900)
	//        = 1.5603567 · √0.0190831 = 1.5603567 · 0.1381416 = 0.2155501
	//   → 15.18%..58.29% → 15, 58.
	cases := []struct {
		num, den int
		lo, hi   Value
	}{
		{5, 10, published("24", 24), published("76", 76)},
		{47, 100, published("36", 36), published("55", 55)},
		{7, 13, published("15", 15), published("58", 58)},
		{10, 10, suppressed, suppressed}, // nobody left out
		{0, 10, suppressed, suppressed},
		{3, 0, empty, empty},
		{5, 4, empty, empty},   // more people meet it than are counted
		{12, 10, empty, empty}, // likewise
	}
	for _, c := range cases {
		lo, hi := r.Interval(c.num, c.den)
		if lo != c.lo || hi != c.hi {
			t.Errorf("Interval(%d, %d) = %+v, %+v; want %+v, %+v", c.num, c.den, lo, hi, c.lo, c.hi)
		}
	}
}

func TestIntervalOnlyWherePercentIs(t *testing.T) {
	r := Default()
	for den := 0; den <= 60; den++ {
		for num := 0; num <= den; num++ {
			p := r.Percent(num, den)
			lo, hi := r.Interval(num, den)
			if lo.Published() != p.Published() || hi.Published() != p.Published() {
				t.Fatalf("Interval(%d, %d) published %v/%v but Percent %v", num, den, lo.Published(), hi.Published(), p.Published())
			}
			if p.Published() && (lo.Number > p.Number || hi.Number < p.Number) {
				t.Fatalf("Interval(%d, %d) = %s..%s does not contain %s", num, den, lo.Text, hi.Text, p.Text)
			}
			if !p.Published() && (lo != p || hi != p) {
				t.Fatalf("Interval(%d, %d) = %+v, %+v; want both %+v", num, den, lo, hi, p)
			}
		}
	}
}
