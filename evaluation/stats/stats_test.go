package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestWilsonByHand(t *testing.T) {
	// Wilson: with p = k/n and z² = 1.959963984540054² = 3.841458820694125,
	//   centre = (p + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²).
	// n = 10: 1 + z²/n = 1.3841458820694125, z²/2n = 0.19207294103470627.
	//   0/10:  centre = 0.19207294/1.38414588 = 0.13876640; half = 1.41600... ·
	//          √(0 + 0.00960365) = 1.4160070 · 0.0979982 = 0.13876640
	//          → [0, 0.27753280]  (the lower bound is exactly 0 when k = 0)
	//   5/10:  centre = (0.5 + 0.19207294)/1.38414588 = 0.5;
	//          half = 1.4160070 · √(0.025 + 0.00960365) = 1.4160070 · 0.1860202 = 0.2634069
	//          → [0.2365931, 0.7634069]
	//   10/10: the mirror image of 0/10 → [1 − 0.2775328, 1] = [0.7224672, 1]
	// 1/4: 1 + z²/4 = 1.96036471; centre = (0.25 + 0.48018235)/1.96036471 = 0.37247271;
	//      half = 1.959964/1.960365 · √(0.1875/4 + z²/64) = 0.99979559 · √(0.046875 +
	//      0.06002279) = 0.99979559 · 0.32695227 = 0.32688544 → [0.0455873, 0.6993582]
	cases := []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0, 0.2775328},
		{5, 10, 0.2365931, 0.7634069},
		{10, 10, 0.7224672, 1},
		{1, 4, 0.0455873, 0.6993582},
	}
	for _, c := range cases {
		lo, hi, ok := Wilson(c.k, c.n, Z95)
		if !ok || !near(lo, c.lo, 5e-7) || !near(hi, c.hi, 5e-7) {
			t.Errorf("Wilson(%d, %d) = %.7f, %.7f, %v; want %.7f, %.7f", c.k, c.n, lo, hi, ok, c.lo, c.hi)
		}
	}
	// The bounds at 0 and n are exact, not merely close.
	if lo, _, _ := Wilson(0, 10, Z95); lo != 0 {
		t.Errorf("Wilson(0, 10) lower = %v, want exactly 0", lo)
	}
	if _, hi, _ := Wilson(10, 10, Z95); hi != 1 {
		t.Errorf("Wilson(10, 10) upper = %v, want exactly 1", hi)
	}
}

func TestWilsonRejectsImpossibleCounts(t *testing.T) {
	for _, c := range [][2]int{{0, 0}, {1, 0}, {-1, 5}, {6, 5}, {0, -3}} {
		if lo, hi, ok := Wilson(c[0], c[1], Z95); ok || lo != 0 || hi != 0 {
			t.Errorf("Wilson(%d, %d) = %v, %v, %v; want 0, 0, false", c[0], c[1], lo, hi, ok)
		}
	}
}

func TestWilsonProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := 1 + rng.IntN(5000)
		k := rng.IntN(n + 1)
		lo, hi, ok := Wilson(k, n, Z95)
		p := float64(k) / float64(n)
		if !ok || lo < 0 || hi > 1 || lo > p || p > hi {
			t.Fatalf("Wilson(%d, %d) = %v, %v, %v: want 0 <= lo <= %v <= hi <= 1", k, n, lo, hi, ok, p)
		}
		// Counting failures instead of successes mirrors the interval.
		mlo, mhi, _ := Wilson(n-k, n, Z95)
		if !near(mlo, 1-hi, 1e-12) || !near(mhi, 1-lo, 1e-12) {
			t.Fatalf("Wilson(%d, %d) is not the mirror of Wilson(%d, %d)", n-k, n, k, n)
		}
		// A wider z gives a wider interval.
		wlo, whi, _ := Wilson(k, n, 3)
		if wlo > lo || whi < hi {
			t.Fatalf("Wilson(%d, %d) at z=3 is narrower than at z=1.96", k, n)
		}
	}
}

func TestMedian(t *testing.T) {
	xs := []float64{3, 1, 2}
	if got := Median(xs); got != 2 {
		t.Errorf("Median(3,1,2) = %v, want 2", got)
	}
	if !slices.Equal(xs, []float64{1, 2, 3}) {
		t.Errorf("Median left %v, want it sorted in place", xs)
	}
	// Even count: mean of the middle two, (2 + 3)/2.
	if got := Median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("Median(4,1,3,2) = %v, want 2.5", got)
	}
	if got := Median([]float64{7}); got != 7 {
		t.Errorf("Median(7) = %v, want 7", got)
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median(empty) = %v, want NaN", got)
	}
}

func TestPercentileType7(t *testing.T) {
	xs := []float64{1, 2, 3, 4}
	// h = (4−1)·q: q=0.5 → h=1.5 → 2 + 0.5·(3−2) = 2.5; q=0.1 → h=0.3 → 1 + 0.3 = 1.3;
	// q=0.9 → h=2.7 → 3 + 0.7 = 3.7; the ends are the minimum and maximum.
	cases := []struct{ q, want float64 }{
		{0.5, 2.5}, {0.1, 1.3}, {0.9, 3.7}, {0, 1}, {1, 4}, {-0.5, 1}, {1.5, 4},
	}
	for _, c := range cases {
		if got := Percentile(xs, c.q); !near(got, c.want, 1e-12) {
			t.Errorf("Percentile(1..4, %v) = %v, want %v", c.q, got, c.want)
		}
	}
	if got := Percentile(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("Percentile(empty) = %v, want NaN", got)
	}
	if got := Percentile(xs, math.NaN()); !math.IsNaN(got) {
		t.Errorf("Percentile(q=NaN) = %v, want NaN", got)
	}
	if got := Percentile([]float64{5}, 0.3); got != 5 {
		t.Errorf("Percentile of one value = %v, want 5", got)
	}
}

func TestPercentileInterval(t *testing.T) {
	// 101 estimates 1..101 shuffled; 90%: tails at 0.05 and 0.95, h = 100·0.05 = 5 → x[5] = 6
	// and h = 95 → x[95] = 96.
	est := make([]float64, 101)
	for i := range est {
		est[i] = float64(i + 1)
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(est), func(i, j int) { est[i], est[j] = est[j], est[i] })
	lo, hi := PercentileInterval(est, 0.90)
	if !near(lo, 6, 1e-9) || !near(hi, 96, 1e-9) {
		t.Errorf("90%% interval of 1..101 = %v, %v; want 6, 96", lo, hi)
	}
	if !slices.IsSorted(est) {
		t.Error("PercentileInterval did not sort its estimates in place")
	}
	// 1..10 at 50%: h = 9·0.25 = 2.25 → 3.25; h = 9·0.75 = 6.75 → 7.75.
	lo, hi = PercentileInterval([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.5)
	if !near(lo, 3.25, 1e-12) || !near(hi, 7.75, 1e-12) {
		t.Errorf("50%% interval of 1..10 = %v, %v; want 3.25, 7.75", lo, hi)
	}
	if lo, hi := PercentileInterval(nil, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("interval of no estimates = %v, %v; want NaN", lo, hi)
	}
}
