package costs

import (
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// PathwaysOf lists the pathways of the reference data, in its order, for
// Options.Pathways.
func PathwaysOf(ref *reference.Data) []Pathway {
	out := make([]Pathway, len(ref.Pathways))
	for i, p := range ref.Pathways {
		out[i] = Pathway{Slug: p.Slug, Name: p.Name}
	}
	return out
}

// FromExport gathers the persons of an export for Evaluate: it derives every
// referral's outcome (reading the referrals and contacts once, counting treatment
// appointments on the way), collects the healthcare use of utilisation.csv with
// Collect, and gives each treated person the pathways, recovery and appointments of
// its referral. The export should have utilisation.csv (r.HasUtilisation); without it
// nobody is collected. The rows and people left out are in the result.
func FromExport(r *export.Reader, ref *reference.Data, unit UnitCosts, aliases Aliases) (Collected, error) {
	counter := NewAppointmentCounter(ref.Appointments.IsAttended, ref.Appointments.IsTreatment)
	set, err := outcome.Derive(countingSource{r, counter}, ref)
	if err != nil {
		return Collected{}, err
	}
	slugs := make([]string, len(ref.Pathways))
	for i, p := range ref.Pathways {
		slugs[i] = p.Slug
	}
	col, err := Collect(r.Utilisation, unit, aliases, slugs)
	if err != nil {
		return Collected{}, err
	}
	var o outcome.Outcome
	for i := range col.Persons {
		p := &col.Persons[i]
		if col.Refs[i] < 0 {
			continue
		}
		set.Get(col.Refs[i], &o)
		for k, pw := range ref.Pathways {
			if o.InPathway(k) {
				p.Pathways = append(p.Pathways, pw.Slug)
			}
		}
		// Recovery is known for the people the national recovery rate counts:
		// finished treatment and not below caseness at the start.
		if o.CompletedTreatment && !o.Flags.NotCaseness {
			recovered := o.Flags.Recovery
			p.Recovered = &recovered
		}
		p.Appointments = counter.Get(col.Refs[i])
	}
	return col, nil
}

// countingSource is the export reader with an appointment counter listening to the
// referrals and contacts as outcome derivation reads them, so the contacts are read
// once.
type countingSource struct {
	*export.Reader
	counter *AppointmentCounter
}

func (s countingSource) Referrals(fn func(int, export.Referral) error) error {
	return s.Reader.Referrals(func(ref int, x export.Referral) error {
		s.counter.Referral(ref, x)
		return fn(ref, x)
	})
}

func (s countingSource) Contacts(fn func(int, export.Contact) error) error {
	return s.Reader.Contacts(func(ref int, x export.Contact) error {
		s.counter.Contact(ref, x)
		return fn(ref, x)
	})
}
