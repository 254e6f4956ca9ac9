package workforce

import (
	"fmt"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// Delivered is what a service's own records show it delivers in a year, to set beside a
// scenario's planning assumptions. The year is the last 365 days of the export, ending on
// its latest referral or discharge date (the whole export when it is shorter: Days says
// how long, and the figures a year are scaled to 365 days).
//
// Contacts are attended treatment appointments within their referral, as the outcome
// measures count them; a finished course is a referral that ended after 2 or more of
// them (CompletedTreatment).
type Delivered struct {
	From, To export.Date
	Days     int
	// Referrals received and courses finished in the year, scaled to 365 days.
	Referrals, Courses float64
	// CoursesLI and CoursesHI count the finished courses of the year with any
	// low- and high-intensity contact (not scaled), the bases of the means and shares.
	CoursesLI, CoursesHI int
	// ContactsPerCourseLI and HI are the mean contacts at each intensity per finished
	// course that had any at that intensity.
	ContactsPerCourseLI, ContactsPerCourseHI float64
	// SteppedUp is the share of finished courses with low-intensity contacts that went
	// on to high intensity later; StartStep2 the share of finished courses with a known
	// intensity whose first treatment contact was low intensity.
	SteppedUp, StartStep2 float64
	// ContactsLI and ContactsHI are the contacts of the year at each intensity, scaled
	// to 365 days: what the service's staff deliver now.
	ContactsLI, ContactsHI float64
	// Unknown counts the contacts of the year with no Intensity; HasIntensity is false
	// when no contact of the year has one, and the figures above then mean nothing.
	Unknown      int
	HasIntensity bool
}

// Records are what the service's records show: for all referrals, and for each
// pathway by slug.
type Records struct {
	All      Delivered
	Pathways map[string]Delivered
}

// For returns the records a scenario is set beside: those of all referrals, or of the
// pathway an LTC scenario names; nil for an LTC scenario that names none (a register's
// need is not the whole service's) or when r is nil.
func (r *Records) For(s Scenario) (*Delivered, error) {
	switch {
	case r == nil:
		return nil, nil
	case s.LTC == nil:
		return &r.All, nil
	case s.LTC.Pathway == "":
		return nil, nil
	}
	d, ok := r.Pathways[s.LTC.Pathway]
	if !ok {
		return nil, fmt.Errorf("%s: key \"ltc.pathway\": %q is not a pathway of data/pathways.toml", s.File, s.LTC.Pathway)
	}
	return &d, nil
}

// referralUse is one referral's treatment contacts by intensity.
type referralUse struct {
	received, discharged export.Date
	li, hi               int32
	firstLI, firstHI     export.Date
	year                 [3]int32 // contacts in the year: LI, HI, no intensity
}

// FromExport reads the export's referrals, contacts, complaints and conditions once
// (with the outcome derivation, for the courses and pathways; not the scores) and works
// out what the service delivers.
func FromExport(r *export.Reader, ref *reference.Data) (*Records, error) {
	src := &useSource{Reader: r, attended: ref.Appointments.IsAttended, treatment: ref.Appointments.IsTreatment}
	set, err := outcome.Derive(src, ref)
	if err != nil {
		return nil, err
	}
	recs := &Records{Pathways: map[string]Delivered{}}
	all := &tallies{}
	paths := make([]tallies, len(ref.Pathways))
	var o outcome.Outcome
	for i := range src.use {
		u := &src.use[i]
		set.Get(i, &o)
		all.add(u, &o, src.from, src.to)
		for k := range ref.Pathways {
			if o.InPathway(k) {
				paths[k].add(u, &o, src.from, src.to)
			}
		}
	}
	days := int(src.to-src.from) + 1
	recs.All = all.delivered(src.from, src.to, days)
	for k, p := range ref.Pathways {
		recs.Pathways[p.Slug] = paths[k].delivered(src.from, src.to, days)
	}
	return recs, nil
}

// tallies add up the finished courses of the year.
type tallies struct {
	year                 [3]int // contacts of the year: LI, HI, no intensity
	referrals, courses   int
	coursesLI, coursesHI int
	contactsLI           int
	contactsHI           int
	steppedUp            int
	known, startLI       int
}

func (t *tallies) add(u *referralUse, o *outcome.Outcome, from, to export.Date) {
	for k, n := range u.year {
		t.year[k] += int(n)
	}
	if u.received >= from && u.received <= to {
		t.referrals++
	}
	if !o.CompletedTreatment || u.discharged < from || u.discharged > to {
		return
	}
	t.courses++
	if u.li > 0 {
		t.coursesLI++
		t.contactsLI += int(u.li)
		if u.hi > 0 && u.firstHI > u.firstLI {
			t.steppedUp++
		}
	}
	if u.hi > 0 {
		t.coursesHI++
		t.contactsHI += int(u.hi)
	}
	if u.li > 0 || u.hi > 0 {
		t.known++
		if u.li > 0 && (u.hi == 0 || u.firstLI <= u.firstHI) {
			t.startLI++
		}
	}
}

func (t *tallies) delivered(from, to export.Date, days int) Delivered {
	contacts := t.year
	scale := 365 / float64(days)
	d := Delivered{From: from, To: to, Days: days,
		Referrals: float64(t.referrals) * scale, Courses: float64(t.courses) * scale,
		CoursesLI: t.coursesLI, CoursesHI: t.coursesHI,
		ContactsLI: float64(contacts[0]) * scale, ContactsHI: float64(contacts[1]) * scale,
		Unknown: contacts[2], HasIntensity: contacts[0]+contacts[1] > 0,
	}
	if t.coursesLI > 0 {
		d.ContactsPerCourseLI = float64(t.contactsLI) / float64(t.coursesLI)
		d.SteppedUp = float64(t.steppedUp) / float64(t.coursesLI)
	}
	if t.coursesHI > 0 {
		d.ContactsPerCourseHI = float64(t.contactsHI) / float64(t.coursesHI)
	}
	if t.known > 0 {
		d.StartStep2 = float64(t.startLI) / float64(t.known)
	}
	return d
}

// useSource is the export reader with each referral's treatment contacts counted as
// the outcome derivation reads them, so that the contacts are read once. The referrals
// come first and fix the year.
type useSource struct {
	*export.Reader
	attended, treatment func(code string) bool
	use                 []referralUse
	from, to            export.Date
}

func (s *useSource) Referrals(fn func(int, export.Referral) error) error {
	var first export.Date
	err := s.Reader.Referrals(func(ref int, x export.Referral) error {
		for len(s.use) <= ref {
			s.use = append(s.use, referralUse{})
		}
		s.use[ref].received, s.use[ref].discharged = x.Received, x.Discharged
		s.to = max(s.to, x.Received, x.Discharged)
		if first.IsZero() || x.Received < first {
			first = x.Received
		}
		return fn(ref, x)
	})
	s.from = max(s.to-364, first)
	return err
}

// Assessments reads nothing: courses and pathways do not depend on scores, and the
// scores are the largest file of an export.
func (s *useSource) Assessments(func(int, export.Assessment) error) error { return nil }

func (s *useSource) Contacts(fn func(int, export.Contact) error) error {
	return s.Reader.Contacts(func(ref int, x export.Contact) error {
		s.count(ref, x)
		return fn(ref, x)
	})
}

// count counts a contact of referral ref when it is an attended treatment appointment
// within the referral.
func (s *useSource) count(ref int, x export.Contact) {
	if ref < 0 || ref >= len(s.use) || !s.attended(x.AttendOrDNACode) || !s.treatment(x.AppType) {
		return
	}
	u := &s.use[ref]
	if x.Date < u.received || (!u.discharged.IsZero() && x.Date > u.discharged) {
		return
	}
	k := 2
	switch x.Intensity {
	case "LI":
		k = 0
		u.li++
		if u.firstLI.IsZero() || x.Date < u.firstLI {
			u.firstLI = x.Date
		}
	case "HI":
		k = 1
		u.hi++
		if u.firstHI.IsZero() || x.Date < u.firstHI {
			u.firstHI = x.Date
		}
	}
	if x.Date >= s.from && x.Date <= s.to {
		u.year[k]++
	}
}
