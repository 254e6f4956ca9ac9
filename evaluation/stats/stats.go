// Package stats holds the few statistical tools the published figures rely on: Wilson
// score intervals for percentages, medians and percentiles, funnel-plot control limits
// for comparing providers, and a reproducible bootstrap over persons.
//
// Everything here is deterministic: the same input gives the same output on every
// machine, so a site built twice from the same export is identical byte for byte.
// The package imports nothing of the project's, so any other package may use it.
package stats

import (
	"math"
	"slices"
)

// Z95 is the standard normal quantile for a two-sided 95% interval, Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval of the proportion k/n, as proportions in
// [0,1], for the normal quantile z (Z95 for 95%). ok is false, and lo and hi are zero,
// when there is no proportion to speak of: n <= 0, k < 0 or k > n.
//
// Wilson's interval is used rather than p ± z·se because it stays inside [0,1] and
// keeps its coverage near 0% and 100%, where small services often are.
func Wilson(k, n int, z float64) (lo, hi float64, ok bool) {
	if n <= 0 || k < 0 || k > n {
		return 0, 0, false
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	denom := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = centre-half, centre+half
	// At k = 0 and k = n the bound is exactly 0 or 1 in exact arithmetic; pin it so
	// rounding error never shows as a bound just outside the possible range.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return math.Max(lo, 0), math.Min(hi, 1), true
}

// Median sorts xs in place and returns its middle value: the mean of the two middle
// values when the count is even, NaN when xs is empty.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// Percentile returns the q-quantile (q in [0,1]) of sorted, which must be in ascending
// order. It interpolates linearly between order statistics, Hyndman and Fan's type 7
// (the default of R's quantile and of spreadsheets' PERCENTILE): with h = (len−1)·q,
// the result is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). q outside [0,1] is taken as the
// nearest end. It returns NaN for an empty slice or a NaN q.
func Percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 || math.IsNaN(q) {
		return math.NaN()
	}
	q = min(max(q, 0), 1)
	h := float64(len(sorted)-1) * q
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// PercentileInterval sorts estimates in place and returns the percentile-method
// interval at the given two-sided level (0.95 for 95%): the (1−level)/2 and
// (1+level)/2 quantiles of the estimates, by Percentile. It returns NaN bounds for no
// estimates.
func PercentileInterval(estimates []float64, level float64) (lo, hi float64) {
	slices.Sort(estimates)
	tail := (1 - level) / 2
	return Percentile(estimates, tail), Percentile(estimates, 1-tail)
}
