package measure

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
)

// pipelineTables are the tables FuzzMeasures varies: the five the measures read.
var pipelineTables = []string{export.ReferralsFile, export.ContactsFile, export.AssessmentsFile, export.ComplaintsFile, export.ConditionsFile}

// FuzzMeasures runs the whole measures pipeline (read, derive, aggregate, write) on any
// five tables. Whatever they hold, it must not panic, the report must account for every
// row read, and every accepted referral must be counted exactly once in M001 over the
// financial years: nothing read is lost on the way to the published figures.
//
// The seeds are the hand-written exports of testdata/measures and testdata/bad, so a
// plain `go test` runs the pipeline over every one of them.
func FuzzMeasures(f *testing.F) {
	var archives []string
	for _, dir := range []string{"measures", "bad"} {
		names, _ := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*.txtar"))
		archives = append(archives, names...)
	}
	if len(archives) == 0 {
		f.Fatal("no seed exports in testdata/measures or testdata/bad")
	}
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		tables := make([][]byte, len(pipelineTables))
		for _, af := range ar.Files {
			for i, table := range pipelineTables {
				if af.Name == table {
					tables[i] = af.Data
				}
			}
		}
		f.Add(tables[0], tables[1], tables[2], tables[3], tables[4])
	}
	ref := loadRef(f)
	f.Fuzz(func(t *testing.T, referrals, contacts, assessments, complaints, conditions []byte) {
		dir := t.TempDir()
		for i, data := range [][]byte{referrals, contacts, assessments, complaints, conditions} {
			if err := os.WriteFile(filepath.Join(dir, pipelineTables[i]), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r, err := export.Open(dir, ref.Instruments, export.Options{})
		if err != nil {
			t.Fatal(err) // every table is there
		}
		res, err := Compute(r, ref, Options{Periods: []PeriodKind{Year}})
		rep := r.Report()
		var accepted int64
		for _, fr := range rep.Files {
			if fr.Read != fr.Accepted+fr.LeftOut {
				t.Errorf("%s: %d read ≠ %d accepted + %d left out", fr.File, fr.Read, fr.Accepted, fr.LeftOut)
			}
			var n int64
			for _, p := range fr.Errors {
				n += p.Count
			}
			if n != fr.LeftOut {
				t.Errorf("%s: errors count %d rows, %d left out", fr.File, n, fr.LeftOut)
			}
			if fr.File == export.ReferralsFile {
				accepted = fr.Accepted
			}
		}
		if err != nil {
			// Only the input can be at fault: a file that could not be read to its
			// end, or a provider named like all providers together.
			if !rep.Failed() && !strings.Contains(err.Error(), AllOrgs) {
				t.Fatalf("Compute failed with no file failed in the report: %v", err)
			}
			return
		}
		var counted int64
		total := ref.Breakdowns.Total
		for _, p := range res.Periods() {
			raw, ok := res.Raw(Cell{Period: p, Org: AllOrgs, VariableType: total.VariableType, VariableA: total.Label}, "M001")
			if ok {
				counted += int64(raw.Num)
			}
		}
		if counted != accepted {
			t.Errorf("M001 over the years counts %d referrals; %d were accepted", counted, accepted)
		}
		for _, controlled := range []bool{true, false} {
			if err := WriteCSV(io.Discard, res, controlled, disclosure.Default()); err != nil {
				t.Fatalf("WriteCSV (controlled %t): %v", controlled, err)
			}
		}
	})
}
