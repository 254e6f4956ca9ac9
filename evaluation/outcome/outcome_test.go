package outcome

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

func loadRef(t testing.TB) *reference.Data {
	t.Helper()
	d, err := reference.Load(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// rows is an export held in slices, handed out in slice order as the reader hands
// rows out in file order.
type rows struct {
	referrals  []export.Referral
	complaints []refRow[export.Complaint]
	conditions []refsRow
	contacts   []refRow[export.Contact]
	scores     []refRow[export.Assessment]
}

type refRow[T any] struct {
	ref int
	x   T
}

type refsRow struct {
	refs []int
	x    export.Condition
}

func (r *rows) Referrals(fn func(int, export.Referral) error) error {
	for i, x := range r.referrals {
		if err := fn(i, x); err != nil {
			return err
		}
	}
	return nil
}

func each[T any](rs []refRow[T], fn func(int, T) error) error {
	for _, r := range rs {
		if err := fn(r.ref, r.x); err != nil {
			return err
		}
	}
	return nil
}

func (r *rows) Complaints(fn func(int, export.Complaint) error) error { return each(r.complaints, fn) }
func (r *rows) Contacts(fn func(int, export.Contact) error) error     { return each(r.contacts, fn) }
func (r *rows) Assessments(fn func(int, export.Assessment) error) error {
	return each(r.scores, fn)
}
func (r *rows) Conditions(fn func([]int, export.Condition) error) error {
	for _, c := range r.conditions {
		if err := fn(c.refs, c.x); err != nil {
			return err
		}
	}
	return nil
}

// day is a date in 2024 as month and day.
func day(m time.Month, d int) export.Date { return export.DateOf(2024, m, d) }

// referral adds a referral received on 1 March 2024 and discharged on 31 August 2024,
// and returns its number.
func (r *rows) referral() int {
	r.referrals = append(r.referrals, export.Referral{
		OrgIDProv: "RXX", ServiceRequestID: "S", Received: day(time.March, 1),
		Discharged: day(time.August, 31), Age: 40, IMDDecile: 3,
	})
	return len(r.referrals) - 1
}

func (r *rows) contact(ref int, d export.Date, appType, attend string, integrated bool) {
	r.contacts = append(r.contacts, refRow[export.Contact]{ref, export.Contact{Date: d, AppType: appType, AttendOrDNACode: attend, Integrated: integrated}})
}

// score adds a score of tool on the given day of 2024 (as month, day).
func (r *rows) score(ref int, tool string, d export.Date, v float64) {
	r.scores = append(r.scores, refRow[export.Assessment]{ref, export.Assessment{Tool: tool, Date: d, Score: v}})
}

// series adds scores of tool: the first on 1 April, then one a month.
func (r *rows) series(ref int, tool string, vs ...float64) {
	for i, v := range vs {
		r.score(ref, tool, day(time.April+time.Month(i), 1), v)
	}
}

func (r *rows) complaint(ref int, code string, primary bool, d export.Date) {
	r.complaints = append(r.complaints, refRow[export.Complaint]{ref, export.Complaint{Code: code, Primary: primary, Secondary: !primary, Date: d}})
}

func derive(t *testing.T, r *rows) *Set {
	t.Helper()
	s, err := Derive(r, loadRef(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAppointments(t *testing.T) {
	var r rows
	a := r.referral()
	// Received 1 March, discharged 31 August.
	r.contact(a, day(time.February, 28), "02", "5", false) // before the referral: warning
	r.contact(a, day(time.March, 1), "01", "5", true)      // assessment, attended, integrated: integrated contact
	r.contact(a, day(time.March, 20), "02", "3", true)     // did not attend: nothing
	r.contact(a, day(time.April, 10), "02", "5", false)    // treatment 1
	r.contact(a, day(time.April, 10), "03", "6", true)     // treatment 2, same day; arrived late but seen; integrated treatment
	r.contacts[len(r.contacts)-1].x.Intensity = "HI"
	r.contact(a, day(time.March, 30), "05", "5", false)    // treatment 3, earliest treatment (rows are not sorted)
	r.contact(a, day(time.May, 1), "06", "5", false)       // follow-up: not treatment
	r.contact(a, day(time.May, 2), "10", "5", false)       // employment support: not treatment
	r.contact(a, day(time.June, 3), "02", "7", false)      // arrived late, not seen: nothing
	r.contact(a, day(time.August, 31), "02", "5", false)   // treatment 4, on the discharge day: counts
	r.contact(a, day(time.September, 1), "02", "5", false) // after discharge: warning
	open := r.referral()
	r.referrals[open].Discharged = 0
	r.contact(open, day(time.December, 1), "02", "5", false) // open referral: no upper limit
	r.contact(open, day(time.December, 2), "02", "5", false)
	once := r.referral()
	r.contact(once, day(time.April, 1), "02", "5", false)

	var heard hearing
	s, err := Derive(&r, loadRef(t), &heard)
	if err != nil {
		t.Fatal(err)
	}
	// The listener hears the three referrals, then the treatment appointments in the
	// order read: those the measures count below, no others.
	wantHeard := []string{"referral 0", "referral 1", "referral 2",
		"0 2024-04-10 -", "0 2024-04-10 HI", "0 2024-03-30 -", "0 2024-08-31 -",
		"1 2024-12-01 -", "1 2024-12-02 -", "2 2024-04-01 -"}
	if !slices.Equal(heard, wantHeard) {
		t.Errorf("the listener heard\n%q\nwant\n%q", heard, wantHeard)
	}
	var o Outcome
	s.Get(a, &o)
	// Treatment appointments: 30 March, 10 April (twice), 31 August.
	if o.TreatmentCareContactCount != 4 || o.TherapySessionFirstDate != day(time.March, 30) ||
		o.TherapySessionSecondDate != day(time.April, 10) || o.TherapySessionLastDate != day(time.August, 31) {
		t.Errorf("treatment: %d appointments, %v %v %v; want 4, 2024-03-30 2024-04-10 2024-08-31",
			o.TreatmentCareContactCount, o.TherapySessionFirstDate, o.TherapySessionSecondDate, o.TherapySessionLastDate)
	}
	if o.IntegratedContactFirstDate != day(time.March, 1) || o.IntegratedTreatmentFirstDate != day(time.April, 10) || !o.Integrated() {
		t.Errorf("integrated: contact %v, treatment %v; want 2024-03-01 and 2024-04-10", o.IntegratedContactFirstDate, o.IntegratedTreatmentFirstDate)
	}
	// Wait: 1 March to 30 March is 29 days.
	if w, ok := o.Wait(); !ok || w != 29 {
		t.Errorf("wait %d %v, want 29", w, ok)
	}
	if !o.CompletedTreatment {
		t.Error("discharged with 4 treatment appointments, but not CompletedTreatment")
	}
	s.Get(open, &o)
	if o.TreatmentCareContactCount != 2 || o.CompletedTreatment || o.Integrated() {
		t.Errorf("open referral: %d appointments, completed %v, integrated %v; want 2, false, false", o.TreatmentCareContactCount, o.CompletedTreatment, o.Integrated())
	}
	s.Get(once, &o)
	if o.TreatmentCareContactCount != 1 || o.CompletedTreatment || o.TherapySessionSecondDate != 0 {
		t.Errorf("one appointment: %d, completed %v, second %v", o.TreatmentCareContactCount, o.CompletedTreatment, o.TherapySessionSecondDate)
	}
	if w := s.Warnings(); w.ContactsOutsideWindow != 2 || w.ScoresOutsideWindow != 0 {
		t.Errorf("warnings %+v, want 2 contacts outside the window", w)
	}
}

// hearing is an outcome.Listener that notes what it hears.
type hearing []string

func (h *hearing) Referral(ref int, _ export.Referral) {
	*h = append(*h, fmt.Sprintf("referral %d", ref))
}

func (h *hearing) Appointment(ref int, x Appointment) {
	intensity := x.Intensity
	if intensity == "" {
		intensity = "-"
	}
	*h = append(*h, fmt.Sprintf("%d %v %s", ref, x.Date, intensity))
}

func TestFlags(t *testing.T) {
	type scores map[string][]float64 // tool → scores, one a month from 1 April
	for _, tc := range []struct {
		name      string
		complaint string // primary presenting complaint, if any
		scores    scores
		anxiety   string // the anxiety measure chosen
		want      Flags
	}{
		{
			// Caseness: 15 ≥ 10. ΔP = 10 ≥ 6, ΔA = 8 ≥ 4: both improved. Last 5 < 10, 4 < 8.
			name: "recovered", scores: scores{"PHQ9": {15, 5}, "GAD7": {12, 4}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, ReliableImprovement: true, Recovery: true, ReliableRecovery: true},
		},
		{
			// First 8 < 10 and 6 < 8: not at caseness. ΔP = 6, ΔA = 5: improved, but no
			// recovery without caseness.
			name: "not at caseness", scores: scores{"PHQ9": {8, 2}, "GAD7": {6, 1}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, NotCaseness: true, ReliableImprovement: true},
		},
		{
			// ΔP = 7 improved, ΔA = −5 deteriorated: mixed, so no reliable change. Last A
			// 14 ≥ 8: not recovered.
			name: "better on depression, worse on anxiety", scores: scores{"PHQ9": {16, 9}, "GAD7": {9, 14}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, NoChange: true},
		},
		{
			// ΔP = −7 deteriorated, ΔA = 5 improved: mixed the other way.
			name: "worse on depression, better on anxiety", scores: scores{"PHQ9": {8, 15}, "GAD7": {13, 8}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, NoChange: true},
		},
		{
			// First P 10 is at its threshold: caseness. ΔP = −7 deteriorated, ΔA = −1.
			name: "deteriorated", scores: scores{"PHQ9": {10, 17}, "GAD7": {7, 8}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, ReliableDeterioration: true},
		},
		{
			// Only A at caseness (8 ≥ 8; 9 < 10). ΔP = 6 exactly the reliable change;
			// ΔA = 0. Last 3 < 10 and 7 < 8.
			name: "change equal to the reliable change", scores: scores{"PHQ9": {9, 3}, "GAD7": {8, 7}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, ReliableImprovement: true, Recovery: true, ReliableRecovery: true},
		},
		{
			// ΔP = 5, ΔA = 3: below both reliable changes. Last P 9 < 10 but last A 8
			// is not below 8: not recovered.
			name: "no reliable change, not recovered", scores: scores{"PHQ9": {14, 9}, "GAD7": {11, 8}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, NoChange: true},
		},
		{
			// ΔP = 2, ΔA = 3: no reliable change, yet both last scores below their
			// thresholds: recovered without reliable improvement.
			name: "recovered without reliable change", scores: scores{"PHQ9": {11, 9}, "GAD7": {10, 7}}, anxiety: "GAD7",
			want: Flags{BothPaired: true, Caseness: true, NoChange: true, Recovery: true},
		},
		{
			// GAD-7 has one score: first scores exist (caseness), but A is not paired.
			name: "paired PHQ-9 only", scores: scores{"PHQ9": {15, 5}, "GAD7": {10}}, anxiety: "GAD7",
			want: Flags{Caseness: true},
		},
		{
			// No GAD-7 score: no first A, so neither caseness flag.
			name: "first anxiety score missing", scores: scores{"PHQ9": {15, 5}}, anxiety: "GAD7",
			want: Flags{},
		},
		{
			// Panic disorder: PDSS paired, so A = PDSS. ΔP = 8, ΔA = 10 ≥ 5; last 4 < 10,
			// 5 < 8. (With GAD-7, 10 → 10, there would be no recovery.)
			name: "ADSM chosen when paired", complaint: "F410",
			scores:  scores{"PHQ9": {12, 4}, "GAD7": {10, 10}, "PanicDisorder": {15, 5}},
			anxiety: "PanicDisorder",
			want:    Flags{BothPaired: true, Caseness: true, ReliableImprovement: true, Recovery: true, ReliableRecovery: true},
		},
		{
			// PDSS has one score: A falls back to GAD-7. Caseness from GAD-7 (12 ≥ 8; PHQ
			// 9 < 10). ΔA = 9. Last 8 < 10 and 3 < 8.
			name: "GAD-7 when the ADSM is not paired", complaint: "F410",
			scores:  scores{"PHQ9": {9, 8}, "GAD7": {12, 3}, "PanicDisorder": {20}},
			anxiety: "GAD7",
			want:    Flags{BothPaired: true, Caseness: true, ReliableImprovement: true, Recovery: true, ReliableRecovery: true},
		},
		{
			// Agoraphobia: 3.03 → 2.30 is a change of exactly 0.73, the reliable change
			// (in floating point it is 0.72999…). Last 2.30 is not below 2.3: not
			// recovered.
			name: "decimal scores at the boundaries", complaint: "F400",
			scores:  scores{"PHQ9": {11, 9}, "GAD7": {5, 5}, "AgoraAlone": {3.03, 2.30}},
			anxiety: "AgoraAlone",
			want:    Flags{BothPaired: true, Caseness: true, ReliableImprovement: true},
		},
		{
			// A PPS complaint has no ADSM: A is GAD-7 for the standard flags. (The PPS
			// flags are tested in TestPPSFlags.)
			name: "PPS complaint uses GAD-7 for the standard flags", complaint: "K58",
			scores:  scores{"PHQ9": {12, 5}, "GAD7": {6, 6}, "IBS": {200, 100}},
			anxiety: "GAD7",
			want:    Flags{BothPaired: true, Caseness: true, ReliableImprovement: true, Recovery: true, ReliableRecovery: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r rows
			ref := r.referral()
			if tc.complaint != "" {
				r.complaint(ref, tc.complaint, true, day(time.March, 1))
			}
			for _, tool := range []string{"PHQ9", "GAD7", "PanicDisorder", "AgoraAlone", "IBS"} {
				r.series(ref, tool, tc.scores[tool]...)
			}
			var o Outcome
			derive(t, &r).Get(ref, &o)
			if o.Flags != tc.want {
				t.Errorf("flags\n got %+v\nwant %+v", o.Flags, tc.want)
			}
			if o.Anxiety.Instrument != tc.anxiety {
				t.Errorf("anxiety measure %q, want %q", o.Anxiety.Instrument, tc.anxiety)
			}
		})
	}
}

func TestPPSFlags(t *testing.T) {
	var r rows
	ibs := r.referral()
	r.complaint(ibs, "K58", true, 0)
	r.series(ibs, "PHQ9", 12, 5)
	r.series(ibs, "GAD7", 6, 6)
	r.series(ibs, "IBS", 200, 100)
	single := r.referral()
	r.complaint(single, "G933", true, 0)
	r.series(single, "PHQ9", 12, 5)
	r.series(single, "GAD7", 9, 2)
	r.series(single, "CFQ", 30)
	var o Outcome
	s := derive(t, &r)
	s.Get(ibs, &o)
	// A = IBS-SSS, paired: ΔP = 7 and ΔA = 100 ≥ 50, both improved; caseness from PHQ
	// 12 ≥ 10 (and IBS 200 ≥ 75); last IBS 100 is not below 75: not recovered.
	want := Flags{BothPaired: true, Caseness: true, ReliableImprovement: true}
	if o.AnxietyPPS.Instrument != "IBS" || o.FlagsPPS != want {
		t.Errorf("IBS: A %q, flags %+v; want IBS, %+v", o.AnxietyPPS.Instrument, o.FlagsPPS, want)
	}
	s.Get(single, &o)
	// CFQ has one score: A stays GAD-7, as for the standard flags. ΔP = 7, ΔA = 7;
	// last 5 < 10 and 2 < 8.
	want = Flags{BothPaired: true, Caseness: true, ReliableImprovement: true, Recovery: true, ReliableRecovery: true}
	if o.AnxietyPPS.Instrument != "GAD7" || o.FlagsPPS != want || o.FlagsPPS != o.Flags {
		t.Errorf("ME/CFS: A %q, flags %+v; want GAD7, %+v", o.AnxietyPPS.Instrument, o.FlagsPPS, want)
	}
}

func TestFirstAndLastScores(t *testing.T) {
	var r rows
	a := r.referral() // 1 March to 31 August
	// Rows are not in date order. PHQ-9: 1 April 14; 5 May 9, then 3 later in the file
	// (the last); a score on 29 February (before the referral) and one on 1 September
	// (after discharge) do not count.
	r.score(a, "PHQ9", day(time.May, 5), 9)
	r.score(a, "PHQ9", day(time.February, 29), 27)
	r.score(a, "PHQ9", day(time.April, 1), 14)
	r.score(a, "PHQ9", day(time.May, 5), 3)
	r.score(a, "PHQ9", day(time.September, 1), 0)
	// GAD-7: two scores on 1 March (the referral day: counts), 9 then 12: the first is 9.
	r.score(a, "GAD7", day(time.March, 1), 9)
	r.score(a, "GAD7", day(time.March, 1), 12)
	r.score(a, "GAD7", day(time.August, 31), 2) // the discharge day: counts
	// Two scores on one day only: paired, first the earlier row, last the later.
	b := r.referral()
	r.score(b, "PHQ9", day(time.April, 1), 20)
	r.score(b, "PHQ9", day(time.April, 1), 11)
	var o Outcome
	s := derive(t, &r)
	s.Get(a, &o)
	if o.Depression != (Scores{Instrument: "PHQ9", HasFirst: true, Paired: true, First: 14, Last: 3}) {
		t.Errorf("PHQ-9 %+v, want first 14, last 3", o.Depression)
	}
	if o.Anxiety != (Scores{Instrument: "GAD7", HasFirst: true, Paired: true, First: 9, Last: 2}) {
		t.Errorf("GAD-7 %+v, want first 9, last 2", o.Anxiety)
	}
	// ΔP = 11, ΔA = 7; caseness 14 ≥ 10; last 3 < 10, 2 < 8.
	if !o.Flags.ReliableRecovery {
		t.Errorf("flags %+v, want reliable recovery", o.Flags)
	}
	s.Get(b, &o)
	if o.Depression != (Scores{Instrument: "PHQ9", HasFirst: true, Paired: true, First: 20, Last: 11}) {
		t.Errorf("same day: %+v, want first 20, last 11", o.Depression)
	}
	if w := s.Warnings(); w.ScoresOutsideWindow != 2 {
		t.Errorf("warnings %+v, want 2 scores outside the window", w)
	}
}

func TestPrimaryComplaint(t *testing.T) {
	// Each referral has paired scores on every ADSM, so its anxiety measure names the
	// ADSM of its primary complaint.
	type row struct {
		code    string
		primary bool
		date    export.Date
	}
	undated := export.Date(0)
	for _, tc := range []struct {
		name string
		rows []row
		want string
	}{
		{"one P among secondaries", []row{{"F42", false, day(time.March, 1)}, {"F410", true, day(time.April, 1)}}, "PanicDisorder"},
		{"several P: the latest dated", []row{{"F410", true, day(time.June, 1)}, {"F42", true, day(time.May, 1)}}, "PanicDisorder"},
		{"several P on one day: the last in the file", []row{{"F42", true, day(time.June, 1)}, {"F401", true, day(time.June, 1)}, {"F410", true, day(time.May, 1)}}, "SocialPhobia"},
		{"an undated P loses to a dated one", []row{{"F42", true, undated}, {"F410", true, day(time.January, 1)}, {"F431", true, undated}}, "PanicDisorder"},
		{"undated P only: the last in the file", []row{{"F42", true, undated}, {"F431", true, undated}}, "PTSD"},
		{"no P: the earliest dated", []row{{"F42", false, day(time.June, 1)}, {"F410", false, day(time.May, 1)}, {"F401", false, day(time.May, 1)}}, "PanicDisorder"},
		{"no P: a dated row beats an undated one", []row{{"F42", false, undated}, {"F431", false, day(time.July, 1)}}, "PTSD"},
		{"no P, none dated: the first in the file", []row{{"F452", false, undated}, {"F42", false, undated}}, "AnxietyInventory"},
		{"prefix: F42 covers F429", []row{{"F429", true, undated}}, "OCD"},
		{"no ADSM for the primary complaint", []row{{"F32", true, undated}, {"F410", false, undated}}, "GAD7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r rows
			a := r.referral()
			for _, x := range tc.rows {
				r.complaint(a, x.code, x.primary, x.date)
			}
			for _, tool := range []string{"PHQ9", "GAD7", "AgoraAlone", "SocialPhobia", "PanicDisorder", "OCD", "PTSD", "AnxietyInventory"} {
				r.series(a, tool, 4, 3)
			}
			var o Outcome
			derive(t, &r).Get(a, &o)
			if o.Anxiety.Instrument != tc.want {
				t.Errorf("anxiety measure %q, want %q", o.Anxiety.Instrument, tc.want)
			}
		})
	}
}

func TestPathwaysAndConditions(t *testing.T) {
	var r rows
	both := r.referral()   // diabetes and COPD, through the person's conditions
	second := r.referral() // the same person: conditions apply to all their referrals
	ibs := r.referral()    // IBS through a secondary complaint
	none := r.referral()   // "no long-term condition" only
	unknown := r.referral()
	r.conditions = []refsRow{
		{[]int{both, second}, export.Condition{Code: "73211009"}},
		{[]int{both, second}, export.Condition{Code: "13645005"}},
		{[]int{none}, export.Condition{Code: "748031000000103"}},
		{[]int{both}, export.Condition{Code: "748031000000103"}}, // with an LTC as well: still "with"
	}
	r.complaint(ibs, "F32", true, 0)
	r.complaint(ibs, "K580", false, 0)
	r.series(both, "DDS", 3.5, 4.1, 2.25) // first 3.5, last 2.25
	r.series(both, "CAT", 20)             // single score
	r.series(both, "WSAS", 30, 10)        // not a measure of its pathways: ignored
	var o Outcome
	s := derive(t, &r)
	ref := s.Reference()
	pathway := func(name string) int {
		for i, p := range ref.Pathways {
			if p.Name == name {
				return i
			}
		}
		t.Fatalf("no pathway %q", name)
		return -1
	}
	s.Get(both, &o)
	if !o.InPathway(pathway("Diabetes")) || !o.InPathway(pathway("Respiratory (COPD, asthma)")) || o.InPathway(pathway("Cancer")) || o.LTC != LTCWith {
		t.Errorf("both: pathways %b, LTC %v", o.Pathways, o.LTC)
	}
	if dds, ok := o.Condition("DDS"); !ok || dds != (Scores{Instrument: "DDS", HasFirst: true, Paired: true, First: 3.5, Last: 2.25}) {
		t.Errorf("DDS %+v %v", dds, ok)
	}
	if cat, ok := o.Condition("CAT"); !ok || cat != (Scores{Instrument: "CAT", HasFirst: true, First: 20}) {
		t.Errorf("CAT %+v %v", cat, ok)
	}
	if _, ok := o.Condition("WSAS"); ok {
		t.Error("WSAS is not a measure of diabetes or respiratory, but was tracked")
	}
	s.Get(second, &o)
	if o.Pathways != 1<<pathway("Diabetes")|1<<pathway("Respiratory (COPD, asthma)") || o.LTC != LTCWith {
		t.Errorf("second: pathways %b, LTC %v", o.Pathways, o.LTC)
	}
	if dds, _ := o.Condition("DDS"); dds.HasFirst {
		t.Error("the second referral has no DDS scores of its own")
	}
	s.Get(ibs, &o)
	if o.Pathways != 1<<pathway("Irritable bowel syndrome") || o.LTC != LTCNotStated {
		t.Errorf("ibs: pathways %b, LTC %v", o.Pathways, o.LTC)
	}
	s.Get(none, &o)
	if o.Pathways != 0 || o.LTC != LTCWithout {
		t.Errorf("none: pathways %b, LTC %v", o.Pathways, o.LTC)
	}
	s.Get(unknown, &o)
	if o.Pathways != 0 || o.LTC != LTCNotStated {
		t.Errorf("unknown: pathways %b, LTC %v", o.Pathways, o.LTC)
	}
}

func TestSourceErrors(t *testing.T) {
	var r rows
	a := r.referral()
	r.score(a, "NOPE", day(time.April, 1), 1)
	if _, err := Derive(&r, loadRef(t)); err == nil {
		t.Error("an unknown instrument from the source was accepted")
	}
	r.scores = nil
	r.contact(5, day(time.April, 1), "02", "5", false)
	if _, err := Derive(&r, loadRef(t)); err == nil {
		t.Error("a contact of a referral that was never read was accepted")
	}
}

// TestGetGroups checks that GetGroups, and GetGroupsOf for referrals out of order,
// derive what Get derives of a referral's place in the cells (provider, dates,
// groups, appointments), and the age band at each edge of the bands of
// data/breakdowns.toml.
func TestGetGroups(t *testing.T) {
	var r rows
	ages := map[int]string{-1: "Not known", 17: "Under 18", 18: "18 to 25", 64: "26 to 64", 65: "65 to 74", 89: "75 to 89", 90: "90 and over", 40000: "90 and over"}
	want := map[int]string{}
	for age, label := range ages {
		i := r.referral()
		r.referrals[i].Age = age
		r.referrals[i].Gender = "2"
		want[i] = label
		r.contact(i, day(time.April, 2), "02", "5", age%2 == 0)
		r.contact(i, day(time.May, 2), "02", "5", false)
		r.series(i, "PHQ9", 20, 5)
		r.series(i, "GAD7", 15, 4)
	}
	r.conditions = []refsRow{{[]int{0, 3}, export.Condition{Code: "73211009"}}}
	s := derive(t, &r)
	var full, groups Outcome
	for i := range s.Len() {
		s.Get(i, &full)
		if !full.Depression.Paired || !full.Flags.Recovery {
			t.Fatalf("referral %d: the fixture should give paired scores and recovery: %+v", i, full)
		}
		s.GetGroups(i, &groups)
		full.Depression, full.Anxiety, full.AnxietyPPS = Scores{}, Scores{}, Scores{}
		full.Flags, full.FlagsPPS, full.Conditions = Flags{}, Flags{}, nil
		groups.Conditions = nil
		if !reflect.DeepEqual(groups, full) {
			t.Errorf("referral %d: GetGroups gives %+v, Get %+v", i, groups, full)
		}
		if got := s.Reference().Breakdowns.AgeGroup.Label(groups.AgeBand); got != want[i] {
			t.Errorf("referral %d, age %d: band %q, want %q", i, r.referrals[i].Age, got, want[i])
		}
	}
	reversed := make([]int32, s.Len())
	for k := range reversed {
		reversed[k] = int32(s.Len() - 1 - k)
	}
	batch := make([]Outcome, len(reversed))
	s.GetGroupsOf(reversed, batch)
	for k, i := range reversed {
		s.GetGroups(int(i), &groups)
		if !reflect.DeepEqual(batch[k], groups) {
			t.Errorf("referral %d: GetGroupsOf gives %+v, GetGroups %+v", i, batch[k], groups)
		}
	}
}
