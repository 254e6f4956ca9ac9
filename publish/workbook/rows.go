package workbook

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// rowsXML writes the rows of a table's data as the XML of its sheet, exactly as
// excelize's StreamWriter.SetRow writes them, and the workbook's zip writer puts them
// into the sheet's part (sortedZip.rows). A national build's sheet of all measures
// has 200,000 rows of eight cells, most of them a few texts repeated (dates,
// providers, measure names): excelize escapes and checks every cell afresh, which
// was most of the workbook's time; here each distinct text is escaped once. The rows
// are written apart from the workbook (render, on a goroutine of their own), so a
// number's style, which the workbook makes, is put in when the rows are: slots marks
// where each goes, and styles gives each style's number by its decimal places.
//
// TestRowsXMLIsExcelize holds it to excelize's own output, cell by cell.
type rowsXML struct {
	buf   blocks
	rows  int
	slots []slot
	// places are the decimal places of the numbers, in the order first written;
	// styles maps each to its style's number, once the workbook has made them.
	places []int
	styles map[int]string
	texts  map[string][]byte // a text's <is>…</is>, escaped as excelize escapes it
	cols   []string          // column letters
}

// slot is where a number's style goes: at byte at of the rows, ` s="…"` of the style
// of places decimal places.
type slot struct{ at, places int }

// row writes row number r (of the sheet) with its cells from column A.
func (x *rowsXML) row(r int, cells []Cell) {
	n := strconv.Itoa(r)
	x.buf.WriteString(`<row r="`)
	x.buf.WriteString(n)
	x.buf.WriteString(`">`)
	for i, c := range cells {
		for len(x.cols) <= i {
			x.cols = append(x.cols, colName(len(x.cols)+1))
		}
		x.buf.WriteString(`<c r="`)
		x.buf.WriteString(x.cols[i])
		x.buf.WriteString(n)
		x.buf.WriteByte('"')
		text := c.text
		if c.isNum {
			x.style(c.places)
			if !math.IsNaN(c.number) && !math.IsInf(c.number, 0) {
				x.buf.WriteString(`><v>`)
				x.buf.WriteString(formatNumber(c.number))
				x.buf.WriteString(`</v></c>`)
				continue
			}
			// excelize writes what is not a number as its text.
			text = strconv.FormatFloat(c.number, 'g', -1, 64)
		}
		x.buf.WriteString(` t="inlineStr">`)
		x.buf.Write(x.inline(text))
		x.buf.WriteString(`</c>`)
	}
	x.buf.WriteString(`</row>`)
}

// style marks the place of the style of a number of places decimal places.
func (x *rowsXML) style(places int) {
	if x.styles == nil {
		x.styles = map[int]string{}
	}
	if _, ok := x.styles[places]; !ok {
		x.styles[places] = ""
		x.places = append(x.places, places)
	}
	x.slots = append(x.slots, slot{x.buf.Len(), places})
}

// writeTo writes the rows with each number's style: the workbook must have set
// styles.
func (x *rowsXML) writeTo(w io.Writer) error {
	attr := make(map[int][]byte, len(x.styles)) // ` s="…"` of each style
	for places, style := range x.styles {
		attr[places] = []byte(` s="` + style + `"`)
	}
	r := x.buf.reader()
	for _, s := range x.slots {
		if err := r.copyTo(w, s.at); err != nil {
			return err
		}
		if _, err := w.Write(attr[s.places]); err != nil {
			return err
		}
	}
	return r.copyTo(w, x.buf.n)
}

// blocks is memory written to in blocks that are never moved: up to blockSize, each
// twice as large as the one before it, then of blockSize. A bytes.Buffer grows by
// copying into one twice its size, and for the national sheet of all measures (100 MB
// of XML) that copied 64 MB and touched twice the memory the rows take, each page
// for the first time, at a cost to the system.
type blocks struct {
	full [][]byte
	last []byte
	n    int // bytes written
}

// blockSize is the most a block holds. Tests make it smaller.
var blockSize = 1 << 20

func (b *blocks) Len() int { return b.n }

// Write, WriteString and WriteByte never fail: they are bytes.Buffer's.

func (b *blocks) Write(p []byte) (int, error) { return writeBlocks(b, p), nil }

func (b *blocks) WriteString(s string) (int, error) { return writeBlocks(b, s), nil }

func (b *blocks) WriteByte(c byte) error {
	if len(b.last) == cap(b.last) {
		b.grow()
	}
	b.last = append(b.last, c)
	b.n++
	return nil
}

func writeBlocks[T string | []byte](b *blocks, s T) int {
	n := len(s)
	b.n += n
	for len(s) > 0 {
		if len(b.last) == cap(b.last) {
			b.grow()
		}
		k := copy(b.last[len(b.last):cap(b.last)], s)
		b.last, s = b.last[:len(b.last)+k], s[k:]
	}
	return n
}

// grow starts the next block.
func (b *blocks) grow() {
	if cap(b.last) > 0 {
		b.full = append(b.full, b.last)
	}
	b.last = make([]byte, 0, min(max(2*cap(b.last), 4<<10), blockSize))
}

// reader reads the blocks from the start, in order.
func (b *blocks) reader() *blockReader { return &blockReader{b: b} }

// blockReader is where a reading of blocks has come to: block i, from byte at of it;
// done bytes of all are read.
type blockReader struct {
	b     *blocks
	i, at int
	done  int
}

// copyTo writes the bytes from where r has come to up to byte end of all, and
// comes to end.
func (r *blockReader) copyTo(w io.Writer, end int) error {
	for r.done < end {
		block := r.b.last
		if r.i < len(r.b.full) {
			block = r.b.full[r.i]
		}
		k := min(len(block)-r.at, end-r.done)
		if _, err := w.Write(block[r.at : r.at+k]); err != nil {
			return err
		}
		r.at += k
		r.done += k
		if r.at == len(block) && r.i < len(r.b.full) {
			r.i, r.at = r.i+1, 0
		}
	}
	return nil
}

// inline is a text as an inline string, <is><t>…</t></is>.
func (x *rowsXML) inline(s string) []byte {
	if b, ok := x.texts[s]; ok {
		return b
	}
	if x.texts == nil {
		x.texts = map[string][]byte{}
	}
	v, preserve := cellText(s)
	b := []byte(`<is><t`)
	if preserve {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = append(b, v...)
	b = append(b, `</t></is>`...)
	x.texts[strings.Clone(s)] = b
	return b
}

// cellText is a text as excelize stores it in a cell (its trimCellValue): cut to the
// characters a cell holds, escaped for XML but for line feeds, with Excel's escape
// of what reads as an escaped character (_x0041_); preserve says that its spaces at
// either end must be kept (xml:space).
func cellText(s string) (v string, preserve bool) {
	if len(s) > excelize.TotalCellChars/2 && utf16Len(s) > excelize.TotalCellChars {
		s = utf16Prefix(s, excelize.TotalCellChars)
	}
	if s == "" {
		return "", false
	}
	for _, ascii := range []byte{'\t', '\n', '\r', ' '} {
		if s[0] == ascii || s[len(s)-1] == ascii {
			preserve = true
			break
		}
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return excelEscape(strings.ReplaceAll(b.String(), "&#xA;", "\n")), preserve
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// utf16Prefix is the longest start of s of at most n UTF-16 code units.
func utf16Prefix(s string, n int) string {
	k := 0
	for i, r := range s {
		if k += utf16.RuneLen(r); k > n {
			return s[:i]
		}
	}
	return s
}

var (
	escapedChar      = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	escapedCharAfter = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// excelEscape escapes what Excel would read as an escaped character, _xHHHH_, as
// _x005F_xHHHH_, as excelize does (its bstrMarshal, kept to the letter: the oracle
// test compares the two).
func excelEscape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	cursor := 0
	for _, m := range escapedChar.FindAllStringSubmatchIndex(s, -1) {
		out.WriteString(s[cursor:m[0]])
		sub := s[m[0]:m[1]]
		if sub == "_x005F_" {
			cursor = m[1]
			if m[1]+6 <= len(s) && escapedCharAfter.MatchString(s[m[1]:m[1]+6]) {
				if _, err := strconv.Unquote(`"\u` + s[m[1]+1:m[1]+5] + `"`); err == nil {
					out.WriteString(sub + "x005F" + sub)
					continue
				}
			}
			out.WriteString(sub + "x005F_")
			continue
		}
		cursor = m[1]
		if _, err := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`); err == nil {
			out.WriteString("_x005F" + sub)
		}
	}
	out.WriteString(s[cursor:])
	return out.String()
}

// formatNumber is a number as excelize stores it: in full, but for Excel's 15
// significant digits (its formatCellFloat with automatic precision).
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return s
	}
	const maxDigits = 15
	point := strings.IndexByte(s, '.')
	digits := 0
	for i := range s {
		if s[i] < '0' || s[i] > '9' || digits == 0 && s[i] == '0' {
			continue
		}
		if digits++; digits <= maxDigits {
			continue
		}
		if point >= 0 && i > point {
			return strings.TrimSuffix(s[:i], ".")
		}
		if point < 0 {
			point = len(s)
		}
		whole := []byte(s[:point])
		for ; i < len(whole); i++ {
			whole[i] = '0'
		}
		return string(whole)
	}
	return s
}
