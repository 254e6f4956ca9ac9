package export

import (
	"fmt"
	"testing"
)

// other answers for each row's OrgIDProv, whatever the rows before it: the answer
// it keeps for the last one asked about is only a shortcut.
func TestOtherProvidersRowByRow(t *testing.T) {
	p := newProviders([]string{"zza ", "ZZB"})
	for i, c := range []struct {
		org   string
		other bool
	}{
		{"", false}, {"ZZA", false}, {"ZZA", false}, {"ZZX", true}, {"ZZX", true},
		{"ZZB", false}, {"zzx", false}, {"ZZX", true}, {"", false}, {"ZZA", false},
		{"R1A2B3C", false}, {"ZZC", true},
	} {
		if got := p.other(c.org); got != c.other {
			t.Errorf("row %d: other(%q) = %v, want %v", i+1, c.org, got, c.other)
		}
	}
	// Past the values it remembers, every value is still answered.
	for i := range 2 * maxAnswers {
		org := fmt.Sprintf("ZX%d", i)
		if !p.other(org) || !p.other(org) {
			t.Errorf("other(%q) = false after %d values, want true", org, i)
		}
	}
	// A value it no longer remembers is answered for itself, not as the value before.
	for _, c := range []struct {
		org   string
		other bool
	}{{"ZZA", false}, {"ZX99", true}, {"ZZB", false}, {"bad code", false}, {"ZX98", true}} {
		if got := p.other(c.org); got != c.other {
			t.Errorf("after %d values: other(%q) = %v, want %v", 2*maxAnswers, c.org, got, c.other)
		}
	}
	var none *providers
	if none.other("ZZX") {
		t.Error("without a list of providers, a provider's rows were set aside")
	}
}
