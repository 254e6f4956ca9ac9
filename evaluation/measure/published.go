package measure

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
)

// Published is one row of a measures CSV (Result.Rows, WriteCSV): every field as
// text. In the file the site offers for download, written with disclosure control,
// Value is "*" where a figure is held back and empty where it does not apply.
type Published struct {
	Start, End   string
	Org          string
	VariableType string
	VariableA    string
	ID, Name     string
	Value        string
}

// ReadPublished reads a published measures CSV, calling each for every row in order.
// It is how a later build reads what an earlier one published. name is the file's
// name in messages.
func ReadPublished(r io.Reader, name string, each func(Published) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: the file is empty: a published measures CSV starts with the header %v", name, Header)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !slices.Equal(head, Header) {
		return fmt.Errorf("%s:1: the header is %q, not that of a published measures CSV %q", name, head, Header)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		// The file was written through csvsafe: text that looked like a formula has
		// an apostrophe in front, which is not part of the figure's label.
		for i := range rec {
			rec[i] = csvsafe.Unescape(rec[i])
		}
		p := Published{rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7]}
		for i, d := range []string{p.Start, p.End} {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return fmt.Errorf("%s:%d: column %s: not a date YYYY-MM-DD (%q)", name, line, Header[i], d)
			}
		}
		if p.Value != "" && p.Value != "*" {
			if _, err := strconv.ParseFloat(p.Value, 64); err != nil {
				return fmt.Errorf("%s:%d: column MEASURE_VALUE: not a number, * or empty (%q)", name, line, p.Value)
			}
		}
		if err := each(p); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}
