package measure

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/progress"
)

// AllOrgs is the ORG_CODE of all providers together.
const AllOrgs = "ALL"

// Options choose what Compute aggregates.
type Options struct {
	// Periods are the kinds of period to compute; nil or empty means all of them.
	Periods []PeriodKind
	// Progress shows aggregating as a stage of the run; nil is quiet. (Deriving is
	// shown by the reading of each file, which it goes along with.)
	Progress *progress.Meter
}

// Cell is one cell of the published measures: a period × a provider (or AllOrgs) × a
// breakdown value.
type Cell struct {
	Period       Period
	Org          string
	VariableType string
	VariableA    string
}

// Result holds every measure in every cell that has at least one referral.
type Result struct {
	ref     *reference.Data
	periods []Period
	orgs    []string // index 0 is AllOrgs, then the providers in order of appearance
	values  []breakdownValue
	// cells holds a block of cells for every period × org, each with a cell per
	// breakdown value: (period × len(orgs) + org) × len(values) + value.
	cells    []acc
	written  []Cell
	cellIdx  []int32 // index in cells of written[i]
	index    map[Cell]int32
	measures []Measure // in CSV order: by ID, then name
	warnings outcome.Warnings
}

// breakdownValue is one VARIABLE_TYPE × VARIABLE_A.
type breakdownValue struct {
	variableType, label string
	pathway             int // index in reference.Data.Pathways, or -1
}

// Compute derives every referral's outcome from src and aggregates the measures.
func Compute(src outcome.Source, ref *reference.Data, opts Options) (*Result, error) {
	set, err := outcome.Derive(src, ref)
	if err != nil {
		return nil, err
	}
	return Aggregate(set, opts)
}

// Aggregate aggregates derived outcomes into cells (measures.md, sections 2 and 3).
//
// A referral counts in a cell when the date its measure names falls in the cell's
// period: the received date for M001, the first treatment date for M031 to M049, the
// discharge date for every measure of ended referrals. It counts for its own provider
// and for AllOrgs, and under every breakdown; under Pathway in each of its pathways,
// or in the "no pathway" group when it is in none.
//
// Memory stays bounded at national scale: a cell keeps counters and sums only, and
// the median wait is found exactly by a second pass over the referrals in order of
// wait, which stops each cell's running count at its middle rank.
//
// The work is shared among as many workers as Go may run at once (GOMAXPROCS), with
// results the same as with one to the last digit. Each worker keeps cells of its own
// for every month and provider while counting.
func Aggregate(set *outcome.Set, opts Options) (*Result, error) {
	return aggregate(set, opts, runtime.GOMAXPROCS(0))
}

// maxWorkers bounds the workers of Aggregate. Each keeps month cells of its own, and
// each but the first needs a counter in every cell (acc.before), so memory grows
// with their number.
const maxWorkers = 4

func aggregate(set *outcome.Set, opts Options, workers int) (*Result, error) {
	stage := opts.Progress.Stage("aggregating the measures", "", 0)
	defer stage.Done(0)
	ref := set.Reference()
	kinds := opts.Periods
	if len(kinds) == 0 {
		kinds = PeriodKinds
	}
	res := &Result{ref: ref, orgs: append([]string{AllOrgs}, set.Orgs()...), warnings: set.Warnings()}
	for _, org := range set.Orgs() {
		if org == AllOrgs {
			return nil, fmt.Errorf("a provider's OrgIDProv is %q, the code that stands for all providers together; rename it in the export", AllOrgs)
		}
	}
	res.values = breakdownValues(ref)
	res.measures = slices.Clone(catalogue)
	slices.SortFunc(res.measures, func(a, b Measure) int { return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Name, b.Name)) })

	a := &aggregator{res: res, set: set, kinds: kinds, workers: min(max(1, workers), maxWorkers)}
	a.findPeriods()
	order, parts := a.sortByWait()
	a.firstPass()
	a.medians(order, parts)
	res.collect()
	return res, nil
}

func breakdownValues(ref *reference.Data) []breakdownValue {
	b := ref.Breakdowns
	v := []breakdownValue{{b.Total.VariableType, b.Total.Label, -1}}
	for i, p := range ref.Pathways {
		v = append(v, breakdownValue{b.Pathway.VariableType, p.Name, i})
	}
	v = append(v, breakdownValue{b.Pathway.VariableType, b.Pathway.None, -1})
	l := b.LTCStatus
	// In the order of outcome.LTCStatus.
	for _, label := range []string{l.NotStated, l.With, l.Without} {
		v = append(v, breakdownValue{l.VariableType, label, -1})
	}
	for i := 0; i <= len(b.AgeGroup.Bands); i++ {
		v = append(v, breakdownValue{b.AgeGroup.VariableType, b.AgeGroup.Label(i), -1})
	}
	for _, g := range []reference.CodeGroups{b.Gender, b.Ethnic} {
		for i := 0; i <= len(g.Groups); i++ {
			v = append(v, breakdownValue{g.VariableType, g.Label(i), -1})
		}
	}
	for d := 1; d <= 10; d++ {
		v = append(v, breakdownValue{b.Deprivation.VariableType, strconv.Itoa(d), -1})
	}
	v = append(v, breakdownValue{b.Deprivation.VariableType, b.Deprivation.NotKnown, -1})
	v = append(v, breakdownValue{b.Integrated.VariableType, b.Integrated.Integrated, -1})
	v = append(v, breakdownValue{b.Integrated.VariableType, b.Integrated.CoreOnly, -1})
	return v
}

type aggregator struct {
	res   *Result
	set   *outcome.Set
	kinds []PeriodKind
	// months holds, for every month some date falls in, its period of each kind
	// (-1 for kinds not computed); month mk is months[monthIndex[mk-firstMonth]].
	months     [][3]int32
	firstMonth monthKey
	monthIndex []int32
	workers    int
	// waits holds each referral's wait to its first treatment session in days, -1 for
	// a referral not treated.
	waits []int32
	// splits are the waits the median's pass is split at among workers: worker j
	// takes the referrals that waited from splits[j-1] (or 0) to less than splits[j].
	splits []int32
}

// entry is a referral of the first pass, derived and ready to be counted.
type entry struct {
	o       outcome.Outcome
	vals    []int     // breakdown values
	ended   []counter // the counters it adds to when ended
	wait    int
	treated bool
	// at holds the months (indexes in aggregator.months) of the dates it counts by,
	// -1 for none.
	at [numDates]int32
}

// The dates a referral counts by.
const (
	atReceived = iota
	atFirstTreatment
	atDischarged
	numDates
)

// parallel runs fn(w) for workers w = 0 to n-1 at once, and returns when all have.
func parallel(n int, fn func(w int)) {
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w)
		}()
	}
	fn(0)
	wg.Wait()
}

// span returns worker w's share of n referrals, [lo, hi): consecutive ones, so that
// each worker reads the derived set in order.
func (a *aggregator) span(w, n int) (lo, hi int) {
	return n * w / a.workers, n * (w + 1) / a.workers
}

// findPeriods lists every period holding a date some measure counts by, and notes
// each referral's wait. The periods are listed in the order their months first
// appear among the referrals.
func (a *aggregator) findPeriods() {
	found := make([][]monthKey, a.workers)
	a.waits = make([]int32, a.set.Len())
	parallel(a.workers, func(w int) {
		var o outcome.Outcome
		seen := map[monthKey]bool{}
		add := func(d export.Date) {
			if mk := monthOf(d); !seen[mk] {
				seen[mk] = true
				found[w] = append(found[w], mk)
			}
		}
		lo, hi := a.span(w, a.set.Len())
		for i := lo; i < hi; i++ {
			a.set.GetGroups(i, &o)
			add(o.Received)
			a.waits[i] = -1
			if wait, ok := o.Wait(); ok {
				a.waits[i] = int32(wait)
				add(o.TherapySessionFirstDate)
			}
			if !o.Discharged.IsZero() {
				add(o.Discharged)
			}
		}
	})
	all := slices.Concat(found...)
	if len(all) == 0 {
		return
	}
	a.firstMonth = slices.Min(all)
	a.monthIndex = make([]int32, slices.Max(all)-a.firstMonth+1)
	for i := range a.monthIndex {
		a.monthIndex[i] = -1
	}
	seen := map[Period]int32{}
	for _, mk := range all {
		if a.monthIndex[mk-a.firstMonth] >= 0 {
			continue
		}
		a.monthIndex[mk-a.firstMonth] = int32(len(a.months))
		idx := [3]int32{-1, -1, -1}
		for _, k := range a.kinds {
			p := periodOf(k, mk)
			i, ok := seen[p]
			if !ok {
				i = int32(len(a.res.periods))
				seen[p] = i
				a.res.periods = append(a.res.periods, p)
			}
			idx[k] = i
		}
		a.months = append(a.months, idx)
	}
	a.res.cells = make([]acc, len(a.res.periods)*len(a.res.orgs)*len(a.res.values))
}

// month returns the index in a.months of the month of d.
func (a *aggregator) month(d export.Date) int32 { return a.monthIndex[monthOf(d)-a.firstMonth] }

// block returns the first cell index of the block of a period of kind k, holding
// month m (an index in a.months), and org (an index in res.orgs); the cell of
// breakdown value v is that index + v.
func (a *aggregator) block(k PeriodKind, org int, m int32) int {
	p := int(a.months[m][k])
	return (p*len(a.res.orgs) + org) * len(a.res.values)
}

// breakdowns appends the breakdown values of referral o to v.
func breakdowns(v []int, o *outcome.Outcome, ref *reference.Data) []int {
	v = append(v, 0) // Total
	base := 1
	for p := range ref.Pathways {
		if o.InPathway(p) {
			v = append(v, base+p)
		}
	}
	base += len(ref.Pathways)
	if o.Pathways == 0 {
		v = append(v, base)
	}
	base++
	v = append(v, base+int(o.LTC))
	base += 3
	v = append(v, base+o.AgeBand)
	base += len(ref.Breakdowns.AgeGroup.Bands) + 1
	v = append(v, base+o.GenderGroup)
	base += len(ref.Breakdowns.Gender.Groups) + 1
	v = append(v, base+o.EthnicGroup)
	base += len(ref.Breakdowns.Ethnic.Groups) + 1
	if o.IMDDecile >= 1 && o.IMDDecile <= 10 {
		v = append(v, base+o.IMDDecile-1)
	} else {
		v = append(v, base+10)
	}
	base += 11
	if o.Integrated() {
		v = append(v, base)
	} else {
		v = append(v, base+1)
	}
	return v
}

// firstPass counts every referral in the cells of its provider in the months of its
// dates, then adds those up into the cells of every period, for the provider and for
// AllOrgs: six times less counting per referral than counting in those directly.
// Each worker counts a range of the referrals into month cells of its own. Every sum
// is of whole numbers, so neither the adding up nor the order of referrals changes a
// bit of the result.
func (a *aggregator) firstPass() {
	ref, res := a.res.ref, a.res
	months := make([][]acc, a.workers)
	parallel(a.workers, func(w int) {
		months[w] = make([]acc, len(a.months)*(len(res.orgs)-1)*len(res.values))
		var e entry
		lo, hi := a.span(w, a.set.Len())
		for i := lo; i < hi; i++ {
			a.set.Get(i, &e.o)
			o := &e.o
			e.vals = breakdowns(e.vals[:0], o, ref)
			e.wait, e.treated = o.Wait()
			e.at = [numDates]int32{a.month(o.Received), -1, -1}
			if e.treated {
				e.at[atFirstTreatment] = a.month(o.TherapySessionFirstDate)
			}
			if !o.Discharged.IsZero() {
				e.at[atDischarged] = a.month(o.Discharged)
				e.ended = endedCounters(e.ended[:0], o, e.wait, ref.Waits.SixWeeksDays, ref.Waits.EighteenWeeksDays)
			}
			a.count(months[w], &e)
		}
	})
	total := months[0]
	for _, m := range months[1:] {
		parallel(a.workers, func(w int) {
			lo, hi := a.span(w, len(total))
			for i := lo; i < hi; i++ {
				total[i].add(&m[i])
			}
		})
	}
	nv := len(res.values)
	for m := range a.months {
		for org := 1; org < len(res.orgs); org++ {
			src := total[a.monthBlock(int32(m), org-1):][:nv]
			for _, k := range a.kinds {
				for _, o := range [2]int{org, 0} {
					dst := res.cells[a.block(k, o, int32(m)):][:nv]
					for v := range dst {
						dst[v].add(&src[v])
					}
				}
			}
		}
	}
}

// monthBlock returns the first index of the cells of month m (an index in a.months)
// and provider org (an index in the set's Orgs) among the month cells of firstPass.
func (a *aggregator) monthBlock(m int32, org int) int {
	return (int(m)*(len(a.res.orgs)-1) + org) * len(a.res.values)
}

// count counts referral e in the month cells of its provider for each of its dates.
func (a *aggregator) count(cells []acc, e *entry) {
	res, ref, o := a.res, a.res.ref, &e.o
	sixWeeks, eighteenWeeks := ref.Waits.SixWeeksDays, ref.Waits.EighteenWeeksDays
	base := a.monthBlock(e.at[atReceived], o.Org)
	for _, v := range e.vals {
		cells[base+v].n[cReceived]++
	}
	if e.treated {
		base := a.monthBlock(e.at[atFirstTreatment], o.Org)
		for _, v := range e.vals {
			c := &cells[base+v]
			c.n[cAccessed]++
			if e.wait <= sixWeeks {
				c.n[cAccessed6]++
			}
			if e.wait <= eighteenWeeks {
				c.n[cAccessed18]++
			}
			c.waitSum += int64(e.wait)
			for j, split := range a.splits {
				if int32(e.wait) < split {
					c.before[j]++
				}
			}
		}
	}
	if e.at[atDischarged] < 0 {
		return
	}
	base = a.monthBlock(e.at[atDischarged], o.Org)
	for _, v := range e.vals {
		c := &cells[base+v]
		for _, k := range e.ended {
			c.n[k]++
		}
		if !o.CompletedTreatment {
			continue
		}
		c.apptSum += int64(o.TreatmentCareContactCount)
		if p := res.values[v].pathway; p >= 0 && ref.Pathways[p].ConditionMeasure != "" {
			if s, ok := o.Condition(ref.Pathways[p].ConditionMeasure); ok && s.Paired {
				c.n[cConditionPaired]++
				c.conditionFirst += int64(reference.Scaled(s.First))
				c.conditionLast += int64(reference.Scaled(s.Last))
			}
		}
	}
}

// endedCounters appends the counters an ended referral adds to in each of its cells.
func endedCounters(ks []counter, o *outcome.Outcome, wait, sixWeeks, eighteenWeeks int) []counter {
	add := func(k counter, ok bool) {
		if ok {
			ks = append(ks, k)
		}
	}
	add(cEnded, true)
	add(cEndedUntreated, o.TreatmentCareContactCount == 0)
	add(cEndedTreatedOnce, o.TreatmentCareContactCount == 1)
	if !o.CompletedTreatment {
		return ks
	}
	f, pps := o.Flags, o.FlagsPPS
	integrated := o.Integrated()
	add(cFinished, true)
	add(cFinished6, wait <= sixWeeks)
	add(cFinished18, wait <= eighteenWeeks)
	add(cPairedPHQ, o.Depression.Paired)
	add(cPairedPA, f.BothPaired)
	add(cCaseness, f.Caseness)
	add(cNotCaseness, f.NotCaseness)
	add(cImproved, f.ReliableImprovement)
	add(cNoChange, f.NoChange)
	add(cDeteriorated, f.ReliableDeterioration)
	add(cRecovered, f.Recovery)
	add(cReliablyRecovered, f.ReliableRecovery)
	add(cIntegrated, integrated)
	add(cCoreOnly, !integrated)
	add(cIntNotCaseness, integrated && f.NotCaseness)
	add(cIntRecovered, integrated && f.Recovery)
	add(cPPSNotCaseness, pps.NotCaseness)
	add(cPPSRecovered, pps.Recovery)
	add(cPPSImproved, pps.ReliableImprovement)
	return ks
}

// sortByWait lists the treated referrals in order of wait (a counting sort: waits
// are whole days; referrals of equal wait stay in order), and chooses the waits the
// median's pass is split at among the workers, so that each takes about as many
// referrals. It returns the list and where each worker's share of it starts.
func (a *aggregator) sortByWait() (order []int32, parts []int) {
	maxWait := int32(-1)
	for _, w := range a.waits {
		maxWait = max(maxWait, w)
	}
	// before[w] counts the waits less than w.
	before := make([]int32, maxWait+2)
	for _, w := range a.waits {
		if w >= 0 {
			before[w+1]++
		}
	}
	for w := 1; w < len(before); w++ {
		before[w] += before[w-1]
	}
	n := int(before[len(before)-1])
	parts = []int{0}
	for j := 1; j < a.workers; j++ {
		w, _ := slices.BinarySearch(before, int32(n*j/a.workers))
		a.splits = append(a.splits, int32(w))
		parts = append(parts, int(before[w]))
	}
	order = make([]int32, n)
	for i, w := range a.waits {
		if w >= 0 {
			order[before[w]] = int32(i)
			before[w]++
		}
	}
	return order, append(parts, n)
}

// medians finds each cell's median wait exactly: the referrals are visited in order of
// wait, and a cell takes the waits of the referrals at its middle ranks. Each worker
// visits the referrals of a range of waits, counting each cell's ranks on from the
// number of its referrals that waited less (acc.before), which the first pass counted.
func (a *aggregator) medians(order []int32, parts []int) {
	res := a.res
	parallel(len(parts)-1, func(j int) {
		seen := make([]int32, len(res.cells))
		if j > 0 {
			for c := range seen {
				seen[c] = res.cells[c].before[j-1]
			}
		}
		share := order[parts[j]:parts[j+1]]
		outs := make([]outcome.Outcome, medianBatch)
		var vals []int
		for start := 0; start < len(share); start += medianBatch {
			batch := share[start:min(start+medianBatch, len(share))]
			a.set.GetGroupsOf(batch, outs)
			for k := range batch {
				o := &outs[k]
				vals = breakdowns(vals[:0], o, res.ref)
				wait, _ := o.Wait()
				m := a.month(o.TherapySessionFirstDate)
				for _, kind := range a.kinds {
					for _, org := range [2]int{o.Org + 1, 0} {
						base := a.block(kind, org, m)
						for _, v := range vals {
							c := &res.cells[base+v]
							seen[base+v]++
							switch rank, n := seen[base+v], c.n[cAccessed]; rank {
							case (n + 1) / 2:
								c.mid1 = int32(wait)
							case n/2 + 1:
								c.mid2 = int32(wait)
							}
						}
					}
				}
			}
		}
	})
}

// medianBatch is the number of referrals the median's pass reads at once
// (outcome.Set.GetGroupsOf): enough to keep many reads from memory under way, few
// enough to stay in cache.
const medianBatch = 64

// collect lists the cells with at least one referral, sorted as the CSV is.
func (res *Result) collect() {
	for i := range res.cells {
		c := &res.cells[i]
		if c.n[cReceived] == 0 && c.n[cAccessed] == 0 && c.n[cEnded] == 0 {
			continue
		}
		v := i % len(res.values)
		block := i / len(res.values)
		res.written = append(res.written, Cell{
			Period: res.periods[block/len(res.orgs)], Org: res.orgs[block%len(res.orgs)],
			VariableType: res.values[v].variableType, VariableA: res.values[v].label,
		})
		res.cellIdx = append(res.cellIdx, int32(i))
	}
	order := make([]int, len(res.written))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return compareCells(res.written[i], res.written[j]) })
	written, idx := make([]Cell, len(order)), make([]int32, len(order))
	res.index = make(map[Cell]int32, len(order))
	for k, i := range order {
		written[k], idx[k] = res.written[i], res.cellIdx[i]
		res.index[written[k]] = idx[k]
	}
	res.written, res.cellIdx = written, idx
}

// compareCells orders cells as the CSV's rows: by each written column in turn, as
// strings. Dates are written YYYY-MM-DD, so comparing them as dates is the same.
func compareCells(a, b Cell) int {
	return cmp.Or(
		cmp.Compare(a.Period.Start, b.Period.Start),
		cmp.Compare(a.Period.End, b.Period.End),
		cmp.Compare(a.Org, b.Org),
		cmp.Compare(a.VariableType, b.VariableType),
		cmp.Compare(a.VariableA, b.VariableA),
	)
}

// Cells returns the cells with at least one referral, sorted as the CSV is. The slice
// is shared: do not modify it.
func (res *Result) Cells() []Cell { return res.written }

// Periods returns every period computed, in no particular order.
func (res *Result) Periods() []Period { return res.periods }

// Warnings returns the data-quality counts of rows read but not counted.
func (res *Result) Warnings() outcome.Warnings { return res.warnings }

// applies reports whether measure m is written in the cell of breakdown value v.
func (res *Result) applies(m *Measure, v int) bool {
	p := res.values[v].pathway
	switch m.Scope {
	case PPSPathways:
		return p >= 0 && res.ref.Pathways[p].PPSMeasures
	case ConditionPathways:
		return p >= 0 && res.ref.Pathways[p].ConditionMeasure != ""
	}
	return true
}

// Measures returns the measures written in cell c, in CSV order (by ID), or nil when
// c is not a cell of the result.
func (res *Result) Measures(c Cell) []Measure {
	i, ok := res.index[c]
	if !ok {
		return nil
	}
	v := int(i) % len(res.values)
	var ms []Measure
	for k := range res.measures {
		if res.applies(&res.measures[k], v) {
			ms = append(ms, res.measures[k])
		}
	}
	return ms
}

// Raw returns measure id in cell c, and false when c is not a cell of the result or
// the measure is not written in it.
func (res *Result) Raw(c Cell, id string) (Raw, bool) {
	i, ok := res.index[c]
	if !ok {
		return Raw{}, false
	}
	m, ok := Lookup(id)
	if !ok || !res.applies(&m, int(i)%len(res.values)) {
		return Raw{}, false
	}
	return m.raw(&res.cells[i]), true
}
