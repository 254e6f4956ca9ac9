package synth

import (
	"os"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// The demonstration export (20,000 referrals, seed 2024) passes every check of the
// data contract: nothing is left out, so the demo site never reports rows left out
// that a real export would not have. (A person with both pain codes once completed
// the BPI twice at one appointment: duplicate rows.)
func TestDemoExportHasNoRowErrors(t *testing.T) {
	ref, err := reference.Load(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	r, err := export.Open(generate(t, 20000, 2024), ref.Instruments, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Referrals(func(int, export.Referral) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := r.Contacts(func(int, export.Contact) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := r.Assessments(func(int, export.Assessment) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if n := r.Report().LeftOut(); n != 0 {
		var report strings.Builder
		_ = r.Report().WriteText(&report)
		t.Errorf("%d rows of the demonstration export are left out:\n%s", n, report.String())
	}
}
