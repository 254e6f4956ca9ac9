package export

import (
	"path/filepath"
	"testing"
)

// TestTooMuchLeftOut: the share left out is counted in lines, so a row that swallowed
// four lines loses four. In swallowed-rows, 1 row of 7 is left out, but 4 lines of 10:
// 40%, over 1% and over 39.9%, not over 40% itself.
func TestTooMuchLeftOut(t *testing.T) {
	fsys, _, opts := badExport(t, filepath.Join(badDir, "swallowed-rows.txtar"))
	rep, err := Check(writeExport(t, fsys), testInstruments{}, "PHQ9", opts)
	if err != nil {
		t.Fatal(err)
	}
	want := "more than 1% of a file was left out, so the figures would not be the service's: " +
		"care_contacts.csv: 1 of 7 rows left out (4 of 10 lines), 40%. " +
		"Fix the export (iaptpub validate says which rows and why), or publish anyway with --allow-partial " +
		"(the methodology page then says how much was left out)"
	if err := rep.TooMuchLeftOut(DefaultMaxLeftOut); err == nil || err.Error() != want {
		t.Errorf("at 1%%:\n got %v\nwant %s", err, want)
	}
	if err := rep.TooMuchLeftOut(0.399); err == nil {
		t.Error("at 39.9%: no error, want one")
	}
	if err := rep.TooMuchLeftOut(0.4); err != nil {
		t.Errorf("at 40%%: %v, want none", err)
	}
}

// TestLeftOutOfOwnRows: rows of other providers do not dilute the share. In
// other-providers (service RX1), referrals.csv has 3 rows of RX1 among 7 and leaves
// out 1 of them; care_contacts.csv 3 of RX1 among 5, leaving out 2.
func TestLeftOutOfOwnRows(t *testing.T) {
	fsys, _, opts := badExport(t, filepath.Join(badDir, "other-providers.txtar"))
	rep, err := Check(writeExport(t, fsys), testInstruments{}, "PHQ9", opts)
	if err != nil {
		t.Fatal(err)
	}
	want := "more than 1% of a file was left out, so the figures would not be the service's: " +
		"referrals.csv: 1 of 3 rows left out, 33.3%; care_contacts.csv: 2 of 3 rows left out, 66.7%. " +
		"Fix the export (iaptpub validate says which rows and why), or publish anyway with --allow-partial " +
		"(the methodology page then says how much was left out)"
	if err := rep.TooMuchLeftOut(DefaultMaxLeftOut); err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
