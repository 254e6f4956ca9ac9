package costs

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// openExport writes the files of a txtar archive to a folder and opens it.
func openExport(t *testing.T, archive string) (*export.Reader, *reference.Data) {
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
	return r, ref
}

// The export of testdata/costs/export.txtar, read through the export reader and costed
// with the shipped unit costs (GP consultation £45, PSSRU 2024 Table 9.4.2; A&E
// attendance £273, Table 6.1.1), by hand:
//
//	R1: pre 4 × 45 = 180; post 2 × 45 + 273 = 363; change +183; appointments LI 1, HI 1
//	R4: pre 2 × 45 = 90;  post 90;                 change 0
//	C9: pre 273;          post 2 × 273 = 546;      change +273
//	treated mean change (183 + 0) / 2 = 91.5; difference in differences 91.5 − 273 = −181.5
func TestCollectFromExport(t *testing.T) {
	r, ref := openExport(t, "../../testdata/costs/export.txtar")
	unit, err := LoadUnitCosts(iaptpub.Sources, UnitCostsFile)
	if err != nil {
		t.Fatal(err)
	}
	var counter AppointmentCounter
	if _, err := outcome.Derive(r, ref, &counter); err != nil {
		t.Fatal(err)
	}
	col, err := Collect(r.Utilisation, unit, nil, []string{"diabetes"})
	if err != nil {
		t.Fatal(err)
	}
	if len(col.Refs) != 3 || col.Refs[0] != 0 || col.Refs[1] != -1 || col.Refs[2] != 3 {
		t.Fatalf("refs %v, want [0 -1 3] (R1, C9, R4)", col.Refs)
	}
	if col.OneWindow != 1 || col.UnequalWindows != 1 || col.ErrorCount != 2 {
		t.Errorf("one window %d, unequal %d, row errors %d; want 1, 1, 2", col.OneWindow, col.UnequalWindows, col.ErrorCount)
	}
	if col.ErrorCount == 2 && (col.Errors[0].Line != 6 || col.Errors[1].Line != 11) {
		t.Errorf("row errors on lines %d and %d, want 6 and 11", col.Errors[0].Line, col.Errors[1].Line)
	}
	for _, f := range r.Report().Files {
		if f.File == export.UtilisationFile && f.LeftOut != 1 {
			t.Errorf("the reader left out %d utilisation rows, want 1 (R9)", f.LeftOut)
		}
	}
	if got := counter.Get(0); got != (Appointments{LI: 1, HI: 1}) {
		t.Errorf("R1 appointments %+v, want 1 LI and 1 HI", got)
	}
	rep, err := Evaluate(col.Persons, unit, ServiceCosts{}, Options{
		Bootstrap: stats.Bootstrap{Resamples: MinResamples, Seed: 1},
		Pathways:  []Pathway{{"diabetes", "Diabetes"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for group, want := range map[string]float64{Treated: 91.5, Comparison: 273, Difference: -181.5} {
		for _, g := range rep.Pathways[0].Groups {
			if g.Group != group {
				continue
			}
			found++
			if !near(g.Items[0].Change.Value, want) {
				t.Errorf("%s: mean change %v, want %v", group, g.Items[0].Change.Value, want)
			}
		}
	}
	if found != 3 {
		t.Errorf("found %d of the treated, comparison and difference groups", found)
	}
}
