package workforce

import (
	"fmt"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
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
	li, hi           int32
	firstLI, firstHI export.Date
	year             [3]int32 // contacts in the year: LI, HI, no intensity
}

// Records works out what the service delivers from the derived outcomes of an export
// (for the courses and pathways) and the contacts u counted while it was read.
func (u *Use) Records(set *outcome.Set) *Records {
	u.fixYear()
	ref := set.Reference()
	recs := &Records{Pathways: map[string]Delivered{}}
	all := &tallies{}
	paths := make([]tallies, len(ref.Pathways))
	var o outcome.Outcome
	for i := range u.use {
		r := &u.use[i]
		// The dates, pathways and course of a referral are all a tally needs: its
		// scores, most of what Get derives, are not (a tenth of a second of a
		// national build).
		set.GetGroups(i, &o)
		all.add(r, &o, u.from, u.to)
		for k := range ref.Pathways {
			if o.InPathway(k) {
				paths[k].add(r, &o, u.from, u.to)
			}
		}
	}
	days := int(u.to-u.from) + 1
	recs.All = all.delivered(u.from, u.to, days)
	for k, p := range ref.Pathways {
		recs.Pathways[p.Slug] = paths[k].delivered(u.from, u.to, days)
	}
	return recs
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
	if o.Received >= from && o.Received <= to {
		t.referrals++
	}
	if !o.CompletedTreatment || o.Discharged < from || o.Discharged > to {
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

// Use counts each referral's treatment contacts by intensity as the export is read,
// so that the contacts are read once, with the outcome derivation: it listens to the
// derivation (outcome.Listener), which hands it the treatment appointments the
// outcome measures count. The referrals, all heard before the first appointment, fix
// the year (the last 365 days of the export).
type Use struct {
	referrals       int           // heard of
	use             []referralUse // made when the year is fixed
	first, from, to export.Date
	fixed           bool
}

// Referral records a referral; ref numbers them 0, 1, 2, … as the reader does.
func (u *Use) Referral(ref int, x export.Referral) {
	u.referrals = max(u.referrals, ref+1)
	u.to = max(u.to, x.Received, x.Discharged)
	if u.first.IsZero() || x.Received < u.first {
		u.first = x.Received
	}
}

// fixYear ends the referrals: the year is the last 365 days to the latest date seen,
// and each referral heard of gets its counts, made at once rather than grown one by
// one as millions of referrals are heard of.
func (u *Use) fixYear() {
	if !u.fixed {
		u.from, u.fixed = max(u.to-364, u.first), true
		u.use = make([]referralUse, u.referrals)
	}
}

// Appointment counts a treatment appointment of referral ref. An appointment of a
// referral not heard of is not counted.
func (u *Use) Appointment(ref int, x outcome.Appointment) {
	u.fixYear()
	if ref < 0 || ref >= len(u.use) {
		return
	}
	r := &u.use[ref]
	k := 2
	switch x.Intensity {
	case "LI":
		k = 0
		r.li++
		if r.firstLI.IsZero() || x.Date < r.firstLI {
			r.firstLI = x.Date
		}
	case "HI":
		k = 1
		r.hi++
		if r.firstHI.IsZero() || x.Date < r.firstHI {
			r.firstHI = x.Date
		}
	}
	if x.Date >= u.from && x.Date <= u.to {
		r.year[k]++
	}
}
