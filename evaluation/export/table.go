package export

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"reflect"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

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

// tableReader streams the rows of one file in three stages, so that a read keeps every
// core busy:
//
//   - one goroutine splits the file into rows: runs of plain lines (no quote) as
//     blocks of text, and the rows with quotes through encoding/csv, which does the
//     RFC 4180 splitting; gocsv reads the header;
//   - workers, one per core, split the blocks on their commas and check each row's
//     fields on their own (dates, codes, numbers, the referral it names), each batch of
//     rows on one worker;
//   - the calling goroutine takes the checked batches in file order and does what
//     depends on the rows before: duplicates, the index of referrals, the report, the
//     caller's function.
//
// Everything that the report or the caller sees happens on the calling goroutine, in
// file order, so the answer does not depend on the number of cores.
//
// The rows are not read through gocsv's Unmarshaller: it allocates a new struct and
// boxes every field through reflection, one allocation per field, which at national
// scale was 40% of the reading time and most of the garbage collector's work. Copying
// by column position into one reused struct allocates nothing; one string per block of
// lines is all that is left.
type tableReader struct {
	r       *Reader
	spec    *tableSpec
	file    string        // the export's name for the file (see Mapping)
	mapping *tableMapping // nil when the file is read as the contract has it
	f       fs.File
	lines   *lineReader         // used by the splitting goroutine once it has started
	csv     *csv.Reader         // likewise: for the rows lines.plainBlock leaves to it
	unseen  int                 // likewise: lines taken in blocks, which encoding/csv does not count
	headers []string            // as the export has them
	names   []string            // per header: the contract column it is read as; "" for none
	pos     []int               // per contract column: the column holding it, or -1
	values  []map[string]string // per contract column: the mapping of its values to codes, or nil
	stats   *fileStats
	check   rowCheck // the calling goroutine's, for what it finds wrong with a row
	// rowsAhead estimates the rows after the header from the file's size and its first
	// lines, so that what grows with the rows can be made its size at once.
	rowsAhead int
	prog      *progress.Stage

	// Between the goroutines.
	work     chan *rowBatch // split, to be checked by a worker
	ordered  chan *rowBatch // the same batches in file order, for the caller
	free     chan *rowBatch
	stop     chan struct{} // closed when the caller stops reading early
	running  sync.WaitGroup
	rowLines int32 // the lines the row being applied spans
}

// rowBatch carries rows from the splitting goroutine through a worker to the caller.
type rowBatch struct {
	text      string        // plain lines, end to end, that the worker splits; "" when rows holds the rows
	firstLine int           // the line text starts on
	rows      []splitRow    // the rows, split
	fields    []string      // every row's fields, end to end
	offset    int64         // bytes read when the batch was sent, for progress
	end       error         // after the rows: io.EOF, or the error that ended the file; nil when more follow
	checked   any           // []checked[X]: the worker's checks, one per row
	ready     chan struct{} // sent to when the worker has checked the rows
}

type splitRow struct {
	line  int             // physical line where the row starts
	lines int32           // physical lines it spans: more than 1 when a quoted field holds line breaks
	end   int             // the row's fields end at fields[end]
	err   *csv.ParseError // the row could not be split; it has no fields
}

// Rows per batch of rows split by encoding/csv, and batches in flight: enough that no
// goroutine waits on another for long, few enough that a batch stays in the
// processor's caches. A block of plain lines is one batch: at most a buffer of the
// file (64 KiB, a thousand rows).
const (
	batchRows = 512
	batches   = 8
)

// openTable opens a table, checks its header and starts splitting it. Any error is
// already recorded in the report.
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
	t.rowsAhead = t.lines.rowsAhead(size)
	t.prog = r.opts.Progress.Stage("reading "+file, "rows", size)
	t.work, t.ordered, t.free = make(chan *rowBatch, batches), make(chan *rowBatch, batches), make(chan *rowBatch, batches)
	for range batches {
		t.free <- &rowBatch{ready: make(chan struct{}, 1)}
	}
	t.stop = make(chan struct{})
	t.running.Go(func() { t.labelled("split", t.split) })
	return t, nil
}

// split runs on its own goroutine: it splits the file into batches of rows and sends
// each to the workers and, in order, to the caller, until the end of the file, an
// error that ends it, or stop.
func (t *tableReader) split() {
	defer close(t.work)
	for {
		var b *rowBatch
		select {
		case b = <-t.free:
		case <-t.stop:
			return
		}
		t.fill(b)
		// ordered first: the caller waits on the batch's ready, which a worker sends.
		for _, ch := range [2]chan *rowBatch{t.ordered, t.work} {
			select {
			case ch <- b:
			case <-t.stop:
				return
			}
		}
		if b.end != nil {
			return
		}
	}
}

// fill reads the next batch: a block of plain lines, or the rows encoding/csv splits
// (those with quotes) up to batchRows or a plain line.
func (t *tableReader) fill(b *rowBatch) {
	b.text, b.rows, b.fields, b.end = "", b.rows[:0], b.fields[:0], nil
	if text, lines, ok := t.lines.plainBlock(); ok {
		b.text, b.firstLine = text, t.lines.linesDone-lines+1
		t.unseen += lines
		b.offset = t.lines.offset
		return
	}
	for len(b.rows) < batchRows && b.end == nil {
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
		if t.lines.plainAhead() {
			break
		}
	}
	b.offset = t.lines.offset
}

// splitText splits a block of plain lines into rows on their commas, as encoding/csv
// would: blank lines skipped, a line's \r\n ending taken off, a row with another
// number of fields than the header's an error. The fields are slices of the block's
// one string, as encoding/csv's are of a row's.
//
// It looks at the block eight bytes at a time for commas and line ends together (a
// word's bytes compared at once, with no branch per byte): splitting was the largest
// single cost of reading at national scale, most of the bytes being neither.
func (b *rowBatch) splitText(nfields int) {
	s := b.text
	line, rowStart, fieldStart, from := b.firstLine, 0, 0, len(b.fields)
	for base := 0; base < len(s); base += 8 {
		m := separators(word(s, base))
		for ; m != 0; m &= m - 1 {
			i := base + bits.TrailingZeros64(m)>>3
			if s[i] == ',' {
				b.fields = append(b.fields, s[fieldStart:i])
				fieldStart = i + 1
				continue
			}
			end := i
			if end > rowStart && s[end-1] == '\r' {
				end--
			}
			switch {
			case end == rowStart: // a blank line
			case len(b.fields)-from+1 != nfields:
				b.fields = b.fields[:from]
				b.rows = append(b.rows, splitRow{line: line, lines: 1, end: from,
					err: &csv.ParseError{StartLine: line, Line: line, Column: 1, Err: csv.ErrFieldCount}})
			default:
				b.fields = append(b.fields, s[fieldStart:end])
				b.rows = append(b.rows, splitRow{line: line, lines: 1, end: len(b.fields)})
			}
			line++
			rowStart, fieldStart, from = i+1, i+1, len(b.fields)
		}
	}
}

// word is the eight bytes of s from i, the first in the lowest byte; past the end of
// s, zero bytes.
func word(s string, i int) uint64 {
	if i+8 <= len(s) {
		s = s[i : i+8]
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	var w uint64
	for k := len(s) - 1; k >= i; k-- {
		w = w<<8 | uint64(s[k])
	}
	return w
}

// separators returns the top bit of each byte of w that is a comma or a newline.
func separators(w uint64) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	zero := func(x uint64) uint64 { return ^((x&low7 + low7) | x | low7) } // exact: no borrow between bytes
	return zero(w^(0x0101010101010101*',')) | zero(w^(0x0101010101010101*'\n'))
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

// bind finds each contract column's place in the row, and the mapping of its values
// when it has one.
func (t *tableReader) bind() {
	col := make(map[string]int, len(t.names))
	for i, n := range t.names {
		col[n] = i
	}
	t.pos = make([]int, len(t.spec.columns))
	t.values = make([]map[string]string, len(t.spec.columns))
	for i, name := range t.spec.columns {
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

// checked is a row after a worker's checks: the table's record of it, and what is
// wrong with it, if anything.
type checked[X any] struct {
	x     X
	line  int
	lines int32
	fault *fault          // the first check it failed; nil when none
	split *csv.ParseError // the row could not be split into fields
}

// worker checks batches of rows of one table on its own goroutine. R is the table's
// raw row struct, whose string fields it fills from each row; X is what the table's
// check makes of it.
type worker[R, X any] struct {
	t        *tableReader
	check    rowCheck
	find     finder
	raw      R
	fields   []*string // the raw struct's fields, in the order of the contract's columns
	checkRow func(c *rowCheck, f *finder, raw *R, x *X)
}

// readTable reads the table t has opened. check turns a row's raw struct into the
// table's record on a worker, with every check that needs nothing but the row (and
// the index of referrals, which no longer changes); apply then takes the records in
// file order on the calling goroutine, with the row's line in t.check and its first
// failure, if any, as t.check's. An error from apply ends the read.
func readTable[R, X any](t *tableReader, check func(c *rowCheck, f *finder, raw *R, x *X), apply func(x *X) error) error {
	defer t.close()
	for range runtime.GOMAXPROCS(0) {
		w := &worker[R, X]{t: t, check: t.check, find: finder{ix: t.r.ix}, checkRow: check}
		w.check.days, w.check.scales = new(dayCache), new(scaleCache)
		v := reflect.ValueOf(&w.raw).Elem()
		for i := range v.NumField() {
			w.fields = append(w.fields, v.Field(i).Addr().Interface().(*string))
		}
		t.running.Go(func() { t.labelled("check", w.run) })
	}
	nfields := len(t.headers)
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("file", t.file, "stage", "apply")))
	defer pprof.SetGoroutineLabels(context.Background())
	for {
		b := <-t.ordered
		<-b.ready
		rows := b.checked.([]checked[X])
		for i := range rows {
			row := &rows[i]
			t.stats.rep.Read++
			t.stats.rep.Lines += int64(row.lines)
			t.rowLines = row.lines
			if row.split != nil {
				if err := t.reject(splitFault(t.file, row.split, nfields)); err != nil {
					return err
				}
				continue
			}
			if t.stats.rep.Read%4096 == 0 {
				t.prog.Advance(t.stats.rep.Read, b.offset)
			}
			t.check.reset(row.line)
			if row.fault != nil {
				t.check.f = *row.fault
				t.check.err = &t.check.f
			}
			if err := apply(&row.x); err != nil {
				return err
			}
		}
		switch end := b.end; {
		case end == io.EOF:
			return t.finish()
		case end != nil:
			var sq *strayQuoteError
			if errors.As(end, &sq) && sq.field >= 0 && sq.field < len(t.headers) {
				sq.column = t.headers[sq.field]
			}
			return t.fail(end)
		}
		t.free <- b
	}
}

// run checks batches until the splitting goroutine has no more.
func (w *worker[R, X]) run() {
	t := w.t
	for b := range t.work {
		if b.text != "" {
			b.splitText(len(t.headers))
		}
		rows, _ := b.checked.([]checked[X])
		rows = slices.Grow(rows[:0], len(b.rows))[:len(b.rows)]
		at := 0
		for i := range b.rows {
			sr, row := &b.rows[i], &rows[i]
			*row = checked[X]{line: sr.line, lines: sr.lines, split: sr.err}
			rec := b.fields[at:sr.end]
			at = sr.end
			if sr.err != nil {
				continue
			}
			c := &w.check
			c.reset(sr.line)
			for j, p := range t.pos {
				v := ""
				if p >= 0 {
					v = rec[p]
				}
				if t.values[j] != nil {
					v = t.code(c, j, v)
				}
				*w.fields[j] = v
			}
			w.checkRow(c, &w.find, &w.raw, &row.x)
			if c.failed() {
				f := c.f
				row.fault = &f
			}
		}
		b.checked = rows
		b.ready <- struct{}{}
	}
}

// labelled runs fn with the file and the stage of reading it (split, check, apply) as
// labels of the CPU profile (IAPTPUB_CPUPROFILE): `go tool pprof -tags` then shows
// where each file's time goes, and whether the one goroutine applying rows in order
// holds the others back.
func (t *tableReader) labelled(stage string, fn func()) {
	pprof.Do(context.Background(), pprof.Labels("file", t.file, "stage", stage), func(context.Context) { fn() })
}

// splitFault is what is wrong with a row that could not be split into fields.
func splitFault(file string, pe *csv.ParseError, nfields int) *fault {
	f := &fault{file: file, line: pe.StartLine, kind: "bad quoting",
		text: fmt.Sprintf("the row cannot be split into fields: %v (a field holding a quote must be quoted, and the quote doubled)", pe.Err)}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		f.kind = "wrong number of fields"
		f.text = fmt.Sprintf("the row has a different number of fields from the header's %d (check for an unquoted comma)", nfields)
	}
	return f
}

// code returns the contract's code for value v of contract column i, whose values are
// mapped. A value the mapping does not list fails the row; an empty one stays empty,
// for the contract's own rules on missing values.
func (t *tableReader) code(c *rowCheck, i int, v string) string {
	if trim(v) == "" {
		return v
	}
	if code, ok := t.values[i][valueKey(v)]; ok {
		return code
	}
	col := t.spec.columns[i]
	c.fail(col, "value not in the mapping",
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
		t.running.Wait() // the splitting goroutine may be reading the file
		t.stop = nil
	}
	err := t.f.Close()
	t.f = nil
	return err
}
