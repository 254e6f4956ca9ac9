package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func collect(b Bootstrap, n, workers int) [][]uint32 {
	all := make([][]uint32, b.Resamples)
	b.Each(Everyone(n), n, workers, func(r int, counts []uint32) { all[r] = slices.Clone(counts) })
	return all
}

// draws are the people drawn one by one in resample r of b, in order: Lemire's
// method written out plainly, on each half of each output of the resample's
// generator (low half first), keeping the high 32 bits of half·n unless its low 32
// bits fall below 2³² mod n.
func draws(b Bootstrap, r, n int) []int {
	pcg := rand.NewPCG(b.Seed, uint64(r))
	var idx []int
	for len(idx) < n {
		v := pcg.Uint64()
		for _, half := range []uint64{v & (1<<32 - 1), v >> 32} {
			product := half * uint64(n)
			if product&(1<<32-1) < (1<<32)%uint64(n) || len(idx) == n {
				continue
			}
			idx = append(idx, int(product>>32))
		}
	}
	return idx
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
		want := make([]uint32, 37)
		for _, i := range draws(b, r, 37) {
			want[i]++
		}
		if !slices.Equal(first[r], want) {
			t.Fatalf("resample %d counts %v, want the counts of the draws %v", r, first[r], want)
		}
	}
	other := collect(Bootstrap{Resamples: 2000, Seed: 20240402}, 37, 2)
	if slices.EqualFunc(first, other, slices.Equal) {
		t.Error("a different seed gave the same resamples")
	}
}

// drawFew counts two draws at once when neither half of an output is rejected and
// more than one draw is left, and takes the other outputs half by half: the counts
// must be those of the draws one by one all the same. With 1,000,003 people each their
// own kind, 2³² mod n = 954,414, so about 222 halves a resample are rejected, and the
// odd number of draws leaves one draw for the last output.
func TestBootstrapDrawsPairsAsOneByOne(t *testing.T) {
	const n = 1000003
	b := Bootstrap{Resamples: 3, Seed: 11}
	got := collect(b, n, 1)
	for r := range got {
		want := make([]uint32, n)
		for _, i := range draws(b, r, n) {
			want[i]++
		}
		if !slices.Equal(got[r], want) {
			t.Errorf("resample %d: counts differ from those of the draws one by one", r)
		}
	}
}

func TestBootstrapResamplesWithReplacement(t *testing.T) {
	// Drawing 50 of 50 with replacement repeats someone in all but a vanishing share of
	// resamples (1 − 50!/50⁵⁰); a permutation never would. Every index must also turn up.
	seen := make([]bool, 50)
	repeats := 0
	Bootstrap{Resamples: 200, Seed: 1}.Each(Everyone(50), 50, 1, func(_ int, counts []uint32) {
		if len(counts) != 50 {
			t.Fatalf("resample counts %d indices, want 50", len(counts))
		}
		if slices.ContainsFunc(counts, func(c uint32) bool { return c > 1 }) {
			repeats++
		}
		for i, c := range counts {
			seen[i] = seen[i] || c > 0
		}
		if sum := sumCounts(counts); sum != 50 {
			t.Fatalf("resample draws %d in all, want 50", sum)
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
	Bootstrap{Resamples: 2000, Seed: 1}.Each(nil, 0, 2, func(int, []uint32) { calls++ })
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
	Bootstrap{Resamples: 2000, Seed: 7}.Each(Everyone(len(xs)), len(xs), 2, func(r int, counts []uint32) {
		sum := 0.0
		for i, c := range counts {
			sum += float64(c) * xs[i]
		}
		means[r] = sum / float64(len(xs))
	})
	lo, hi := PercentileInterval(means, 0.95)
	if !(lo < 5 && 5 < hi) || !near(hi-lo, 2*0.69, 0.2) {
		t.Errorf("95%% bootstrap interval of the mean = %v..%v; want about 4.31..5.69", lo, hi)
	}
}

func sumCounts(counts []uint32) int {
	n := 0
	for _, c := range counts {
		n += int(c)
	}
	return n
}

// Counting by kind is the same resample: each kind's count is the sum of the counts of
// its people.
func TestBootstrapCountsByKind(t *testing.T) {
	b := Bootstrap{Resamples: 50, Seed: 11}
	kind := []int32{0, 1, 0, 2, 1, 0, 2, 2, 0}
	perPerson := collect(b, len(kind), 2)
	byKind := make([][]uint32, b.Resamples)
	b.Each(kind, 3, 2, func(r int, counts []uint32) { byKind[r] = slices.Clone(counts) })
	for r := range perPerson {
		want := make([]uint32, 3)
		for i, c := range perPerson[r] {
			want[kind[i]] += c
		}
		if !slices.Equal(byKind[r], want) {
			t.Fatalf("resample %d by kind %v, want the sums of its people's counts %v", r, byKind[r], want)
		}
	}
}

// The counts by kind of n draws with replacement are multinomial: kind k of n_k people
// has mean n_k, variance n_k(1 − n_k/n), and two kinds covary by −n_j·n_k/n. Kinds
// large and small, so that some are drawn whole and the others draw by draw; the same
// counts with one worker or three.
func TestBootstrapCountsAreMultinomial(t *testing.T) {
	sizes := []int{300, 120, 40, wholeFrom, wholeFrom - 1, 5, 1, 1, 1, 1}
	var kind []int32
	for k, s := range sizes {
		for range s {
			kind = append(kind, int32(k))
		}
	}
	// Interleaved, so that the kinds drawn whole are not the first people.
	rand.New(rand.NewPCG(5, 5)).Shuffle(len(kind), func(i, j int) { kind[i], kind[j] = kind[j], kind[i] })
	n, kinds := float64(len(kind)), len(sizes)
	b := Bootstrap{Resamples: 20000, Seed: 99}
	all := make([][]uint32, b.Resamples)
	b.Each(kind, kinds, 1, func(r int, counts []uint32) { all[r] = slices.Clone(counts) })
	b.Each(kind, kinds, 3, func(r int, counts []uint32) {
		if !slices.Equal(counts, all[r]) {
			t.Fatalf("resample %d: %v with three workers, %v with one", r, counts, all[r])
		}
	})
	R := float64(b.Resamples)
	mean := make([]float64, kinds)
	for _, counts := range all {
		if sum := sumCounts(counts); sum != len(kind) {
			t.Fatalf("a resample draws %d in all, want %d", sum, len(kind))
		}
		for k, c := range counts {
			mean[k] += float64(c) / R
		}
	}
	cov := func(j, k int) float64 {
		s := 0.0
		for _, counts := range all {
			s += (float64(counts[j]) - mean[j]) * (float64(counts[k]) - mean[k])
		}
		return s / (R - 1)
	}
	for k, s := range sizes {
		nk := float64(s)
		wantVar := nk * (1 - nk/n)
		// Five standard errors: of the mean √(var/R); of the variance about
		// var·√(3/R) (counts near Poisson have excess kurtosis near 1/mean ≤ 1).
		if se := math.Sqrt(wantVar / R); math.Abs(mean[k]-nk) > 5*se {
			t.Errorf("kind of %d people: mean count %.3f, want %v ± %.3f", s, mean[k], nk, 5*se)
		}
		if got := cov(k, k); math.Abs(got-wantVar) > 5*wantVar*math.Sqrt(3/R) {
			t.Errorf("kind of %d people: variance %.3f, want %.3f", s, got, wantVar)
		}
	}
	for _, p := range [][2]int{{0, 1}, {1, 2}, {0, 4}, {3, 5}} {
		j, k := p[0], p[1]
		want := -float64(sizes[j]*sizes[k]) / n
		// The covariance's standard error is at most √(var_j·var_k·2/R).
		se := math.Sqrt(float64(sizes[j]*sizes[k]) * 2 / R)
		if got := cov(j, k); math.Abs(got-want) > 5*se {
			t.Errorf("kinds of %d and %d people: covariance %.3f, want %.3f ± %.3f", sizes[j], sizes[k], got, want, 5*se)
		}
	}
}

// Everyone alike: every draw falls on the one kind, whether it is drawn whole (20
// people) or draw by draw (3).
func TestBootstrapOneKind(t *testing.T) {
	for _, n := range []int{wholeFrom + 4, 3} {
		Bootstrap{Resamples: 100, Seed: 4}.Each(make([]int32, n), 1, 2, func(r int, counts []uint32) {
			if len(counts) != 1 || counts[0] != uint32(n) {
				t.Errorf("%d alike people, resample %d: counts %v, want [%d]", n, r, counts, n)
			}
		})
	}
}
