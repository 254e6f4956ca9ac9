package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// writeExport writes an export folder to disk, for the functions that take a path.
func writeExport(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range fsys {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheck(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join(fixtureDir, "report", "completeness.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys, want, _ := archiveFS(t, ar)
	rep, err := Check(writeExport(t, fsys), testInstruments{}, "PHQ9", Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep.Folder = "export"
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s\ndiff:\n%s", b.String(), want, lineDiff(b.String(), want))
	}
}

// TestCheckReferralsUnreadable: without the referrals, the other tables are not read.
func TestCheckReferralsUnreadable(t *testing.T) {
	fsys := fstest.MapFS{ReferralsFile: {Data: []byte(referralsHeader + "R1,P1,RX1,2024-01-10,\xA3\n")}}
	addDefaults(fsys)
	rep, err := Check(writeExport(t, fsys), testInstruments{}, "PHQ9", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "referrals.csv:2: the file is not UTF-8 text") {
		t.Fatalf("error %v", err)
	}
	if len(rep.Files) != 1 || !rep.Failed() {
		t.Errorf("report has %d files (failed %t), want referrals.csv only, failed", len(rep.Files), rep.Failed())
	}
	if n := rep.Notes[len(rep.Notes)-1]; n != "the other tables were not checked because reading referrals.csv stopped early" {
		t.Errorf("last note %q", n)
	}
}

// TestCheckStrict: in strict mode the first row error ends the check.
func TestCheckStrict(t *testing.T) {
	fsys, _, _ := loadFixture(t, "scores_errors.txtar")
	rep, err := Check(writeExport(t, fsys), testInstruments{}, "PHQ9", Options{Strict: true})
	want := `assessments.csv:3: column PersScore: score out of range: PHQ9 is scored 0 to 27 ("28")`
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
	// Contacts (a header only) and assessments were read; complaints were not.
	if len(rep.Files) != 3 || rep.Files[2].File != AssessmentsFile {
		t.Errorf("files read: %+v", rep.Files)
	}
}
