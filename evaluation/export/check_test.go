package export

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date // zero: not a date
	}{
		{"2024-01-05", DateOf(2024, time.January, 5)},
		{"05/01/2024", DateOf(2024, time.January, 5)}, // DD/MM/YYYY: 5 January, not 1 May
		{"2024-02-29", DateOf(2024, time.February, 29)},
		{"29/02/2000", DateOf(2000, time.February, 29)}, // divisible by 400: a leap year
		{"1970-01-01", DateOf(1970, time.January, 1)},
		{"2023-02-29", 0}, // not a leap year
		{"1900-02-29", 0}, // divisible by 100, not 400
		{"2024-02-30", 0},
		{"31/04/2024", 0},
		{"2024-00-10", 0},
		{"2024-1-5", 0},
		{"5/1/2024", 0},
		{"2024/01/05", 0},
		{"01-05-2024", 0},
		{"2024-01-05 00:00", 0},
		{"20240105", 0},
		{"2024-01-0x", 0},
		{"+024-01-05", 0},
		{"", 0},
	} {
		got, ok := parseDate(tc.in)
		if ok != (tc.want != 0) || got != tc.want {
			t.Errorf("parseDate(%q) = %v, %t; want %v", tc.in, got, ok, tc.want)
		}
	}
}

// TestCivil checks the fast day count against DateOf (time.Date) for every day from
// 1900 to 2100.
func TestCivil(t *testing.T) {
	for d := time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= maxYear; d = d.AddDate(0, 0, 1) {
		if got, want := civil(d.Year(), int(d.Month()), d.Day()), DateOf(d.Year(), d.Month(), d.Day()); got != want {
			t.Fatalf("civil(%s) = %d, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}

func TestCodes(t *testing.T) {
	c := &rowCheck{file: "f.csv"}
	two := map[string]string{"1": "01", "01": "01", "001": "01", " 2 ": "02", "10": "10", "0": "00", "": ""}
	for in, want := range two {
		c.reset(2)
		if got := c.twoDigit("AppType", in); got != want || c.failed() {
			t.Errorf("twoDigit(%q) = %q (error %v), want %q", in, got, c.err, want)
		}
	}
	for _, in := range []string{"100", "A1", "-1", "1.0", "１"} {
		c.reset(2)
		if c.twoDigit("AppType", in); !c.failed() {
			t.Errorf("twoDigit(%q) accepted", in)
		}
	}
	attend := map[string]string{"5": "5", "05": "5", "005": "5", "10": "10", "0": "0"}
	for in, want := range attend {
		c.reset(2)
		if got := c.attendCode("AttendOrDNACode", in); got != want || c.failed() {
			t.Errorf("attendCode(%q) = %q (error %v), want %q", in, got, c.err, want)
		}
	}
	complaint := map[string]string{"F41.0": "F410", "f410": "F410", "F32": "F32", "k58.9": "K589", "G93.3": "G933",
		"723916001": "723916001", " F43.1 ": "F431"}
	for in, want := range complaint {
		c.reset(2)
		if got := c.complaintCode("PresComp", in); got != want || c.failed() {
			t.Errorf("complaintCode(%q) = %q (error %v), want %q", in, got, c.err, want)
		}
	}
	for _, in := range []string{"F4", "32", "FF32", "F32.-", "12345", "F41.0.0.0.0"} {
		c.reset(2)
		if c.complaintCode("PresComp", in); !c.failed() {
			t.Errorf("complaintCode(%q) accepted", in)
		}
	}
}

func TestDecimal(t *testing.T) {
	good := map[string]float64{"0": 0, "27": 27, "6.5": 6.5, ".5": 0.5, "5.": 5, "-1": -1, "+3": 3, "007": 7,
		"999999999999999": 999999999999999, "9007199254740993": 9007199254740992, "-0": math.Copysign(0, -1)}
	for in, want := range good {
		if got, ok := decimal(in); !ok || got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("decimal(%q) = %g, %t; want %g", in, got, ok, want)
		}
	}
	for _, in := range []string{"", ".", "-", "NaN", "Inf", "-Inf", "1e3", "0x1p4", "1_000", "1,5", "1 2", "٣"} {
		if got, ok := decimal(in); ok {
			t.Errorf("decimal(%q) = %g, accepted", in, got)
		}
	}
}

// The years 1900 to 2100 are taken, to the day, and no others.
func TestDateYearSpan(t *testing.T) {
	c := &rowCheck{file: "f.csv"}
	for in, ok := range map[string]bool{"1900-01-01": true, "31/12/1899": false, "2100-12-31": true, "01/01/2101": false, "0001-01-01": false, "9999-12-31": false} {
		c.reset(2)
		c.date("CareContDate", in)
		if c.failed() == ok {
			t.Errorf("date(%q): taken %t, want %t", in, !c.failed(), ok)
		}
	}
}

// TestFirstErrorWins: a row reports the first thing wrong with it, in column order.
func TestFirstErrorWins(t *testing.T) {
	c := &rowCheck{file: "referrals.csv"}
	c.reset(7)
	c.requiredDate("ReferralRequestReceivedDate", "nope")
	c.wholeNumber("IMDDecile", "11", 1, 10)
	want := `referrals.csv:7: column ReferralRequestReceivedDate: not a date ("nope")`
	if c.err == nil {
		t.Fatal("no error")
	}
	if e := c.err.rowError(); e.Error() != want || e.Kind != "not a date" || e.Column != "ReferralRequestReceivedDate" || e.Line != 7 {
		t.Errorf("got %+v, want %s", c.err, want)
	}
}

func TestShortenValue(t *testing.T) {
	c := &rowCheck{file: "f.csv"}
	c.reset(2)
	long := ""
	for range 100 {
		long += "é"
	}
	c.date("CareContDate", long)
	want := `f.csv:2: column CareContDate: not a date ("` + long[:120] + `…")` // 60 runes of 2 bytes
	if c.err.message() != want {
		t.Errorf("got %s\nwant %s", c.err.message(), want)
	}
}

// trim is strings.TrimSpace, whatever the ends of the field.
func TestTrimIsTrimSpace(t *testing.T) {
	for _, v := range []string{"", " ", "a", " a", "a ", "\ta\r", "\u00a0a", "a\u00a0", "\u2003", "\x01a\x7f", "é", "a b", "\x85", "\u0085x"} {
		if got, want := trim(v), strings.TrimSpace(v); got != want {
			t.Errorf("trim(%q) = %q, want %q", v, got, want)
		}
	}
}

// The cache of days answers as parseDate does, in both layouts, for days sharing a
// place in it, and for text that is not a day.
func TestDayCacheIsParseDate(t *testing.T) {
	var texts []string
	for y := 1999; y <= 2026; y += 9 {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d += 3 {
				texts = append(texts, fmt.Sprintf("%04d-%02d-%02d", y, m, d), fmt.Sprintf("%02d/%02d/%04d", d, m, y))
			}
		}
	}
	texts = append(texts, "2024-02-30", "2024-02-29", "2023-02-29", "0000000000", "2024-1-011", "")
	dc := new(dayCache)
	for round := range 2 {
		for _, s := range texts {
			got, gotOK := dc.parse(s)
			want, wantOK := parseDate(s)
			if got != want || gotOK != wantOK {
				t.Fatalf("round %d: %q: cache gives %v %v, parseDate %v %v", round, s, got, gotOK, want, wantOK)
			}
		}
	}
}

// The cache of instruments answers as the catalogue does, for names sharing a place
// in it and for names the catalogue does not know.
func TestScaleCacheIsLookup(t *testing.T) {
	in := testInstruments{}
	sc := new(scaleCache)
	for round := range 2 {
		for _, tool := range []string{"PHQ9", "GAD7", "720433000", "445455005", "PHQ-9", "", "WSAS", "phq9", "GAD7 ", "7"} {
			got, gotOK := sc.lookup(in, tool)
			want, wantOK := in.Lookup(tool)
			if got != want || gotOK != wantOK {
				t.Fatalf("round %d: %q: cache gives %v %v, the catalogue %v %v", round, tool, got, gotOK, want, wantOK)
			}
		}
	}
}
