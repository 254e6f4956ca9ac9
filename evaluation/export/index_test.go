package export

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/txtar"
)

// The lookup of persons by LocalPatientId alone is as large as the table of persons,
// and an export whose rows all name their provider never needs it: it is built only
// for a row without OrgIDProv, and then answers as before.
func TestPersonsByLocalPatientIdOnlyWhenNeeded(t *testing.T) {
	ix := newIndex()
	for i, x := range []Referral{
		{ServiceRequestID: "R1", LocalPatientID: "P1", OrgIDProv: "RX1"},
		{ServiceRequestID: "R2", LocalPatientID: "P1", OrgIDProv: "RY2"},
		{ServiceRequestID: "R3", LocalPatientID: "P2", OrgIDProv: "RY2"},
		{ServiceRequestID: "R4", LocalPatientID: "P1", OrgIDProv: "RX1"},
	} {
		x.Line = i + 2
		ix.add(&x)
	}
	ix.buildPersons()
	f := &finder{ix: ix}
	if got := f.personReferrals("RY2", "P1"); !slices.Equal(got, []int32{1}) {
		t.Errorf("P1 at RY2: referrals %v, want [1]", got)
	}
	if ix.byLPI != nil {
		t.Error("the LocalPatientId-only lookup was built for rows that name their provider")
	}
	if got := f.personReferrals("", "P1"); !slices.Equal(got, []int32{0, 1, 3}) {
		t.Errorf("P1 at any provider: referrals %v, want [0 1 3]", got)
	}
	if got := f.personReferrals("", "P9"); len(got) != 0 {
		t.Errorf("P9: referrals %v, want none", got)
	}
}

// Keys in increasing order are placed by a goroutine of their own, and the first key
// out of order hands the table back: either way every referral is found, and a
// duplicate is caught, whether it comes while the keys are in order or after.
func TestIndexKeysInOrderAndOutOfOrder(t *testing.T) {
	ix := newIndex()
	type row struct {
		org, sri, lpi string
		first         int // the line of the referral it duplicates, or 0
	}
	var rows []row
	for i := range 10_000 { // more than a batch of the adding goroutine, in order
		rows = append(rows, row{"RZ3", fmt.Sprintf("Z%05d", i), fmt.Sprintf("Q%d", i%3), 0})
	}
	rows = append(rows, []row{
		{"RZ3", "Z09999", "Q0", 10_001}, // the last key again, while the keys are in order
		{"RX1", "A1", "P1", 0}, {"RY2", "A1", "P1", 0}, {"RX1", "A2", "P2", 0},
		{"RY2", "B7", "P3", 0}, {"RX1", "A3", "P1", 0},
		{"RX1", "A2", "P9", 10_005}, // out of order, and a duplicate of line 10,005
		{"RX1", "A0", "P4", 0},      // out of order, new
		{"RY2", "B7", "P3", 10_006}, // a duplicate after the table was handed back
		{"RY2", "C1", "P5", 0},
	}...)
	type placed struct {
		org, sri string
		ref      int32
	}
	var want []placed
	for i, r := range rows {
		x := Referral{Line: i + 2, OrgIDProv: r.org, ServiceRequestID: r.sri, LocalPatientID: r.lpi}
		if got := ix.add(&x); got != r.first {
			t.Errorf("row %d (%s %s): duplicate of line %d, want %d", i, r.org, r.sri, got, r.first)
		}
		if r.first == 0 {
			want = append(want, placed{r.org, r.sri, int32(len(want))})
		}
	}
	ix.complete()
	f := &finder{ix: ix}
	for _, w := range want {
		if ref, ambig := f.referral(w.org, w.sri); ref != w.ref || ambig {
			t.Errorf("%s %s: referral %d (ambiguous %v), want %d", w.org, w.sri, ref, ambig, w.ref)
		}
	}
	if got := len(ix.personOf); got != len(want) {
		t.Fatalf("%d persons numbered, want one per referral: %d", got, len(want))
	}
	// P1 at RX1 is the person of referrals 10,000 and 10,004; P1 at RY2 another.
	if p := ix.personOf[10_000:10_005]; p[0] != p[4] || p[0] == p[1] {
		t.Errorf("persons of referrals 10,000 to 10,004: %v", p)
	}
}

// The persons are let go once the conditions are read: the scores read after them
// hold the most memory. Every other table still finds its referrals, and reading the
// conditions again is an error, not a silent read that finds nobody.
func TestPersonsLetGoAfterConditions(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join(fixtureDir, "valid.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys, _, _ := archiveFS(t, ar)
	r, err := openFS(fsys, "export", testInstruments{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var got [][]int
	if err := r.Conditions(func(refs []int, _ Condition) error {
		got = append(got, slices.Clone(refs))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := [][]int{{0, 1}, {2}, {0, 1}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("conditions' referrals %v, want %v", got, want)
	}
	if r.ix.persons != nil || r.ix.personRefs != nil || r.ix.personStart != nil {
		t.Error("the persons are still held after the conditions were read")
	}
	if err := r.Conditions(func([]int, Condition) error { return nil }); !errors.Is(err, errConditionsRead) {
		t.Errorf("conditions read twice: error %v, want %v", err, errConditionsRead)
	}
	contacts := 0
	if err := r.Contacts(func(int, Contact) error { contacts++; return nil }); err != nil || contacts != 4 {
		t.Errorf("contacts after the conditions: %d read, error %v; want 4 and none", contacts, err)
	}
}
