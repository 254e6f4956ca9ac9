// Package csvsafe writes CSV files that are safe to open in a spreadsheet. A text cell
// beginning with "=", "+", "-" or "@" is taken by Excel, LibreOffice and Google Sheets
// for a formula, and a formula can run commands or send the sheet's contents away
// (CSV or formula injection); a leading tab or carriage return can hide such a cell.
// Text in iaptpub's downloads can come from outside: provider names from the national
// publication, codes from a service's export. So every CSV iaptpub writes goes through
// Writer, which puts an apostrophe before such a cell: spreadsheets show it as text,
// and the apostrophe tells a reader of the raw file why. Numbers, negative ones
// included, are written as they are.
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// Writer is an encoding/csv Writer whose cells pass through Cell.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, each cell made safe by Cell. record itself is not changed.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Cell(c))
	}
	return w.w.Write(w.row)
}

// WriteAll writes records with Write and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.w.Flush()
	return w.w.Error()
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }

// number is a plain decimal number, digits grouped by commas or not, which a
// spreadsheet reads as a number and never as a formula even with a sign in front.
var number = regexp.MustCompile(`^[+-]?(\d{1,3}(,\d{3})+(\.\d*)?|\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// Cell returns s as it is safe to write in a CSV cell: with an apostrophe in front when
// it begins with "=", "+", "-", "@", a tab or a carriage return and is not a number.
// Text that already begins with apostrophes before such a character gets one more, so
// that Unescape gives back exactly s.
func Cell(s string) string {
	if formulaLike(s) && !number.MatchString(s) {
		return "'" + s
	}
	return s
}

// Unescape returns the text that Cell wrote as cell: iaptpub reads its own published
// files back (a previous release, the workbook's copy of measures.csv).
func Unescape(cell string) string {
	if strings.HasPrefix(cell, "'") && formulaLike(cell) {
		return cell[1:]
	}
	return cell
}

// formulaLike reports whether s, past any apostrophes in front, begins with a
// character a spreadsheet starts a formula with.
func formulaLike(s string) bool {
	s = strings.TrimLeft(s, "'")
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
