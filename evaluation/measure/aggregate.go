package measure

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

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
	ref      *reference.Data
	periods  []Period
	orgs     []string // index 0 is AllOrgs, then the providers in order of appearance
	values   []breakdownValue
	blockOf  []int32 // (period × len(orgs) + org) → block, or -1
	blocks   []blockKey
	cells    []acc // block × len(values) + value
	written  []Cell
	cellIdx  []int32 // index in cells of written[i]
	index    map[Cell]int32
	measures []Measure // in CSV order: by ID, then name
	warnings outcome.Warnings
}

type blockKey struct{ period, org int32 }

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
func Aggregate(set *outcome.Set, opts Options) (*Result, error) {
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

	a := aggregator{res: res, set: set, kinds: kinds, months: map[monthKey][3]int32{}}
	a.findPeriods()
	a.firstPass()
	a.medians()
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
	// months maps a month to its period of each kind (-1 for kinds not computed).
	months map[monthKey][3]int32
	o      outcome.Outcome
	vals   []int // breakdown values of the current referral
	// waits holds each referral's wait to its first treatment session in days, -1 for
	// a referral not treated: worked out once in the first pass, so that the median's
	// counting sort does not derive every referral three more times.
	waits []int32
}

// findPeriods lists every period holding a date some measure counts by.
func (a *aggregator) findPeriods() {
	seen := map[Period]int32{}
	add := func(d export.Date) {
		mk := monthOf(d)
		if _, ok := a.months[mk]; ok {
			return
		}
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
		a.months[mk] = idx
	}
	for i := range a.set.Len() {
		a.set.Get(i, &a.o)
		add(a.o.Received)
		if !a.o.TherapySessionFirstDate.IsZero() {
			add(a.o.TherapySessionFirstDate)
		}
		if !a.o.Discharged.IsZero() {
			add(a.o.Discharged)
		}
	}
	a.res.blockOf = make([]int32, len(a.res.periods)*len(a.res.orgs))
	for i := range a.res.blockOf {
		a.res.blockOf[i] = -1
	}
}

// breakdowns fills a.vals with the breakdown values of the current referral.
func (a *aggregator) breakdowns() {
	o, ref := &a.o, a.res.ref
	v := a.vals[:0]
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
	a.vals = v
}

// each calls fn with the first cell index of every (period, org) block the current
// referral counts in by date d; the cell of breakdown value b is that index + b.
func (a *aggregator) each(d export.Date, fn func(base int)) {
	idx := a.months[monthOf(d)]
	nv := len(a.res.values)
	for _, k := range a.kinds {
		p := idx[k]
		for _, org := range [2]int32{int32(a.o.Org + 1), 0} {
			slot := int(p)*len(a.res.orgs) + int(org)
			b := a.res.blockOf[slot]
			if b < 0 {
				b = int32(len(a.res.blocks))
				a.res.blockOf[slot] = b
				a.res.blocks = append(a.res.blocks, blockKey{p, org})
				a.res.cells = append(a.res.cells, make([]acc, nv)...)
			}
			fn(int(b) * nv)
		}
	}
}

func (a *aggregator) firstPass() {
	res, ref := a.res, a.res.ref
	sixWeeks, eighteenWeeks := ref.Waits.SixWeeksDays, ref.Waits.EighteenWeeksDays
	var ended []counter
	a.waits = make([]int32, a.set.Len())
	for i := range a.set.Len() {
		a.set.Get(i, &a.o)
		o := &a.o
		a.breakdowns()
		a.each(o.Received, func(base int) {
			for _, v := range a.vals {
				res.cells[base+v].n[cReceived]++
			}
		})
		wait, treated := o.Wait()
		a.waits[i] = -1
		if treated {
			a.waits[i] = int32(wait)
			a.each(o.TherapySessionFirstDate, func(base int) {
				for _, v := range a.vals {
					c := &res.cells[base+v]
					c.n[cAccessed]++
					if wait <= sixWeeks {
						c.n[cAccessed6]++
					}
					if wait <= eighteenWeeks {
						c.n[cAccessed18]++
					}
					c.waitSum += int64(wait)
				}
			})
		}
		if o.Discharged.IsZero() {
			continue
		}
		ended = endedCounters(ended[:0], o, wait, sixWeeks, eighteenWeeks)
		a.each(o.Discharged, func(base int) {
			for _, v := range a.vals {
				c := &res.cells[base+v]
				for _, k := range ended {
					c.n[k]++
				}
				if !o.CompletedTreatment {
					continue
				}
				c.apptSum += int64(o.TreatmentCareContactCount)
				if p := res.values[v].pathway; p >= 0 && ref.Pathways[p].ConditionMeasure != "" {
					if s, ok := o.Condition(ref.Pathways[p].ConditionMeasure); ok && s.Paired {
						c.n[cConditionPaired]++
						c.conditionFirst += s.First
						c.conditionLast += s.Last
					}
				}
			}
		})
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

// medians finds each cell's median wait exactly: the referrals are visited in order of
// wait (a counting sort: waits are whole days), and a cell takes the wait of the
// referral at its middle rank, or the mean of the two at its middle ranks.
func (a *aggregator) medians() {
	res := a.res
	maxWait := int32(-1)
	for _, w := range a.waits {
		maxWait = max(maxWait, w)
	}
	if maxWait < 0 {
		return
	}
	start := make([]int32, maxWait+2)
	for _, w := range a.waits {
		if w >= 0 {
			start[w+1]++
		}
	}
	for w := 1; w < len(start); w++ {
		start[w] += start[w-1]
	}
	order := make([]int32, start[len(start)-1])
	for i, w := range a.waits {
		if w >= 0 {
			order[start[w]] = int32(i)
			start[w]++
		}
	}
	seen := make([]int32, len(res.cells))
	for _, i := range order {
		a.set.Get(int(i), &a.o)
		wait, _ := a.o.Wait()
		w := float64(wait)
		a.breakdowns()
		a.each(a.o.TherapySessionFirstDate, func(base int) {
			for _, v := range a.vals {
				c := base + v
				seen[c]++
				k, n := seen[c], res.cells[c].n[cAccessed]
				switch {
				case n%2 == 1 && k == (n+1)/2:
					res.cells[c].median = w
				case n%2 == 0 && k == n/2:
					res.cells[c].median = w
				case n%2 == 0 && k == n/2+1:
					res.cells[c].median = (res.cells[c].median + w) / 2
				}
			}
		})
	}
}

// collect lists the cells with at least one referral, sorted as the CSV is.
func (res *Result) collect() {
	nv := len(res.values)
	for b, key := range res.blocks {
		for v := range res.values {
			c := &res.cells[b*nv+v]
			if c.n[cReceived] == 0 && c.n[cAccessed] == 0 && c.n[cEnded] == 0 {
				continue
			}
			res.written = append(res.written, Cell{
				Period: res.periods[key.period], Org: res.orgs[key.org],
				VariableType: res.values[v].variableType, VariableA: res.values[v].label,
			})
			res.cellIdx = append(res.cellIdx, int32(b*nv+v))
		}
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
