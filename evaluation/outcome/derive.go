package outcome

import (
	"fmt"
	"math"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// Set holds the compact derivation state of every referral of one export.
type Set struct {
	ref      *reference.Data
	orgs     []string
	orgIndex map[string]uint16
	refs     []referral
	states   []state
	cond     []slot // condition-measure slots; state.condBase indexes here
	warnings Warnings

	// Instruments, by catalogue index, with thresholds in scaled units.
	inst            []instrument
	depression, gad int
	// Classes of primary presenting complaint: 0 is "no questionnaire of its own";
	// class c > 0 is row c-1 of ADSM followed by PPS.
	classes []complaintClass
	// condLists memoises, per set of pathways, the distinct condition measures
	// (catalogue indexes) of those pathways in pathway order.
	condLists map[uint32][]int
	ltcPaths  map[string]uint32
	// listeners hear the referrals and treatment appointments as they are read.
	listeners []Listener
}

// A Listener hears, as Derive reads an export, every referral and every treatment
// appointment the outcome measures count: attended, of a treatment type, dated from
// its referral's receipt to its discharge. An evaluation that needs more of the
// contacts than the outcomes keep (the cost of the service by intensity, the
// workforce's contacts) counts them there, on the same read and by the same rule,
// without deciding again which contacts count. ref numbers the referrals 0, 1, 2, …
// in file order; every referral is heard before any appointment.
type Listener interface {
	Referral(ref int, x export.Referral)
	Appointment(ref int, a Appointment)
}

// Appointment is what a Listener hears of a treatment appointment: what the
// evaluations count by, not the whole row, which a national export's millions of
// appointments would copy to every listener.
type Appointment struct {
	Date      export.Date
	Intensity string // "LI", "HI" or "" (export.Contact)
}

// instrument holds what the flags need of a questionnaire.
type instrument struct {
	short        string
	caseness, rc int32 // scaled (reference.ScoreScale)
}

type complaintClass struct {
	prefix     string
	instrument int // catalogue index
	pps        bool
}

// referral is what the referrals table says of a referral, with breakdown groups
// resolved to small indexes.
type referral struct {
	received, discharged export.Date
	org                  uint16
	// ageBand is resolved once here rather than in every Get: the measures call Get
	// several times per referral, and finding the band was a fifth of its cost.
	ageBand, gender, ethnic uint8
	imd                     uint8
	ltc                     uint8 // ltcAny | ltcNone
	pathways                uint32
}

const (
	ltcAny uint8 = 1 << iota
	ltcNone
)

// state is what the contacts and scores of a referral leave behind.
type state struct {
	first, second, last  export.Date // treatment appointments
	count                int32
	intContact, intTreat export.Date
	class                uint8
	condBase             int32 // index in Set.cond of the first condition slot; -1 for none
	// slots: 0 depression (PHQ-9), 1 default anxiety (GAD-7), 2 the questionnaire of
	// the primary complaint's class.
	slots [3]slot
}

// slot tracks one questionnaire of one referral: its first and last valid scores.
type slot struct {
	firstDate, lastDate export.Date
	first, last         int32 // scaled (reference.ScoreScale)
	n                   uint8 // valid scores, counted up to 255
}

// add takes a valid score. Rows arrive in file order, so ties on date keep the first
// row as first and make the later row the last.
func (s *slot) add(d export.Date, v int32) {
	switch {
	case s.n == 0:
		s.firstDate, s.first, s.lastDate, s.last = d, v, d, v
	default:
		if d < s.firstDate {
			s.firstDate, s.first = d, v
		}
		if d >= s.lastDate {
			s.lastDate, s.last = d, v
		}
	}
	if s.n < math.MaxUint8 {
		s.n++
	}
}

// complaintPick tracks the primary presenting complaint while complaints are read:
// the best row marked P (latest dated, then last in file) and the best other row
// (earliest dated, then first in file). Undated rows lose to dated ones in both: an
// undated P is used only when no P is dated, and with no P an undated row only when no
// row is dated.
type complaintPick struct {
	pDate, oDate   export.Date
	pClass, oClass uint8
	pSeen, oSeen   uint8 // 0 none, 1 undated, 2 dated
}

func (c *complaintPick) add(primary bool, d export.Date, class uint8) {
	seen := uint8(1)
	if !d.IsZero() {
		seen = 2
	}
	if primary {
		if c.pSeen == 0 || (seen == 1 && c.pSeen == 1) || (seen == 2 && (c.pSeen == 1 || d >= c.pDate)) {
			c.pDate, c.pClass, c.pSeen = d, class, seen
		}
		return
	}
	if c.oSeen == 0 || (seen == 2 && (c.oSeen == 1 || d < c.oDate)) {
		c.oDate, c.oClass, c.oSeen = d, class, seen
	}
}

func (c *complaintPick) class() uint8 {
	if c.pSeen != 0 {
		return c.pClass
	}
	return c.oClass
}

// Derive reads the export through src and derives every referral's outcome. The
// tables are read in this order: referrals, presenting complaints, long-term
// conditions, contacts, assessments. The listeners hear what is read as it is read.
func Derive(src Source, ref *reference.Data, listeners ...Listener) (*Set, error) {
	s, err := newSet(ref)
	if err != nil {
		return nil, err
	}
	s.listeners = listeners
	if err := src.Referrals(s.addReferral); err != nil {
		return nil, fmt.Errorf("deriving outcomes: %w", err)
	}
	classes, err := s.readComplaints(src)
	if err != nil {
		return nil, fmt.Errorf("deriving outcomes: %w", err)
	}
	err = src.Conditions(func(refs []int, x export.Condition) error {
		for _, i := range refs {
			if err := s.checkRef(i); err != nil {
				return err
			}
			r := &s.refs[i]
			if x.Code == ref.Breakdowns.LTCStatus.NoLTCCode {
				r.ltc |= ltcNone
			} else {
				r.ltc |= ltcAny
			}
			r.pathways |= s.ltcPaths[x.Code]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("deriving outcomes: %w", err)
	}
	s.states = make([]state, len(s.refs))
	nCond := 0
	for i := range s.states {
		st := &s.states[i]
		st.class = classes[i]
		st.condBase = -1
		if l := s.condList(s.refs[i].pathways); len(l) > 0 {
			if nCond+len(l) > math.MaxInt32 {
				return nil, fmt.Errorf("deriving outcomes: too many referrals in pathways with condition measures")
			}
			st.condBase = int32(nCond)
			nCond += len(l)
		}
	}
	s.cond = make([]slot, nCond)
	if err := src.Contacts(s.addContact); err != nil {
		return nil, fmt.Errorf("deriving outcomes: %w", err)
	}
	if err := src.Assessments(s.addAssessment); err != nil {
		return nil, fmt.Errorf("deriving outcomes: %w", err)
	}
	return s, nil
}

// readComplaints adds the pathways of every presenting complaint and returns the class
// of each referral's primary presenting complaint.
func (s *Set) readComplaints(src Source) ([]uint8, error) {
	picks := make([]complaintPick, len(s.refs))
	err := src.Complaints(func(i int, x export.Complaint) error {
		if err := s.checkRef(i); err != nil {
			return err
		}
		s.refs[i].pathways |= s.complaintPathways(x.Code)
		picks[i].add(x.Primary, x.Date, s.classOf(x.Code))
		return nil
	})
	if err != nil {
		return nil, err
	}
	classes := make([]uint8, len(picks))
	for i := range picks {
		classes[i] = picks[i].class()
	}
	return classes, nil
}

func newSet(ref *reference.Data) (*Set, error) {
	s := &Set{ref: ref, orgIndex: map[string]uint16{}, condLists: map[uint32][]int{}, ltcPaths: map[string]uint32{}}
	for _, in := range ref.Instruments.All() {
		s.inst = append(s.inst, instrument{short: in.Short, caseness: reference.Scaled(in.Caseness), rc: reference.Scaled(in.ReliableChange)})
	}
	// reference.Load checks every name it hands on; only Data built by hand can name
	// an instrument the catalogue does not have.
	var missing []string
	index := func(short string) int {
		i, ok := ref.Instruments.Index(short)
		if !ok {
			missing = append(missing, short)
		}
		return i
	}
	s.depression, s.gad = index(ref.Depression), index(ref.DefaultAnxiety)
	s.classes = []complaintClass{{}}
	for _, m := range ref.ADSM {
		s.classes = append(s.classes, complaintClass{prefix: m.Complaint, instrument: index(m.Instrument)})
	}
	for _, m := range ref.PPS {
		s.classes = append(s.classes, complaintClass{prefix: m.Complaint, instrument: index(m.Instrument), pps: true})
	}
	if len(s.classes) > math.MaxUint8 {
		return nil, fmt.Errorf("deriving outcomes: %d questionnaires chosen by presenting complaint; at most %d are supported", len(s.classes)-1, math.MaxUint8-1)
	}
	if len(ref.Pathways) > reference.MaxPathways {
		return nil, fmt.Errorf("deriving outcomes: %d pathways; at most %d are supported", len(ref.Pathways), reference.MaxPathways)
	}
	for p, pw := range ref.Pathways {
		for _, code := range pw.LTCCodes {
			s.ltcPaths[code] |= 1 << uint(p)
		}
		if pw.ConditionMeasure != "" {
			index(pw.ConditionMeasure)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("deriving outcomes: instruments %s are not in the catalogue", strings.Join(missing, ", "))
	}
	if n := len(ref.Breakdowns.AgeGroup.Bands); n >= math.MaxUint8 {
		return nil, fmt.Errorf("deriving outcomes: breakdown %q has %d age bands; at most %d are supported", ref.Breakdowns.AgeGroup.VariableType, n, math.MaxUint8-1)
	}
	for _, g := range []reference.CodeGroups{ref.Breakdowns.Gender, ref.Breakdowns.Ethnic} {
		if len(g.Groups) >= math.MaxUint8 {
			return nil, fmt.Errorf("deriving outcomes: breakdown %q has %d groups; at most %d are supported", g.VariableType, len(g.Groups), math.MaxUint8-1)
		}
	}
	return s, nil
}

func (s *Set) checkRef(i int) error {
	if i < 0 || i >= len(s.refs) {
		return fmt.Errorf("row refers to referral %d, but %d referrals were read", i, len(s.refs))
	}
	return nil
}

func (s *Set) addReferral(i int, x export.Referral) error {
	if i != len(s.refs) {
		return fmt.Errorf("referral numbered %d arrived when %d were expected", i, len(s.refs))
	}
	org, ok := s.orgIndex[x.OrgIDProv]
	if !ok {
		if len(s.orgs) >= math.MaxUint16 {
			return fmt.Errorf("referrals.csv:%d: more than %d providers (OrgIDProv)", x.Line, math.MaxUint16)
		}
		org = uint16(len(s.orgs))
		// The reader's strings share memory with its row buffer: keep a copy.
		name := strings.Clone(x.OrgIDProv)
		s.orgIndex[name] = org
		s.orgs = append(s.orgs, name)
	}
	imd := x.IMDDecile
	if imd < 1 || imd > 10 {
		imd = 0
	}
	b := s.ref.Breakdowns
	s.refs = append(s.refs, referral{
		received: x.Received, discharged: x.Discharged, org: org, ageBand: uint8(b.AgeGroup.Band(x.Age)),
		gender: uint8(b.Gender.Group(x.Gender)), ethnic: uint8(b.Ethnic.Group(x.EthnicCategory)),
		imd: uint8(imd),
	})
	for _, l := range s.listeners {
		l.Referral(i, x)
	}
	return nil
}

// classOf returns the class of a presenting-complaint code: the longest matching
// prefix of the ADSM and PPS tables (reference.Load makes sure they do not overlap).
func (s *Set) classOf(code string) uint8 {
	best, bestLen := 0, 0
	for c := 1; c < len(s.classes); c++ {
		p := s.classes[c].prefix
		if len(p) > bestLen && strings.HasPrefix(code, p) {
			best, bestLen = c, len(p)
		}
	}
	return uint8(best)
}

func (s *Set) complaintPathways(code string) uint32 {
	var bits uint32
	for p, pw := range s.ref.Pathways {
		for _, prefix := range pw.ComplaintPrefixes {
			if strings.HasPrefix(code, prefix) {
				bits |= 1 << uint(p)
			}
		}
	}
	return bits
}

// condList returns the distinct condition measures of a set of pathways.
func (s *Set) condList(pathways uint32) []int {
	if pathways == 0 {
		return nil
	}
	if l, ok := s.condLists[pathways]; ok {
		return l
	}
	var l []int
	for p, pw := range s.ref.Pathways {
		if pathways&(1<<uint(p)) == 0 || pw.ConditionMeasure == "" {
			continue
		}
		k, _ := s.ref.Instruments.Index(pw.ConditionMeasure)
		dup := false
		for _, have := range l {
			dup = dup || have == k
		}
		if !dup {
			l = append(l, k)
		}
	}
	s.condLists[pathways] = l
	return l
}

// inWindow reports whether d falls from the referral date to the discharge date.
func (r *referral) inWindow(d export.Date) bool {
	return d >= r.received && (r.discharged.IsZero() || d <= r.discharged)
}

func (s *Set) addContact(i int, x export.Contact) error {
	if err := s.checkRef(i); err != nil {
		return err
	}
	if !s.refs[i].inWindow(x.Date) {
		s.warnings.ContactsOutsideWindow++
		return nil
	}
	a := s.ref.Appointments
	if !a.IsAttended(x.AttendOrDNACode) {
		return nil
	}
	st, d := &s.states[i], x.Date
	if x.Integrated && (st.intContact.IsZero() || d < st.intContact) {
		st.intContact = d
	}
	if !a.IsTreatment(x.AppType) {
		return nil
	}
	if st.count < math.MaxInt32 {
		st.count++
	}
	// Two appointments on one day count as two: first and second are the two smallest
	// dates of the multiset.
	switch {
	case st.first.IsZero():
		st.first = d
	case d < st.first:
		st.second, st.first = st.first, d
	case st.second.IsZero() || d < st.second:
		st.second = d
	}
	if d > st.last {
		st.last = d
	}
	if x.Integrated && (st.intTreat.IsZero() || d < st.intTreat) {
		st.intTreat = d
	}
	for _, l := range s.listeners {
		l.Appointment(i, Appointment{Date: x.Date, Intensity: x.Intensity})
	}
	return nil
}

func (s *Set) addAssessment(i int, x export.Assessment) error {
	if err := s.checkRef(i); err != nil {
		return err
	}
	r := &s.refs[i]
	if !r.inWindow(x.Date) {
		s.warnings.ScoresOutsideWindow++
		return nil
	}
	k, ok := s.ref.Instruments.Index(x.Tool)
	if !ok {
		return fmt.Errorf("assessments.csv:%d: instrument %q is not in the catalogue", x.Line, x.Tool)
	}
	v := reference.Scaled(x.Score)
	st := &s.states[i]
	// One questionnaire may fill several slots (a service could make GAD-7 a
	// condition measure), so every slot is checked.
	if k == s.depression {
		st.slots[0].add(x.Date, v)
	}
	if k == s.gad {
		st.slots[1].add(x.Date, v)
	}
	if c := st.class; c != 0 && s.classes[c].instrument == k {
		st.slots[2].add(x.Date, v)
	}
	if st.condBase >= 0 {
		for j, ck := range s.condList(r.pathways) {
			if ck == k {
				s.cond[int(st.condBase)+j].add(x.Date, v)
			}
		}
	}
	return nil
}

// Len returns the number of referrals.
func (s *Set) Len() int { return len(s.refs) }

// Orgs returns the providers (OrgIDProv) in order of first appearance; Outcome.Org
// indexes it. The slice is shared: do not modify it.
func (s *Set) Orgs() []string { return s.orgs }

// Warnings returns the data-quality counts of rows that did not count.
func (s *Set) Warnings() Warnings { return s.warnings }

// Reference returns the reference data the outcomes were derived with.
func (s *Set) Reference() *reference.Data { return s.ref }

// GetGroups derives into o only what places referral i in the measures' cells: its
// provider, dates, breakdown groups and appointments; its scores and flags are left
// empty. It skips the scores, most of what Get reads.
func (s *Set) GetGroups(i int, o *Outcome) {
	s.referralGroups(i, o)
	s.stateGroups(i, o)
}

// GetGroupsOf does GetGroups for each referral is[k] into os[k], for passes that
// visit referrals out of order, where every read waits for memory: it reads the
// referrals' rows in one loop and their states in another, so that the reads of
// many referrals are under way at once.
func (s *Set) GetGroupsOf(is []int32, os []Outcome) {
	for k, i := range is {
		s.referralGroups(int(i), &os[k])
	}
	for k, i := range is {
		s.stateGroups(int(i), &os[k])
	}
}

// referralGroups sets o to what the referrals table says of referral i.
func (s *Set) referralGroups(i int, o *Outcome) {
	r := &s.refs[i]
	*o = Outcome{
		Org: int(r.org), Received: r.received, Discharged: r.discharged,
		AgeBand: int(r.ageBand), GenderGroup: int(r.gender),
		EthnicGroup: int(r.ethnic), IMDDecile: int(r.imd), Pathways: r.pathways,
		Conditions: o.Conditions[:0],
	}
	switch {
	case r.ltc&ltcAny != 0:
		o.LTC = LTCWith
	case r.ltc&ltcNone != 0:
		o.LTC = LTCWithout
	}
}

// stateGroups adds to o, set by referralGroups, the appointments of referral i.
func (s *Set) stateGroups(i int, o *Outcome) {
	st := &s.states[i]
	o.TherapySessionFirstDate, o.TherapySessionSecondDate = st.first, st.second
	o.TherapySessionLastDate, o.TreatmentCareContactCount = st.last, int(st.count)
	o.IntegratedContactFirstDate, o.IntegratedTreatmentFirstDate = st.intContact, st.intTreat
	o.CompletedTreatment = !o.Discharged.IsZero() && st.count >= 2
}

// Get derives the outcome of referral i into o, reusing o's Conditions slice.
func (s *Set) Get(i int, o *Outcome) {
	s.GetGroups(i, o)
	r, st := &s.refs[i], &s.states[i]
	p, pk := &st.slots[0], s.depression
	a, ak := &st.slots[1], s.gad
	cls := s.classes[st.class]
	if st.class != 0 && !cls.pps && st.slots[2].n >= 2 {
		a, ak = &st.slots[2], cls.instrument
	}
	pa, pak := a, ak
	if st.class != 0 && cls.pps && st.slots[2].n >= 2 {
		pa, pak = &st.slots[2], cls.instrument
	}
	o.Depression = s.scores(p, pk)
	o.Anxiety, o.Flags = s.scores(a, ak), s.flags(p, pk, a, ak)
	o.AnxietyPPS, o.FlagsPPS = s.scores(pa, pak), s.flags(p, pk, pa, pak)
	if st.condBase >= 0 {
		for j, k := range s.condList(r.pathways) {
			o.Conditions = append(o.Conditions, s.scores(&s.cond[int(st.condBase)+j], k))
		}
	}
}

func (s *Set) scores(sl *slot, k int) Scores {
	sc := Scores{Instrument: s.inst[k].short, HasFirst: sl.n > 0, Paired: sl.n >= 2}
	if sc.HasFirst {
		sc.First = float64(sl.first) / reference.ScoreScale
	}
	if sc.Paired {
		sc.Last = float64(sl.last) / reference.ScoreScale
	}
	return sc
}

// flags computes the flags of measures.md, section 1, in scaled whole units so that a
// change equal to the reliable change counts as reliable.
func (s *Set) flags(p *slot, pk int, a *slot, ak int) Flags {
	var f Flags
	pi, ai := &s.inst[pk], &s.inst[ak]
	if p.n > 0 && a.n > 0 {
		f.Caseness = p.first >= pi.caseness || a.first >= ai.caseness
		f.NotCaseness = !f.Caseness
	}
	if p.n < 2 || a.n < 2 {
		return f
	}
	f.BothPaired = true
	dp, da := int64(p.first)-int64(p.last), int64(a.first)-int64(a.last)
	improvedP, improvedA := dp >= int64(pi.rc), da >= int64(ai.rc)
	worseP, worseA := -dp >= int64(pi.rc), -da >= int64(ai.rc)
	f.ReliableImprovement = (improvedP || improvedA) && !worseP && !worseA
	f.ReliableDeterioration = (worseP || worseA) && !improvedP && !improvedA
	f.NoChange = !f.ReliableImprovement && !f.ReliableDeterioration
	f.Recovery = f.Caseness && p.last < pi.caseness && a.last < ai.caseness
	f.ReliableRecovery = f.Recovery && f.ReliableImprovement
	return f
}
