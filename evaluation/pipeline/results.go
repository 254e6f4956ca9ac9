package pipeline

import (
	"fmt"
	"io/fs"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/readiness"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/stats"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

// CostSeed is the bootstrap seed of `iaptpub costs` by default, and costs.MinResamples
// its resamples, so that the site's cost page and the command give the same intervals.
const CostSeed = 1

// Results are everything a site publishes that is computed from an export.
type Results struct {
	Measures  *measure.Result
	Reference *reference.Data
	Rules     disclosure.Rules
	// Sources are the site sources the reference data came from.
	Sources fs.FS
	// Costs is the cost-saving evaluation, never nil: its unit costs and cost of the
	// service always, the evaluation itself when the export has utilisation.csv.
	Costs *CostEvaluation
	// Prices is the inflation index and PriceYear the one price year of every pound
	// on the evaluation pages.
	Prices    *prices.Index
	PriceYear string
	// Workforce is what the service's records show it delivers, for the workforce
	// page; nil when there is no export to read.
	Workforce *workforce.Records
	// Readiness is the core service checked against the implementation guide's
	// standards in the latest financial year.
	Readiness readiness.Report
}

// CostEvaluation is the local cost-saving evaluation of an export.
type CostEvaluation struct {
	// HasUtilisation is false when the export has no utilisation.csv: nothing below
	// but the unit costs and the cost of the service is then filled in.
	HasUtilisation bool
	// Report is nil when nobody had healthcare use recorded in both windows.
	Report    *costs.Report
	UnitCosts costs.UnitCosts
	Service   costs.ServiceCosts
	// People and rows left out: with one window only, with windows of unequal length,
	// and rows the evaluation's own checks refused.
	OneWindow, UnequalWindows, RowErrors int
	// Uncosted are the items used that have no unit cost, whose rows were left out.
	Uncosted []costs.ItemRows
}

// A Computation is an export read once and everything the site publishes computed
// from it, but for the cost evaluation, which may still be running: everything else
// is in Results, and Costs waits for the evaluation. At national scale its bootstrap
// takes seconds, in which a build has much else to do that needs only the measures.
type Computation struct {
	// Results are complete but for Costs, which is nil until Costs returns.
	Results
	costs chan costsDone // the evaluation's outcome, sent once
	err   error          // the evaluation's error, once Costs has it
}

type costsDone struct {
	ev  *CostEvaluation
	err error
}

// Start reads the export in dir once and computes everything the site publishes,
// with the reference data and disclosure rules of sources, every pound at priceYear
// ("" for prices.DefaultYear). It returns once every file is read and the measures,
// the readiness check and the workforce's records are computed, leaving the cost
// evaluation's bootstrap running (Computation.Costs). The report says what was read
// and what was left out.
func Start(dir string, sources fs.FS, opts export.Options, priceYear string) (*Computation, *export.Report, error) {
	if priceYear == "" {
		priceYear = prices.DefaultYear
	}
	ref, rules, err := LoadReference(sources)
	if err != nil {
		return nil, nil, err
	}
	// A wrong price year fails before the export is read.
	index, err := prices.Load(sources, prices.File)
	if err != nil {
		return nil, nil, err
	}
	if err := index.Check(priceYear); err != nil {
		return nil, nil, fmt.Errorf("evaluation.price_year: %w", err)
	}
	e, err := Open(dir, ref, opts)
	if err != nil {
		return nil, nil, err
	}
	d, err := e.Derive(WantCosts | WantWorkforce)
	if err != nil {
		return nil, e.Report(), err
	}
	// The cost evaluation (reading utilisation.csv, then the bootstrap) and the
	// measures, readiness and workforce read the derived referrals and share nothing
	// else, so on a machine with two cores they run side by side. Start returns once
	// utilisation.csv is read too, so that the report is complete; the bootstrap goes
	// on.
	c := &Computation{costs: make(chan costsDone, 1)}
	gathered := make(chan error, 1)
	go func(d *Derived) {
		ev, persons, err := gatherCosts(d, sources, opts.Strict, index, priceYear)
		gathered <- err
		if err == nil {
			// The bootstrap needs the persons, not the derived export (a parameter, dead
			// from here on): once Start has returned, the referrals' state, most of the
			// memory, is let go rather than marked by every collection the bootstrap and
			// the pages bring on.
			err = evaluateCosts(ev, persons, d.Set.Reference(), d.e.dir, index, priceYear)
		}
		c.costs <- costsDone{ev, err}
	}(d)
	res, ready, delivered, err := measuresAndWorkforce(d, ref, rules, sources, opts)
	gatherErr := <-gathered
	if err == nil {
		err = gatherErr
	}
	if err != nil {
		// The bootstrap, if it started, is left to end on its own: nothing waits for it.
		return nil, e.Report(), err
	}
	c.Measures, c.Reference, c.Rules, c.Sources = res, ref, rules, sources
	c.Prices, c.PriceYear, c.Workforce, c.Readiness = index, priceYear, delivered, ready
	return c, e.Report(), nil
}

// Costs waits for the cost evaluation and returns it (also in c.Results.Costs from
// then on). It may be called more than once, from one goroutine at a time.
func (c *Computation) Costs() (*CostEvaluation, error) {
	if done, ok := <-c.costs; ok {
		close(c.costs)
		c.Results.Costs, c.err = done.ev, done.err
	}
	return c.Results.Costs, c.err
}

// measuresAndWorkforce aggregates the measures of d, checks them against the
// implementation guide's standards, and works out the workforce's records: all that
// Start does beside the cost evaluation.
func measuresAndWorkforce(d *Derived, ref *reference.Data, rules disclosure.Rules, sources fs.FS, opts export.Options) (*measure.Result, readiness.Report, *workforce.Records, error) {
	res, err := d.Measures(measure.Options{Progress: opts.Progress})
	if err != nil {
		return nil, readiness.Report{}, nil, err
	}
	ready, err := assessReadiness(res, ref, rules, sources)
	if err != nil {
		return nil, readiness.Report{}, nil, err
	}
	delivered, err := d.Workforce()
	if err != nil {
		return nil, readiness.Report{}, nil, err
	}
	return res, ready, delivered, nil
}

// LoadCostTables reads the unit-cost table and the cost of the service of the site
// sources, restated at year with index.
func LoadCostTables(sources fs.FS, index *prices.Index, year string) (costs.UnitCosts, costs.ServiceCosts, error) {
	unit, err := costs.LoadUnitCosts(sources, costs.UnitCostsFile)
	if err != nil {
		return nil, costs.ServiceCosts{}, err
	}
	service, err := costs.LoadServiceCosts(sources, costs.ServiceCostsFile)
	if err != nil {
		return nil, costs.ServiceCosts{}, err
	}
	return costs.Restate(unit, service, index, year)
}

// gatherCosts reads utilisation.csv and gathers the persons of the cost evaluation of
// the derived export d, with every pound at year: all of the evaluation that reads the
// export. With strict a row the evaluation refuses fails the build, as in `iaptpub
// costs --strict`. Without utilisation.csv, or with nobody to evaluate, the evaluation
// is complete with no persons.
func gatherCosts(d *Derived, sources fs.FS, strict bool, index *prices.Index, year string) (*CostEvaluation, []costs.Person, error) {
	unit, service, err := LoadCostTables(sources, index, year)
	if err != nil {
		return nil, nil, err
	}
	aliases, err := costs.LoadAliases(sources, costs.AliasesFile)
	if err != nil {
		return nil, nil, err
	}
	ev := &CostEvaluation{UnitCosts: unit, Service: service}
	if !d.e.HasUtilisation() {
		return ev, nil, nil
	}
	col, err := d.Costs(unit, aliases)
	if err != nil {
		return nil, nil, fmt.Errorf("the cost evaluation of %s: %w", d.e.dir, err)
	}
	if strict && col.ErrorCount > 0 {
		return nil, nil, col.Errors[0]
	}
	ev.HasUtilisation, ev.Uncosted = true, col.Uncosted
	ev.OneWindow, ev.UnequalWindows, ev.RowErrors = col.OneWindow, col.UnequalWindows, col.ErrorCount
	return ev, col.Persons, nil
}

// evaluateCosts evaluates the gathered persons of the export in dir (the bootstrap)
// into ev.Report.
func evaluateCosts(ev *CostEvaluation, persons []costs.Person, ref *reference.Data, dir string, index *prices.Index, year string) error {
	if len(persons) == 0 {
		return nil
	}
	rep, err := costs.Evaluate(persons, ev.UnitCosts, ev.Service, costs.Options{
		Bootstrap: stats.Bootstrap{Resamples: costs.MinResamples, Seed: CostSeed},
		Pathways:  costs.PathwaysOf(ref), Core: ref.Breakdowns.Pathway.None,
		PriceYear: year, PriceIndex: index.Name,
	})
	if err != nil {
		return fmt.Errorf("the cost evaluation of %s: %w", dir, err)
	}
	ev.Report = &rep
	return nil
}
