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
		pcg, bins := rand.NewPCG(3, uint64(c.n)), newBinomials(c.n)
		seen := make([]int, c.n+1)
		for range draws {
			k := bins.draw(pcg, c.n, newChance(c.p))
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
		if got := newBinomials(c.n).draw(pcg, c.n, newChance(c.p)); got != c.want {
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

// exactTest decides as binomialLogRatio alone does, so that the draws are the same: on
// 10⁷ tests, for n from 16 to 10⁶ (spread evenly on a log scale), means from 10 to
// n/2 (half of the chances as draw passes them on from above ½) and k within six
// standard deviations of the mean, the ratio from the table lies well within margin
// of binomialLogRatio's (within a tenth of it, so that every decision taken on the
// table alone is binomialLogRatio's), and with ln v at, just inside and just outside
// binomialLogRatio's value the two decide the same.
func TestExactTestDecidesAsStirling(t *testing.T) {
	const setups, perSetup, maxN = 100000, 100, 1000000
	rng := rand.New(rand.NewPCG(7, 8))
	bins := newBinomials(maxN)
	worst := 0.0 // the largest |table − binomialLogRatio| / margin
	for range setups {
		n := int(16 * math.Pow(maxN/16, rng.Float64()))
		mean := 10 * math.Pow(float64(n)/20, rng.Float64())
		p := mean / float64(n)
		c := newChance(p)
		if rng.IntN(2) == 0 { // as draw passes on a chance above ½
			c = newChance(1 - p)
			c = chance{1 - c.p, -c.lnOdds}
		}
		exact := newExactTest(bins.lnFact, n, c)
		sd := math.Sqrt(mean * (1 - p))
		for range perSetup {
			k := int(math.Round(mean + sd*(12*rng.Float64()-6)))
			k = max(0, min(n, k))
			want := binomialLogRatio(float64(n), c.p/(1-c.p), exact.m, float64(k))
			worst = math.Max(worst, math.Abs(exact.tableRatio(k)-want)/exact.margin)
			for _, lnV := range []float64{
				want, math.Nextafter(want, math.Inf(1)), want - exact.margin/2, want + exact.margin/2,
				want - 2*exact.margin, want + 2*exact.margin, want + exact.margin*(8*rng.Float64()-4),
			} {
				if got := exact.accepts(lnV, k); got != (lnV <= want) {
					t.Fatalf("Bin(%d, %v), k = %d, ln v = %v: accepts %v, binomialLogRatio %v (ln ratio %v)", n, p, k, lnV, got, !got, want)
				}
			}
		}
	}
	if worst > 0.1 {
		t.Errorf("the table's ratio is up to %.3g margins from binomialLogRatio's, want at most 0.1", worst)
	}
	t.Logf("the table's ratio is at most %.3g margins from binomialLogRatio's", worst)
}

// logBinomialPMF is log P(R = r) for R ~ Binomial(n, p) from the definition, the
// oracle of these tests.
func logBinomialPMF(n, r int, p float64) float64 {
	lnN, _ := math.Lgamma(float64(n) + 1)
	lnR, _ := math.Lgamma(float64(r) + 1)
	lnNR, _ := math.Lgamma(float64(n-r) + 1)
	return lnN - lnR - lnNR + float64(r)*math.Log(p) + float64(n-r)*math.Log1p(-p)
}

// The funnel limits' probabilities, with ln n!, ln p and ln(1−p) worked out once, are
// the definition's to the bit, so the limits are the same as when each term worked
// them out afresh.
func TestBinomialPMFIsTheDefinition(t *testing.T) {
	for _, c := range []struct {
		n int
		p float64
	}{{1, 0.5}, {20, 0.03}, {517, 0.4907}, {60000, 0.5}, {1_000_000, 0.999}} {
		pmf := newBinomialPMF(c.n, c.p)
		for _, r := range []int{0, 1, c.n / 3, c.n / 2, c.n - 1, c.n} {
			if got, want := pmf.log(r), logBinomialPMF(c.n, r, c.p); got != want {
				t.Errorf("n %d p %v r %d: %v, want %v", c.n, c.p, r, got, want)
			}
		}
	}
}
