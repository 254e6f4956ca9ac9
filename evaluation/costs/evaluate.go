package costs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// MinResamples is the fewest bootstrap resamples Evaluate accepts: fewer give
// percentile intervals that move visibly from one seed to the next.
const MinResamples = 2000

// Options control an evaluation.
type Options struct {
	// Bootstrap sets the resamples (at least MinResamples) and the seed. The
	// comparison group is resampled with Seed+1, so that its resamples are independent
	// of the treated group's.
	Bootstrap stats.Bootstrap
	// Level is the two-sided level of the intervals; 0 means 0.95.
	Level float64
	// Pathways are the known pathways, in the order of the report.
	Pathways []Pathway
	// Core names the group of people in no pathway, the core service, which the
	// report gives after the pathways (a comparison person with no Pathway is in it);
	// "" gives no such group.
	Core string
	// PriceYear is the one price year of every cost (see Restate), and PriceIndex the
	// inflation index that put them there, for the report to state.
	PriceYear, PriceIndex string
}

// Pathway names a long-term-condition pathway.
type Pathway struct {
	Slug string
	Name string
}

// AllName is the Name of the pathway result for all people.
const AllName = "All"

// CoreSlug is the Slug of the result for the people in no pathway (Options.Core).
const CoreSlug = "core"

// Interval is an estimate with its bootstrap percentile interval. Low and High are NaN
// when no interval can be given (a ratio whose denominator was 0 in some resample).
type Interval struct {
	Value, Low, High float64
}

// Report is the whole evaluation.
type Report struct {
	UnitCosts UnitCosts // the table used, which the report always shows
	Service   ServiceCosts
	// PriceYear and PriceIndex are those of Options.
	PriceYear, PriceIndex string
	Resamples             int
	Seed                  uint64
	Level                 float64
	// Items are the items of care anyone used, in the order of the unit-cost table.
	Items []string
	// WindowMonths are the window lengths found, ascending: one value when every
	// person had the same windows.
	WindowMonths []float64
	// HasComparison says whether there is a comparison group. Without one, a
	// before-and-after design cannot separate the effect of treatment from regression
	// to the mean, and a report must say so.
	HasComparison bool
	// Pathways holds all people first (Slug "", Name AllName), then each pathway with
	// people in it, in the order of Options.Pathways, then the core service when
	// Options.Core names it and someone is in no pathway.
	Pathways []PathwayResult
}

// PathwayResult is the evaluation of the people of one pathway (or of all people).
type PathwayResult struct {
	Slug, Name string
	// Groups are, of those present: treated, comparison, difference, recovered,
	// not_recovered.
	Groups  []GroupResult
	Savings []Saving
	// RecoveryUnknown counts treated people left out of the recovered and not
	// recovered groups because their recovery is not known.
	RecoveryUnknown int
	// UncostedAppointments counts treatment appointments with no intensity recorded,
	// to which a cost per appointment could not be applied.
	UncostedAppointments int
}

// GroupResult holds the means of one group of people.
type GroupResult struct {
	Group string
	// N is the number of people; for the difference, treated and comparison together.
	N                     int
	NTreated, NComparison int // for the difference
	// Items holds the total over all items first (Item ""), then Report.Items. Means
	// are in pounds per person over the window; for the difference, treated mean −
	// comparison mean.
	Items []ItemResult
}

// ItemResult is the mean cost of one item of care (or all of them) before and after.
type ItemResult struct {
	Item              string
	MeanPre, MeanPost float64
	Change            Interval // mean of post − pre
}

// Saving is the saving in the wider health system over a year, set against the cost of
// the service. Savings are positive when use fell.
type Saving struct {
	// Basis is Treated (before and after) or Difference (net of the comparison group's
	// change).
	Basis       string
	N           int // treated people
	NComparison int // for the difference
	// Gross is −(mean change) × N, scaled to a year (× 12 ÷ window months, person by
	// person).
	Gross Interval
	// PerPerson is Gross ÷ N, the saving a year for each person treated: the figure a
	// commissioner weighs against what treating one more person costs.
	PerPerson Interval
	// CostEntered is false when the cost of the service was not entered: Cost, Net
	// and ROI are then zero and mean nothing.
	CostEntered bool
	Cost        Interval // of the service for these people
	Net         Interval // Gross − Cost
	ROI         Interval // Net ÷ Cost
}

// person is a Person made ready for resampling: costs per item, total first.
type person struct {
	pre, post, change []float64 // index 0 the total, then Report.Items
	annual            float64   // change in the total, scaled to a year
	serviceCost       float64   // of the person's appointments, when costed per appointment
	// kind numbers the person's figures (see figures) among everyone's, the same to
	// the bit for the same number: [0] without the cost of the service, [1] with it.
	kind [2]int32
}

// figures appends what a resample sums of p: the changes by item, the change a year,
// and the cost of the service when costed. Not the total change, the sum of the
// items'.
func (p *person) figures(row []float64, costed bool) []float64 {
	row = append(append(row, p.change[1:]...), p.annual)
	if costed {
		row = append(row, p.serviceCost)
	}
	return row
}

// numberKinds sets the kinds of ready: persons whose figures are the same to the bit
// are of one kind, numbered in order of first appearance. Done once for everyone, a
// group finds its kinds by these numbers rather than by its members' figures, which
// every one of the forty-odd groups at national scale hashed again.
func numberKinds(ready []person) {
	var row []float64
	var key []byte
	seen := map[string]int32{}
	for i := range ready {
		row = ready[i].figures(row[:0], false)
		key = key[:0]
		for _, v := range row {
			key = binary.LittleEndian.AppendUint64(key, math.Float64bits(v))
		}
		id, ok := seen[string(key)]
		if !ok {
			id = int32(len(seen))
			seen[string(key)] = id
		}
		ready[i].kind[0] = id
	}
	// The figures with the cost of the service are the same to the bit when those
	// without it are and the costs are: the kinds with it are numbered by that pair,
	// in the same order of first appearance, rather than by hashing every figure again.
	type withCost struct {
		kind int32
		cost uint64
	}
	seenCost := map[withCost]int32{}
	for i := range ready {
		key := withCost{ready[i].kind[0], math.Float64bits(ready[i].serviceCost)}
		id, ok := seenCost[key]
		if !ok {
			id = int32(len(seenCost))
			seenCost[key] = id
		}
		ready[i].kind[1] = id
	}
}

// groupStats are the means of one group and their resampled estimates.
type groupStats struct {
	n                 int
	pre, post, change []float64   // means, index as person
	annual, cost      float64     // means
	est               [][]float64 // est[k][r]: mean change of resample r
	estAnnual         []float64   // [r]
	estCost           []float64   // [r]
}

// Evaluate computes the evaluation of persons with the unit costs and the cost of the
// service.
func Evaluate(persons []Person, unit UnitCosts, service ServiceCosts, opts Options) (Report, error) {
	if opts.Bootstrap.Resamples < MinResamples {
		return Report{}, fmt.Errorf("cost evaluation: %d bootstrap resamples are too few; use at least %d", opts.Bootstrap.Resamples, MinResamples)
	}
	level := opts.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return Report{}, fmt.Errorf("cost evaluation: interval level %v is not between 0 and 1", level)
	}
	if len(persons) == 0 {
		return Report{}, errors.New("cost evaluation: nobody has healthcare use recorded both before and after treatment")
	}
	rep := Report{UnitCosts: unit, Service: service, PriceYear: opts.PriceYear, PriceIndex: opts.PriceIndex,
		Resamples: opts.Bootstrap.Resamples, Seed: opts.Bootstrap.Seed, Level: level}
	if err := rep.check(persons, opts.Pathways); err != nil {
		return Report{}, err
	}
	ready := rep.prepare(persons)

	// The pathways are evaluated side by side: each resamples on every core, and the
	// work between its resamples (its kinds, its intervals) would otherwise leave
	// cores idle. Each result depends on its own members alone, so it is the same
	// whatever order they finish in.
	type job struct {
		pw      Pathway
		members []int
	}
	var jobs []job
	allTreated := 0
	for i := range persons {
		if !persons[i].Comparison {
			allTreated++
		}
	}
	for k, members := range membersOf(persons, opts.Pathways, opts.Core != "") {
		pw := Pathway{Name: AllName}
		switch {
		case k == len(opts.Pathways)+1:
			pw = Pathway{Slug: CoreSlug, Name: opts.Core}
		case k > 0:
			pw = opts.Pathways[k-1]
		}
		if len(members) > 0 {
			jobs = append(jobs, job{pw, members})
		}
	}
	rep.Pathways = make([]PathwayResult, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		share := &allTreated
		if i == 0 {
			share = nil // all people: nothing to share
		}
		wg.Go(func() { rep.Pathways[i] = rep.pathway(j.pw, j.members, persons, ready, opts, share) })
	}
	wg.Wait()
	rep.HasComparison = slices.ContainsFunc(rep.Pathways, func(p PathwayResult) bool {
		return slices.ContainsFunc(p.Groups, func(g GroupResult) bool { return g.Group == Comparison })
	})
	return rep, nil
}

// membersOf lists the members of each group of persons the report gives, in order
// of persons: all of them first, then each of pathways, then, with core, those in no
// pathway. The lists are made in one pass over the persons, each at the size it will
// have: a pass for each pathway, growing its list by appends, was most of Evaluate's
// own time at national scale. Every slug of a person must be among pathways (check).
func membersOf(persons []Person, pathways []Pathway, core bool) [][]int {
	slot := make(map[string]int, len(pathways)) // of a slug, in the lists
	for k, pw := range pathways {
		if _, ok := slot[pw.Slug]; !ok {
			slot[pw.Slug] = k + 1
		}
	}
	groups := len(pathways) + 1
	if core {
		groups++
	}
	// Each person is in all, in each of its pathways, and in the core when in none.
	// A person who names a pathway twice is its member once.
	in := func(p *Person, each func(k int)) {
		each(0)
		if core && len(p.Pathways) == 0 {
			each(groups - 1)
		}
		for j, slug := range p.Pathways {
			if !slices.Contains(p.Pathways[:j], slug) {
				each(slot[slug])
			}
		}
	}
	size := make([]int, groups)
	for i := range persons {
		in(&persons[i], func(k int) { size[k]++ })
	}
	lists := make([][]int, groups)
	for k := range lists {
		lists[k] = make([]int, 0, size[k])
	}
	for i := range persons {
		in(&persons[i], func(k int) { lists[k] = append(lists[k], i) })
	}
	for k, pw := range pathways {
		lists[k+1] = lists[slot[pw.Slug]] // a pathway named twice has its members twice
	}
	return lists
}

// check refuses persons the evaluation cannot cost, and lists the items and window
// lengths found. The persons are checked in parts side by side, one a core; the
// first person refused is the first refused in the first part that refuses one.
func (rep *Report) check(persons []Person, pathways []Pathway) error {
	index := rep.UnitCosts.indexByItem()
	type found struct {
		err     error
		used    []bool // by index in the table
		windows map[float64]bool
	}
	parts := make([]found, partsFor(len(persons)))
	shareOut(len(persons), func(part, lo, hi int) {
		f := &parts[part]
		f.used, f.windows = make([]bool, len(rep.UnitCosts)), map[float64]bool{}
		f.err = checkPersons(persons, lo, hi, pathways, index, rep.UnitCosts, f.used, f.windows)
	})
	used := make([]bool, len(rep.UnitCosts))
	windows := map[float64]bool{}
	for _, f := range parts {
		if f.err != nil {
			return f.err
		}
		for j, u := range f.used {
			used[j] = used[j] || u
		}
		maps.Copy(windows, f.windows)
	}
	for j, c := range rep.UnitCosts {
		if used[j] {
			rep.Items = append(rep.Items, c.Item)
		}
	}
	for m := range windows {
		rep.WindowMonths = append(rep.WindowMonths, m)
	}
	slices.Sort(rep.WindowMonths)
	return nil
}

// checkPersons checks persons[lo:hi] for check, marking in used the items of the
// table they use and in windows their window lengths, and returns the first refusal.
func checkPersons(persons []Person, lo, hi int, pathways []Pathway, index itemIndex, unit UnitCosts, used []bool, windows map[float64]bool) error {
	last := math.NaN() // the window length last put in windows: most are the same
	for i := lo; i < hi; i++ {
		p := &persons[i]
		if !(p.WindowMonths > 0) || math.IsInf(p.WindowMonths, 0) {
			return fmt.Errorf("cost evaluation: person %d: window of %v months (expected more than 0)", i+1, p.WindowMonths)
		}
		if p.WindowMonths != last {
			windows[p.WindowMonths], last = true, p.WindowMonths
		}
		for _, use := range []map[string]float64{p.Pre, p.Post} {
			for item, n := range use {
				j := index.of(item)
				if j < 0 || unit[j].Missing {
					return fmt.Errorf("cost evaluation: person %d: item %q is not in the unit-cost table", i+1, item)
				}
				if !(n >= 0) || math.IsInf(n, 0) {
					return fmt.Errorf("cost evaluation: person %d: item %q: count %v is not 0 or more", i+1, item, n)
				}
				used[j] = true
			}
		}
		for _, slug := range p.Pathways {
			if !slices.ContainsFunc(pathways, func(pw Pathway) bool { return pw.Slug == slug }) {
				return fmt.Errorf("cost evaluation: person %d: unknown pathway %q", i+1, slug)
			}
		}
	}
	return nil
}

// prepare works out each person's costs. The costs of all persons share one slice,
// person after person, so that the resamples, which read the members of a group in
// order, read memory in order: with three slices of their own a person's costs were
// scattered over the heap, and reading them was most of the time of the means.
func (rep *Report) prepare(persons []Person) []person {
	ready := make([]person, len(persons))
	k := len(rep.Items) + 1
	costs := make([]float64, 3*k*len(persons))
	unit := make([]float64, len(rep.Items)) // the cost of each of rep.Items
	for j, item := range rep.Items {
		unit[j], _ = rep.UnitCosts.Cost(item)
	}
	// Each person's costs are its own: worked out on every core.
	shareOut(len(persons), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			p := &persons[i]
			c := costs[3*k*i : 3*k*(i+1)]
			r := person{pre: c[:k:k], post: c[k : 2*k : 2*k], change: c[2*k:]}
			for j, item := range rep.Items {
				cost := unit[j]
				r.pre[j+1] = p.Pre[item] * cost
				r.post[j+1] = p.Post[item] * cost
				r.pre[0] += r.pre[j+1]
				r.post[0] += r.post[j+1]
			}
			for j := range k {
				r.change[j] = r.post[j] - r.pre[j]
			}
			r.annual = r.change[0] * 12 / p.WindowMonths
			r.serviceCost = float64(p.Appointments.LI)*rep.Service.LowIntensityAppointment +
				float64(p.Appointments.HI)*rep.Service.HighIntensityAppointment
			ready[i] = r
		}
	})
	numberKinds(ready)
	return ready
}

// pathway evaluates the people members (indices into persons). allTreated is the
// number of treated people over all pathways, to share a programme cost; nil for the
// result of all people itself.
func (rep *Report) pathway(pw Pathway, members []int, persons []Person, ready []person, opts Options, allTreated *int) PathwayResult {
	res := PathwayResult{Slug: pw.Slug, Name: pw.Name}
	var treated, comparison, recovered, notRecovered []int
	for _, i := range members {
		p := persons[i]
		switch {
		case p.Comparison:
			comparison = append(comparison, i)
			continue
		case p.Recovered == nil:
			res.RecoveryUnknown++
		case *p.Recovered:
			recovered = append(recovered, i)
		default:
			notRecovered = append(notRecovered, i)
		}
		treated = append(treated, i)
		if rep.Service.PerAppointment() {
			res.UncostedAppointments += p.Appointments.Unknown
		}
	}
	b := opts.Bootstrap
	bc := stats.Bootstrap{Resamples: b.Resamples, Seed: b.Seed + 1}
	t := resample(b, treated, ready)
	c := resample(bc, comparison, ready)
	if t.n > 0 {
		res.Groups = append(res.Groups, rep.group(Treated, t))
	}
	if c.n > 0 {
		res.Groups = append(res.Groups, rep.group(Comparison, c))
	}
	if t.n > 0 && c.n > 0 {
		res.Groups = append(res.Groups, rep.difference(t, c))
	}
	for _, g := range []struct {
		name    string
		members []int
	}{{Recovered, recovered}, {NotRecovered, notRecovered}} {
		if s := resample(b, g.members, ready); s.n > 0 {
			res.Groups = append(res.Groups, rep.group(g.name, s))
		}
	}
	if t.n > 0 {
		programme := rep.Service.Programme
		if allTreated != nil && *allTreated > 0 {
			programme *= float64(t.n) / float64(*allTreated)
		}
		res.Savings = append(res.Savings, rep.saving(Treated, t, nil, programme))
		if c.n > 0 {
			res.Savings = append(res.Savings, rep.saving(Difference, t, &c, programme))
		}
	}
	return res
}

// resample works out the means of the group members and their bootstrap estimates.
func resample(b stats.Bootstrap, members []int, ready []person) groupStats {
	g := groupStats{n: len(members)}
	if g.n == 0 {
		return g
	}
	k := len(ready[members[0]].change)
	g.pre, g.post, g.change = make([]float64, k), make([]float64, k), make([]float64, k)
	n := float64(g.n)
	costed := false // whether anyone's cost of the service is not 0 (see below)
	for _, i := range members {
		p := &ready[i]
		for j := range k {
			g.pre[j] += p.pre[j] / n
			g.post[j] += p.post[j] / n
			g.change[j] += p.change[j] / n
		}
		g.annual += p.annual / n
		g.cost += p.serviceCost / n
		costed = costed || p.serviceCost != 0
	}
	// Members whose figures are the same are one kind to the resamples: costs are
	// whole numbers of visits times a few unit costs, so at national scale a
	// pathway's tens of thousands of people have far fewer distinct rows, and a
	// resample sums over those. The group's kinds are numbered in order of first
	// appearance among its members, and each kind's figures sit side by side in one
	// flat slice, read in order; the resamples are shared out over the cores. The
	// sums are the arithmetic of every resample, so only what varies is summed: not
	// the cost of the service when it is 0 for everyone (not costed per appointment).
	w := k // the k−1 items, then the change a year, then the cost when costed
	if costed {
		w++
	}
	kind, vals := groupKinds(members, ready, costed)
	g.est = make([][]float64, k)
	for j := range g.est {
		g.est[j] = make([]float64, b.Resamples)
	}
	g.estAnnual, g.estCost = make([]float64, b.Resamples), make([]float64, b.Resamples)
	b.Each(kind, len(vals)/w, runtime.GOMAXPROCS(0), func(r int, counts []uint32) {
		sums := make([]float64, w)
		sumKinds(sums, counts, vals)
		var total float64
		for j := 1; j < k; j++ {
			g.est[j][r] = sums[j-1] / n
			total += sums[j-1]
		}
		g.est[0][r] = total / n
		g.estAnnual[r] = sums[k-1] / n
		if costed {
			g.estCost[r] = sums[k] / n
		}
	})
	return g
}

// groupKinds numbers the kinds of the members' figures (person.figures) in order of
// first appearance among them: kind[m] is member m's. vals holds each kind's figures,
// kind after kind.
func groupKinds(members []int, ready []person, costed bool) (kind []int32, vals []float64) {
	kind = make([]int32, len(members))
	kinds := int32(0)
	// ours[x] is 1 + the group's number of everyone's kind x, 0 while not met: there
	// are no more kinds than persons.
	ours := make([]int32, len(ready))
	for m, i := range members {
		p := &ready[i]
		x := p.kind[b2i(costed)]
		if ours[x] == 0 {
			kinds++
			ours[x] = kinds
			vals = p.figures(vals, costed)
		}
		kind[m] = ours[x] - 1
	}
	return kind, vals
}

func (rep *Report) group(name string, g groupStats) GroupResult {
	res := GroupResult{Group: name, N: g.n}
	for j := range g.change {
		res.Items = append(res.Items, ItemResult{
			Item:     rep.item(j),
			MeanPre:  g.pre[j],
			MeanPost: g.post[j],
			Change:   rep.interval(g.change[j], g.est[j]),
		})
	}
	return res
}

// difference is the difference in differences: the treated group's change less the
// comparison group's, each resample pairing independent resamples of the two groups.
func (rep *Report) difference(t, c groupStats) GroupResult {
	res := GroupResult{Group: Difference, N: t.n + c.n, NTreated: t.n, NComparison: c.n}
	for j := range t.change {
		res.Items = append(res.Items, ItemResult{
			Item:     rep.item(j),
			MeanPre:  t.pre[j] - c.pre[j],
			MeanPost: t.post[j] - c.post[j],
			Change:   rep.interval(t.change[j]-c.change[j], pairwise(t.est[j], c.est[j], func(a, b float64) float64 { return a - b })),
		})
	}
	return res
}

// saving sets the yearly saving of the treated group t (net of the comparison group c
// when given) against the cost of the service.
func (rep *Report) saving(basis string, t groupStats, c *groupStats, programme float64) Saving {
	n := float64(t.n)
	s := Saving{Basis: basis, N: t.n, CostEntered: rep.Service.Entered()}
	grossOf := func(annualT, annualC float64) float64 { return -(annualT - annualC) * n }
	grossEst := make([]float64, len(t.estAnnual))
	var annualC float64
	if c != nil {
		s.NComparison = c.n
		annualC = c.annual
		for r := range grossEst {
			grossEst[r] = grossOf(t.estAnnual[r], c.estAnnual[r])
		}
	} else {
		for r := range grossEst {
			grossEst[r] = grossOf(t.estAnnual[r], 0)
		}
	}
	gross := grossOf(t.annual, annualC)
	s.Gross = rep.interval(gross, grossEst)
	s.PerPerson = Interval{Value: s.Gross.Value / n, Low: s.Gross.Low / n, High: s.Gross.High / n}
	if !s.CostEntered {
		return s
	}
	// A cost per appointment varies with the people drawn; a programme cost is fixed.
	cost, costEst := programme, make([]float64, len(grossEst))
	if rep.Service.PerAppointment() {
		cost = t.cost * n
		for r := range costEst {
			costEst[r] = t.estCost[r] * n
		}
	} else {
		for r := range costEst {
			costEst[r] = programme
		}
	}
	s.Cost = rep.interval(cost, costEst)
	net := func(g, c float64) float64 { return g - c }
	s.Net = rep.interval(gross-cost, pairwise(grossEst, costEst, net))
	roi := func(g, c float64) float64 { return (g - c) / c }
	s.ROI = rep.interval(roi(gross, cost), pairwise(grossEst, costEst, roi))
	return s
}

func (rep *Report) item(j int) string {
	if j == 0 {
		return ""
	}
	return rep.Items[j-1]
}

// interval pairs an estimate with the percentile interval of its resampled estimates,
// which it leaves as they were (they may be paired with another group's later).
func (rep *Report) interval(value float64, est []float64) Interval {
	v := Interval{Value: value, Low: math.NaN(), High: math.NaN()}
	for _, e := range est {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return v
		}
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		v.Value = math.NaN()
		return v
	}
	v.Low, v.High = stats.PercentileInterval(slices.Clone(est), rep.Level)
	return v
}

func pairwise(a, b []float64, f func(x, y float64) float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = f(a[i], b[i])
	}
	return out
}
