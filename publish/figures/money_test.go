package figures

import (
	"math"
	"testing"
)

// The expectations are worked by hand from the rules of issue 13 (money per person to
// £10, yearly totals to £1,000, halves away from zero, a real minus sign, "lower" and
// "higher" in place of signs, "about" where rounded, "no clear change" when the 95%
// interval reaches zero).
func TestPounds(t *testing.T) {
	for _, c := range []struct {
		v, to float64
		want  string
	}{
		{0, ToPerPerson, "£0"},
		{5, ToPerPerson, "£10"}, // exactly half: away from zero
		{4.99, ToPerPerson, "£0"},
		{-5, ToPerPerson, "−£10"},
		{-0.4, ToPerPerson, "£0"}, // never "−£0"
		{289.6, ToPerPerson, "£290"},
		{219010, ToYearly, "£219,000"},
		{1500, ToYearly, "£2,000"},
		{-1234567, ToYearly, "−£1,235,000"},
	} {
		if got := Pounds(c.v, c.to); got != c.want {
			t.Errorf("Pounds(%v, %v) = %q, want %q", c.v, c.to, got, c.want)
		}
	}
}

func TestShiftAndRange(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{-236.40, "£240 lower"}, {41.36, "£40 higher"}, {4, "£0"}, {-5, "£10 lower"}} {
		if got := Shift(c.v, ToPerPerson); got != c.want {
			t.Errorf("Shift(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{-275.89, -197.97, "£200 to £280 lower"},
		{10.2, 69.9, "£10 to £70 higher"},
		{-387.73, 35.40, "£390 lower to £40 higher"},
		{math.NaN(), 1, ""},
	} {
		if got := Range(c.lo, c.hi, ToPerPerson); got != c.want {
			t.Errorf("Range(%v, %v) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

func TestChange(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name          string
		v, lo, hi, to float64
		per, want     string
	}{
		{"a clear fall, rounded", -289.6, -460.2, -120.4, ToPerPerson, " per person a year",
			"about £290 lower per person a year (95% interval £120 to £460 lower)"},
		{"a clear fall, already round", -290, -460, -120, ToPerPerson, "",
			"£290 lower (95% interval £120 to £460 lower)"},
		{"a clear rise", 41.36, 10.2, 69.9, ToPerPerson, " per person",
			"about £40 higher per person (95% interval £10 to £70 higher)"},
		{"interval crossing zero", -167.00, -387.73, 35.40, ToPerPerson, "",
			"no clear change: about £170 lower (95% interval £390 lower to £40 higher)"},
		{"interval touching zero", -100, -200, 0, ToPerPerson, "",
			"no clear change: £100 lower (95% interval £200 lower to £0)"},
		{"zero", 0, -30, 20, ToPerPerson, " per person",
			"no clear change: about the same (95% interval £30 lower to £20 higher)"},
		{"exactly £5 rounds up", -5, nan, nan, ToPerPerson, "", "about £10 lower"},
		{"a yearly total", -219010, -325301, -111294, ToYearly, " a year",
			"about £219,000 lower a year (95% interval £111,000 to £325,000 lower)"},
	} {
		if got := Change(c.v, c.lo, c.hi, c.to, c.per); got != c.want {
			t.Errorf("%s: Change = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestClearOfZeroAndAbout(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   bool
	}{{-2, -1, true}, {1, 2, true}, {-1, 1, false}, {-1, 0, false}, {0, 1, false}, {math.NaN(), -1, false}, {math.NaN(), math.NaN(), false}} {
		if got := ClearOfZero(c.lo, c.hi); got != c.want {
			t.Errorf("ClearOfZero(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
	if got := About(219010, ToYearly); got != "about £219,000" {
		t.Errorf("About(219010) = %q", got)
	}
	if got := About(300, ToPerPerson); got != "£300" {
		t.Errorf("About(300) = %q", got)
	}
}
