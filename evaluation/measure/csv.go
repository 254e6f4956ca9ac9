package measure

import (
	"bufio"
	"io"
	"iter"

	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// Header is the header row of the measures CSV (measures.md, section 7).
var Header = []string{"REPORTING_PERIOD_START", "REPORTING_PERIOD_END", "ORG_CODE", "VARIABLE_TYPE", "VARIABLE_A", "MEASURE_ID", "MEASURE_NAME", "MEASURE_VALUE"}

// Rows yields the rows of the measures CSV, one per measure of every cell, in the
// order WriteCSV writes them: sorted by every column in order, comparing the values
// as strings. Rows are unique on the first six columns (a measure appears once in a
// cell), so MEASURE_NAME and MEASURE_VALUE never decide the order. The fields are
// the text before any CSV escaping: a label is as it came, not with the apostrophe
// package csvsafe puts before one that looks like a formula.
//
// WriteCSV writes exactly these rows, so whatever else is made from them (the
// workbook's sheet of all measures) holds the very figures of the CSV, without
// reading the CSV back. The rows are made cell by cell, never held all at once: a
// national export has millions.
//
// When controlled, values are as published (disclosure control of measures.md,
// section 5): a number strconv wrote, "*" or empty. Otherwise they are the unrounded
// values (Raw.Text), which must not be published.
func (res *Result) Rows(controlled bool, rules disclosure.Rules) iter.Seq[Published] {
	return func(yield func(Published) bool) {
		for k, c := range res.written {
			cell := &res.cells[res.cellIdx[k]]
			v := int(res.cellIdx[k]) % len(res.values)
			row := Published{
				Start: c.Period.Start.String(), End: c.Period.End.String(),
				Org: c.Org, VariableType: c.VariableType, VariableA: c.VariableA,
			}
			for i := range res.measures {
				m := &res.measures[i]
				if !res.applies(m, v) {
					continue
				}
				raw := m.raw(cell)
				row.ID, row.Name = m.ID, m.Name
				if controlled {
					row.Value = raw.Controlled(rules).Text
				} else {
					row.Value = raw.Text()
				}
				if !yield(row) {
					return
				}
			}
		}
	}
}

// WriteCSV writes the rows of res (Result.Rows) as the measures CSV, in long format
// under Header, each cell made safe to open in a spreadsheet (package csvsafe).
// controlled is as for Rows: only controlled values may be published.
func WriteCSV(w io.Writer, res *Result, controlled bool, rules disclosure.Rules) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csvsafe.NewWriter(bw)
	if err := cw.Write(Header); err != nil {
		return err
	}
	row := make([]string, len(Header))
	for p := range res.Rows(controlled, rules) {
		row[0], row[1], row[2], row[3] = p.Start, p.End, p.Org, p.VariableType
		row[4], row[5], row[6], row[7] = p.VariableA, p.ID, p.Name, p.Value
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
