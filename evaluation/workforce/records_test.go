package workforce

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

func recordsOf(t *testing.T, archive string) *Records {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ref, err := reference.Load(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	r, err := export.Open(dir, ref.Instruments, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := &Use{}
	set, err := outcome.Derive(r, ref, u)
	if err != nil {
		t.Fatal(err)
	}
	return u.Records(set)
}

// testdata/workforce/records.txtar, by hand (the archive says what each referral holds).
// The year is 2023-09-03 to 2024-09-01, 365 days.
//
//	referrals received in the year: R1 to R6 = 6
//	finished courses in the year:   R1, R2, R3, R6 = 4
//	with LI: R1 (3), R2 (5): 2 courses, 8 contacts, 4 a course; stepped up R1: 1 of 2
//	with HI: R1 (2), R3 (7): 2 courses, 9 contacts, 4.5 a course
//	first contact known: R1 LI, R2 LI, R3 HI: started at step 2 2 of 3
//	contacts of the year: LI 3 + 5 + 2 (R4) + 1 (R5) = 11; HI 2 + 7 = 9; none 2 (R6)
//
// The diabetes pathway holds R1 alone: 1 referral, 1 course, 3 LI, 2 HI, stepped up,
// started at step 2.
func TestRecordsByHand(t *testing.T) {
	recs := recordsOf(t, "../../testdata/workforce/records.txtar")
	want := Delivered{
		From: export.DateOf(2023, 9, 3), To: export.DateOf(2024, 9, 1), Days: 365,
		Referrals: 6, Courses: 4, CoursesLI: 2, CoursesHI: 2,
		ContactsPerCourseLI: 4, ContactsPerCourseHI: 4.5, SteppedUp: 0.5, StartStep2: 2.0 / 3,
		ContactsLI: 11, ContactsHI: 9, Unknown: 2, HasIntensity: true,
	}
	if recs.All != want {
		t.Errorf("all referrals:\n got %+v\nwant %+v", recs.All, want)
	}
	diabetes, err := recs.For(Scenario{LTC: &LTC{Pathway: "diabetes"}})
	wantDiabetes := Delivered{
		From: want.From, To: want.To, Days: 365,
		Referrals: 1, Courses: 1, CoursesLI: 1, CoursesHI: 1,
		ContactsPerCourseLI: 3, ContactsPerCourseHI: 2, SteppedUp: 1, StartStep2: 1,
		ContactsLI: 3, ContactsHI: 2, HasIntensity: true,
	}
	if err != nil || *diabetes != wantDiabetes {
		t.Errorf("diabetes:\n got %+v\nwant %+v", diabetes, wantDiabetes)
	}
	if _, err := recs.For(Scenario{File: "s.toml", LTC: &LTC{Pathway: "gout"}}); err == nil || err.Error() != `s.toml: key "ltc.pathway": "gout" is not a pathway of data/pathways.toml` {
		t.Errorf("unknown pathway: %v", err)
	}
	// Set beside a scenario whose staff are not entered: the records' contacts stand in.
	// One LI WTE gives 16 × 0.7 × 220 = 2464 contacts a year, one HI WTE 7 × 0.55 × 220
	// = 847, so now LI 11 ÷ 2464 and HI 9 ÷ 847; the gap is the need less that.
	s := mustParse(t, scaledExample)
	s.LowIntensity.CurrentEntered, s.HighIntensity.CurrentEntered = false, false
	r := Compute(s, &recs.All)
	for i, now := range []float64{11.0 / 2464, 9.0 / 847} {
		role := r.Roles[i]
		if role.CurrentFrom != CurrentRecords || !near(role.WTECurrent, now) || !near(role.WTEGap, role.WTERequired-now) {
			t.Errorf("%s: now %v from %q, gap %v; want %v from the records", role.Role, role.WTECurrent, role.CurrentFrom, role.WTEGap, now)
		}
	}
}

// Without Intensity on the contacts, the records say so, and a scenario falls back to
// its own assumptions: no current staff, no gap.
func TestRecordsWithoutIntensity(t *testing.T) {
	a, err := os.ReadFile("../../testdata/workforce/records.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ar := txtar.Parse(a)
	for i, f := range ar.Files {
		if f.Name != "care_contacts.csv" {
			continue
		}
		var b strings.Builder
		for _, line := range strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n") {
			b.WriteString(line[:strings.LastIndex(line, ",")] + "\n") // without Intensity
		}
		ar.Files[i].Data = []byte(b.String())
	}
	path := filepath.Join(t.TempDir(), "no-intensity.txtar")
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
	recs := recordsOf(t, path)
	if recs.All.HasIntensity || recs.All.Unknown != 22 || recs.All.Courses != 4 {
		t.Errorf("got %+v; want no intensity, 22 contacts of the year without one, 4 courses", recs.All)
	}
	s := mustParse(t, scaledExample)
	s.LowIntensity.CurrentEntered, s.HighIntensity.CurrentEntered = false, false
	if r := Compute(s, &recs.All); r.Roles[0].CurrentFrom != "" || r.Roles[1].CurrentFrom != "" {
		t.Errorf("without intensity the records stood in for current staff: %+v", r.Roles)
	}
}
