package stats

import (
	"math/bits"
	"math/rand/v2"
	"sync"
)

// Bootstrap resamples persons with replacement, reproducibly: the same Resamples and
// Seed give the same resamples on every run and every machine, so a report built twice
// from the same input shows the same intervals. Callers enforce a minimum of
// Resamples (the evaluation spec asks for at least 2,000).
type Bootstrap struct {
	Resamples int
	Seed      uint64
}

// Each calls fn once for every resample r in 0..Resamples−1 with a resample of the
// people 0..n−1 (n = len(kind)) drawn with replacement, counted by kind: kind[i] is
// the kind of person i, 0..kinds−1, and counts[k] is how many draws fell on people of
// kind k (the counts add up to n). People of one kind must be alike to the statistic
// (the same figures): counting by kind is then the same resample, and a statistic
// summed over kinds rather than people costs as many kinds as there are, not people.
// Each person its own kind gives the plain counts per person.
//
// Resample r comes from its own PCG generator, seeded with Seed and r, so the
// resamples are the same whatever the number of workers: fn is called from up to
// workers goroutines at once (at least 1), and must write only what belongs to
// resample r. The slice counts is reused: fn must not keep it. With no people there is
// nothing to resample and fn is never called.
//
// Counts rather than the list of draws because at national scale (712,000 people,
// 2,000 resamples) reading the people in the order drawn was bound by cache misses,
// and summing over every person, drawn or not, by arithmetic.
func (b Bootstrap) Each(kind []int32, kinds, workers int, fn func(r int, counts []uint32)) {
	n := len(kind)
	if n == 0 || b.Resamples <= 0 {
		return
	}
	workers = max(1, min(workers, b.Resamples))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]uint32, kinds)
			for r := w; r < b.Resamples; r += workers {
				clear(counts)
				pcg := rand.NewPCG(b.Seed, uint64(r))
				for range n {
					counts[kind[below(pcg, uint64(n))]]++
				}
				fn(r, counts)
			}
		}()
	}
	wg.Wait()
}

// Everyone is each of n people their own kind, for Each.
func Everyone(n int) []int32 {
	kind := make([]int32, n)
	for i := range kind {
		kind[i] = int32(i)
	}
	return kind
}

// below returns a uniform draw from 0..n−1, the very draw rand.New(pcg).IntN(n) gives
// (the same algorithm: Lemire's multiply with rejection), without the call through the
// Source interface that cost a third of a resample's time at national scale.
func below(pcg *rand.PCG, n uint64) int {
	if n&(n-1) == 0 {
		return int(pcg.Uint64() & (n - 1))
	}
	hi, lo := bits.Mul64(pcg.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(pcg.Uint64(), n)
		}
	}
	return int(hi)
}
