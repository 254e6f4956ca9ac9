package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkBinomial times single binomials of the sizes that Bootstrap.Each draws
// whole in the cost evaluation at national scale: kinds of 16 to a few hundred people
// out of thousands to hundreds of thousands of draws, so means of 16 to a few hundred,
// where BTRS goes on to its exact test (step 3) on a third (mean 300) to two thirds
// (mean 16) of its draws.
func BenchmarkBinomial(b *testing.B) {
	for _, c := range []struct {
		n    int
		mean float64
	}{{1000, 16}, {60000, 16}, {60000, 50}, {60000, 300}, {700000, 50}} {
		b.Run(fmt.Sprintf("n=%d/mean=%v", c.n, c.mean), func(b *testing.B) {
			pcg, bins := rand.NewPCG(1, 2), newBinomials(c.n)
			p := newChance(c.mean / float64(c.n))
			for b.Loop() {
				bins.draw(pcg, c.n, p)
			}
		})
	}
}

// BenchmarkEach times the 2,000 resamples the cost evaluation takes of a group of
// 60,000 people whose kinds are sized as at national scale: half the people in kinds
// of 16 or more (drawn whole, 52 people on average), the other half in kinds of 1 to
// 15 (drawn one by one, 2 on average). All 2,000, as the evaluation takes them, so
// that what Each sets up once (the binomials' table of ln x!, about 1 ms) weighs as
// it does there.
func BenchmarkEach(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	var kind []int32
	add := func(size int) {
		k := int32(0)
		if len(kind) > 0 {
			k = kind[len(kind)-1] + 1
		}
		for range size {
			kind = append(kind, k)
		}
	}
	for len(kind) < 30000 {
		add(wholeFrom + int(rng.ExpFloat64()*36))
	}
	for len(kind) < 60000 {
		add(min(wholeFrom-1, 1+int(rng.ExpFloat64()*1.2)))
	}
	kinds := int(kind[len(kind)-1]) + 1
	rng.Shuffle(len(kind), func(i, j int) { kind[i], kind[j] = kind[j], kind[i] })
	boot := Bootstrap{Resamples: 2000, Seed: 1}
	for b.Loop() {
		boot.Each(kind, kinds, 1, func(int, []uint32) {})
	}
}
