package costs

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sumKindsPlain is the loop sumKinds replaces: the reference of its sums.
func sumKindsPlain(sums []float64, counts []uint32, vals []float64) {
	w := len(sums)
	clear(sums)
	for x, c := range counts {
		times := float64(c)
		for j, v := range vals[x*w : x*w+w] {
			sums[j] += times * v
		}
	}
}

// sumKinds must give the plain loop's sums to the bit, for every width of a row (the
// items of the unit-cost table and the two figures after them: up to 19 columns, and
// more in blocks). The values span magnitudes and signs, and the counts include 0,
// so that a sum in another order or grouping would differ in its last bits.
func TestSumKindsAgreesWithPlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for w := 1; w <= 25; w++ {
		for _, kinds := range []int{1, 2, 7, 1000} {
			counts := make([]uint32, kinds)
			for x := range counts {
				counts[x] = uint32(rng.IntN(5)) * uint32(rng.IntN(3)) // many 0s
			}
			vals := make([]float64, kinds*w)
			for i := range vals {
				vals[i] = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(12)-4))
			}
			got, want := make([]float64, w), make([]float64, w)
			sumKinds(got, counts, vals)
			sumKindsPlain(want, counts, vals)
			for j := range w {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Errorf("width %d, %d kinds: column %d sums to %v, want %v", w, kinds, j, got[j], want[j])
				}
			}
		}
	}
}

// BenchmarkSumKinds times the sums of one resample of a pathway at national scale:
// 20,000 kinds of five columns (four items of care and the change a year).
func BenchmarkSumKinds(b *testing.B) {
	const kinds, w = 20000, 5
	rng := rand.New(rand.NewPCG(1, 2))
	counts := make([]uint32, kinds)
	for x := range counts {
		counts[x] = uint32(rng.IntN(3))
	}
	vals := make([]float64, kinds*w)
	for i := range vals {
		vals[i] = rng.Float64() * 500
	}
	sums := make([]float64, w)
	b.Run("blocks", func(b *testing.B) {
		for b.Loop() {
			sumKinds(sums, counts, vals)
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			sumKindsPlain(sums, counts, vals)
		}
	})
}
