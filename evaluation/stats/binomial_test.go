package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// binomialPMF is the binomial probability of k in n trials, from the definition
// C(n,k)·pᵏ·(1−p)ⁿ⁻ᵏ (in logarithms, so that n may be large).
func binomialPMF(n, k int, p float64) float64 {
	lc := lnFactorial(float64(n)) - lnFactorial(float64(k)) - lnFactorial(float64(n-k))
	return math.Exp(lc + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

// The sampler's draws follow the binomial distribution: a chi-square test of 200,000
// draws against the probabilities from the definition, for each method (inversion for
// a mean below 10, BTRS above; p above ½ by symmetry) and at the edges between them.
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
			exp[len(exp)-1] += draws * binomialPMF(c.n, k, c.p)
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
