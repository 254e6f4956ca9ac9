package export

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
)

// The raw rows: every column a string, exactly as gocsv finds it, so that each field can
// be checked here and a failure named by its column.

type rawReferral struct {
	ServiceRequestID string `csv:"ServiceRequestId" contract:"required"`
	LocalPatientID   string `csv:"LocalPatientId" contract:"required"`
	OrgIDProv        string `csv:"OrgIDProv" contract:"required"`
	OrgIDComm        string `csv:"OrgIDComm"`
	Received         string `csv:"ReferralRequestReceivedDate" contract:"required"`
	Source           string `csv:"SourceOfReferralIAPT" code:"true"`
	Discharged       string `csv:"ServDischDate"`
	EndCode          string `csv:"EndCode" code:"true"`
	Age              string `csv:"AgeServReferRecDate"`
	Gender           string `csv:"Gender" code:"true"`
	EthnicCategory   string `csv:"EthnicCategory" code:"true"`
	IMDDecile        string `csv:"IMDDecile"`
}

type rawContact struct {
	CareContactID    string `csv:"CareContactId" contract:"required"`
	ServiceRequestID string `csv:"ServiceRequestId" contract:"required"`
	OrgIDProv        string `csv:"OrgIDProv"`
	Date             string `csv:"CareContDate" contract:"required"`
	AppType          string `csv:"AppType" contract:"required" code:"true"`
	AttendOrDNACode  string `csv:"AttendOrDNACode" contract:"required" code:"true"`
	ConsMechanism    string `csv:"ConsMechanism" code:"true"`
	Integrated       string `csv:"IAPTLTCServiceInd" code:"true"`
	Duration         string `csv:"ClinContDurOfCareCont"`
	Intensity        string `csv:"Intensity" code:"true"`
}

type rawAssessment struct {
	ServiceRequestID string `csv:"ServiceRequestId" contract:"required"`
	OrgIDProv        string `csv:"OrgIDProv"`
	CareContactID    string `csv:"CareContactId"`
	Date             string `csv:"AssToolCompDate" contract:"required"`
	Tool             string `csv:"CodedAssToolType" contract:"required" code:"true"`
	Score            string `csv:"PersScore" contract:"required"`
}

type rawComplaint struct {
	ServiceRequestID string `csv:"ServiceRequestId" contract:"required"`
	OrgIDProv        string `csv:"OrgIDProv"`
	Code             string `csv:"PresComp" contract:"required" code:"true"`
	Significance     string `csv:"PresCompCodSig" code:"true"`
	Date             string `csv:"PresCompDate"`
}

type rawCondition struct {
	LocalPatientID string `csv:"LocalPatientId" contract:"required"`
	OrgIDProv      string `csv:"OrgIDProv"`
	Code           string `csv:"LongTermConditionCode" contract:"required" code:"true"`
}

type rawUse struct {
	ServiceRequestID string `csv:"ServiceRequestId" contract:"required"`
	OrgIDProv        string `csv:"OrgIDProv"`
	Group            string `csv:"Group" code:"true"`
	Pathway          string `csv:"Pathway" code:"true"`
	Window           string `csv:"Window" contract:"required" code:"true"`
	WindowMonths     string `csv:"WindowMonths" contract:"required"`
	Item             string `csv:"Item" contract:"required" code:"true"`
	Count            string `csv:"Count" contract:"required"`
}

var (
	referralsSpec   = specOf(ReferralsFile, rawReferral{})
	contactsSpec    = specOf(ContactsFile, rawContact{})
	assessmentsSpec = specOf(AssessmentsFile, rawAssessment{})
	complaintsSpec  = specOf(ComplaintsFile, rawComplaint{})
	conditionsSpec  = specOf(ConditionsFile, rawCondition{})
	useSpec         = specOf(UtilisationFile, rawUse{})
)

// Age bounds: anything outside is a slip, not a person.
const maxAge = 130

// Referrals reads referrals.csv and builds the index the other tables use. It must be
// called first, and once. ref numbers the accepted referrals 0, 1, 2, … in file order.
func (r *Reader) Referrals(fn func(ref int, x Referral) error) error {
	if r.ix != nil {
		return errors.New("export: the referrals have already been read")
	}
	r.ix = newIndex()
	t, err := r.openTable(referralsSpec)
	if err != nil {
		return err
	}
	// A tenth more than the estimate: a little memory against a second placing of
	// every key when the first rows were longer than the rest.
	r.ix.reserve(t.rowsAhead + t.rowsAhead/10)
	defer r.ix.complete()
	c := &t.check
	check := func(c *rowCheck, _ *finder, raw *rawReferral, x *Referral) {
		*x = Referral{
			Line:             c.line,
			ServiceRequestID: c.required("ServiceRequestId", raw.ServiceRequestID),
			LocalPatientID:   c.required("LocalPatientId", raw.LocalPatientID),
			OrgIDProv:        c.odsCode("OrgIDProv", c.required("OrgIDProv", raw.OrgIDProv)),
			OrgIDComm:        upper(raw.OrgIDComm),
			Received:         c.referralDate("ReferralRequestReceivedDate", raw.Received),
			Source:           upper(raw.Source),
			Discharged:       c.date("ServDischDate", raw.Discharged),
			EndCode:          c.twoDigit("EndCode", raw.EndCode),
			Age:              c.wholeNumber("AgeServReferRecDate", raw.Age, 0, maxAge),
			Gender:           upper(raw.Gender),
			EthnicCategory:   upper(raw.EthnicCategory),
			IMDDecile:        max(0, c.wholeNumber("IMDDecile", raw.IMDDecile, 1, 10)),
		}
		if !x.Discharged.IsZero() && x.Discharged < x.Received {
			c.fail("ServDischDate", "discharged before the referral was received",
				"discharged before the referral was received on "+x.Received.String(), strings.TrimSpace(raw.Discharged))
		}
	}
	return readTable(t, check, func(x *Referral) error {
		if r.provs.other(x.OrgIDProv) {
			r.provs.addReferral(x.OrgIDProv, x.ServiceRequestID, x.LocalPatientID)
			t.setAside(x.OrgIDProv)
			return nil
		}
		if !c.failed() {
			if first := r.ix.add(x); first > 0 {
				c.fail("ServiceRequestId", "duplicate referral",
					fmt.Sprintf("duplicate referral: OrgIDProv %s has this ServiceRequestId already on line %d", x.OrgIDProv, first),
					x.ServiceRequestID)
			}
		}
		if c.failed() {
			return t.reject(c.err)
		}
		return t.deliver(fn(r.ix.len()-1, *x))
	})
}

// found is a row of another table with the referral a worker found for it.
type found[X any] struct {
	x       X
	ref     int32
	ambig   bool
	sum     uint64 // what the table's duplicates are told apart by
	rawDate string // the date as the export has it, for a warning
}

// Contacts reads care_contacts.csv. ref is the referral the contact belongs to; a
// contact whose referral is unknown or ambiguous is a row error. Contacts dated outside
// their referral are accepted with a warning: the measures leave them out.
func (r *Reader) Contacts(fn func(ref int, x Contact) error) error {
	if r.ix == nil {
		return errNoReferrals
	}
	t, err := r.openTable(contactsSpec)
	if err != nil {
		return err
	}
	c := &t.check
	dups := newDupSet(r.ix.len())
	check := func(c *rowCheck, f *finder, raw *rawContact, row *found[Contact]) {
		x := &row.x
		*x = Contact{
			Line:             c.line,
			CareContactID:    c.required("CareContactId", raw.CareContactID),
			ServiceRequestID: c.required("ServiceRequestId", raw.ServiceRequestID),
			OrgIDProv:        c.odsCode("OrgIDProv", raw.OrgIDProv),
			Date:             c.requiredDate("CareContDate", raw.Date),
			AppType:          c.twoDigit("AppType", c.required("AppType", raw.AppType)),
			AttendOrDNACode:  c.attendCode("AttendOrDNACode", raw.AttendOrDNACode),
			ConsMechanism:    c.twoDigit("ConsMechanism", raw.ConsMechanism),
			Integrated:       c.indicator("IAPTLTCServiceInd", raw.Integrated),
			DurationMinutes:  c.wholeNumber("ClinContDurOfCareCont", raw.Duration, 0, 24*60),
			Intensity:        c.oneOf("Intensity", raw.Intensity, "LI", "HI"),
		}
		row.rawDate = raw.Date
		row.ref, row.ambig = f.referral(x.OrgIDProv, x.ServiceRequestID)
		f.buf = append(f.buf[:0], x.CareContactID...)
		row.sum = dups.hash(f.buf)
	}
	return readTable(t, check, func(row *found[Contact]) error {
		x := &row.x
		ref, aside := t.referral(x.OrgIDProv, x.ServiceRequestID, row.ref, row.ambig)
		if aside {
			return nil
		}
		if !c.failed() {
			if first := dups.add(ref, x.Line, row.sum); first > 0 {
				c.fail("CareContactId", "duplicate appointment",
					fmt.Sprintf("duplicate of line %d: the referral has an appointment with this CareContactId already", first), x.CareContactID)
			}
		}
		if c.failed() {
			return t.reject(c.err)
		}
		t.warnOutside(ref, "CareContDate", x.Date, row.rawDate)
		return t.deliver(fn(int(ref), *x))
	})
}

// Assessments reads assessments.csv. x.Tool is the instrument's short name from the
// catalogue, whichever way the export named it. An unknown instrument or a score outside
// the instrument's range is a row error; a score dated outside its referral is accepted
// with a warning (the measures leave it out).
func (r *Reader) Assessments(fn func(ref int, x Assessment) error) error {
	if r.ix == nil {
		return errNoReferrals
	}
	if r.instruments == nil {
		return errors.New("export: reading assessments needs the instrument catalogue (Open was given none)")
	}
	t, err := r.openTable(assessmentsSpec)
	if err != nil {
		return err
	}
	c := &t.check
	dups := newDupSet(r.ix.len())
	check := func(c *rowCheck, f *finder, raw *rawAssessment, row *found[Assessment]) {
		x := &row.x
		*x = Assessment{
			Line:             c.line,
			ServiceRequestID: c.required("ServiceRequestId", raw.ServiceRequestID),
			OrgIDProv:        c.odsCode("OrgIDProv", raw.OrgIDProv),
			CareContactID:    trim(raw.CareContactID),
			Date:             c.requiredDate("AssToolCompDate", raw.Date),
			Tool:             c.required("CodedAssToolType", raw.Tool),
		}
		row.rawDate = raw.Date
		if !c.failed() {
			s, ok := c.scales.lookup(r.instruments, x.Tool)
			if !ok {
				c.fail("CodedAssToolType", "unknown instrument",
					"unknown instrument (expected a SNOMED CT code or short name from the instrument catalogue)", x.Tool)
			}
			x.Tool = s.Name
			score := trim(raw.Score)
			if c.required("PersScore", score) != "" && !c.failed() {
				f, ok := decimal(score)
				switch {
				case !ok:
					c.fail("PersScore", "not a number", "not a number", score)
				case f < s.Min || f > s.Max:
					c.fail("PersScore", "score out of range",
						fmt.Sprintf("score out of range: %s is scored %g to %g", s.Name, s.Min, s.Max), score)
				case !s.Decimals && f != math.Trunc(f):
					// A PHQ-9 of 12.5 is a sum of item scores that cannot be; taken as
					// given it would move a referral across a threshold.
					c.fail("PersScore", "not a whole number",
						fmt.Sprintf("not a whole number: %s totals are whole numbers", s.Name), score)
				}
				x.Score = f
			}
		}
		row.ref, row.ambig = f.referral(x.OrgIDProv, x.ServiceRequestID)
		if !c.failed() {
			f.buf = scoreKey(f.buf[:0], x)
			row.sum = dups.hash(f.buf)
		}
	}
	return readTable(t, check, func(row *found[Assessment]) error {
		x := &row.x
		ref, aside := t.referral(x.OrgIDProv, x.ServiceRequestID, row.ref, row.ambig)
		if aside {
			return nil
		}
		if !c.failed() {
			if first := dups.add(ref, x.Line, row.sum); first > 0 {
				c.fail("", "duplicate score",
					fmt.Sprintf("duplicate of line %d: the same score of the same referral, instrument, day and appointment", first), "")
			}
		}
		if c.failed() {
			return t.reject(c.err)
		}
		t.warnOutside(ref, "AssToolCompDate", x.Date, row.rawDate)
		return t.deliver(fn(int(ref), *x))
	})
}

// Complaints reads presenting_complaints.csv.
func (r *Reader) Complaints(fn func(ref int, x Complaint) error) error {
	if r.ix == nil {
		return errNoReferrals
	}
	t, err := r.openTable(complaintsSpec)
	if err != nil {
		return err
	}
	c := &t.check
	check := func(c *rowCheck, f *finder, raw *rawComplaint, row *found[Complaint]) {
		x := &row.x
		*x = Complaint{
			Line:             c.line,
			ServiceRequestID: c.required("ServiceRequestId", raw.ServiceRequestID),
			OrgIDProv:        c.odsCode("OrgIDProv", raw.OrgIDProv),
			Code:             c.complaintCode("PresComp", raw.Code),
		}
		switch c.oneOf("PresCompCodSig", raw.Significance, "P", "S") {
		case "P":
			x.Primary = true
		case "S":
			x.Secondary = true
		}
		x.Date = c.date("PresCompDate", raw.Date)
		row.ref, row.ambig = f.referral(x.OrgIDProv, x.ServiceRequestID)
	}
	return readTable(t, check, func(row *found[Complaint]) error {
		x := &row.x
		ref, aside := t.referral(x.OrgIDProv, x.ServiceRequestID, row.ref, row.ambig)
		if aside {
			return nil
		}
		if c.failed() {
			return t.reject(c.err)
		}
		return t.deliver(fn(int(ref), *x))
	})
}

// Conditions reads long_term_conditions.csv. Conditions belong to the person, so refs
// holds every referral of the LocalPatientId (of the same provider when OrgIDProv is
// given), in file order. refs is reused by the next row: copy it to keep it. A person
// with no referral is a row error.
//
// It is the only table found by person, and the persons are let go after it: it can be
// read once.
func (r *Reader) Conditions(fn func(refs []int, x Condition) error) error {
	if r.ix == nil {
		return errNoReferrals
	}
	if r.ix.persons == nil {
		return errConditionsRead
	}
	t, err := r.openTable(conditionsSpec)
	if err != nil {
		return err
	}
	c := &t.check
	r.ix.buildPersons()
	defer r.ix.releasePersons()
	check := func(c *rowCheck, f *finder, raw *rawCondition, row *personsOf) {
		x := &row.x
		*x = Condition{
			Line:           c.line,
			LocalPatientID: c.required("LocalPatientId", raw.LocalPatientID),
			OrgIDProv:      c.odsCode("OrgIDProv", raw.OrgIDProv),
			Code:           c.snomed("LongTermConditionCode", raw.Code),
		}
		if !c.failed() {
			row.refs = f.personReferrals(x.OrgIDProv, x.LocalPatientID)
		}
	}
	var refs []int
	return readTable(t, check, func(row *personsOf) error {
		x := &row.x
		if t.setAside(x.OrgIDProv) {
			return nil
		}
		refs = refs[:0]
		if !c.failed() {
			for _, ref := range row.refs {
				refs = append(refs, int(ref))
			}
			if other, ok := r.provs.personOf(x.LocalPatientID); ok && len(refs) == 0 && x.OrgIDProv == "" {
				t.countAside(other)
				return nil
			}
			if len(refs) == 0 {
				c.fail("LocalPatientId", "unknown person", unknownWhat("person", x.OrgIDProv)+": no accepted referral in "+r.FileName(ReferralsFile)+" has this LocalPatientId", x.LocalPatientID)
			}
		}
		if c.failed() {
			return t.reject(c.err)
		}
		return t.deliver(fn(refs, *x))
	})
}

// personsOf is a condition with the referrals of its person, found by a worker.
type personsOf struct {
	x    Condition
	refs []int32
}

// Utilisation reads the optional utilisation.csv; without it, it does nothing. ref is
// the treated person's referral, or -1 for a comparison person (who has no referral:
// its Pathway says which pathway it is compared in, and empty means none). Checking
// that a person's two windows are equal is left to the cost evaluation, which sees the
// whole person.
func (r *Reader) Utilisation(fn func(ref int, x Use) error) error {
	if !r.hasUse {
		return nil
	}
	if r.ix == nil {
		return errNoReferrals
	}
	t, err := r.openTable(useSpec)
	if err != nil {
		return err
	}
	c := &t.check
	check := func(c *rowCheck, f *finder, raw *rawUse, row *found[Use]) {
		x := &row.x
		*x = Use{
			Line:             c.line,
			ServiceRequestID: c.required("ServiceRequestId", raw.ServiceRequestID),
			OrgIDProv:        c.odsCode("OrgIDProv", raw.OrgIDProv),
			Comparison:       c.oneOf("Group", raw.Group, "treated", "comparison") == "comparison",
			Pathway:          trim(raw.Pathway),
		}
		switch c.oneOf("Window", c.required("Window", raw.Window), "pre", "post") {
		case "post":
			x.Post = true
		}
		x.WindowMonths = c.nonNegative("WindowMonths", raw.WindowMonths)
		if !c.failed() && x.WindowMonths == 0 {
			c.fail("WindowMonths", "zero window", "a window of 0 months (expected more than 0)", strings.TrimSpace(raw.WindowMonths))
		}
		x.Item = c.required("Item", raw.Item)
		x.Count = c.nonNegative("Count", raw.Count)
		if !x.Comparison {
			row.ref, row.ambig = f.referral(x.OrgIDProv, x.ServiceRequestID)
		}
	}
	return readTable(t, check, func(row *found[Use]) error {
		x := &row.x
		ref := int32(-1)
		if t.setAside(x.OrgIDProv) {
			return nil
		}
		if !x.Comparison {
			var aside bool
			if ref, aside = t.referral(x.OrgIDProv, x.ServiceRequestID, row.ref, row.ambig); aside {
				return nil
			}
		}
		if c.failed() {
			return t.reject(c.err)
		}
		return t.deliver(fn(int(ref), *x))
	})
}

// scoreKey appends to buf what makes a score row the same as another of its referral:
// the instrument, the appointment, the day and the score (12 and 12.0 are one score).
func scoreKey(buf []byte, x *Assessment) []byte {
	buf = append(buf, x.Tool...)
	buf = append(buf, 0) // no CSV text field holds a NUL: ("ab", "c") ≠ ("a", "bc")
	buf = append(buf, x.CareContactID...)
	buf = append(buf, 0)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(x.Date))
	score := x.Score
	if score == 0 {
		score = 0 // -0 and 0 are one score
	}
	return binary.LittleEndian.AppendUint64(buf, math.Float64bits(score))
}

// referral resolves a row's referral, given what the index answered for it (found,
// ambig: see finder.referral), failing the row's check when it is unknown or
// ambiguous. A row of another provider (see providers), by its own OrgIDProv or by its
// referral's, is counted and set aside (aside=true), whatever else is wrong with it.
// Otherwise it does nothing once the row has failed.
func (t *tableReader) referral(org, sri string, found int32, ambig bool) (ref int32, aside bool) {
	c := &t.check
	if t.setAside(org) {
		return -1, true
	}
	if org == "" {
		if other, ok := t.r.provs.referralOf(sri); ok {
			if found < 0 && !ambig {
				t.countAside(other)
				return -1, true
			}
			c.fail("ServiceRequestId", "ambiguous referral",
				"ambiguous referral: OrgIDProv is empty and several providers have this ServiceRequestId (give OrgIDProv)", sri)
		}
	}
	if c.failed() {
		return -1, false
	}
	switch {
	case ambig:
		c.fail("ServiceRequestId", "ambiguous referral",
			"ambiguous referral: OrgIDProv is empty and several providers have this ServiceRequestId (give OrgIDProv)", sri)
	case found < 0:
		c.fail("ServiceRequestId", "unknown referral", unknownWhat("referral", org)+": it is not in "+t.r.FileName(ReferralsFile)+", or its row there was left out", sri)
	}
	return found, false
}

// setAside counts the row and reports true when org is another provider's.
func (t *tableReader) setAside(org string) bool {
	if !t.r.provs.other(org) {
		return false
	}
	t.countAside(org)
	return true
}

// countAside counts a row of another provider, set aside.
func (t *tableReader) countAside(org string) {
	t.stats.rep.OtherProviders++
	t.stats.rep.Lines -= int64(t.rowLines)
	t.r.provs.rows[org]++
}

// unknownWhat names what was not found, with the provider when the row gave one.
func unknownWhat(what, org string) string {
	if org != "" {
		return "unknown " + what + " of OrgIDProv " + org
	}
	return "unknown " + what
}

// warnOutside warns of a contact or score dated outside its referral. The measures
// leave such rows out (measures.md); the warning makes that visible.
func (t *tableReader) warnOutside(ref int32, col string, d Date, value string) {
	ix := t.r.ix
	switch rec, dis := ix.received[ref], ix.discharged[ref]; {
	case d < rec:
		t.warn(col, "before the referral was received",
			"dated before the referral was received on "+rec.String()+" (the measures leave it out)", strings.TrimSpace(value))
	case !dis.IsZero() && d > dis:
		t.warn(col, "after the referral was discharged",
			"dated after the referral was discharged on "+dis.String()+" (the measures leave it out)", strings.TrimSpace(value))
	}
}
