package costs

import (
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
)

// AppointmentCounter counts each referral's treatment appointments by intensity, for a
// cost of the service per appointment. It listens to the outcome derivation
// (outcome.Listener), so it counts the appointments the outcome measures count:
// attended, of a treatment type, dated from the referral to its discharge.
type AppointmentCounter struct {
	referrals int        // heard of
	counts    [][3]int32 // LI, HI, unknown; made at the first appointment
}

// Referral hears of referral ref. Every referral is heard of before any appointment,
// so the counts are made once, at the first appointment, rather than grown here by
// one at a time for millions of referrals.
func (c *AppointmentCounter) Referral(ref int, _ export.Referral) {
	c.referrals = max(c.referrals, ref+1)
}

// Appointment counts a treatment appointment of referral ref by its intensity. An
// appointment of a referral not heard of is not counted.
func (c *AppointmentCounter) Appointment(ref int, x outcome.Appointment) {
	if c.counts == nil {
		c.counts = make([][3]int32, c.referrals)
	}
	if ref < 0 || ref >= len(c.counts) {
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
