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
	cases := []struct {
		num, den int
		want     Value
	}{
		{0, 0, empty}, {5, 0, empty}, {-1, 10, empty}, {5, -10, empty},
		{0, 10, suppressed}, {4, 100, suppressed}, {4, 4, suppressed}, {1, 200, suppressed},
		{5, 10, published("50", 50)},
		{5, 15, published("33", 33)},      // 33.33…
		{10, 15, published("67", 67)},     // 66.67…
		{5, 8, published("63", 63)},       // 62.5, half away from zero
		{199, 200, published("100", 100)}, // 99.5 rounds up to 100
		{7, 7, published("100", 100)},
		// From unrounded counts: 7 of 13 is 53.8% → 54, although the published counts
		// (5 and 15) would give 33.
		{7, 13, published("54", 54)},
	}
	for _, c := range cases {
		if got := r.Percent(c.num, c.den); got != c.want {
			t.Errorf("Percent(%d, %d) = %+v, want %+v", c.num, c.den, got, c.want)
		}
	}
}

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
		case num < 5 || den < 5:
			if v != suppressed {
				t.Fatalf("Percent(%d, %d) = %+v, want \"*\"", num, den, v)
			}
		default:
			exact := 100 * float64(num) / float64(den)
			got, err := strconv.Atoi(v.Text)
			if err != nil || math.Abs(float64(got)-exact) > 0.5 || got < 0 || got > 100 {
				t.Fatalf("Percent(%d, %d) = %+v, want within 0.5 of %v", num, den, v, exact)
			}
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
	// Wilson 95% (worked in evaluation/stats): 5/10 → 23.66%..76.34% → 24, 76;
	// 10/10 → 72.25%..100% → 72, 100.
	// 47/100: 1 + z²/100 = 1.0384146; centre = (0.47 + 0.0192073)/1.0384146 = 0.4711098;
	//   half = 1.959964/1.0384146 · √(0.2491/100 + 0.0003841) = 1.8874598 · 0.0508624
	//   = 0.0960008 → 37.51%..56.71% → 38, 57.
	cases := []struct {
		num, den int
		lo, hi   Value
	}{
		{5, 10, published("24", 24), published("76", 76)},
		{10, 10, published("72", 72), published("100", 100)},
		{47, 100, published("38", 38), published("57", 57)},
		{0, 10, suppressed, suppressed},
		{5, 4, suppressed, suppressed},
		{3, 0, empty, empty},
		{12, 10, empty, empty}, // more successes than people: no interval
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
