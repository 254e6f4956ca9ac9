package figures

import (
	"math"
	"strconv"
	"strings"
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
