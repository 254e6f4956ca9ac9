package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The sampler's draws follow the binomial distribution: a chi-square test of 200,000
// draws against the probabilities from the definition (logBinomialPMF), for each
// method (inversion for a mean below 10, BTRS above; p above ½ by symmetry) and at the
// edges between them.
func TestBinomialDistribution(t *testing.T) {
	const draws = 200000
	for _, c := range []struct {
		n int
		p float64
	}{
		{1, 0.3}, {5, 0.5}, {30, 0.1}, {1000, 0.002}, {100000, 0.00009}, // inversion
		{20, 0.5}, {200, 0.05}, {101, 0.1}, {1000, 0.3}, {712000, 0.04}, {120220, 0.5}, // BTRS
		{40, 0.9}, {1000, 0.995}, {3, 0.999}, // p > ½
	} {
		pcg := rand.NewPCG(3, uint64(c.n))
		seen := make([]int, c.n+1)
		for range draws {
			k := binomial(pcg, c.n, c.p)
			if k < 0 || k > c.n {
				t.Fatalf("Bin(%d, %v) drew %d, outside 0..%d", c.n, c.p, k, c.n)
			}
			seen[k]++
		}
		// Cells of at least 20 expected draws; the tails pooled into the cells beside.
		var obs, exp []float64
		open := false
		for k := 0; k <= c.n; k++ {
			if !open {
				obs, exp = append(obs, 0), append(exp, 0)
			}
			obs[len(obs)-1] += float64(seen[k])
			exp[len(exp)-1] += draws * math.Exp(logBinomialPMF(c.n, k, c.p))
			open = exp[len(exp)-1] < 20
		}
		if last := len(exp) - 1; last > 0 && exp[last] < 20 {
			obs[last-1] += obs[last]
			exp[last-1] += exp[last]
			obs, exp = obs[:last], exp[:last]
		}
		var chi2 float64
		for i := range obs {
			chi2 += (obs[i] - exp[i]) * (obs[i] - exp[i]) / exp[i]
		}
		cells := len(obs)
		// For d degrees of freedom, d + 6·√(2d) is beyond the 0.999999 quantile: a true
		// sampler fails it about once in a million runs (and this one is seeded).
		d := float64(cells - 1)
		if limit := d + 6*math.Sqrt(2*d) + 10; chi2 > limit {
			t.Errorf("Bin(%d, %v): chi-square %.1f over %d cells, above %.1f", c.n, c.p, chi2, cells, limit)
		}
	}
}

func TestBinomialEdges(t *testing.T) {
	pcg := rand.NewPCG(1, 2)
	for _, c := range []struct {
		n    int
		p    float64
		want int
	}{{0, 0.5, 0}, {10, 0, 0}, {10, 1, 10}, {7, 1.5, 7}, {-1, 0.5, 0}} {
		if got := binomial(pcg, c.n, c.p); got != c.want {
			t.Errorf("Bin(%d, %v) drew %d, want %d", c.n, c.p, got, c.want)
		}
	}
}

// stirlingTail is ln k! less Stirling's approximation: checked against math.Lgamma
// where the subtraction loses little (k up to 200), and against the series' first
// term 1/(12(k+1)) far out.
func TestStirlingTail(t *testing.T) {
	for k := 0.0; k <= 200; k++ {
		lg, _ := math.Lgamma(k + 1)
		want := lg - ((k+0.5)*math.Log(k+1) - (k + 1) + lnSqrt2Pi)
		if got := stirlingTail(k); math.Abs(got-want) > 1e-12 {
			t.Fatalf("stirlingTail(%v) = %v, want %v", k, got, want)
		}
	}
	// ln 0! = 0, so the tail at 0 is 1 − ln √(2π) − ½·ln 1 = 0.0810614667953272.
	if got := stirlingTail(0); math.Abs(got-0.0810614667953272) > 1e-15 {
		t.Errorf("stirlingTail(0) = %v, want 0.0810614667953272", got)
	}
	if got, want := stirlingTail(1e6), 1/(12*(1e6+1)); math.Abs(got-want) > 1e-18 {
		t.Errorf("stirlingTail(1e6) = %v, want about %v", got, want)
	}
}

// BTRS's exact test compares with ln(P(k)/P(m)): checked against the probabilities
// from the definition (logBinomialPMF), over the whole range of k, for small and large n.
func TestBinomialLogRatio(t *testing.T) {
	for _, c := range []struct {
		n int
		p float64
	}{{20, 0.5}, {101, 0.1}, {1000, 0.3}, {120220, 0.004}} {
		m := math.Floor(float64(c.n+1) * c.p)
		for k := 0; k <= c.n; k += 1 + c.n/500 {
			want := logBinomialPMF(c.n, k, c.p) - logBinomialPMF(c.n, int(m), c.p)
			if got := binomialLogRatio(float64(c.n), c.p/(1-c.p), m, float64(k)); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Fatalf("Bin(%d, %v): ln(P(%d)/P(%v)) = %v, want %v", c.n, c.p, k, m, got, want)
			}
		}
	}
}
