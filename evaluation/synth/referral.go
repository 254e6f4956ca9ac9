package synth

import (
	"math"
	"math/rand/v2"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// person is someone referred once or twice; long-term conditions belong to the person.
type person struct {
	num           int
	prov          *provider
	comm          string
	band          ageBand
	age           int // at the first referral; -1 not known
	firstReceived export.Date
	gender        string
	eth           ethnicity
	imd           int
	conds         [2]condition
	nConds        int
	ltc           bool // has a long-term condition (other than the "none" code)
	pathways      uint16
}

// contact is one appointment of the current referral.
type contact struct {
	num       int
	date      export.Date
	appType   string
	attend    string
	mech      string
	duration  int // minutes; -1 not recorded
	intensity string
	t         float64 // progress through treatment for scoring; negative: no scores
}

// referral is the referral being generated.
type referral struct {
	num        int
	p          *person
	received   export.Date
	discharged export.Date
	endCode    string
	comp       *complaint
	pathways   uint16
	integrated string // IAPTLTCServiceInd of its appointments
	mech       string // its usual consultation medium
	tr         trajectory
	adsm, pps  int // the ADSM and physical-symptom measure it records, or -1

	// First and last PHQ-9 and GAD-7 as written, for the utilisation outcome.
	firstP, lastP, firstA, lastA float64
	nP, nA                       int
}

// Journeys: what happens after the referral. With the waits and course lengths below
// and referrals still open at the end of the period, about 37% of referrals end with a
// finished course, as in England in 2024-25 (670,419 of 1,813,432).
const (
	noContact = iota
	seenOnly
	treatedOnce
	course
)

var journeys = weightedOf(
	opt[int]{noContact, 0.18}, opt[int]{seenOnly, 0.22}, opt[int]{treatedOnce, 0.11}, opt[int]{course, 0.455},
)

// Stepped care: low intensity only, high intensity only, or stepped up from low to high.
const (
	liOnly = iota
	hiOnly
	stepUp
)

var stepPlans = weightedOf(opt[int]{liOnly, 0.45}, opt[int]{hiOnly, 0.2}, opt[int]{stepUp, 0.35})

var (
	missCodes     = weightedOf(opt[string]{"3", 0.6}, opt[string]{"2", 0.25}, opt[string]{"4", 0.1}, opt[string]{"7", 0.05})
	courseEnds    = weightedOf(opt[string]{"46", 0.8}, opt[string]{"47", 0.12}, opt[string]{"48", 0.075}, opt[string]{"49", 0.005})
	onceEnds      = weightedOf(opt[string]{"47", 0.5}, opt[string]{"48", 0.4}, opt[string]{"46", 0.1})
	notTakenOnEnd = weightedOf(opt[string]{"10", 0.2}, opt[string]{"11", 0.25}, opt[string]{"12", 0.2},
		opt[string]{"13", 0.1}, opt[string]{"14", 0.15}, opt[string]{"16", 0.1})
)

// person generates one person, their conditions and their referrals (one, sometimes two).
func (g *generator) person() {
	r := g.r
	g.nextPerson++
	g.sum.People++
	p := &person{num: g.nextPerson}
	p.prov = providers.draw(r)
	p.comm = p.prov.commissions.draw(r)
	p.band = ageBands.draw(r)
	p.age = -1
	if p.band.lo >= 0 {
		p.age = p.band.lo + r.IntN(p.band.hi-p.band.lo+1)
	}
	p.gender = genders.draw(r)
	p.eth = ethnicities.draw(r)
	p.imd = imdDeciles.draw(r)
	g.conditions(p)

	p.firstReceived = g.drawDay()
	discharged := g.referral(p, p.firstReceived)
	// About one person in eleven comes back with a second referral.
	if !discharged.IsZero() && g.sum.Referrals < g.opts.Referrals && r.Float64() < 0.09 {
		if again := discharged + export.Date(30+r.IntN(500)); again <= g.end {
			g.referral(p, again)
		}
	}
}

// conditions draws and writes the person's long-term conditions: older people have one
// more often; some people have two; the rest have the "no long-term condition" code or
// nothing recorded at all (England records nothing for most referrals).
func (g *generator) conditions(p *person) {
	r := g.r
	chance := 0.35
	switch {
	case p.age < 0:
	case p.age < 18:
		chance = 0.12
	case p.age < 26:
		chance = 0.2
	case p.age < 65:
		chance = 0.38
	case p.age < 75:
		chance = 0.6
	default:
		chance = 0.7
	}
	t := g.tables[tConditions]
	x := r.Float64()
	switch {
	case x < chance:
		p.ltc = true
		p.conds[0] = conditions.draw(r)
		p.nConds = 1
		if r.Float64() < 0.22 {
			if c := conditions.draw(r); c.code != p.conds[0].code {
				p.conds[1] = c
				p.nConds = 2
			}
		}
		for _, c := range p.conds[:p.nConds] {
			if c.pathway >= 0 {
				p.pathways |= 1 << c.pathway
			}
			t.id("P", p.num, 7)
			t.str(p.prov.code)
			t.str(c.code)
			t.end()
		}
	case x < chance+(1-chance)*0.5:
		t.id("P", p.num, 7)
		t.str(p.prov.code)
		t.str(noLTC)
		t.end()
	}
}

// referral generates and writes one referral of p received on the given day, with its
// complaints, appointments, scores and healthcare use. It returns the discharge date,
// or zero when the referral is still open at the end of the period.
func (g *generator) referral(p *person, received export.Date) export.Date {
	r := g.r
	g.nextReferral++
	g.sum.Referrals++
	ref := &referral{num: g.nextReferral, p: p, received: received, adsm: -1, pps: -1}
	journey := journeys.draw(r)
	if journey != noContact || r.Float64() < 0.35 {
		if r.Float64() < 0.95 {
			ref.comp = complaints.draw(r)
		}
	}
	ref.pathways = p.pathways
	if ref.comp != nil && ref.comp.pathway >= 0 {
		ref.pathways |= 1 << ref.comp.pathway
	}
	// A secondary complaint may put the referral in a physical-symptom pathway too.
	var second *complaint
	if ref.comp != nil && r.Float64() < 0.3 {
		if c := complaints.draw(r); c != ref.comp {
			second = c
			if c.pathway >= 0 {
				ref.pathways |= 1 << c.pathway
			}
		}
	}
	switch {
	case ref.pathways != 0 && r.Float64() < p.prov.integrated:
		ref.integrated = "Y"
	case r.Float64() < 0.9:
		ref.integrated = "N"
	}
	ref.mech = mechanisms.draw(r)

	shift := p.prov.shift + p.band.shift + p.eth.shift
	if p.imd > 0 {
		shift += 0.013 * (float64(p.imd) - 5.5)
	}
	if p.ltc {
		shift -= 0.08
	}
	if ref.comp != nil {
		shift += ref.comp.shift
		// Not every service records the disorder-specific measure.
		if ref.comp.adsm >= 0 && r.Float64() < 0.7 {
			ref.adsm = ref.comp.adsm
		}
		if ref.comp.pps >= 0 && r.Float64() < 0.8 {
			ref.pps = ref.comp.pps
		}
	}
	ref.tr = newTrajectory(r, shift)

	g.contacts = g.contacts[:0]
	switch journey {
	case noContact:
		g.notSeen(ref)
	case seenOnly:
		g.seenOnly(ref)
	case treatedOnce:
		g.treatedOnce(ref)
	case course:
		g.course(ref)
	}
	// What happens after the end of the period has not happened yet.
	if ref.discharged > g.end {
		ref.discharged, ref.endCode = 0, ""
	}
	n := 0
	for _, c := range g.contacts {
		if c.date <= g.end {
			g.contacts[n] = c
			n++
		}
	}
	g.contacts = g.contacts[:n]

	g.writeReferral(ref)
	g.writeComplaints(ref, second)
	treatments := g.writeContacts(ref)
	g.writeScores(ref)
	if !ref.discharged.IsZero() && treatments >= 2 {
		g.utilisation(ref)
	}
	return ref.discharged
}

// waitDays draws the days from referral to first appointment: most within six weeks,
// a tail waiting months (England 2024-25: 91.6% of finished courses started within
// six weeks, 98.7% within eighteen).
func (g *generator) waitDays(p *person) int {
	r := g.r
	var w float64
	if r.Float64() < 0.955 {
		w = 15.5 * math.Exp(0.6*r.NormFloat64())
	} else {
		w = 95 * math.Exp(0.5*r.NormFloat64())
	}
	return max(1, int(w*p.prov.waitScale))
}

// add appends an appointment to the current referral.
func (g *generator) add(ref *referral, d export.Date, app, attend, intensity string, t float64) {
	r := g.r
	g.nextContact++
	c := contact{num: g.nextContact, date: d, appType: app, attend: attend, mech: ref.mech,
		duration: -1, intensity: intensity, t: t}
	if r.Float64() < 0.2 {
		c.mech = mechanisms.draw(r)
	}
	if attend == "5" || attend == "6" {
		switch {
		case r.Float64() < 0.03: // not recorded
		case app == "01":
			c.duration = 45 + r.IntN(16)
		case app == "03":
			c.duration = 55 + r.IntN(11)
		case app == "10":
			c.duration = 30 + r.IntN(31)
		case intensity == "HI":
			c.duration = 50 + r.IntN(11)
		default:
			c.duration = 30 + r.IntN(16)
		}
	}
	g.contacts = append(g.contacts, c)
}

// appointment books an appointment on day d. Some are missed first (did not attend,
// cancelled, arrived too late) and rebooked a week or two later. It returns the date of
// the attended one.
func (g *generator) appointment(ref *referral, d export.Date, app, intensity string, t, missRate float64) export.Date {
	r := g.r
	for tries := 0; tries < 2 && r.Float64() < missRate; tries++ {
		g.add(ref, d, app, missCodes.draw(r), intensity, -1)
		d = workday(d + export.Date(7+r.IntN(8)))
	}
	attend := "5"
	if r.Float64() < 0.04 {
		attend = "6"
	}
	g.add(ref, d, app, attend, intensity, t)
	return d
}

// lastDate is the date of the referral's latest appointment so far.
func (g *generator) lastDate(ref *referral) export.Date {
	if len(g.contacts) == 0 {
		return ref.received
	}
	return g.contacts[len(g.contacts)-1].date
}

// notSeen: the person never attends; some miss an assessment.
func (g *generator) notSeen(ref *referral) {
	r := g.r
	if r.Float64() < 0.45 {
		d := workday(ref.received + export.Date(g.waitDays(ref.p)))
		g.add(ref, d, "01", missCodes.draw(r), "", -1)
		if r.Float64() < 0.15 {
			g.add(ref, workday(d+export.Date(7+r.IntN(14))), "01", missCodes.draw(r), "", -1)
		}
	}
	ref.discharged = g.lastDate(ref) + export.Date(14+r.IntN(45))
	ref.endCode = "50"
}

// seenOnly: assessed (with scores) but not taken on for treatment.
func (g *generator) seenOnly(ref *referral) {
	r := g.r
	d := g.appointment(ref, workday(ref.received+export.Date(g.waitDays(ref.p))), "01", "", 0, 0.12)
	if r.Float64() < 0.15 {
		g.add(ref, workday(d+export.Date(14+r.IntN(15))), "04", "5", "", -1)
	}
	ref.discharged = g.lastDate(ref) + export.Date(r.IntN(30))
	ref.endCode = notTakenOnEnd.draw(r)
}

// assessment books a separate assessment before the first treatment on day first, when
// there is room for one, and reports whether it did.
func (g *generator) assessment(ref *referral, first export.Date) bool {
	r := g.r
	gap := int(first - ref.received)
	if gap < 4 || r.Float64() >= 0.55 {
		return false
	}
	d := workday(ref.received + export.Date(1+r.IntN(gap/2)))
	if d >= first {
		return false
	}
	g.add(ref, d, "01", "5", "", 0)
	return true
}

// treatedOnce: one treatment appointment, then the person stops coming.
func (g *generator) treatedOnce(ref *referral) {
	r := g.r
	first := workday(ref.received + export.Date(g.waitDays(ref.p)))
	app := "03"
	if g.assessment(ref, first) {
		app = "02"
	}
	intensity := "LI"
	if r.Float64() < 0.35 {
		intensity = "HI"
	}
	d := g.appointment(ref, first, app, intensity, 0, 0.07)
	if r.Float64() < 0.6 {
		for range 1 + r.IntN(2) {
			d = workday(d + export.Date(7+r.IntN(8)))
			g.add(ref, d, "02", missCodes.draw(r), intensity, -1)
		}
	}
	ref.discharged = g.lastDate(ref) + export.Date(14+r.IntN(45))
	ref.endCode = onceEnds.draw(r)
}

// course: two or more treatment appointments, low or high intensity or stepped up from
// one to the other, with missed appointments rebooked, some employment support, some
// follow-ups.
func (g *generator) course(ref *referral) {
	r := g.r
	var nLI, nHI int
	switch stepPlans.draw(r) {
	case liOnly:
		nLI = 2 + poisson(r, 4)
	case hiOnly:
		nHI = 2 + poisson(r, 7)
	case stepUp:
		nLI = 2 + poisson(r, 2)
		nHI = 1 + poisson(r, 5)
	}
	n := nLI + nHI
	first := workday(ref.received + export.Date(g.waitDays(ref.p)))
	assessed := g.assessment(ref, first)
	d := first
	for i := range n {
		intensity := "LI"
		if i >= nLI {
			intensity = "HI"
			if i == nLI && nLI > 0 {
				// Waiting for high-intensity therapy after stepping up.
				d = workday(d + export.Date(21+r.IntN(70)))
			}
		}
		app := "02"
		switch {
		case i == 0 && !assessed:
			app = "03"
		case i > 0 && r.Float64() < 0.05:
			app = "05"
		}
		// Progress runs from 0 at the first scored appointment to 1 at the last.
		t := float64(i) / float64(n-1)
		if assessed {
			t = float64(i+1) / float64(n)
		}
		miss := 0.13
		if i == 0 {
			miss = 0.07
		}
		d = g.appointment(ref, d, app, intensity, t, miss)
		gap := 7 + r.IntN(8)
		if intensity == "HI" {
			gap = 7
			if r.Float64() < 0.2 {
				gap = 14
			}
		}
		if i < n-1 {
			d = workday(d + export.Date(gap))
		}
	}
	last := d
	if r.Float64() < 0.05 {
		// Employment support alongside therapy.
		for range 1 + r.IntN(3) {
			g.add(ref, workday(first+export.Date(r.IntN(int(last-first)+1))), "10", "5", "", -1)
		}
		sortContacts(g.contacts)
	}
	if r.Float64() < 0.1 {
		attend := "5"
		if r.Float64() < 0.15 {
			attend = "3"
		}
		g.add(ref, workday(last+export.Date(28+r.IntN(35))), "06", attend, "", -1)
	}
	ref.discharged = g.lastDate(ref) + export.Date(r.IntN(22))
	ref.endCode = courseEnds.draw(r)
}

// sortContacts orders appointments by date, keeping the order of those on one day.
func sortContacts(cs []contact) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].date < cs[j-1].date; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// poisson draws a Poisson count; a normal approximation for large means.
func poisson(r *rand.Rand, mean float64) int {
	if mean > 30 {
		return max(0, int(math.Round(mean+math.Sqrt(mean)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), 0, r.Float64()
	for p > l {
		k++
		p *= r.Float64()
	}
	return k
}
