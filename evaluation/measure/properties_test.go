package measure

import (
	"math"
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/stats"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// synthetic computes the measures of a generated export of n referrals.
func synthetic(t testing.TB, n int, seed uint64) *Result {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	res, _ := computeDir(t, dir, Options{})
	return res
}

func raw(t *testing.T, res *Result, c Cell, id string) Raw {
	t.Helper()
	r, ok := res.Raw(c, id)
	if !ok {
		t.Fatalf("%+v: no %s", c, id)
	}
	return r
}

func TestProperties(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		res := synthetic(t, 3000, seed)
		// The export must exercise what is checked: several providers, and pathway
		// cells with the condition measures.
		orgs, conditionCells := map[string]bool{}, 0
		for _, c := range res.Cells() {
			orgs[c.Org] = true
			if r, ok := res.Raw(c, "X022"); ok && r.Num > 0 {
				conditionCells++
			}
		}
		if len(orgs) < 3 || conditionCells == 0 {
			t.Fatalf("%d organisations (with ALL), %d cells with paired condition measures", len(orgs), conditionCells)
		}
		n := func(c Cell, id string) int { return raw(t, res, c, id).Num }
		type sumKey struct {
			p     Period
			vt, a string
		}
		sums := map[sumKey]map[string]int{} // count measures summed over providers
		total := map[sumKey]map[string]int{}
		rules := disclosure.Default()
		for _, c := range res.Cells() {
			// Reliable improvement, no change and deterioration partition the
			// referrals with paired scores.
			if got, want := n(c, "M185")+n(c, "M187")+n(c, "M189"), n(c, "M202"); got != want {
				t.Errorf("%+v: M185+M187+M189 = %d, M202 = %d", c, got, want)
			}
			// Caseness and not caseness exclude each other; some have neither.
			if n(c, "X002")+n(c, "M179") > n(c, "M076") {
				t.Errorf("%+v: X002 + M179 > M076", c)
			}
			for _, chain := range [][]string{
				{"M036", "M037", "M031"}, {"M052", "M054", "M076"}, {"M202", "M201", "M076"},
				{"M193", "M191", "X002"}, {"M277", "M273", "M076"}, {"M276", "M273"},
			} {
				for i := 1; i < len(chain); i++ {
					if n(c, chain[i-1]) > n(c, chain[i]) {
						t.Errorf("%+v: %s = %d > %s = %d", c, chain[i-1], n(c, chain[i-1]), chain[i], n(c, chain[i]))
					}
				}
			}
			if n(c, "M153")+n(c, "M075")+n(c, "M076") != n(c, "M056") {
				t.Errorf("%+v: ended before treatment + treated once + finished != ended (everyone discharged with 2+ appointments finished)", c)
			}
			if n(c, "M273")+n(c, "M274") != n(c, "M076") {
				t.Errorf("%+v: M273 + M274 != M076", c)
			}
			for _, m := range res.Measures(c) {
				r := raw(t, res, c, m.ID)
				v := r.Controlled(rules)
				if m.Kind == Count {
					// Published counts are never 1–4 (nor 0), and always multiples of 5.
					if !v.Suppressed && (v.Number < 5 || math.Mod(v.Number, 5) != 0) {
						t.Errorf("%+v %s: count %d published as %q", c, m.ID, r.Num, v.Text)
					}
					k := sumKey{c.Period, c.VariableType, c.VariableA}
					into := sums
					if c.Org == AllOrgs {
						into = total
					}
					if into[k] == nil {
						into[k] = map[string]int{}
					}
					into[k][m.ID] += r.Num
				}
				if m.Kind == Percent && r.HasValue && (r.Value < 0 || r.Value > 100) {
					t.Errorf("%+v %s: percentage %g", c, m.ID, r.Value)
				}
			}
		}
		// Every count of ALL is the sum over providers: each referral has one provider,
		// so even pathway cells (where a referral counts in several pathways) add up.
		for k, want := range sums {
			for id, w := range want {
				if total[k][id] != w {
					t.Errorf("%+v %s: ALL = %d, sum over providers = %d", k, id, total[k][id], w)
				}
			}
		}
		// Within a period, the values of every breakdown but Pathway partition the
		// referrals: their counts add up to Total. Pathway values overlap (a referral
		// in two pathways counts in both), so they add up to at least Total.
		for k, m := range total {
			if k.vt != "Total" {
				continue
			}
			byType := map[string]map[string]int{}
			for k2, m2 := range total {
				if k2.p != k.p || k2.vt == "Total" {
					continue
				}
				if byType[k2.vt] == nil {
					byType[k2.vt] = map[string]int{}
				}
				for id, v := range m2 {
					byType[k2.vt][id] += v
				}
			}
			for vt, summed := range byType {
				for _, id := range []string{"M001", "M031", "M056", "M076", "M191"} {
					if vt == "Pathway" && summed[id] < m[id] || vt != "Pathway" && summed[id] != m[id] {
						t.Errorf("%s %s: %s summed over values = %d, Total = %d", k.p.Label, vt, id, summed[id], m[id])
					}
				}
			}
		}
	}
}

// TestMediansAgainstBruteForce checks the two-pass median of every Total cell against
// sorting each cell's waits.
func TestMediansAgainstBruteForce(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: 2000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	res, _ := computeDir(t, dir, Options{})
	ref := loadRef(t)
	r2, _ := computeDirSet(t, dir)
	type key struct {
		p   Period
		org string
	}
	waits := map[key][]float64{}
	var o outcome.Outcome
	for i := range r2.Len() {
		r2.Get(i, &o)
		w, ok := o.Wait()
		if !ok {
			continue
		}
		for _, k := range PeriodKinds {
			p := periodOf(k, monthOf(o.TherapySessionFirstDate))
			for _, org := range []string{r2.Orgs()[o.Org], AllOrgs} {
				waits[key{p, org}] = append(waits[key{p, org}], float64(w))
			}
		}
	}
	checked, even := 0, 0
	for k, ws := range waits {
		c := Cell{Period: k.p, Org: k.org, VariableType: ref.Breakdowns.Total.VariableType, VariableA: ref.Breakdowns.Total.Label}
		got := raw(t, res, c, "M049")
		if len(ws)%2 == 0 {
			even++
		}
		if want := stats.Median(ws); got.Value != want || got.Num != len(ws) {
			t.Errorf("%s %s: median %g of %d, want %g of %d", k.p.Label, k.org, got.Value, got.Num, want, len(ws))
		}
		checked++
	}
	if checked < 10 || even == 0 {
		t.Errorf("only %d cells checked (%d of an even count)", checked, even)
	}
}

// computeDirSet derives the outcomes of the export in dir.
func computeDirSet(t testing.TB, dir string) (*outcome.Set, error) {
	t.Helper()
	ref := loadRef(t)
	r, err := export.Open(dir, ref.Instruments, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := outcome.Derive(r, ref)
	if err != nil {
		t.Fatal(err)
	}
	return s, nil
}

func TestOptionsPeriods(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: 500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	all, _ := computeDir(t, dir, Options{})
	years, _ := computeDir(t, dir, Options{Periods: []PeriodKind{Year}})
	var yearCells []Cell
	for _, c := range all.Cells() {
		if c.Period.Kind == Year {
			yearCells = append(yearCells, c)
		}
	}
	if len(yearCells) == 0 || !slices.Equal(yearCells, years.Cells()) {
		t.Fatalf("year cells differ: %d computed alone, %d among all", len(years.Cells()), len(yearCells))
	}
	for _, c := range yearCells {
		for _, m := range all.Measures(c) {
			a, _ := all.Raw(c, m.ID)
			y, _ := years.Raw(c, m.ID)
			if a != y {
				t.Errorf("%+v %s: %+v alone, %+v among all", c, m.ID, y, a)
			}
		}
	}
}
