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

// Gather gathers the persons of an export for Evaluate: it collects the healthcare
// use that utilisation hands on (the export reader's Utilisation) with Collect, and
// gives each treated person the pathways and recovery of its referral's derived outcome
// in set, and the treatment appointments counter counted while the export was read.
// The rows and people left out are in the result.
func Gather(set *outcome.Set, counter *AppointmentCounter, utilisation func(func(int, export.Use) error) error, unit UnitCosts, aliases Aliases) (Collected, error) {
	ref := set.Reference()
	slugs := make([]string, len(ref.Pathways))
	for i, p := range ref.Pathways {
		slugs[i] = p.Slug
	}
	col, err := Collect(utilisation, unit, aliases, slugs)
	if err != nil {
		return Collected{}, err
	}
	// The persons are shared out over the cores, each written at its own index: on
	// one core, reading the outcomes of hundreds of thousands of people at national
	// scale left the other idle. The set is only read.
	shareOut(len(col.Persons), func(_, lo, hi int) {
		var o outcome.Outcome
		for i := lo; i < hi; i++ {
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
	})
	return col, nil
}
