package synth

import "github.com/iaptpub/iaptpub/evaluation/export"

func (g *generator) writeReferral(ref *referral) {
	p := ref.p
	t := g.tables[tReferrals]
	t.id("R", ref.num, 8)
	t.id("P", p.num, 7)
	t.str(p.prov.code)
	t.str(p.comm)
	t.date(ref.received)
	t.str(referralSources.draw(g.r))
	t.date(ref.discharged)
	t.str(ref.endCode)
	age := p.age
	if age >= 0 {
		age += int(ref.received-p.firstReceived) / 365
	}
	t.intOrEmpty(age)
	t.str(p.gender)
	t.str(p.eth.code)
	if p.imd > 0 {
		t.int(p.imd)
	} else {
		t.str("")
	}
	t.end()
}

// writeComplaints writes the primary complaint and a secondary one, dated when they
// were recorded (at the first attended appointment, or soon after referral). Some ICD-10
// codes are written with a dot, as many systems do. A few referrals mark no row as
// primary: then the earliest row is the primary one.
func (g *generator) writeComplaints(ref *referral, second *complaint) {
	if ref.comp == nil {
		return
	}
	r := g.r
	d := ref.received + export.Date(r.IntN(8))
	for _, c := range g.contacts {
		if c.attend == "5" || c.attend == "6" {
			d = c.date
			break
		}
	}
	d = min(d, g.end)
	later := min(d+export.Date(1+r.IntN(30)), g.end)
	unmarked := second != nil && later > d && r.Float64() < 0.05
	sig := "P"
	if unmarked {
		sig = ""
	}
	g.complaintRow(ref, ref.comp, sig, d)
	if second != nil {
		sig = "S"
		if unmarked {
			sig = ""
		}
		g.complaintRow(ref, second, sig, later)
	}
}

func (g *generator) complaintRow(ref *referral, c *complaint, sig string, d export.Date) {
	r := g.r
	t := g.tables[tComplaints]
	t.id("R", ref.num, 8)
	t.str(ref.p.prov.code)
	code := c.codes[r.IntN(len(c.codes))]
	if len(code) > 3 && code[0] >= 'A' && code[0] <= 'Z' && r.Float64() < 0.3 {
		t.buf = append(t.buf, code[:3]...)
		t.buf = append(t.buf, '.')
		t.str(code[3:])
	} else {
		t.str(code)
	}
	t.str(sig)
	t.date(d)
	t.end()
}

// writeContacts writes the referral's appointments and returns how many were attended
// treatment appointments.
func (g *generator) writeContacts(ref *referral) int {
	t := g.tables[tContacts]
	treatments := 0
	for _, c := range g.contacts {
		t.id("CC", c.num, 9)
		t.id("R", ref.num, 8)
		t.str(ref.p.prov.code)
		t.date(c.date)
		t.str(c.appType)
		t.str(c.attend)
		t.str(c.mech)
		t.str(ref.integrated)
		t.intOrEmpty(c.duration)
		t.str(c.intensity)
		t.end()
		if (c.attend == "5" || c.attend == "6") && (c.appType == "02" || c.appType == "03" || c.appType == "05") {
			treatments++
		}
	}
	return treatments
}

// writeScores writes the questionnaires completed at the referral's scored appointments:
// PHQ-9 and GAD-7 at almost every one, the disorder-specific or physical-symptom measure
// when the referral records one, WSAS, and the condition-specific measures of the
// person's long-term conditions at the first and last and now and then between. A few
// referrals also have scores dated before the referral or after discharge, which the
// measures must leave out.
func (g *generator) writeScores(ref *referral) {
	r := g.r
	first, last := -1, -1
	for i, c := range g.contacts {
		if c.t >= 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if r.Float64() < 0.004 {
		g.scorePair(ref, -1, ref.received-export.Date(3+r.IntN(25)), 0)
	}
	// Some referrals have their questionnaires recorded at the first session only (a
	// recording lapse), so the paired-score completeness is below 100%, as it is in
	// real services.
	firstOnly := r.Float64() < 0.04
	if first >= 0 {
		inLTCPathway := ref.pathways&(1<<pwIBS-1) != 0 // the six condition pathways
		for i := first; i <= last; i++ {
			c := &g.contacts[i]
			if c.t < 0 {
				continue
			}
			edge := i == first || i == last
			if firstOnly && i > first {
				continue
			}
			if (edge && r.Float64() < 0.99) || r.Float64() < 0.95 {
				g.scorePair(ref, c.num, c.date, c.t)
			}
			if ref.adsm >= 0 && ((edge && r.Float64() < 0.97) || r.Float64() < 0.7) {
				g.score(ref, c.num, c.date, ref.adsm, c.t)
			}
			if ref.pps >= 0 && ((edge && r.Float64() < 0.97) || r.Float64() < 0.7) {
				g.score(ref, c.num, c.date, ref.pps, c.t)
			}
			if (edge && r.Float64() < 0.9) || (inLTCPathway && r.Float64() < 0.5) {
				g.score(ref, c.num, c.date, wsas, c.t)
			}
			// Two conditions may share a measure (both pain codes take the BPI): a
			// person completes it once at an appointment.
			var written uint64
			for _, cond := range ref.p.conds[:ref.p.nConds] {
				if cond.measure >= 0 && written&(1<<cond.measure) == 0 && ((edge && r.Float64() < 0.9) || r.Float64() < 0.25) {
					g.score(ref, c.num, c.date, cond.measure, c.t)
					written |= 1 << cond.measure
				}
			}
		}
	}
	if !ref.discharged.IsZero() && r.Float64() < 0.003 {
		if d := ref.discharged + export.Date(7+r.IntN(50)); d <= g.end {
			g.scorePair(ref, -1, d, 1)
		}
	}
}

// scorePair writes a PHQ-9 and a GAD-7, and keeps the first and last of those dated in
// the referral for its outcome. contactNum < 0 means no appointment.
func (g *generator) scorePair(ref *referral, contactNum int, d export.Date, t float64) {
	p := g.score(ref, contactNum, d, phq9, t)
	a := g.score(ref, contactNum, d, gad7, t)
	if d < ref.received || (!ref.discharged.IsZero() && d > ref.discharged) {
		return
	}
	if ref.nP == 0 {
		ref.firstP, ref.firstA = p, a
	}
	ref.lastP, ref.lastA = p, a
	ref.nP++
	ref.nA++
}

func (g *generator) score(ref *referral, contactNum int, d export.Date, inst int, t float64) float64 {
	v := ref.tr.at(g.r, inst, t)
	tb := g.tables[tAssessments]
	tb.id("R", ref.num, 8)
	tb.str(ref.p.prov.code)
	if contactNum >= 0 {
		tb.id("CC", contactNum, 9)
	} else {
		tb.str("")
	}
	tb.date(d)
	tb.str(instruments[inst].code)
	tb.float(v, instruments[inst].decimals)
	tb.end()
	return v
}

// utilisation writes healthcare use before and after treatment for a finished course:
// all linked people in a pathway (with a matched comparison person who was not treated)
// and a small sample of the core service. Windows are twelve months when the period
// allows a year of follow-up after discharge, six months when it allows half a year, and
// people discharged later have no post window yet and are left out.
//
// Use rises before referral (people are referred near a peak), so the comparison group's
// use falls a little by itself; the treated group's falls more, most for those who
// recovered. The difference between the two is what a difference-in-differences
// estimate should find.
func (g *generator) utilisation(ref *referral) {
	r := g.r
	var months int
	switch {
	case ref.discharged+365 <= g.end:
		months = 12
	case ref.discharged+183 <= g.end:
		months = 6
	default:
		return
	}
	pathway := -1
	for i := range numPathways {
		if ref.pathways&(1<<i) != 0 {
			pathway = i
			break
		}
	}
	rates := &coreUse
	if pathway >= 0 {
		if r.Float64() >= 0.6 { // records not linked
			return
		}
		rates = &pathwayUse[pathway]
	} else if r.Float64() >= 0.05 {
		return
	}
	recovered := ref.nP >= 2 && (ref.firstP >= 10 || ref.firstA >= 8) && ref.lastP < 10 && ref.lastA < 8
	post := 0.95
	if recovered {
		post = 0.8
	}
	g.useRows(func(t *table) { t.id("R", ref.num, 8) }, ref.p.prov.code, "treated", "", months, rates, post)
	if pathway >= 0 {
		g.nextComparison++
		num := g.nextComparison
		g.useRows(func(t *table) { t.id("C", num, 6) }, ref.p.prov.code, "comparison", pathwaySlugs[pathway], months, rates, 1)
	}
}

// preRise is how much higher use is in the window before referral than usual.
const preRise = 1.1

func (g *generator) useRows(id func(*table), prov, group, pathway string, months int, rates *[len(useItems)]float64, post float64) {
	r := g.r
	t := g.tables[tUtilisation]
	// How much care this person uses in general: gamma with shape 2 and mean 1.
	frailty := (r.ExpFloat64() + r.ExpFloat64()) / 2
	scale := frailty * float64(months) / 12
	for w, window := range [2]string{"pre", "post"} {
		f := preRise
		if w == 1 {
			f = post
		}
		for i, item := range useItems {
			id(t)
			t.str(prov)
			t.str(group)
			t.str(pathway)
			t.str(window)
			t.int(months)
			t.str(item)
			t.int(poisson(r, rates[i]*scale*f))
			t.end()
		}
	}
}
