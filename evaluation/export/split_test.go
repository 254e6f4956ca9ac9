package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// splitAll splits data as a table reader does (the header through encoding/csv, the
// rows by the splitting goroutine, and blocks of plain lines by a worker) and describes
// each row: its line, the lines it spans, and its fields or its error; then how the
// file ended.
func splitAll(t *testing.T, data []byte) []string {
	lr, err := newLineReader("t.csv", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tr := &tableReader{lines: lr, csv: csv.NewReader(lr)}
	tr.csv.ReuseRecord = true
	header, err := tr.csv.Read()
	if err != nil {
		return []string{"header: " + err.Error()}
	}
	lr.endRecord()
	var out []string
	var b rowBatch
	for {
		tr.fill(&b)
		if b.text != "" {
			b.splitText(len(header))
		}
		at := 0
		for _, r := range b.rows {
			if r.err != nil {
				out = append(out, fmt.Sprintf("%d+%d: %d:%v", r.line, r.lines, r.err.StartLine, r.err.Err))
			} else {
				out = append(out, fmt.Sprintf("%d+%d: %q", r.line, r.lines, b.fields[at:r.end]))
			}
			at = r.end
		}
		if b.end != nil {
			return append(out, "end: "+b.end.Error())
		}
	}
}

// csvAll is splitAll's answer read from encoding/csv alone, as every row was split
// before rows without quotes were split by hand.
func csvAll(t *testing.T, data []byte) []string {
	lr, err := newLineReader("t.csv", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(lr)
	if _, err := r.Read(); err != nil {
		return []string{"header: " + err.Error()}
	}
	lr.endRecord()
	var out []string
	for {
		rec, err := r.Read()
		lines := lr.endRecord()
		var pe *csv.ParseError
		switch {
		case err == nil:
			line, _ := r.FieldPos(0)
			out = append(out, fmt.Sprintf("%d+%d: %q", line, lines, rec))
		case errors.As(err, &pe):
			out = append(out, fmt.Sprintf("%d+%d: %d:%v", pe.StartLine, lines, pe.StartLine, pe.Err))
		default:
			if err == io.EOF {
				return append(out, "end: EOF")
			}
			return append(out, "end: "+err.Error())
		}
	}
}

var splitCases = []string{
	"a,b,c\n1,2,3\n4,5,6\n",
	"a,b,c\r\n1,2,3\r\n\r\n\n4,5,6",
	"a,b,c\n1,2\n1,2,3,4\n,,\n",
	"\n\na,b\n\n1,\"2\n3\"\n4,5\n\n\n6,7\r\n",
	"a,b\n1,x\"y\n2,3\n\"4\",5\n6,\"7",
	"a,b\n1,2\r3\n4,5\r",
	"a,b\n1,\"open\n2,3\n",
	"a,b\n1,2\n\xff,3\n",
	"\uFEFFa,b\n1,2\n",
	"a\n\n\n1\n \n",
}

// Rows without quotes are split by hand and the others by encoding/csv: together they
// must give what encoding/csv alone gives, field for field and line for line, with the
// same errors, whatever the bytes.
func TestSplitMatchesEncodingCSV(t *testing.T) {
	for _, c := range splitCases {
		checkSplit(t, []byte(c))
	}
	var many strings.Builder
	many.WriteString("a,b,c\n")
	for i := range 3000 { // more than a batch, and quoted rows among plain ones
		if i%7 == 0 {
			fmt.Fprintf(&many, "%d,\"x\ny\",z\n\n", i)
		} else {
			fmt.Fprintf(&many, "%d,y,z\n", i)
		}
	}
	checkSplit(t, []byte(many.String()))
}

func FuzzSplitMatchesEncodingCSV(f *testing.F) {
	for _, c := range splitCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkSplit(t, data) })
}

func checkSplit(t *testing.T, data []byte) {
	t.Helper()
	got, want := splitAll(t, data), csvAll(t, data)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%q:\nsplit\n\t%s\nencoding/csv\n\t%s", data, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// The rows of a file are estimated from its first buffer of lines, within the spread
// lengths of its lines: here every row is 8 bytes, so the estimate is exact.
func TestRowsAhead(t *testing.T) {
	var data strings.Builder
	data.WriteString("a,b\n")
	for i := range 200_000 {
		fmt.Fprintf(&data, "%d,x\n", 10_000+i%90_000) // 8 bytes
	}
	lr, err := newLineReader("t.csv", strings.NewReader(data.String()))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(lr)
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	lr.endRecord()
	if got := lr.rowsAhead(int64(data.Len())); got != 200_000 {
		t.Errorf("rowsAhead = %d, want 200000", got)
	}
}
