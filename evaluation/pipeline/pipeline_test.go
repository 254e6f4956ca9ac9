package pipeline

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

// writeExport writes the files of a txtar archive to a folder.
func writeExport(t *testing.T, archive string) string {
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
	return dir
}

// One derivation of testdata/costs/export.txtar feeds the cost evaluation and the
// workforce figures alike, and every file is read once. By hand:
//
//	R1 (diabetes, by P1's condition 73211009): CC1 attended LI, CC2 attended HI, CC3
//	not attended (code 3): appointments LI 1, HI 1; a finished course (2 treatment
//	appointments, discharged).
//	The year: referrals from 2024-01-01, latest date 2024-03-01: 61 days (2024 is a
//	leap year), so figures a year are scaled by 365/61.
//	Referrals received: R1 to R4 = 4; finished courses: R1 = 1, with 1 LI and 1 HI
//	contact, its first HI (01-17) after its first LI (01-10): stepped up, started LI.
func TestOneDerivationFeedsEveryEvaluation(t *testing.T) {
	dir := writeExport(t, "../../testdata/costs/export.txtar")
	ref, _, err := LoadReference(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(dir, ref, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Derive(WantCosts | WantWorkforce)
	if err != nil {
		t.Fatal(err)
	}
	unit, err := costs.LoadUnitCosts(iaptpub.Sources, costs.UnitCostsFile)
	if err != nil {
		t.Fatal(err)
	}
	col, err := d.Costs(unit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(col.Persons) != 3 || col.Refs[0] != 0 {
		t.Fatalf("persons %d, refs %v; want 3, R1 first", len(col.Persons), col.Refs)
	}
	r1 := col.Persons[0]
	if r1.Appointments != (costs.Appointments{LI: 1, HI: 1}) {
		t.Errorf("R1 appointments %+v, want 1 LI and 1 HI", r1.Appointments)
	}
	if len(r1.Pathways) != 1 || r1.Pathways[0] != "diabetes" {
		t.Errorf("R1 pathways %q, want diabetes", r1.Pathways)
	}

	scale := 365.0 / 61
	want := workforce.Delivered{
		From: export.DateOf(2024, 1, 1), To: export.DateOf(2024, 3, 1), Days: 61,
		Referrals: 4 * scale, Courses: 1 * scale, CoursesLI: 1, CoursesHI: 1,
		ContactsPerCourseLI: 1, ContactsPerCourseHI: 1, SteppedUp: 1, StartStep2: 1,
		ContactsLI: 1 * scale, ContactsHI: 1 * scale, HasIntensity: true,
	}
	recs, err := d.Workforce()
	if err != nil {
		t.Fatal(err)
	}
	if recs.All != want {
		t.Errorf("workforce, all referrals:\n got %+v\nwant %+v", recs.All, want)
	}
	want.Referrals = 1 * scale
	if got := recs.Pathways["diabetes"]; got != want {
		t.Errorf("workforce, diabetes:\n got %+v\nwant %+v", got, want)
	}

	// Each file's rows were read once: the archive's rows, not twice as many.
	rows := map[string]int64{export.ReferralsFile: 4, export.ContactsFile: 3, export.AssessmentsFile: 0,
		export.ComplaintsFile: 0, export.ConditionsFile: 1, export.UtilisationFile: 12}
	rep := e.Report()
	if len(rep.Files) != len(rows) {
		t.Errorf("the report has %d files, want %d", len(rep.Files), len(rows))
	}
	for _, f := range rep.Files {
		if f.Read != rows[f.File] {
			t.Errorf("%s: %d rows read, want %d", f.File, f.Read, rows[f.File])
		}
	}
}

// replaced is a file system with one file's contents replaced.
type replaced struct {
	fs.FS
	name string
	data []byte
}

func (r replaced) Open(name string) (fs.File, error) {
	if name != r.name {
		return r.FS.Open(name)
	}
	return fstest.MapFS{name: &fstest.MapFile{Data: r.data}}.Open(name)
}

// A standard naming a measure that is not in the catalogue (M912 for M192) fails when
// the reference data are read, not later as a standard no figure ever meets.
func TestMisspeltMeasureIDFails(t *testing.T) {
	data, err := fs.ReadFile(iaptpub.Sources, reference.StandardsFile)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(data, []byte(`measure = "M192"`), []byte(`measure = "M912"`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal(`the shipped standards name no measure = "M192"`)
	}
	if _, _, err := LoadReference(iaptpub.Sources); err != nil {
		t.Fatalf("the shipped reference data: %v", err)
	}
	_, _, err = LoadReference(replaced{iaptpub.Sources, reference.StandardsFile, bad})
	want := `reading the reference data: data/standards.toml: standard "recovery": measure M912 is not in the catalogue of measures (shared spec: measures.md); correct the ID`
	if err == nil || err.Error() != want {
		t.Errorf("a misspelt measure ID:\n got %v\nwant %s", err, want)
	}
}

// A derivation read without an evaluation's counters says so when that evaluation is
// asked of it, rather than answering with nothing counted.
func TestDeriveWithoutCounters(t *testing.T) {
	dir := writeExport(t, "../../testdata/costs/export.txtar")
	ref, _, err := LoadReference(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(dir, ref, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Derive(0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Costs(nil, nil); err != errNotWanted {
		t.Errorf("costs of a derivation without WantCosts: %v", err)
	}
	if _, err := d.Workforce(); err != errNotWanted {
		t.Errorf("workforce of a derivation without WantWorkforce: %v", err)
	}
}

// Start returns with the report complete (utilisation.csv read: its one row the export
// reader refuses is counted) and the measures computed; the cost evaluation is then the
// same however often it is asked for. In --strict mode a refused row of
// utilisation.csv fails Start itself, before any page is made.
func TestStartLeavesOnlyTheBootstrap(t *testing.T) {
	dir := writeExport(t, "../../testdata/costs/export.txtar")
	c, rep, err := Start(dir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	leftOut := int64(-1)
	for _, f := range rep.Files {
		if f.File == export.UtilisationFile {
			leftOut = f.LeftOut
		}
	}
	if leftOut != 1 {
		t.Errorf("when Start returns, the report counts %d rows of %s left out, want 1", leftOut, export.UtilisationFile)
	}
	if c.Measures == nil || c.Workforce == nil {
		t.Errorf("Start returned measures %v and workforce %v: want both", c.Measures, c.Workforce)
	}
	ev, err := c.Costs()
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Costs()
	if err != nil || again != ev || c.Results.Costs != ev {
		t.Errorf("asked again: %p, %v; in Results %p; want %p", again, err, c.Results.Costs, ev)
	}
	if ev.Report == nil || len(ev.Report.Pathways) == 0 {
		t.Errorf("the cost evaluation has no report: %+v", ev)
	}
	if _, _, err := Start(dir, iaptpub.Sources, export.Options{Strict: true}, ""); err == nil {
		t.Error("Start --strict: no error, although the export has rows the cost evaluation refuses")
	}
}
