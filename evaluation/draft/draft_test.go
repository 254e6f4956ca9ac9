package draft

import (
	"os"
	"testing"
)

// The shipped names file has every column of the contract, each with a kind.
func TestShippedNames(t *testing.T) {
	if _, err := LoadNames(os.DirFS("../..")); err != nil {
		t.Fatal(err)
	}
}

func TestFitsKind(t *testing.T) {
	for _, tc := range []struct {
		kind, v string
		want    bool
	}{
		{"date", "2024-02-29", true}, {"date", "29/02/2024", true}, {"date", "2023-02-29", false}, {"date", "20240105", false},
		{"code", "DNA", true}, {"code", "05", true}, {"code", "01/02/2024", false},
		{"whole", "30", true}, {"whole", "30.5", false}, {"number", "4.5", true}, {"number", "12abc", false},
		{"ods", "rx1", true}, {"ods", "RWK", true}, {"ods", "R", false}, {"ods", "R-1", false},
		{"id", "R1", true}, {"id", "R 1", false},
	} {
		if got := fitsKind(tc.kind, tc.v); got != tc.want {
			t.Errorf("fitsKind(%s, %q) = %v, want %v", tc.kind, tc.v, got, tc.want)
		}
	}
}
