package pipeline

import (
	"fmt"
	"io/fs"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/readiness"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// assessReadiness checks the core service against the standards the implementation
// guide says an integrated service should grow from (the criteria of sources), in the
// latest financial year of res.
func assessReadiness(res *measure.Result, ref *reference.Data, rules disclosure.Rules, sources fs.FS) (readiness.Report, error) {
	defs, err := readiness.DefaultCriteria(sources)
	if err != nil {
		return readiness.Report{}, err
	}
	var year *measure.Period
	for _, p := range res.Periods() {
		if p.Kind == measure.Year && (year == nil || p.Start > year.Start) {
			year = &p
		}
	}
	if year == nil {
		return readiness.Report{}, fmt.Errorf("the export has no referrals in any financial year")
	}
	b := ref.Breakdowns
	core := measure.Cell{Period: *year, Org: measure.AllOrgs, VariableType: b.Pathway.VariableType, VariableA: b.Pathway.None}
	counts := map[string]int{}
	for _, m := range measure.Catalogue() {
		if m.Kind == measure.Count {
			r, _ := res.Raw(core, m.ID) // a cell with nobody in it counts 0
			counts[m.ID] = r.Num
		}
	}
	var figs []readiness.Figure
	for _, d := range defs {
		fig, err := d.Figure(counts, "/outcomes/core-service/")
		if err != nil {
			return readiness.Report{}, fmt.Errorf("readiness criterion %s: %w", d.ID, err)
		}
		figs = append(figs, fig)
	}
	rep := readiness.Assess(year.Label, figs, rules)
	rep.Scope = "the core service (" + b.Pathway.None + ": referrals in no long-term-condition pathway)"
	return rep, nil
}
