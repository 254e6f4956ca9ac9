package export

import "fmt"

// Check reads every table of the export in dir and returns its data-quality report, with
// the completeness of what the measures rely on. depression is the catalogue's short name
// of the depression measure (PHQ9), on which every referral should have paired scores.
// It keeps two bytes per referral.
//
// It fails without a report when the export cannot be opened (not a folder, a required
// table missing). Otherwise the report is always returned, and the error is the first
// file that could not be read to its end (or, with Options.Strict, the first row error).
// When referrals.csv cannot be read, the other tables are not read: every row would
// point at a referral the index lacks.
func Check(dir string, instruments Instruments, depression string, opts Options) (*Report, error) {
	r, err := Open(dir, instruments, opts)
	if err != nil {
		return nil, err
	}
	return r.check(depression)
}

func (r *Reader) check(depression string) (*Report, error) {
	const (
		ethnicityStated = 1 << iota
		ltcStatus
	)
	var flags, phq []uint8
	if err := r.Referrals(func(_ int, x Referral) error {
		var f uint8
		switch x.EthnicCategory {
		case "", "Z", "99":
		default:
			f |= ethnicityStated
		}
		flags = append(flags, f)
		phq = append(phq, 0)
		return nil
	}); err != nil {
		rep := r.Report()
		rep.Notes = append(rep.Notes, fmt.Sprintf("the other tables were not checked because reading %s stopped early", r.FileName(ReferralsFile)))
		return rep, err
	}

	var first error
	stop := func(err error) bool {
		if first == nil {
			first = err
		}
		return r.opts.Strict
	}
	known := false
	if r.instruments != nil {
		_, known = r.instruments.Lookup(depression)
	}
	steps := []func() error{
		func() error { return r.Contacts(func(int, Contact) error { return nil }) },
		func() error {
			return r.Assessments(func(ref int, x Assessment) error {
				rec, dis := r.ix.received[ref], r.ix.discharged[ref]
				if x.Tool == depression && x.Date >= rec && (dis.IsZero() || x.Date <= dis) && phq[ref] < 2 {
					phq[ref]++
				}
				return nil
			})
		},
		func() error { return r.Complaints(func(int, Complaint) error { return nil }) },
		func() error {
			return r.Conditions(func(refs []int, _ Condition) error {
				for _, ref := range refs {
					flags[ref] |= ltcStatus
				}
				return nil
			})
		},
		func() error { return r.Utilisation(func(int, Use) error { return nil }) },
	}
	for _, step := range steps {
		if err := step(); err != nil && stop(err) {
			break
		}
	}

	rep := r.Report()
	c := &Completeness{Referrals: int64(len(flags)), Depression: depression}
	for ref, f := range flags {
		if f&ethnicityStated != 0 {
			c.EthnicityStated++
		}
		if f&ltcStatus != 0 {
			c.LTCStatus++
		}
		if phq[ref] >= 2 {
			c.PairedDepression++
		}
	}
	rep.Completeness = c
	if !known {
		rep.Notes = append(rep.Notes, "the instrument catalogue has no "+depression+", so no referral can have paired "+depression+" scores")
	}
	return rep, first
}
