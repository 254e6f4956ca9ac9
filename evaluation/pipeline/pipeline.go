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

// Report is what has been read and left out so far.
func (e *Export) Report() *export.Report { return e.r.Report() }

// Derived is an export read once: every referral's derived outcome, with what the
// evaluations counted on the way.
type Derived struct {
	Set          *outcome.Set
	e            *Export
	appointments *costs.AppointmentCounter
	use          *workforce.Use
}

// Derive reads the export's referrals, presenting complaints, long-term conditions,
// contacts and scores, once each, and derives every referral's outcome.
func (e *Export) Derive() (*Derived, error) {
	app := e.ref.Appointments
	d := &Derived{e: e,
		appointments: costs.NewAppointmentCounter(app.IsAttended, app.IsTreatment),
		use:          workforce.NewUse(app.IsAttended, app.IsTreatment)}
	set, err := outcome.Derive(listening{e.r, d}, e.ref)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", e.dir, err)
	}
	d.Set = set
	return d, nil
}

// listening is the export reader with the evaluations' counters listening to the
// referrals and contacts as the outcome derivation reads them.
type listening struct {
	*export.Reader
	d *Derived
}

func (s listening) Referrals(fn func(int, export.Referral) error) error {
	return s.Reader.Referrals(func(ref int, x export.Referral) error {
		s.d.appointments.Referral(ref, x)
		s.d.use.Referral(ref, x)
		return fn(ref, x)
	})
}

func (s listening) Contacts(fn func(int, export.Contact) error) error {
	return s.Reader.Contacts(func(ref int, x export.Contact) error {
		s.d.appointments.Contact(ref, x)
		s.d.use.Contact(ref, x)
		return fn(ref, x)
	})
}

// Measures aggregates the outcome measures (measures.md).
func (d *Derived) Measures(opts measure.Options) (*measure.Result, error) {
	res, err := measure.Aggregate(d.Set, opts)
	if err != nil {
		return nil, fmt.Errorf("computing the measures of %s: %w", d.e.dir, err)
	}
	return res, nil
}

// Costs reads utilisation.csv and gathers the persons of the cost evaluation: each
// treated person with its referral's pathways, recovery and appointments. Without
// utilisation.csv nobody is gathered.
func (d *Derived) Costs(unit costs.UnitCosts, aliases costs.Aliases) (costs.Collected, error) {
	return costs.Gather(d.Set, d.appointments, d.e.r.Utilisation, unit, aliases)
}

// Workforce is what the service's records show it delivers (workforce.Records).
func (d *Derived) Workforce() *workforce.Records { return d.use.Records(d.Set) }
