package synth

import (
	"io"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// table is one CSV file being written. Rows are appended to buf as bytes and handed to
// the writer in blocks of about flushAt bytes: at national scale (tens of millions of
// rows) formatting through fmt or encoding/csv would take most of the run. No value the
// generator writes needs quoting.
type table struct {
	w     io.Writer
	buf   []byte
	rows  int
	bytes int64
	err   error
	dates *dateCache
}

const flushAt = 1 << 18

func newTable(w io.Writer, header string, dates *dateCache) *table {
	t := &table{w: w, buf: make([]byte, 0, flushAt+1024), dates: dates}
	t.buf = append(t.buf, header...)
	t.buf = append(t.buf, '\n')
	return t
}

// Each field method appends its value and a comma; end turns the last comma into the
// line end.
func (t *table) str(s string) {
	t.buf = append(t.buf, s...)
	t.buf = append(t.buf, ',')
}

func (t *table) int(n int) {
	t.buf = strconv.AppendInt(t.buf, int64(n), 10)
	t.buf = append(t.buf, ',')
}

// intOrEmpty writes n, or nothing when n is negative (not recorded).
func (t *table) intOrEmpty(n int) {
	if n >= 0 {
		t.buf = strconv.AppendInt(t.buf, int64(n), 10)
	}
	t.buf = append(t.buf, ',')
}

func (t *table) float(v float64, decimals int) {
	t.buf = strconv.AppendFloat(t.buf, v, 'f', decimals, 64)
	t.buf = append(t.buf, ',')
}

// id writes a pseudonymous identifier: prefix and n padded with zeros to width digits.
func (t *table) id(prefix string, n, width int) {
	t.buf = append(t.buf, prefix...)
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		t.buf = append(t.buf, '0')
	}
	t.buf = append(t.buf, s...)
	t.buf = append(t.buf, ',')
}

// date writes d as YYYY-MM-DD, or nothing for the zero date.
func (t *table) date(d export.Date) {
	t.buf = t.dates.append(t.buf, d)
	t.buf = append(t.buf, ',')
}

func (t *table) end() {
	t.buf[len(t.buf)-1] = '\n'
	t.rows++
	if len(t.buf) >= flushAt {
		t.flush()
	}
}

func (t *table) flush() {
	if t.err == nil && len(t.buf) > 0 {
		n, err := t.w.Write(t.buf)
		t.bytes += int64(n)
		t.err = err
	}
	t.buf = t.buf[:0]
}

// dateCache holds the text of every day the generator can write, so that writing a date
// is a copy rather than a calendar calculation.
type dateCache struct {
	first export.Date
	text  [][10]byte
}

func newDateCache(first, last export.Date) *dateCache {
	c := &dateCache{first: first, text: make([][10]byte, last-first+1)}
	for i := range c.text {
		copy(c.text[i][:], (first + export.Date(i)).String())
	}
	return c
}

func (c *dateCache) append(b []byte, d export.Date) []byte {
	if d.IsZero() {
		return b
	}
	if i := int(d - c.first); i >= 0 && i < len(c.text) {
		return append(b, c.text[i][:]...)
	}
	return append(b, d.String()...)
}
