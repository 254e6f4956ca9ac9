package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/iaptpub/iaptpub/progress"
)

// tableSpec describes one table of the data contract. Its columns come from the struct
// tags of its raw row type: `csv:"Name"` names the column, `contract:"required"` marks
// a required one and `code:"true"` one holding codes (whose values a Mapping may map),
// so the contract is written down once.
type tableSpec struct {
	file     string
	row      reflect.Type // the raw row struct
	columns  []string
	required []string
	codes    []string
}

func specOf(file string, row any) *tableSpec {
	t := reflect.TypeOf(row)
	s := &tableSpec{file: file, row: t}
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("csv")
		s.columns = append(s.columns, name)
		if f.Tag.Get("contract") == "required" {
			s.required = append(s.required, name)
		}
		if f.Tag.Get("code") == "true" {
			s.codes = append(s.codes, name)
		}
	}
	return s
}

// tableReader streams the rows of one file: a row with no quote in it is split on its
// commas here, encoding/csv does the RFC 4180 splitting of the others, gocsv reads the
// header, and tableReader copies each row's fields into the raw row
// struct, keeps the line numbers and the report.
//
// The rows are not read through gocsv's Unmarshaller: it allocates a new struct and
// boxes every field through reflection, one allocation per field, which at national
// scale was 40% of the reading time and most of the garbage collector's work. Copying
// by column position into one reused struct allocates nothing; encoding/csv's one
// string per row is all that is left.
//
// Splitting the file into rows (checking UTF-8, counting lines, encoding/csv) runs on
// its own goroutine, a batch of rows ahead of the checks and the caller's function, so
// a read uses two cores. Everything that the report or the caller sees still happens
// on the calling goroutine, in file order.
type tableReader struct {
	r       *Reader
	spec    *tableSpec
	file    string        // the export's name for the file (see Mapping)
	mapping *tableMapping // nil when the file is read as the contract has it
	f       fs.File
	lines   *lineReader         // used by the splitting goroutine once it has started
	csv     *csv.Reader         // likewise: for the rows lines.plainLine leaves to it
	unseen  int                 // likewise: lines read past encoding/csv, which it does not count
	headers []string            // as the export has them
	names   []string            // per header: the contract column it is read as; "" for none
	raw     any                 // *rawX, reused for every row
	fields  []reflect.Value     // the raw struct's fields, settable
	pos     []int               // per field: the column holding it, or -1
	values  []map[string]string // per field: the mapping of its values to codes, or nil
	stats   *fileStats
	check   rowCheck
	prog    *progress.Stage

	// Between the splitting goroutine and the caller's.
	full, free chan *rowBatch
	stop       chan struct{} // closed when the caller stops reading early
	exited     chan struct{} // closed when the splitting goroutine has returned
	batch      *rowBatch     // the batch being checked
	cur, at    int           // its next row, and where that row's fields start
	rowLines   int32         // the lines the row being checked spans
}

// rowBatch carries split rows from the splitting goroutine to the checking one.
type rowBatch struct {
	rows   []splitRow
	fields []string // every row's fields, end to end
	offset int64    // bytes read when the batch was sent, for progress
	end    error    // after the rows: io.EOF, or the error that ended the file; nil when more follow
}

type splitRow struct {
	line  int             // physical line where the row starts
	lines int32           // physical lines it spans: more than 1 when a quoted field holds line breaks
	end   int             // the row's fields end at fields[end]
	err   *csv.ParseError // the row could not be split; it has no fields
}

// Rows per batch, and batches in flight: enough that neither goroutine waits on the
// other for long, few enough that a batch's rows stay in the processor's cache.
const (
	batchRows = 512
	batches   = 4
)

// openTable opens a table and checks its header. Any error is already recorded in the
// report.
func (r *Reader) openTable(spec *tableSpec) (*tableReader, error) {
	file := r.opts.Mapping.File(spec.file)
	stats := &fileStats{rep: FileReport{File: file}}
	r.stats[spec.file] = stats
	t := &tableReader{r: r, spec: spec, file: file, mapping: r.opts.Mapping.table(spec.file), stats: stats,
		check: rowCheck{file: file, published: r.opts.Published}}
	f, err := r.fsys.Open(file)
	if err != nil {
		return nil, t.fail(fmt.Errorf("%s: cannot open it in %s: %w", file, r.folder, err))
	}
	t.f = f
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	if t.lines, err = newLineReader(file, f); err != nil {
		f.Close()
		return nil, t.fail(err)
	}
	t.csv = csv.NewReader(t.lines)
	t.csv.ReuseRecord = true // the strings are fresh for each row; the slice can be reused
	um, err := gocsv.NewUnmarshaller(t.csv, reflect.New(spec.row).Interface())
	switch {
	case err == io.EOF:
		err = fmt.Errorf("%s: the file is empty; it needs at least a header row with the columns %s",
			file, strings.Join(spec.required, ", "))
	case err != nil && !isFileError(err):
		err = fmt.Errorf("%s: cannot read the header row: %w", file, err)
	case err == nil:
		t.headers = slices.Clone(um.Headers) // the csv reader reuses the slice
		err = t.header()
	}
	t.lines.endRecord()
	if err != nil {
		f.Close()
		return nil, t.fail(err)
	}
	t.bind()
	t.prog = r.opts.Progress.Stage("reading "+file, "rows", size)
	t.full, t.free = make(chan *rowBatch, batches), make(chan *rowBatch, batches)
	for range batches {
		t.free <- &rowBatch{}
	}
	t.stop, t.exited = make(chan struct{}), make(chan struct{})
	go t.split()
	return t, nil
}

// split runs on its own goroutine: it splits the file into rows and sends them on in
// batches, until the end of the file, an error that ends it, or stop.
func (t *tableReader) split() {
	defer close(t.exited)
	for {
		var b *rowBatch
		select {
		case b = <-t.free:
		case <-t.stop:
			return
		}
		b.rows, b.fields, b.end = b.rows[:0], b.fields[:0], nil
		for len(b.rows) < batchRows && b.end == nil {
			line, skipped, plain := t.lines.plainLine()
			t.unseen += skipped
			if plain {
				t.unseen++
				b.rows = append(b.rows, t.splitPlain(b, line))
				continue
			}
			rec, err := t.csv.Read()
			lines := int32(t.lines.endRecord())
			var pe *csv.ParseError // declared here: errors.As moves it to the heap
			switch {
			case err == nil:
				line, _ := t.csv.FieldPos(0)
				b.fields = append(b.fields, rec...)
				b.rows = append(b.rows, splitRow{line: line + t.unseen, lines: lines, end: len(b.fields)})
			case errors.As(err, &pe):
				pe.StartLine += t.unseen
				pe.Line += t.unseen
				b.rows = append(b.rows, splitRow{line: pe.StartLine, lines: lines, end: len(b.fields), err: pe})
			default:
				b.end = err
			}
		}
		b.offset = t.lines.offset
		select {
		case t.full <- b:
		case <-t.stop:
			return
		}
		if b.end != nil {
			return
		}
	}
}

// splitPlain splits a line with no quote in it on its commas, as encoding/csv would,
// onto the batch's fields, and returns its row. This is most of the rows of an export,
// and encoding/csv, which reads rune by rune for quotes, was the largest single cost of
// reading at national scale.
func (t *tableReader) splitPlain(b *rowBatch, line []byte) splitRow {
	start := t.lines.recordStart
	t.lines.endRecord()
	from := len(b.fields)
	s := string(line) // one string a row, its fields slices of it, as encoding/csv does
	// A loop, not strings.IndexByte: fields are a few bytes, shorter than a call costs.
	j := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			b.fields = append(b.fields, s[j:i])
			j = i + 1
		}
	}
	b.fields = append(b.fields, s[j:])
	if len(b.fields)-from != t.csv.FieldsPerRecord {
		b.fields = b.fields[:from]
		return splitRow{line: start, lines: 1, end: from,
			err: &csv.ParseError{StartLine: start, Line: start, Column: 1, Err: csv.ErrFieldCount}}
	}
	return splitRow{line: start, lines: 1, end: len(b.fields)}
}

// header applies the contract's header rules to the export's header row, reading each
// header as the contract column the mapping makes it. Names are matched exactly: a
// " ServiceRequestId" or a name with a zero-width space is not ServiceRequestId.
func (t *tableReader) header() error {
	found := t.headers
	seen := make(map[string]int, len(found))
	for i, h := range found {
		if j, dup := seen[h]; dup {
			return fmt.Errorf("%s: the header names column %q twice (columns %d and %d); remove or rename one",
				t.file, h, j+1, i+1)
		}
		seen[h] = i
	}
	quoted := make([]string, len(found))
	for i, h := range found {
		quoted[i] = fmt.Sprintf("%q", h)
	}
	known := make(map[string]bool, len(t.spec.columns))
	for _, c := range t.spec.columns {
		known[c] = true
	}
	t.names = slices.Clone(found)
	if m := t.mapping; m != nil {
		for _, c := range t.spec.columns {
			h, mapped := m.columns[c]
			if !mapped {
				continue
			}
			i, ok := seen[h]
			if !ok {
				return fmt.Errorf("%s: the mapping %s gives column %s as %q, which the file does not have; "+
					"correct [%s.columns] %s there to one of the columns found: %s",
					t.file, t.r.opts.Mapping.Name(), c, h, m.table, c, strings.Join(quoted, ", "))
			}
			t.names[i] = c
		}
		for i, h := range found {
			if _, mapped := m.columns[h]; mapped && t.names[i] == h {
				t.names[i] = "" // the contract's name, given to another header: this one is not read
			}
		}
	}
	named := make(map[string]bool, len(found))
	for _, n := range t.names {
		named[n] = true
	}
	var missing []string
	for _, c := range t.spec.required {
		if !named[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		what := "column " + missing[0]
		if len(missing) > 1 {
			what = "columns " + strings.Join(missing, ", ")
		}
		hint := ""
		if t.r.opts.Mapping != nil {
			hint = fmt.Sprintf(", or give the export's own header for it in [%s.columns] of the mapping %s",
				strings.TrimSuffix(t.spec.file, ".csv"), t.r.opts.Mapping.Name())
		}
		return fmt.Errorf("%s: missing required %s (names are matched exactly, with capitals%s); the columns found are: %s",
			t.file, what, hint, strings.Join(quoted, ", "))
	}
	var unknown []string
	for i, h := range found {
		if !known[t.names[i]] {
			unknown = append(unknown, fmt.Sprintf("%q", h))
		}
	}
	if len(unknown) > 0 {
		t.stats.warnings.add(&fault{file: t.file, kind: "unknown columns",
			text: "columns not in the data contract, ignored: " + strings.Join(unknown, ", ")})
	}
	return nil
}

// bind points each field of the raw row struct at its column, and at the mapping of
// its values when it has one.
func (t *tableReader) bind() {
	col := make(map[string]int, len(t.names))
	for i, n := range t.names {
		col[n] = i
	}
	v := reflect.New(t.spec.row)
	t.raw = v.Interface()
	t.fields = make([]reflect.Value, len(t.spec.columns))
	t.pos = make([]int, len(t.spec.columns))
	t.values = make([]map[string]string, len(t.spec.columns))
	for i, name := range t.spec.columns {
		t.fields[i] = v.Elem().Field(i)
		t.pos[i] = -1
		if j, ok := col[name]; ok {
			t.pos[i] = j
		}
		if t.mapping != nil {
			t.values[i] = t.mapping.values[name]
		}
	}
	if t.mapping != nil {
		t.check.headers = t.mapping.columns
	}
}

// next returns the next row that encoding/csv could split, in the raw row struct
// (reused by the following call), and its physical line. Rows it could not split (wrong
// number of fields, bad quoting) are counted and reported here. It returns io.EOF at the
// end, or an error that ends the read (already recorded).
func (t *tableReader) next() (any, int, error) {
	for {
		if t.batch == nil || t.cur == len(t.batch.rows) {
			if t.batch != nil {
				switch end := t.batch.end; {
				case end == io.EOF:
					return nil, 0, io.EOF
				case end != nil:
					var sq *strayQuoteError
					if errors.As(end, &sq) && sq.field >= 0 && sq.field < len(t.headers) {
						sq.column = t.headers[sq.field]
					}
					return nil, 0, t.fail(end)
				}
				t.free <- t.batch
			}
			t.batch, t.cur, t.at = <-t.full, 0, 0
			continue
		}
		row := &t.batch.rows[t.cur]
		rec := t.batch.fields[t.at:row.end]
		t.cur, t.at = t.cur+1, row.end
		t.stats.rep.Read++
		t.stats.rep.Lines += int64(row.lines)
		t.rowLines = row.lines
		pe := row.err
		if pe == nil {
			if t.stats.rep.Read%4096 == 0 {
				t.prog.Advance(t.stats.rep.Read, t.batch.offset)
			}
			t.check.reset(row.line)
			for i, p := range t.pos {
				v := ""
				if p >= 0 {
					v = rec[p]
				}
				if t.values[i] != nil {
					v = t.code(i, v)
				}
				t.fields[i].SetString(v)
			}
			return t.raw, row.line, nil
		}
		f := fault{file: t.file, line: pe.StartLine, kind: "bad quoting",
			text: fmt.Sprintf("the row cannot be split into fields: %v (a field holding a quote must be quoted, and the quote doubled)", pe.Err)}
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			f.kind = "wrong number of fields"
			f.text = fmt.Sprintf("the row has a different number of fields from the header's %d (check for an unquoted comma)", len(t.headers))
		}
		if err := t.reject(&f); err != nil {
			return nil, 0, err
		}
	}
}

// code returns the contract's code for value v of field i, whose values are mapped.
// A value the mapping does not list fails the row; an empty one stays empty, for the
// contract's own rules on missing values.
func (t *tableReader) code(i int, v string) string {
	if strings.TrimSpace(v) == "" {
		return v
	}
	if code, ok := t.values[i][valueKey(v)]; ok {
		return code
	}
	col := t.spec.columns[i]
	t.check.fail(col, "value not in the mapping",
		fmt.Sprintf("a value the mapping %s does not give a code for; add it to [%s.values.%s] there, or correct the row",
			t.r.opts.Mapping.Name(), t.mapping.table, col), strings.TrimSpace(v))
	return ""
}

// reject counts a row that is left out. In strict mode it ends the read.
func (t *tableReader) reject(f *fault) error {
	t.stats.rep.LeftOut++
	t.stats.rep.LeftOutLines += int64(t.rowLines)
	t.stats.errors.add(f)
	if t.r.opts.Strict {
		return t.fail(f.rowError())
	}
	return nil
}

// warn records a warning about a row that is accepted.
func (t *tableReader) warn(col, kind, text, value string) {
	t.stats.warnings.add(&fault{file: t.file, line: t.check.line, column: t.check.header(col), kind: kind, text: text, value: value})
}

// deliver counts an accepted row, given the error of the caller's function for it.
func (t *tableReader) deliver(err error) error {
	t.stats.rep.Accepted++
	if err != nil {
		return fmt.Errorf("%s:%d: %w", t.file, t.check.line, err)
	}
	return nil
}

// fail records why the file could not be read on, and returns err.
func (t *tableReader) fail(err error) error {
	t.stats.rep.Failed = err.Error()
	return err
}

// finish closes the file and adds the notes about it.
func (t *tableReader) finish() error {
	t.prog.Done(t.stats.rep.Read)
	if t.stats.rep.Read == 0 {
		t.stats.rep.Notes = append(t.stats.rep.Notes, "the file has a header row but no data rows")
	}
	return t.close()
}

func (t *tableReader) close() error {
	if t.f == nil {
		return nil
	}
	if t.stop != nil {
		close(t.stop)
		<-t.exited // it may be reading the file
		t.stop = nil
	}
	err := t.f.Close()
	t.f = nil
	return err
}
