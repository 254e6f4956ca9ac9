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

// BenchmarkEvaluate times a whole evaluation at the scale of a large pathway at
// national scale: 60,000 people, half of them a comparison group, a third in a
// pathway, with whole numbers of visits to four items of care, so that, as in a
// real export, many people have the same figures (the kinds of the resamples).
func BenchmarkEvaluate(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	visits := func(most int) map[string]float64 {
		m := map[string]float64{}
		for i, item := range []string{"gp_consultation", "outpatient_attendance", "ae_attendance", "nonelective_bed_day"} {
			if n := rng.IntN(most>>i + 1); n > 0 {
				m[item] = float64(n)
			}
		}
		return m
	}
	persons := make([]Person, 60000)
	for i := range persons {
		p := Person{Comparison: i%2 == 1, WindowMonths: 12, Pre: visits(12), Post: visits(9)}
		if i%3 == 0 {
			p.Pathways = []string{"diabetes"}
		}
		if !p.Comparison {
			p.Recovered = flag(i%4 == 0)
		}
		persons[i] = p
	}
	opts := Options{Bootstrap: stats.Bootstrap{Resamples: MinResamples, Seed: 1}, Pathways: fixturePathways}
	for b.Loop() {
		if _, err := Evaluate(persons, fixtureUnitCosts, ServiceCosts{}, opts); err != nil {
			b.Fatal(err)
		}
	}
}
