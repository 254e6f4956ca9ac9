package costs

import "github.com/iaptpub/iaptpub/evaluation/export"

// AppointmentCounter counts each referral's attended treatment appointments by
// intensity, for a cost of the service per appointment. It is fed the referrals and
// contacts as the export reader hands them on, and counts the appointments the outcome
// measures count: attended, of a treatment type, dated from the referral to its
// discharge.
type AppointmentCounter struct {
	attended, treatment func(code string) bool
	windows             []window
	counts              [][3]int32 // LI, HI, unknown
}

type window struct{ from, to export.Date }

// NewAppointmentCounter counts contacts whose AttendOrDNACode attended accepts and
// whose AppType treatment accepts (the reference data's Appointments.IsAttended and
// IsTreatment).
func NewAppointmentCounter(attended, treatment func(code string) bool) *AppointmentCounter {
	return &AppointmentCounter{attended: attended, treatment: treatment}
}

// Referral records a referral; ref numbers them 0, 1, 2, … as the reader does.
func (c *AppointmentCounter) Referral(ref int, x export.Referral) {
	for len(c.windows) <= ref {
		c.windows = append(c.windows, window{})
		c.counts = append(c.counts, [3]int32{})
	}
	c.windows[ref] = window{x.Received, x.Discharged}
}

// Contact counts a contact of referral ref if it is an attended treatment appointment
// within the referral.
func (c *AppointmentCounter) Contact(ref int, x export.Contact) {
	if ref < 0 || ref >= len(c.windows) || !c.attended(x.AttendOrDNACode) || !c.treatment(x.AppType) {
		return
	}
	w := c.windows[ref]
	if x.Date < w.from || (!w.to.IsZero() && x.Date > w.to) {
		return
	}
	k := 2
	switch x.Intensity {
	case "LI":
		k = 0
	case "HI":
		k = 1
	}
	c.counts[ref][k]++
}

// Get returns the appointments counted for referral ref.
func (c *AppointmentCounter) Get(ref int) Appointments {
	if ref < 0 || ref >= len(c.counts) {
		return Appointments{}
	}
	n := c.counts[ref]
	return Appointments{LI: int(n[0]), HI: int(n[1]), Unknown: int(n[2])}
}
