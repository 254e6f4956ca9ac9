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

// Decimal and SignedDecimal write the workforce and costs pages' figures: thousands
// separated, a real minus sign, never −0.
func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		v      float64
		places int
		want   string
	}{
		{10106.4, 0, "10,106"}, {28.409, 2, "28.41"}, {7, 1, "7"}, {7.5, 1, "7.5"},
		{-1234.5, 0, "−1,235"}, {-0.001, 2, "0.00"}, {999.995, 2, "1,000.00"}, {123456789, 0, "123,456,789"},
	} {
		if got := Decimal(c.v, c.places); got != c.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", c.v, c.places, got, c.want)
		}
	}
}

func TestSignedDecimal(t *testing.T) {
	for _, c := range []struct {
		v      float64
		places int
		want   string
	}{
		{3.2, 2, "+3.20"}, {-3.2, 2, "−3.20"}, {0.004, 2, "0.00"}, {-0.004, 2, "0.00"}, {1500, 0, "+1,500"},
	} {
		if got := SignedDecimal(c.v, c.places); got != c.want {
			t.Errorf("SignedDecimal(%v, %d) = %q, want %q", c.v, c.places, got, c.want)
		}
	}
}
