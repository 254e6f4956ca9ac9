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

func TestLongDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-06-12": "12 June 2025",
		"2024-04-01": "1 April 2024", // no leading zero
		"2025-03-31": "31 March 2025",
		"2024-25":    "2024-25", // a financial year stays as it is
		"":           "",
		"12/06/2025": "12/06/2025",
	} {
		if got := LongDate(in); got != want {
			t.Errorf("LongDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMinus(t *testing.T) {
	for in, want := range map[string]string{
		"-250.05":               "−250.05",
		"-838.25 to -165.66":    "−838.25 to −165.66",
		"-212.56 to +418.20":    "−212.56 to +418.20",
		"-£290":                 "−£290",
		"(-3)":                  "(−3)",
		"2024-25":               "2024-25", // a financial year
		"Q1-Q2":                 "Q1-Q2",
		"1-4 people":            "1-4 people",
		"self-referral":         "self-referral",
		"*":                     "*",
		"-":                     "-",
		"Change in cost -1,098": "Change in cost −1,098",
	} {
		if got := Minus(in); got != want {
			t.Errorf("Minus(%q) = %q, want %q", in, got, want)
		}
	}
}
