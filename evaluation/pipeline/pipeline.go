// Package pipeline reads and derives an export once and hands the same derived
// referrals to everything computed from them: the outcome measures, the cost
// evaluation, the workforce figures and (through the measures) the readiness check.
//
// The export's files are the cost of a national-scale run: parsing two million
// referrals and thirty million rows of contacts and scores takes longer than all the
// arithmetic after it. So each file is read once, in one pass whose listeners collect
// what each evaluation needs besides the outcomes (the cost evaluation's appointments,
// the workforce's contacts by intensity), and utilisation.csv, which only the cost
// evaluation reads, is read after them.
package pipeline

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

// LoadReference reads the reference data and the disclosure rules of sources: what
// every command that reads an export needs first. A standard whose measure is not in
// the catalogue is an error here, before any export is read, rather than a standard
// silently never met.
func LoadReference(sources fs.FS) (*reference.Data, disclosure.Rules, error) {
	ref, err := reference.Load(sources)
	if err != nil {
		return nil, disclosure.Rules{}, fmt.Errorf("reading the reference data: %w", err)
	}
	for _, st := range ref.Standards {
		if _, ok := measure.Lookup(st.Measure); !ok {
			return nil, disclosure.Rules{}, fmt.Errorf("reading the reference data: %s: standard %q: measure %s is not in the catalogue of measures (shared spec: measures.md); correct the ID",
				reference.StandardsFile, st.Key, st.Measure)
		}
	}
	rules, err := disclosure.Load(sources)
	if err != nil {
		return nil, disclosure.Rules{}, fmt.Errorf("reading the disclosure rules: %w", err)
	}
	return ref, rules, nil
}

// Export is an export folder opened for its one read.
type Export struct {
	dir string
	r   *export.Reader
	ref *reference.Data
}

// Open prepares to read the export in dir with the reference data ref. It fails as
// export.Open does: when dir is not a folder or a required file is missing.
func Open(dir string, ref *reference.Data, opts export.Options) (*Export, error) {
	r, err := export.Open(dir, ref.Instruments, opts)
	if err != nil {
		return nil, err
	}
	return &Export{dir: dir, r: r, ref: ref}, nil
}

// HasUtilisation reports whether the export has the optional utilisation.csv, which
// the cost evaluation needs.
func (e *Export) HasUtilisation() bool { return e.r.HasUtilisation() }

// FileName is the name of table's file in the export folder: the contract's, or the
// one the mapping gives.
func (e *Export) FileName(table string) string { return e.r.FileName(table) }

// Report is what has been read and left out so far.
func (e *Export) Report() *export.Report { return e.r.Report() }

// Wants says what a derivation is read for besides the measures, which every
// derivation can give: each evaluation's counters cost memory for every referral, so
// only those asked for listen to the read.
type Wants uint8

const (
	// WantCosts counts each referral's treatment appointments, for Derived.Costs.
	WantCosts Wants = 1 << iota
	// WantWorkforce counts each referral's contacts by intensity, for
	// Derived.Workforce.
	WantWorkforce
)

// Derived is an export read once: every referral's derived outcome, with what the
// evaluations asked for counted on the way.
type Derived struct {
	Set          *outcome.Set
	e            *Export
	appointments *costs.AppointmentCounter // nil unless WantCosts
	use          *workforce.Use            // nil unless WantWorkforce
}

// Derive reads the export's referrals, presenting complaints, long-term conditions,
// contacts and scores, once each, and derives every referral's outcome, with the
// counters of the evaluations wants names listening.
func (e *Export) Derive(wants Wants) (*Derived, error) {
	d := &Derived{e: e}
	var listeners []outcome.Listener
	if wants&WantCosts != 0 {
		d.appointments = &costs.AppointmentCounter{}
		listeners = append(listeners, d.appointments)
	}
	if wants&WantWorkforce != 0 {
		d.use = &workforce.Use{}
		listeners = append(listeners, d.use)
	}
	set, err := outcome.Derive(e.r, e.ref, listeners...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", e.dir, err)
	}
	d.Set = set
	return d, nil
}

// Measures aggregates the outcome measures (measures.md).
func (d *Derived) Measures(opts measure.Options) (*measure.Result, error) {
	res, err := measure.Aggregate(d.Set, opts)
	if err != nil {
		return nil, fmt.Errorf("computing the measures of %s: %w", d.e.dir, err)
	}
	return res, nil
}

// errNotWanted is a derivation asked for what it was not read for: a mistake in the
// program, reported rather than answered with nothing counted.
var errNotWanted = errors.New("pipeline: the export was not derived for this evaluation (Derive's wants)")

// Costs reads utilisation.csv and gathers the persons of the cost evaluation: each
// treated person with its referral's pathways, recovery and appointments. Without
// utilisation.csv nobody is gathered. It needs WantCosts.
func (d *Derived) Costs(unit costs.UnitCosts, aliases costs.Aliases) (costs.Collected, error) {
	if d.appointments == nil {
		return costs.Collected{}, errNotWanted
	}
	return costs.Gather(d.Set, d.appointments, d.e.r.Utilisation, unit, aliases)
}

// Workforce is what the service's records show it delivers (workforce.Records). It
// needs WantWorkforce.
func (d *Derived) Workforce() (*workforce.Records, error) {
	if d.use == nil {
		return nil, errNotWanted
	}
	return d.use.Records(d.Set), nil
}
