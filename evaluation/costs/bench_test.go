package costs

import (
	"fmt"
	"math/rand/v2"
	"testing"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
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

// BenchmarkCollect times Collect over the rows of 50,000 people (a fortieth of the
// national export's), each with the national export's eight items in both windows: a
// quarter of them comparison people in a pathway, one item an old name (an alias),
// two with no published cost, with the shipped unit-cost table. The rows are made
// before the timer starts, so that only Collect is timed.
func BenchmarkCollect(b *testing.B) {
	table, err := LoadUnitCosts(iaptpub.Sources, UnitCostsFile)
	if err != nil {
		b.Fatal(err)
	}
	aliases, err := LoadAliases(iaptpub.Sources, AliasesFile)
	if err != nil {
		b.Fatal(err)
	}
	items := []string{"gp_consultation", "gp_phone_consultation", "practice_nurse_consultation", "ae_attendance",
		"outpatient_attendance", "nonelective_bed_day", "elective_bed_day", "ambulance_callout"}
	pathways := []string{"diabetes", "respiratory", "cardiovascular"}
	rng := rand.New(rand.NewPCG(5, 6))
	var uses []row
	for i := range 50000 {
		u := export.Use{ServiceRequestID: fmt.Sprintf("R%08d", i), OrgIDProv: "ZZA", WindowMonths: 12}
		ref := i
		if i%4 == 3 {
			u.Comparison, u.Pathway, ref = true, pathways[i%3], -1
		}
		for _, post := range []bool{false, true} {
			for _, item := range items {
				u.Line, u.Post, u.Item, u.Count = len(uses)+2, post, item, float64(rng.IntN(20))
				uses = append(uses, row{ref, u})
			}
		}
	}
	read := rows(uses...)
	for b.Loop() {
		if _, err := Collect(read, table, aliases, pathways); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare times Evaluate's work on its persons before the bootstrap (check and
// prepare) for 100,000 people with six costed items of care in each window.
func BenchmarkPrepare(b *testing.B) {
	table, err := LoadUnitCosts(iaptpub.Sources, UnitCostsFile)
	if err != nil {
		b.Fatal(err)
	}
	for i := range table {
		table[i].Missing, table[i].UnitCost = false, float64(10*(i+1))
	}
	items := []string{"gp_consultation", "ae_attendance", "outpatient_attendance", "nonelective_bed_day",
		"elective_bed_day", "ambulance_see_and_convey"}
	rng := rand.New(rand.NewPCG(7, 8))
	visits := func() map[string]float64 {
		m := make(map[string]float64, len(items))
		for _, item := range items {
			m[item] = float64(rng.IntN(20))
		}
		return m
	}
	persons := make([]Person, 100000)
	for i := range persons {
		persons[i] = Person{Comparison: i%4 == 3, WindowMonths: 12, Pre: visits(), Post: visits()}
		if i%3 == 0 {
			persons[i].Pathways = []string{"diabetes"}
		}
	}
	for b.Loop() {
		rep := Report{UnitCosts: table}
		if err := rep.check(persons, fixturePathways); err != nil {
			b.Fatal(err)
		}
		rep.prepare(persons)
	}
}
