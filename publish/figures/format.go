package figures

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Fixed writes a percentage to the given number of decimal places, keeping trailing
// zeros ("50.0"), so that figures compared side by side have the same precision.
func Fixed(pct float64, decimals int) string {
	return strconv.FormatFloat(Round(pct, decimals), 'f', decimals, 64)
}

// Round rounds x half away from zero to the given number of decimal places; a value
// that rounds to zero is 0, never −0.
func Round(x float64, decimals int) float64 {
	scale := math.Pow(10, float64(decimals))
	r := math.Round(x*scale) / scale
	if r == 0 {
		return 0
	}
	return r
}

// Decimal writes v to the given places with thousands separated by commas and a real
// minus sign: 10106.4 → "10,106" (0 places), 28.409 → "28.41", −3.5 → "−3.5". With one
// place a trailing zero is dropped ("7.0" → "7").
func Decimal(v float64, places int) string {
	s := strconv.FormatFloat(Round(v, places), 'f', places, 64)
	if places == 1 {
		s = strings.TrimSuffix(s, ".0")
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	out := Thousands(whole)
	if frac != "" {
		out += "." + frac
	}
	if neg {
		return "−" + out
	}
	return out
}

// SignedDecimal is Decimal with a plus sign on a value that does not round to 0.
func SignedDecimal(v float64, places int) string {
	if Round(v, places) > 0 {
		return "+" + Decimal(v, places)
	}
	return Decimal(v, places)
}

// Thousands writes a whole number with commas between thousands, as the publication's
// readers expect; anything else ("*", "", "50.5") is returned as it is.
func Thousands(s string) string {
	if s == "" || strings.Trim(s, "0123456789") != "" || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Signed writes a difference with its sign, a real minus sign rather than a hyphen: "+1,205", "−2", "0".
func Signed(d float64) string {
	s := Thousands(strconv.FormatFloat(math.Abs(d), 'f', -1, 64))
	switch {
	case d > 0:
		return "+" + s
	case d < 0:
		return "−" + s
	}
	return "0"
}

// LongDateLayout is how a reader is shown a date, as the NHS style guide writes it:
// 12 June 2025 (the templates use the same layout with Hugo's time.Format).
const LongDateLayout = "2 January 2006"

// LongDate says a date written YYYY-MM-DD as a reader is shown it, "12 June 2025";
// anything else (a financial year, "2024-25", or nothing) is returned as it is.
func LongDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format(LongDateLayout)
}

// hyphenMinus is a hyphen standing for a minus sign: before a digit or a pound sign,
// and not after a letter or a digit (so not in "2024-25" or "Q1-Q2").
var hyphenMinus = regexp.MustCompile(`(^|[^\p{L}\p{N}])-([0-9£])`)

// Minus writes every negative number in s with a real minus sign (U+2212), as a
// statistics publication prints it, rather than the hyphen a program writes:
// "-838.25 to -165.66" becomes "−838.25 to −165.66". It is for what a reader sees;
// files for machines (the CSV downloads, the workbook) keep the hyphen.
func Minus(s string) string {
	return hyphenMinus.ReplaceAllString(s, "${1}−${2}")
}
