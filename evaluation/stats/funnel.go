package stats

import "math"

// FunnelMethod chooses how FunnelLimits draws its control limits.
type FunnelMethod int

const (
	// Exact uses the binomial distribution of the count itself, with Spiegelhalter's
	// interpolation between whole counts (Statistics in Medicine 2005;24:1185–1202,
	// appendix): for a tail probability t, r is the smallest count with
	// P(R ≤ r) ≥ t, α = (P(R ≤ r) − t) / (P(R ≤ r) − P(R ≤ r−1)), and the limit is
	// (r − α)/n. The interpolation gives smooth funnels instead of steps; at the
	// steps themselves it agrees with the plain binomial quantile r/n.
	Exact FunnelMethod = iota
	// Normal uses p ± z·√(p(1−p)/n) with z the normal quantile of the level; close to
	// Exact for large n, too narrow on the low side for small n and p near 0 or 1.
	Normal
)

// String names the method as the methodology page states it.
func (m FunnelMethod) String() string {
	switch m {
	case Exact:
		return "exact binomial (Spiegelhalter's interpolation)"
	case Normal:
		return "normal approximation to the binomial"
	}
	return "unknown funnel method"
}

// FunnelLimits returns the lower and upper control limits, as proportions in [0,1],
// for a unit of n cases around the target proportion p, at the two-sided level
// (0.95 and 0.998 for the usual 2 and 3 standard deviation limits): a unit whose
// proportion lies outside them differs from p by more than chance would explain at
// that level.
//
// Limits are clamped to [0,1]. With n <= 0 there is no information and the limits are
// the whole range [0,1]. A p outside [0,1], a level outside (0,1) or an unknown method
// is a programming error and gives NaN limits.
func FunnelLimits(p float64, n int, level float64, method FunnelMethod) (lo, hi float64) {
	if !(p >= 0 && p <= 1) || !(level > 0 && level < 1) {
		return math.NaN(), math.NaN()
	}
	if n <= 0 {
		return 0, 1
	}
	tail := (1 - level) / 2
	switch method {
	case Exact:
		lo = binomialInterpolatedQuantile(n, p, tail) / float64(n)
		hi = binomialInterpolatedQuantile(n, p, 1-tail) / float64(n)
	case Normal:
		z := normalQuantile(1 - tail)
		se := math.Sqrt(p * (1 - p) / float64(n))
		lo, hi = p-z*se, p+z*se
	default:
		return math.NaN(), math.NaN()
	}
	return min(max(lo, 0), 1), min(max(hi, 0), 1)
}

// binomialInterpolatedQuantile returns r − α of Spiegelhalter's interpolation (see
// Exact) for the t-quantile of Binomial(n, p), as a count.
func binomialInterpolatedQuantile(n int, p, t float64) float64 {
	if p == 0 {
		return 0
	}
	if p == 1 {
		return float64(n)
	}
	// Sum the probability mass from the left, starting 40 standard deviations below
	// the mean: the mass left out there is far below what a float64 sum can register,
	// and the work grows with √n rather than n, so a national-sized n stays cheap.
	mean := float64(n) * p
	sd := math.Sqrt(mean * (1 - p))
	from := max(0, int(math.Floor(mean-40*sd-10)))
	to := min(n, int(math.Ceil(mean+40*sd+10)))
	pmf := newBinomialPMF(n, p)
	prev, cum := 0.0, 0.0
	for r := from; r <= to; r++ {
		// Each term from lgamma rather than the ratio recurrence: the recurrence is
		// cheaper but its error grows over the thousands of terms of a large n.
		prev, cum = cum, cum+math.Exp(pmf.log(r))
		if cum >= t {
			alpha := (cum - t) / (cum - prev)
			return float64(r) - alpha
		}
	}
	return float64(n)
}

// BinomialUpperTail returns P(R ≥ k) for R ~ Binomial(n, p), 0 < p < 1: how likely
// chance alone is to give k or more of n. It is 1 for k ≤ 0 and 0 for k > n.
func BinomialUpperTail(n, k int, p float64) float64 {
	if k <= 0 {
		return 1
	}
	pmf, tail := newBinomialPMF(n, p), 0.0
	for r := k; r <= n; r++ {
		tail += math.Exp(pmf.log(r))
	}
	return min(tail, 1)
}

// binomialPMF gives log P(R = r) for R ~ Binomial(n, p), 0 < p < 1, for r after r:
// ln n!, ln p and ln(1−p) are worked out once, not once a term (the funnel plot's
// limits sum thousands of terms at each of hundreds of denominators).
type binomialPMF struct {
	n             int
	lnN, lnP, lnQ float64
}

func newBinomialPMF(n int, p float64) binomialPMF {
	lnN, _ := math.Lgamma(float64(n) + 1)
	return binomialPMF{n, lnN, math.Log(p), math.Log1p(-p)}
}

// log returns log P(R = r).
func (b binomialPMF) log(r int) float64 {
	lnR, _ := math.Lgamma(float64(r) + 1)
	lnNR, _ := math.Lgamma(float64(b.n-r) + 1)
	return b.lnN - lnR - lnNR + float64(r)*b.lnP + float64(b.n-r)*b.lnQ
}

// normalQuantile returns Φ⁻¹(q) for 0 < q < 1.
func normalQuantile(q float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*q)
}
