package costs

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// The bootstrap draws the counts of a kind of many alike people whole (a binomial)
// rather than person by person: the intervals must be those of resampling people one
// by one, to within Monte-Carlo error. 1,500 treated people in a few dozen kinds of
// at least 16 alike people, drawn whole, and 60 people each of their own kind, drawn
// one by one; the reference is the plain bootstrap written out here (draw 1,500
// people with replacement, average their change) with 40,000 resamples.
func TestIntervalsAgreeWithPersonByPersonResampling(t *testing.T) {
	var persons []Person
	for i := range 1500 {
		persons = append(persons, Person{Pre: use(float64(i%6), float64(i%3/2), 0), Post: use(float64(i/6%4), 0, 0),
			Recovered: flag(i%2 == 0), WindowMonths: 6})
	}
	for i := range 60 {
		persons = append(persons, Person{Pre: use(1, 0, float64(i+3)), Post: use(0, 0, float64(i%5)),
			Recovered: flag(false), WindowMonths: 6})
	}
	rep, err := Evaluate(persons, fixtureUnitCosts, ServiceCosts{}, Options{Bootstrap: stats.Bootstrap{Resamples: MinResamples, Seed: 3}})
	if err != nil {
		t.Fatal(err)
	}
	got := findGroup(t, rep, AllName, Treated).Items[0].Change

	change := make([]float64, len(persons))
	var mean float64
	for i, p := range persons {
		for _, c := range fixtureUnitCosts {
			change[i] += (p.Post[c.Item] - p.Pre[c.Item]) * c.UnitCost
		}
		mean += change[i] / float64(len(persons))
	}
	const R = 40000
	rng := rand.New(rand.NewPCG(1, 2))
	est := make([]float64, R)
	var sd float64
	for r := range est {
		for range persons {
			est[r] += change[rng.IntN(len(persons))]
		}
		est[r] /= float64(len(persons))
		sd += (est[r] - mean) * (est[r] - mean) / R
	}
	sd = math.Sqrt(sd)
	low, high := stats.PercentileInterval(est, 0.95)
	// A 2.5% quantile of 2,000 resamples of a near-normal estimate has a standard
	// error of √(0.025·0.975/2000)/φ(1.96) ≈ 0.06 standard deviations; allow 5 of them.
	tol := 5 * 0.06 * sd
	if !near(got.Value, mean) || math.Abs(got.Low-low) > tol || math.Abs(got.High-high) > tol {
		t.Errorf("change of all treated: %.2f (%.2f to %.2f), want %.2f (%.2f to %.2f) ± %.2f", got.Value, got.Low, got.High, mean, low, high, tol)
	}
}

// A group's kinds do not depend on who else is evaluated: numbered from everyone's
// (numberKinds, once), they must come out as if numbered among the members alone by
// their figures, in the order first met, or the draws would differ. Everyone has
// kinds the group lacks, met first. One member's cost of the service is −0, not the
// +0 of the others to the bit: one kind with them when the group is not costed per
// appointment (the cost is not among the figures), another when it is.
func TestGroupKinds(t *testing.T) {
	mk := func(gp, ae, cost float64) person {
		p := person{pre: []float64{0, 0, 0}, post: []float64{gp + ae, gp, ae}, change: []float64{gp + ae, gp, ae}}
		p.annual, p.serviceCost = p.change[0]*2, cost
		return p
	}
	negZero := math.Copysign(0, -1)
	everyone := []person{mk(9, 9, 0), mk(8, 8, 0), mk(1, 0, 0), mk(7, 7, 0), mk(0, 2, negZero), mk(1, 0, 0), mk(0, 2, 0), mk(5, 5, 40)}
	numberKinds(everyone)
	members := []int{2, 4, 5, 6}
	for _, c := range []struct {
		costed bool
		kind   []int32
		vals   []float64
	}{
		{false, []int32{0, 1, 0, 1}, []float64{1, 0, 2, 0, 2, 4}},
		{true, []int32{0, 1, 0, 2}, []float64{1, 0, 2, 0, 0, 2, 4, negZero, 0, 2, 4, 0}},
	} {
		kind, vals := groupKinds(members, everyone, c.costed)
		same := len(vals) == len(c.vals)
		for i := 0; same && i < len(vals); i++ {
			same = math.Float64bits(vals[i]) == math.Float64bits(c.vals[i])
		}
		if !slices.Equal(kind, c.kind) || !same {
			t.Errorf("costed %v: kinds %v with figures %v, want %v with %v", c.costed, kind, vals, c.kind, c.vals)
		}
	}
}
