package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeRows is the oracle: the sheetData excelize's StreamWriter writes for rows,
// texts as strings and numbers as cells of the style numberStyle gives, as the
// workbook wrote its tables before it wrote their rows itself.
func excelizeRows(t *testing.T, rows [][]Cell, numberStyle func(int) (int, error)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		values := make([]any, len(row))
		for i, c := range row {
			if !c.isNum {
				values[i] = c.text
				continue
			}
			style, _ := numberStyle(c.places)
			values[i] = &excelize.Cell{StyleID: style, Value: c.number}
		}
		if err := sw.SetRow(cell(1, r+1), values); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	_, data, _ := bytes.Cut(sheet, []byte("<sheetData>"))
	data, _, found := bytes.Cut(data, []byte("</sheetData>"))
	if !found {
		t.Fatalf("excelize's sheet has no sheetData: %.300s", sheet)
	}
	return data
}

// The rows the workbook writes itself are byte for byte the rows excelize writes:
// for hand-picked texts and numbers at the edges of excelize's rules (spaces kept at
// either end, XML escapes, line feeds, Excel's own _xHHHH_ escapes and a surrogate
// excelize drops, control characters, texts longer than a cell holds, counted in
// UTF-16, numbers beyond 15 significant digits, not-a-number), and for rows of random
// pieces of those.
func TestRowsXMLIsExcelize(t *testing.T) {
	texts := []string{
		"", "2024-04-01", "Count_ReferralsReceived", "Don't know", "A & B <c> \"d\"",
		" leading", "trailing ", "\ttab", "cr\r", "line\nfeed", "two\n\nlines\r\n",
		"_x0041_", "a_x0041_b", "_x005F_x0041_", "_x005F_", "_x005F_xZZZZ_", "_xD800_", "_x12",
		"Ünïcödé ✓", "emoji 😀", "\x01control\x1f", "bad \xff utf-8",
		strings.Repeat("a", excelize.TotalCellChars+10), strings.Repeat("😀", excelize.TotalCellChars/2+3),
		strings.Repeat("é", excelize.TotalCellChars-2) + "😀😀",
	}
	numbers := []float64{0, math.Copysign(0, -1), 1, -1, 12.5, 1716.9, 0.1 + 0.2, 1.0 / 3, -2.5e-7,
		1e21, 123456789012345678, 1234567890.123456789, math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	style := func(places int) (int, error) { return 3 + places, nil }
	var rows [][]Cell
	for _, s := range texts {
		rows = append(rows, []Cell{Text(s), Text(Confidential), Number(7, 0)})
	}
	for i, v := range numbers {
		rows = append(rows, []Cell{Text("n"), Number(v, i%4)})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		row := make([]Cell, 1+rng.IntN(12))
		for i := range row {
			if rng.IntN(3) == 0 {
				row[i] = Number(numbers[rng.IntN(len(numbers))]*float64(rng.IntN(1000)), rng.IntN(3))
				continue
			}
			var b strings.Builder
			for range rng.IntN(4) {
				b.WriteString(texts[rng.IntN(len(texts)-3)]) // not the long ones
			}
			row[i] = Text(b.String())
		}
		rows = append(rows, row)
	}
	want := excelizeRows(t, rows, style)
	// In blocks of the usual size, and of a few bytes, so that writes and styles fall
	// across the blocks' ends.
	defer func(n int) { blockSize = n }(blockSize)
	for _, size := range []int{blockSize, 7} {
		blockSize = size
		var x rowsXML
		for r, row := range rows {
			x.row(r+1, row)
		}
		for _, places := range x.places {
			id, _ := style(places)
			x.styles[places] = strconv.Itoa(id)
		}
		var got bytes.Buffer
		if err := x.writeTo(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			g, w := got.Bytes(), want
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Errorf("in blocks of at most %d bytes, the rows differ from excelize's at byte %d:\n got …%.200q\nwant …%.200q", size, i, g[max(0, i-60):], w[max(0, i-60):])
		}
	}
}
