package stats

import "math/rand/v2"

// Bootstrap resamples persons with replacement, reproducibly: the same Resamples and
// Seed give the same resamples on every run and every machine, so a report built twice
// from the same input shows the same intervals. Callers enforce a minimum of
// Resamples (the evaluation spec asks for at least 2,000).
type Bootstrap struct {
	Resamples int
	Seed      uint64
}

// pcgStream is the second word of the PCG state. It is fixed so that Seed alone
// decides the sequence; changing it would change every published interval.
const pcgStream = 0x9e3779b97f4a7c15

// Indices calls fn Resamples times, each time with a resample of the indices 0..n−1
// drawn with replacement, from a PCG generator seeded with Seed. The slice is reused
// between calls: fn must not keep it. With n <= 0 there is nothing to resample and fn
// is never called.
func (b Bootstrap) Indices(n int, fn func(idx []int)) {
	if n <= 0 {
		return
	}
	rng := rand.New(rand.NewPCG(b.Seed, pcgStream))
	idx := make([]int, n)
	for range b.Resamples {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		fn(idx)
	}
}
