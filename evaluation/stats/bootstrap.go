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
// indices 0..n−1 drawn with replacement, given as counts: counts[i] is how many times
// index i was drawn (the counts add up to n). Resample r comes from its own PCG
// generator, seeded with Seed and r, so the resamples are the same whatever the number
// of workers: fn is called from up to workers goroutines at once (at least 1), and must
// write only what belongs to resample r. The slice counts is reused: fn must not keep
// it. With n <= 0 there is nothing to resample and fn is never called.
//
// Counts rather than the list of draws because a resample's statistic is then one pass
// over the data in order: at national scale (712,000 people, 2,000 resamples) reading
// the people in the order drawn was bound by cache misses.
func (b Bootstrap) Each(n, workers int, fn func(r int, counts []uint32)) {
	if n <= 0 || b.Resamples <= 0 {
		return
	}
	workers = max(1, min(workers, b.Resamples))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]uint32, n)
			for r := w; r < b.Resamples; r += workers {
				clear(counts)
				pcg := rand.NewPCG(b.Seed, uint64(r))
				for range n {
					counts[below(pcg, uint64(n))]++
				}
				fn(r, counts)
			}
		}()
	}
	wg.Wait()
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
