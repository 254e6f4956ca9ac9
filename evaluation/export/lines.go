package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxRowBytes caps the size of one row. Real rows are a few hundred bytes; a row this
// long means a damaged file (typically a quote left open, which swallows the rest of the
// file into one field), and reading on would hold the whole file in memory.
const MaxRowBytes = 1 << 20

// MaxRowLines caps the lines one row may span. A line break belongs in a field only
// inside quotes (a note typed over several lines), and no field of the data contract
// needs more than a few; a row running on for more than this is a quote opened by
// mistake, swallowing the rows after it into one field. Stopping there, at the line
// where the quote opened, is what keeps one stray quote from publishing figures from a
// fraction of the file.
const MaxRowLines = 20

// lineReader sits between the file and encoding/csv. It drops a UTF-8 byte-order mark,
// checks that the text is UTF-8, counts physical lines and caps the size of a row.
//
// It hands on at most one line per Read. encoding/csv reads through a bufio.Reader that
// fills only until it finds a newline, so the csv reader never holds more than the line
// it is parsing: when it returns a record, everything handed on so far belongs to that
// record or an earlier one. That is what lets the row cap and the line of a bad byte be
// exact without parsing CSV twice.
type lineReader struct {
	file string
	br   *bufio.Reader

	chunk     []byte // the part of the current line not yet handed on
	chunkEOL  bool   // chunk ends with a newline
	lineStart bool   // the next chunk starts a line
	linesDone int    // lines handed on completely
	carry     [utf8.UTFMax]byte
	ncarry    int // bytes of a rune split across two chunks of one long line

	between     bool // no byte of the next record handed on yet
	recordStart int  // line where the current record starts
	recordBytes int
	recordLines int    // lines of the current record begun so far
	quotes      int    // quote characters in the current record so far
	firstLine   []byte // the current record's first line, to find the field a quote opened in

	offset int64 // bytes handed on, for progress
	err    error // sticky
}

func newLineReader(file string, r io.Reader) (*lineReader, error) {
	lr := &lineReader{file: file, br: bufio.NewReaderSize(r, 64<<10), lineStart: true, between: true, recordStart: 1}
	bom, err := lr.br.Peek(3)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		lr.br.Discard(3) // cannot fail: the bytes are buffered
		lr.offset = 3
	}
	return lr, nil
}

// endRecord tells the reader that encoding/csv has returned a record (or an error for
// one), so the next byte handed on belongs to the next record. It returns the lines
// the record spans.
func (lr *lineReader) endRecord() (lines int) {
	lines = lr.recordLines
	lr.between = true
	lr.recordStart = lr.linesDone + 1
	lr.recordBytes = 0
	lr.recordLines = 0
	lr.quotes = 0
	lr.firstLine = lr.firstLine[:0]
	return lines
}

// Read implements io.Reader.
func (lr *lineReader) Read(p []byte) (int, error) {
	if lr.err != nil {
		return 0, lr.err
	}
	if len(lr.chunk) == 0 {
		if err := lr.load(); err != nil {
			lr.err = err
			return 0, err
		}
	}
	n := copy(p, lr.chunk)
	lr.chunk = lr.chunk[n:]
	lr.offset += int64(n)
	if len(lr.chunk) == 0 && lr.chunkEOL {
		lr.linesDone++
	}
	return n, nil
}

// load reads the next line, or the next part of a line longer than the buffer.
func (lr *lineReader) load() error {
	data, err := lr.br.ReadSlice('\n')
	if err != nil && err != bufio.ErrBufferFull && err != io.EOF {
		return fmt.Errorf("%s: line %d: %w", lr.file, lr.linesDone+1, err)
	}
	if len(data) == 0 {
		switch {
		case err == io.EOF && lr.ncarry > 0:
			return lr.notUTF8()
		case err == io.EOF && !lr.between && lr.quotes%2 == 1 && (lr.recordLines > 1 || openQuoteField(lr.firstLine) >= 0):
			// An odd number of quotes in a row that encoding/csv carried onto another
			// line, or whose one line leaves a quoted field open: the field is still
			// open at the end of the file. (A quote inside an unquoted field is
			// encoding/csv's to report, as bad quoting.)
			return lr.strayQuote(false)
		}
		return err
	}
	if !lr.validUTF8(data, err == bufio.ErrBufferFull) {
		return lr.notUTF8()
	}
	blank := lr.lineStart && (len(data) == 1 && data[0] == '\n' || len(data) == 2 && data[0] == '\r' && data[1] == '\n')
	if lr.between && blank {
		// encoding/csv skips blank lines between records.
		lr.recordStart++
	} else {
		lr.between = false
		if lr.lineStart {
			lr.recordLines++
			if lr.recordLines > MaxRowLines {
				return lr.strayQuote(true)
			}
		}
		lr.recordBytes += len(data)
		if lr.recordBytes > MaxRowBytes {
			return &tooLongError{file: lr.file, line: lr.recordStart}
		}
		lr.quotes += bytes.Count(data, []byte{'"'})
		if lr.recordLines == 1 && len(lr.firstLine) < maxFirstLine {
			lr.firstLine = append(lr.firstLine, data[:min(len(data), maxFirstLine-len(lr.firstLine))]...)
		}
	}
	lr.chunk = data
	lr.chunkEOL = data[len(data)-1] == '\n'
	lr.lineStart = lr.chunkEOL
	return nil
}

// plainAhead reports, between records, whether the next line is buffered whole and
// has no quote: a line plainBlock can take.
func (lr *lineReader) plainAhead() bool {
	if lr.err != nil || len(lr.chunk) > 0 || !lr.between || lr.ncarry > 0 {
		return false
	}
	buf, _ := lr.br.Peek(lr.br.Buffered())
	i := bytes.IndexByte(buf, '\n')
	return i >= 0 && bytes.IndexByte(buf[:i], '"') < 0
}

// rowsAhead estimates the lines left in a file of size bytes from the lines buffered
// ahead; 0 when none is whole. It is called before the reading starts.
func (lr *lineReader) rowsAhead(size int64) int {
	buf, _ := lr.br.Peek(lr.br.Size())
	n := bytes.Count(buf, []byte{'\n'})
	if n == 0 || size <= lr.offset {
		return 0
	}
	return int((size - lr.offset) * int64(n) / int64(len(buf)))
}

// plainBlock hands over, between records, the run of whole lines buffered ahead that
// encoding/csv would split on their commas alone: up to the first line with a quote
// or a byte that is not UTF-8, or to the last line ending in the buffer. It is most of
// an export, handed over with a few calls into the runtime's assembly (find the last
// newline, look for a quote, count lines) instead of a call per line, so that the
// goroutine splitting the file into rows keeps ahead of the cores checking them. text
// is a copy; lines counts the block's lines, blank ones too. It returns ok=false when
// no such line starts the buffer, leaving the next line to encoding/csv, through Read.
func (lr *lineReader) plainBlock() (text string, lines int, ok bool) {
	if lr.err != nil || len(lr.chunk) > 0 || !lr.between || lr.ncarry > 0 {
		return "", 0, false
	}
	buf, _ := lr.br.Peek(lr.br.Size()) // an error is met again, and reported, by load
	end := bytes.LastIndexByte(buf, '\n') + 1
	if q := bytes.IndexByte(buf[:end], '"'); q >= 0 {
		end = bytes.LastIndexByte(buf[:q], '\n') + 1
	}
	if !utf8.Valid(buf[:end]) {
		end = validLines(buf[:end])
	}
	if end == 0 {
		return "", 0, false
	}
	text = string(buf[:end])
	lines = bytes.Count(buf[:end], []byte{'\n'})
	lr.br.Discard(end) // cannot fail: the bytes are buffered
	lr.offset += int64(end)
	lr.linesDone += lines
	lr.recordStart = lr.linesDone + 1
	return text, lines, true
}

// validLines returns the length of the whole lines of b before the first line that is
// not UTF-8.
func validLines(b []byte) int {
	end := 0
	for end < len(b) {
		next := end + bytes.IndexByte(b[end:], '\n') + 1
		if !utf8.Valid(b[end:next]) {
			break
		}
		end = next
	}
	return end
}

// validUTF8 checks one chunk, holding back a rune cut in two at the end of a chunk that
// is not the end of its line.
func (lr *lineReader) validUTF8(data []byte, more bool) bool {
	if lr.ncarry > 0 {
		k := copy(lr.carry[lr.ncarry:], data)
		r, size := utf8.DecodeRune(lr.carry[:lr.ncarry+k])
		if r == utf8.RuneError && size <= 1 || size <= lr.ncarry {
			return false
		}
		data = data[size-lr.ncarry:]
		lr.ncarry = 0
	}
	tail := 0
	if more {
		for i := len(data) - 1; i >= 0 && i >= len(data)-(utf8.UTFMax-1); i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:]) {
					tail = len(data) - i
				}
				break
			}
		}
	}
	if !utf8.Valid(data[:len(data)-tail]) {
		return false
	}
	lr.ncarry = copy(lr.carry[:], data[len(data)-tail:])
	return true
}

func (lr *lineReader) notUTF8() error {
	return &notUTF8Error{file: lr.file, line: lr.linesDone + 1}
}

// notUTF8Error is a file that is not UTF-8: usually a spreadsheet saved as "CSV" in the
// Windows code page rather than as "CSV UTF-8".
type notUTF8Error struct {
	file string
	line int
}

func (e *notUTF8Error) Error() string {
	return fmt.Sprintf("%s:%d: the file is not UTF-8 text (it looks like an Excel \"ANSI\" or Windows-1252 export); "+
		"open it in Excel and save it again choosing \"CSV UTF-8 (Comma delimited)\", "+
		"or convert it with: iconv -f WINDOWS-1252 -t UTF-8 %s > fixed.csv", e.file, e.line, e.file)
}

// tooLongError is a row longer than MaxRowBytes.
type tooLongError struct {
	file string
	line int
}

func (e *tooLongError) Error() string {
	return fmt.Sprintf("%s:%d: the row starting on this line is longer than %d MiB, so the file is probably damaged: "+
		"look for a quote (\") that is opened but never closed, or for line endings that are a lone carriage return "+
		"(save the file again with Windows or Unix line endings)", e.file, e.line, MaxRowBytes>>20)
}

// maxFirstLine is how much of a row's first line is kept to name the field a stray
// quote opened in; real rows are a few hundred bytes.
const maxFirstLine = 4 << 10

// strayQuote is the error for the current record: a quoted field that runs on for more
// than MaxRowLines lines (long=true) or to the end of the file.
func (lr *lineReader) strayQuote(long bool) error {
	return &strayQuoteError{file: lr.file, line: lr.recordStart, field: openQuoteField(lr.firstLine), long: long}
}

// openQuoteField returns the 0-based field of line whose quoted value is still open at
// the end of the line, reading it as RFC 4180 does: a quote opens a quoted field only
// at the start of a field, and inside one a doubled quote stands for a quote. It
// returns -1 when no quoted field is left open.
func openQuoteField(line []byte) int {
	field, quoted, start := 0, false, true
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quoted && ch == '"' && i+1 < len(line) && line[i+1] == '"':
			i++
		case quoted && ch == '"':
			quoted = false
		case !quoted && ch == '"' && start:
			quoted = true
		case !quoted && ch == ',':
			field++
			start = true
			continue
		}
		start = false
	}
	if !quoted {
		return -1
	}
	return field
}

// strayQuoteError is a quoted field that does not end: the rest of the file, or more
// than MaxRowLines lines of it, would be one field of one row.
type strayQuoteError struct {
	file   string
	line   int
	field  int    // 0-based field where the quote opened; -1 when not known
	column string // its header name, filled in by the table reader
	long   bool   // runs on for more than MaxRowLines lines, rather than to the end of the file
}

func (e *strayQuoteError) Error() string {
	where := ""
	switch {
	case e.column != "":
		where = "column " + e.column + ": "
	case e.field >= 0:
		where = fmt.Sprintf("field %d: ", e.field+1)
	}
	what := "is never closed: it runs on to the end of the file"
	if e.long {
		what = fmt.Sprintf("runs on for more than %d lines", MaxRowLines)
	}
	return fmt.Sprintf("%s:%d: %sa quoted field opened on this line %s, swallowing the rows after it - a stray quote? "+
		"Remove the quote, or double it (\"\") if it belongs in the value; the file was read only up to this line",
		e.file, e.line, where, what)
}

// isFileError reports whether err means the file cannot be read on.
func isFileError(err error) bool {
	var a *notUTF8Error
	var b *tooLongError
	var c *strayQuoteError
	return errors.As(err, &a) || errors.As(err, &b) || errors.As(err, &c)
}
