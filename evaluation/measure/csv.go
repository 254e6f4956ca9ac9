package measure

import (
	"bufio"
	"io"

	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// Header is the header row of the measures CSV (measures.md, section 7).
var Header = []string{"REPORTING_PERIOD_START", "REPORTING_PERIOD_END", "ORG_CODE", "VARIABLE_TYPE", "VARIABLE_A", "MEASURE_ID", "MEASURE_NAME", "MEASURE_VALUE"}

// WriteCSV writes every measure of every cell in long format, one row each, sorted by
// every column in order, comparing the written values as strings. Rows are unique on
// the first six columns (a measure appears once in a cell), so MEASURE_NAME and
// MEASURE_VALUE never decide the order. The rows are written cell by cell, never held
// all at once: a national export has millions.
//
// When controlled, values are as published (disclosure control of measures.md,
// section 5); otherwise they are the unrounded values (Raw.Text), which must not be
// published.
func WriteCSV(w io.Writer, res *Result, controlled bool, rules disclosure.Rules) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csvsafe.NewWriter(bw)
	if err := cw.Write(Header); err != nil {
		return err
	}
	row := make([]string, len(Header))
	for k, c := range res.written {
		cell := &res.cells[res.cellIdx[k]]
		v := int(res.cellIdx[k]) % len(res.values)
		row[0], row[1] = c.Period.Start.String(), c.Period.End.String()
		row[2], row[3], row[4] = c.Org, c.VariableType, c.VariableA
		for i := range res.measures {
			m := &res.measures[i]
			if !res.applies(m, v) {
				continue
			}
			raw := m.raw(cell)
			row[5], row[6] = m.ID, m.Name
			if controlled {
				row[7] = raw.Controlled(rules).Text
			} else {
				row[7] = raw.Text()
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
