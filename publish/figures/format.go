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

// Round rounds x half away from zero to the given number of decimal places.
func Round(x float64, decimals int) float64 {
	scale := math.Pow(10, float64(decimals))
	return math.Round(x*scale) / scale
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
