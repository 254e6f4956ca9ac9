package figures

import "testing"

func TestThousandsAndSigned(t *testing.T) {
	for d, want := range map[float64]string{1205: "+1,205", -2: "−2", 0: "0", 2710: "+2,710", -1000000: "−1,000,000"} {
		if got := Signed(d); got != want {
			t.Errorf("Signed(%v) = %q, want %q", d, got, want)
		}
	}
	for in, want := range map[string]string{"670419": "670,419", "999": "999", "1000": "1,000", "*": "*", "": "", "50.5": "50.5"} {
		if got := Thousands(in); got != want {
			t.Errorf("Thousands(%q) = %q, want %q", in, got, want)
		}
	}
}
