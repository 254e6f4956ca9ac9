package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestFunnelExactByHand(t *testing.T) {
	// n = 10, p = 0.5: P(R = r) = C(10, r)/1024 = 1, 10, 45, 120, 210, 252, … /1024.
	// 95%: tails t = 0.025 and 0.975.
	//   lower: F(1) = 11/1024 = 0.0107 < 0.025 <= F(2) = 56/1024 = 0.0547, so r = 2;
	//          α = (56/1024 − 0.025)/(45/1024) = (56 − 25.6)/45 = 0.675556;
	//          limit = (2 − 0.675556)/10 = 0.1324444
	//   upper: F(7) = 968/1024 = 0.9453 < 0.975 <= F(8) = 1013/1024 = 0.9893, so r = 8;
	//          α = (1013 − 998.4)/45 = 0.324444; limit = (8 − 0.324444)/10 = 0.7675556
	lo, hi := FunnelLimits(0.5, 10, 0.95, Exact)
	if !near(lo, 0.1324444, 5e-7) || !near(hi, 0.7675556, 5e-7) {
		t.Errorf("exact 95%% limits at n=10, p=0.5 = %.7f, %.7f; want 0.1324444, 0.7675556", lo, hi)
	}
	// n = 20, p = 0.5, 99.8%: tails 0.001 and 0.999; counts over 2²⁰ = 1048576:
	//   F(2) = 1 + 20 + 190 = 211, F(3) = 211 + 1140 = 1351, and 0.001·2²⁰ = 1048.576,
	//   so r = 3, α = (1351 − 1048.576)/1140 = 0.265284; limit = (3 − 0.265284)/20 = 0.1367358
	//   upper by symmetry of the counts: F(16) = 2²⁰ − 1351 = 1047225, F(17) = 2²⁰ − 211 =
	//   1048365, 0.999·2²⁰ = 1047527.424, so r = 17, α = (1048365 − 1047527.424)/1140
	//   = 0.734716; limit = (17 − 0.734716)/20 = 0.8132642
	lo, hi = FunnelLimits(0.5, 20, 0.998, Exact)
	if !near(lo, 0.1367358, 5e-7) || !near(hi, 0.8132642, 5e-7) {
		t.Errorf("exact 99.8%% limits at n=20, p=0.5 = %.7f, %.7f; want 0.1367358, 0.8132642", lo, hi)
	}
	// n = 10, p = 0.1: F(0) = 0.9¹⁰ = 0.348678 >= 0.025, so r = 0 and α = (0.348678 −
	// 0.025)/0.348678 = 0.928300; (0 − 0.9283)/10 is below 0 and is clamped to 0.
	if lo, _ := FunnelLimits(0.1, 10, 0.95, Exact); lo != 0 {
		t.Errorf("exact lower limit at n=10, p=0.1 = %v, want 0 (clamped)", lo)
	}
}

func TestFunnelNormalByHand(t *testing.T) {
	// p = 0.5, n = 100: se = √(0.25/100) = 0.05.
	//   95%:   z = 1.959964 → 0.5 ∓ 0.0979982 = 0.4020018, 0.5979982
	//   99.8%: z = Φ⁻¹(0.999) = 3.090232 → 0.5 ∓ 0.1545116 = 0.3454884, 0.6545116
	lo, hi := FunnelLimits(0.5, 100, 0.95, Normal)
	if !near(lo, 0.4020018, 5e-7) || !near(hi, 0.5979982, 5e-7) {
		t.Errorf("normal 95%% limits = %.7f, %.7f; want 0.4020018, 0.5979982", lo, hi)
	}
	lo, hi = FunnelLimits(0.5, 100, 0.998, Normal)
	if !near(lo, 0.3454884, 5e-7) || !near(hi, 0.6545116, 5e-7) {
		t.Errorf("normal 99.8%% limits = %.7f, %.7f; want 0.3454884, 0.6545116", lo, hi)
	}
	// p = 0.02, n = 10: se = √(0.0196/10) = 0.044272, 0.02 − 1.96·0.044272 < 0 → clamped to 0.
	if lo, _ := FunnelLimits(0.02, 10, 0.95, Normal); lo != 0 {
		t.Errorf("normal lower limit at p=0.02, n=10 = %v, want 0 (clamped)", lo)
	}
}

func TestFunnelEdges(t *testing.T) {
	for _, m := range []FunnelMethod{Exact, Normal} {
		if lo, hi := FunnelLimits(0.5, 0, 0.95, m); lo != 0 || hi != 1 {
			t.Errorf("%v at n=0 = %v, %v; want 0, 1", m, lo, hi)
		}
		for _, p := range []float64{0, 1} {
			if lo, hi := FunnelLimits(p, 50, 0.95, m); lo != p || hi != p {
				t.Errorf("%v at p=%v = %v, %v; want both %v", m, p, lo, hi, p)
			}
		}
		for _, bad := range [][2]float64{{-0.1, 0.95}, {1.1, 0.95}, {math.NaN(), 0.95}, {0.5, 0}, {0.5, 1}} {
			if lo, hi := FunnelLimits(bad[0], 50, bad[1], m); !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("%v at p=%v level=%v = %v, %v; want NaN", m, bad[0], bad[1], lo, hi)
			}
		}
	}
	if lo, hi := FunnelLimits(0.5, 50, 0.95, FunnelMethod(9)); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("unknown method gave %v, %v; want NaN", lo, hi)
	}
}

func TestFunnelProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		p := rng.Float64()
		n := 1 + rng.IntN(20000)
		for _, m := range []FunnelMethod{Exact, Normal} {
			lo95, hi95 := FunnelLimits(p, n, 0.95, m)
			lo998, hi998 := FunnelLimits(p, n, 0.998, m)
			if !(0 <= lo998 && lo998 <= lo95 && lo95 <= p && p <= hi95 && hi95 <= hi998 && hi998 <= 1) {
				t.Fatalf("%v p=%v n=%d: limits out of order: %v %v %v %v", m, p, n, lo998, lo95, hi95, hi998)
			}
		}
	}
	// For a large n the exact limits agree with the normal ones to within a count or so.
	for _, n := range []int{100000, 670419} {
		for _, level := range []float64{0.95, 0.998} {
			elo, ehi := FunnelLimits(0.505, n, level, Exact)
			nlo, nhi := FunnelLimits(0.505, n, level, Normal)
			if !near(elo, nlo, 2/float64(n)) || !near(ehi, nhi, 2/float64(n)) {
				t.Errorf("n=%d level=%v: exact %v..%v far from normal %v..%v", n, level, elo, ehi, nlo, nhi)
			}
		}
	}
	// The funnel narrows as n grows; exact limits may step back a little between
	// whole counts, but never by more than one count.
	prevLo, prevHi := 0.0, 1.0
	for n := 5; n < 5000; n = n*3/2 + 1 {
		lo, hi := FunnelLimits(0.3, n, 0.998, Exact)
		if lo < prevLo-1/float64(n) || hi > prevHi+1/float64(n) {
			t.Errorf("exact limits widened at n=%d: %v..%v after %v..%v", n, lo, hi, prevLo, prevHi)
		}
		prevLo, prevHi = lo, hi
	}
}

// Binomial tails worked out by hand for n = 3, p = 0.05: P(R ≥ 1) = 1 − 0.95³ =
// 0.142625; P(R ≥ 2) = 3·0.05²·0.95 + 0.05³ = 0.00725; P(R ≥ 3) = 0.05³ = 0.000125.
func TestBinomialUpperTailByHand(t *testing.T) {
	for _, c := range []struct {
		n, k int
		want float64
	}{{3, 0, 1}, {3, 1, 0.142625}, {3, 2, 0.00725}, {3, 3, 0.000125}, {3, 4, 0}} {
		if got := BinomialUpperTail(c.n, c.k, 0.05); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("P(R ≥ %d of %d) = %v, want %v", c.k, c.n, got, c.want)
		}
	}
}
