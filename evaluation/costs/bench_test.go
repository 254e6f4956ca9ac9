package costs

import (
	"math/rand/v2"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// BenchmarkResample times the bootstrap of one group the size of a large pathway at
// national scale (60,000 people, six items of care), for 200 of its resamples.
func BenchmarkResample(b *testing.B) {
	const n, items = 60000, 6
	rng := rand.New(rand.NewPCG(1, 2))
	ready := make([]person, n)
	members := make([]int, n)
	for i := range ready {
		p := person{pre: make([]float64, items), post: make([]float64, items), change: make([]float64, items)}
		for j := range items {
			p.pre[j], p.post[j] = rng.Float64()*500, rng.Float64()*500
			p.change[j] = p.post[j] - p.pre[j]
		}
		p.annual, p.serviceCost = p.change[0]*2, 300
		ready[i], members[i] = p, i
	}
	numberKinds(ready)
	boot := stats.Bootstrap{Resamples: 200, Seed: 1}
	b.ResetTimer()
	for b.Loop() {
		resample(boot, members, ready)
	}
}
