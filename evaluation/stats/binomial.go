package stats

import (
	"math"
	"math/rand/v2"
)

// binomials draws from binomial distributions of at most len(lnFact)−1 trials,
// exactly (to the rounding of float64): by inversion when the mean is small and
// otherwise by Hörmann's transformed rejection with squeeze, BTRS (W. Hörmann, "The
// generation of binomial random variates", Journal of Statistical Computation and
// Simulation 46, 1993, pp. 101–110), which takes about one pair of uniforms a draw
// whatever n is. No normal or Poisson approximation: the bootstrap's resamples must be
// those of drawing people.
//
// It keeps ln x! for every x up to the most trials, so that BTRS's exact test looks up
// four log-factorials rather than work out four logarithms and Stirling series: the
// kinds Bootstrap.Each draws whole have means of 16 to a few hundred, where BTRS
// takes its exact test on a third to two thirds of its draws (see exactTest).
type binomials struct {
	lnFact []float64 // lnFact[x] = ln x!
}

// newBinomials makes the table for binomials of up to maxN trials: one math.Lgamma
// an entry, each within a few units in the last place of ln x!.
func newBinomials(maxN int) binomials {
	lnFact := make([]float64, max(maxN, 0)+1)
	for x := range lnFact {
		lnFact[x], _ = math.Lgamma(float64(x) + 1)
	}
	return binomials{lnFact}
}

// chance is a success probability p with its log-odds ln(p/(1−p)), which BTRS's exact
// test needs: Bootstrap.Each draws each kind with the same p in every resample, so it
// works the logarithm out once a kind rather than once a binomial, where it took a
// fifth of the time of a binomial of the sizes it draws.
type chance struct{ p, lnOdds float64 }

func newChance(p float64) chance { return chance{p, math.Log(p / (1 - p))} }

// draw draws from the binomial distribution of n trials (at most the table's) with
// success probability c.p.
func (bs binomials) draw(pcg *rand.PCG, n int, c chance) int {
	switch p := c.p; {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	case p > 0.5:
		return n - bs.draw(pcg, n, chance{1 - p, -c.lnOdds})
	case float64(n)*p < 10:
		return binomialInversion(pcg, n, p)
	}
	return bs.btrs(pcg, n, c)
}

// uniform is a uniform draw from [0, 1) with 53 random bits.
func uniform(pcg *rand.PCG) float64 {
	return float64(pcg.Uint64()>>11) * 0x1p-53
}

// binomialInversion walks up the distribution function from 0 until it passes a
// uniform draw (Kachitvichyanukul and Schmeiser's BINV), for a mean below 10 (p ≤ ½),
// where the walk is short. The probabilities come by the recurrence
// P(x) = P(x−1)·((n+1)/x − 1)·p/q; should rounding leave the draw above their sum,
// the walk starts again with a new draw.
func binomialInversion(pcg *rand.PCG, n int, p float64) int {
	q := 1 - p
	s := p / q
	a := float64(n+1) * s
	first := math.Pow(q, float64(n))
	for {
		u, f := uniform(pcg), first
		for x := 0; x <= n && f > 0; x++ {
			if u < f {
				return x
			}
			u -= f
			f *= a/float64(x+1) - s
		}
	}
}

// btrs is Hörmann's algorithm BTRS for a mean of 10 or more (p ≤ ½), step by step as
// in the paper.
func (bs binomials) btrs(pcg *rand.PCG, n int, ch chance) int {
	nf, p := float64(n), ch.p
	q := 1 - p
	spq := math.Sqrt(nf * p * q)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	vr := 0.92 - 4.2/b
	// Set up on the first rejection only: most draws are accepted in step 1.
	var alpha float64
	var exact exactTest
	for {
		// Step 1: the quick acceptance.
		u := uniform(pcg) - 0.5
		v := uniform(pcg)
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		// Step 2: outside 0..n (or us = 0, k = ±∞).
		if !(k >= 0 && k <= nf) {
			continue
		}
		// Step 3: the exact test against the binomial probability of k.
		if alpha == 0 {
			alpha = (2.83 + 5.1/b) * spq
			exact = newExactTest(bs.lnFact, n, ch)
		}
		if exact.accepts(math.Log(v*alpha/(a/(us*us)+b)), int(k)) {
			return int(k)
		}
	}
}

// exactTest is step 3 of BTRS for n trials with success probability c.p (≤ ½): it
// accepts k when ln v ≤ ln(P(k)/P(m)), m the mode.
//
// Its answers are exactly those of binomialLogRatio, the grouped Stirling form of the
// paper, so that the same generator outputs give the same draws (and the bootstrap
// the same resamples, a report the same intervals) as with that form alone, which is
// slower: the test first compares ln v
// with the ratio from the table, ln m! + ln (n−m)! − ln k! − ln (n−k)! + (k−m)·ln r
// with ln r the log-odds c.lnOdds, and asks binomialLogRatio only when ln v lies
// within margin of it. The two forms differ by rounding: the table's sums by a few
// units in the last place of their terms (at most about ln n! and |k−m|·|ln r| ≤
// n·|ln r|; ln r itself, negated from the other side's when p was above ½, is a few
// units in the last place off, which k−m multiplies), binomialLogRatio by some
// tens of units in the last place of n (its logarithms of ratios near 1 multiplied
// by up to n+1) and by below 1e−12 from each of its four series. margin is 1e−12
// (some 4,500 units in the last place) of those magnitudes, plus 1e−10: far more
// than the difference (TestExactTestDecidesAsStirling finds it some 200 times the
// largest), and still so narrow that binomialLogRatio is asked about once in ten
// thousand tests at n = 10⁶ and once in two hundred thousand at n = 60,000.
type exactTest struct {
	lnFact  []float64
	n       int
	c       chance
	m, lnPm float64 // the mode, ln m! + ln (n−m)!
	margin  float64
}

func newExactTest(lnFact []float64, n int, c chance) exactTest {
	nf := float64(n)
	m := math.Floor((nf + 1) * c.p)
	return exactTest{
		lnFact: lnFact, n: n, c: c, m: m,
		lnPm:   lnFact[int(m)] + lnFact[n-int(m)],
		margin: 1e-12*(lnFact[n]+nf*(1+math.Abs(c.lnOdds))) + 1e-10,
	}
}

// accepts reports whether lnV ≤ ln(P(k)/P(m)), for k in 0..n.
func (t *exactTest) accepts(lnV float64, k int) bool {
	ratio := t.tableRatio(k)
	switch {
	case lnV < ratio-t.margin:
		return true
	case lnV > ratio+t.margin:
		return false
	}
	return lnV <= binomialLogRatio(float64(t.n), t.c.p/(1-t.c.p), t.m, float64(k))
}

// tableRatio is ln(P(k)/P(m)) from the table of ln x!, to within margin.
func (t *exactTest) tableRatio(k int) float64 {
	return t.lnPm - t.lnFact[k] - t.lnFact[t.n-k] + (float64(k)-t.m)*t.c.lnOdds
}

// binomialLogRatio is ln(P(k)/P(m)) for the binomial distribution of n trials with
// odds r = p/q: ln m! + ln (n−m)! − ln k! − ln (n−k)! + (k−m)·ln r, with
// ln x! = (x+½)·ln(x+1) − (x+1) + ln √(2π) + stirlingTail(x) and the terms grouped as in
// Hörmann's paper, so that large logarithms do not cancel.
func binomialLogRatio(n, r, m, k float64) float64 {
	return (m+0.5)*math.Log((m+1)/(r*(n-m+1))) +
		(n+1)*math.Log((n-m+1)/(n-k+1)) +
		(k+0.5)*math.Log(r*(n-k+1)/(k+1)) +
		stirlingTail(m) + stirlingTail(n-m) - stirlingTail(k) - stirlingTail(n-k)
}

// lnSqrt2Pi is ln √(2π).
const lnSqrt2Pi = 0.91893853320467274178

// stirlingTail is ln k! less Stirling's approximation (k+½)·ln(k+1) − (k+1) + ln √(2π):
// from math.Lgamma below 10, and from 10 on by the first four terms of its series,
// 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) with x = k+1, whose error there is
// below 1e−12.
func stirlingTail(k float64) float64 {
	if k < 10 {
		lg, _ := math.Lgamma(k + 1)
		return lg - ((k+0.5)*math.Log(k+1) - (k + 1) + lnSqrt2Pi)
	}
	k1 := k + 1
	sq := k1 * k1
	return (1.0/12 - (1.0/360-(1.0/1260-1.0/1680/sq)/sq)/sq) / k1
}
