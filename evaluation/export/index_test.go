package export

import (
	"slices"
	"testing"
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
