package stats

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func collect(b Bootstrap, n, workers int) [][]int {
	all := make([][]int, b.Resamples)
	b.Each(n, workers, func(r int, idx []int) { all[r] = slices.Clone(idx) })
	return all
}

func TestBootstrapDeterministic(t *testing.T) {
	b := Bootstrap{Resamples: 2000, Seed: 20240401}
	// The same resamples with one worker or three: they do not depend on how the work
	// is shared out.
	first, again := collect(b, 37, 1), collect(b, 37, 3)
	for r := range first {
		if first[r] == nil {
			t.Fatalf("fn was not called for resample %d", r)
		}
		if !slices.Equal(first[r], again[r]) {
			t.Fatalf("resample %d differs between two runs with the same seed", r)
		}
		for _, i := range first[r] {
			if i < 0 || i >= 37 {
				t.Fatalf("resample %d holds index %d, outside 0..36", r, i)
			}
		}
	}
	other := collect(Bootstrap{Resamples: 2000, Seed: 20240402}, 37, 2)
	if slices.EqualFunc(first, other, slices.Equal) {
		t.Error("a different seed gave the same resamples")
	}
}

func TestBootstrapResamplesWithReplacement(t *testing.T) {
	// Drawing 50 of 50 with replacement repeats someone in all but a vanishing share of
	// resamples (1 − 50!/50⁵⁰); a permutation never would. Every index must also turn up.
	seen := make([]bool, 50)
	repeats := 0
	Bootstrap{Resamples: 200, Seed: 1}.Each(50, 1, func(_ int, idx []int) {
		if len(idx) != 50 {
			t.Fatalf("resample of %d indices, want 50", len(idx))
		}
		s := slices.Clone(idx)
		slices.Sort(s)
		if len(slices.Compact(s)) < 50 {
			repeats++
		}
		for _, i := range idx {
			seen[i] = true
		}
	})
	if repeats != 200 {
		t.Errorf("%d of 200 resamples repeat a person, want all", repeats)
	}
	if slices.Contains(seen, false) {
		t.Error("some index never appeared in 200 resamples")
	}
}

func TestBootstrapNoPersons(t *testing.T) {
	calls := 0
	Bootstrap{Resamples: 2000, Seed: 1}.Each(0, 2, func(int, []int) { calls++ })
	if calls != 0 {
		t.Errorf("fn called %d times for n=0, want none", calls)
	}
}

func TestBootstrapMeanInterval(t *testing.T) {
	// A sample of 0s and 10s in equal numbers has mean 5; the 95% bootstrap interval
	// of the mean must contain 5 and be about ±1.96·se, se = 5/√200 = 0.354, i.e. ≈ ±0.69.
	xs := make([]float64, 200)
	for i := range xs {
		xs[i] = float64(10 * (i % 2))
	}
	means := make([]float64, 2000)
	Bootstrap{Resamples: 2000, Seed: 7}.Each(len(xs), 2, func(r int, idx []int) {
		sum := 0.0
		for _, i := range idx {
			sum += xs[i]
		}
		means[r] = sum / float64(len(idx))
	})
	lo, hi := PercentileInterval(means, 0.95)
	if !(lo < 5 && 5 < hi) || !near(hi-lo, 2*0.69, 0.2) {
		t.Errorf("95%% bootstrap interval of the mean = %v..%v; want about 4.31..5.69", lo, hi)
	}
}

// below must give exactly the draws of math/rand's IntN on the same generator, so that
// the resamples (and every published interval) are those of the plain algorithm.
func TestBelowIsIntN(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 64, 1000, 17536, 62371, 1 << 20, 1<<62 + 1} {
		a, b := rand.NewPCG(9, uint64(n)), rand.New(rand.NewPCG(9, uint64(n)))
		for i := range 10000 {
			if got, want := below(a, uint64(n)), b.IntN(n); got != want {
				t.Fatalf("n %d, draw %d: below gave %d, IntN %d", n, i, got, want)
			}
		}
	}
}
