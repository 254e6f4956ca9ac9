// Package workbook writes statistics as an accessible spreadsheet, laid out as the
// Government Analysis Function's guidance on releasing statistics in spreadsheets
// asks: a cover sheet, a contents sheet that links to every table, a notes sheet,
// then one table per sheet with its title in A1, one header row, numbers stored as
// numbers, no merged cells and no blank rows or columns inside a table.
//
// It knows nothing of what the statistics are: the caller hands it text and tables.
package workbook

import (
	"fmt"
	"io"
	"iter"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"
)

// The shorthand the guidance asks for in a cell that has no number; the notes sheet
// says what each means.
const (
	// Confidential marks a value held back to protect confidentiality.
	Confidential = "[c]"
	// NotAvailable marks a value that is not available.
	NotAvailable = "[x]"
)

// HeaderRow is the row of every table's header, on every sheet: the title is in A1
// and two lines of text are in A2 and A3, so a reader (or a program) finds each table
// in the same place.
const HeaderRow = 4

// maxRows is how many rows of data one sheet holds below its header; a longer table
// continues on further sheets.
var maxRows = excelize.TotalRows - HeaderRow

// Workbook is everything a workbook shows.
type Workbook struct {
	// Title is the cover sheet's A1 and the file's document title.
	Title string
	// Published dates the file's properties, so that the same figures give the same
	// bytes whenever they are written. Without it, they keep excelize's fixed date.
	Published time.Time
	// Cover is the cover sheet below the title: each section a heading and its text.
	Cover []Section
	// Notes are listed on the notes sheet as note 1, note 2, ….
	Notes []string
	// Tables each get a sheet (or more, when one is longer than a sheet holds).
	Tables []Table
}

// Section is a heading of the cover sheet and the text below it. When Link is set
// (a web address or "mailto:…"), the text links there.
type Section struct {
	Heading, Text, Link string
}

// Table is one table of figures.
type Table struct {
	// Sheet is the sheet's name: at most 31 characters, none of []:*?/\, unique in
	// the workbook regardless of case. A table that continues on further sheets
	// takes Sheet_2, Sheet_3, ….
	Sheet string
	// Title goes in A1, Description in A2.
	Title, Description string
	// Head is the header row: unique names, each with its unit, "Recovery (%)".
	Head []string
	// Rows yields the rows, each as long as Head; an error stops the writing. A row
	// is written before the next is asked for, so Rows may reuse one slice. Write
	// calls it on a goroutine of its own, beside the other tables' Rows: it must
	// only read what nothing changes while Write runs.
	Rows iter.Seq2[[]Cell, error]

	// rendered are the rows Render began to render; nil until then.
	rendered func() rendered
}

// Render begins to render t's rows on a goroutine of its own, and returns t to be
// given to Write, once, later. A long table known before the rest of a workbook is
// then rendered while the rest is worked out, rather than while Write waits for it: a
// national build's 200,000 rows of every measure are known seconds before the cost
// evaluation's tables. t.Rows must only read what nothing changes until Write returns.
func Render(t Table) Table {
	rows := t
	t.rendered = sync.OnceValue(func() rendered { return render(rows) })
	go t.rendered()
	return t
}

// Cell is one cell of a table: a number, or a text such as Confidential.
type Cell struct {
	text   string
	number float64
	places int
	isNum  bool
}

// Number is a cell holding a number, stored as a number and shown with thousands
// separated and places decimal places, as the website shows it: Number(1716.9, 2)
// shows 1,716.90.
func Number(v float64, places int) Cell { return Cell{number: v, places: places, isNum: true} }

// Text is a cell holding text.
func Text(s string) Cell { return Cell{text: s} }

// Write writes the workbook as an XLSX file.
func Write(w io.Writer, wb *Workbook) error {
	if err := checkSheets(wb); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	x := writer{f: f, numbers: map[int]int{}, rows: map[string]*rowsXML{}, laidBy: map[string][]byte{}}
	if err := x.styles(); err != nil {
		return err
	}
	for i, name := range []string{"Cover", "Contents", "Notes"} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if err := x.cover(wb); err != nil {
		return err
	}
	if err := x.notes(wb.Notes); err != nil {
		return err
	}
	rendering := renderAll(wb.Tables)
	for i, t := range wb.Tables {
		if err := x.table(t, <-rendering[i]); err != nil {
			return fmt.Errorf("table %q: %w", t.Title, err)
		}
	}
	if err := x.contents(); err != nil {
		return err
	}
	props := excelize.DocProperties{Title: wb.Title, Creator: "iaptpub", Language: "en-GB"}
	if !wb.Published.IsZero() {
		props.Created = wb.Published.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(&props); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	for name, data := range x.laidBy {
		f.Pkg.Store(name, data)
	}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w, rows: x.rows} })
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}

// checkSheets refuses sheet names a spreadsheet program would refuse or rename.
func checkSheets(wb *Workbook) error {
	seen := map[string]bool{"cover": true, "contents": true, "notes": true}
	for _, t := range wb.Tables {
		switch {
		case t.Sheet == "" || len([]rune(t.Sheet)) > excelize.MaxSheetNameLength:
			return fmt.Errorf("table %q: sheet name %q: give 1 to %d characters", t.Title, t.Sheet, excelize.MaxSheetNameLength)
		case strings.ContainsAny(t.Sheet, `[]:*?/\`):
			return fmt.Errorf("table %q: sheet name %q: a sheet name cannot hold any of []:*?/\\", t.Title, t.Sheet)
		case seen[strings.ToLower(t.Sheet)]:
			return fmt.Errorf("table %q: sheet name %q is used twice (names differing only in case are the same name)", t.Title, t.Sheet)
		}
		seen[strings.ToLower(t.Sheet)] = true
		heads := map[string]bool{}
		for _, h := range t.Head {
			if h == "" || heads[h] {
				return fmt.Errorf("table %q: header %q: every column needs a name of its own", t.Title, h)
			}
			heads[h] = true
		}
	}
	return nil
}

type writer struct {
	f *excelize.File
	// The styles of titles, headings, links and wrapped text.
	title, heading, link, wrap int
	// numbers are the styles of numbers, by their decimal places.
	numbers map[int]int
	// contentsOf lists the sheets of the tables, for the contents sheet.
	contentsOf []contentsEntry
	// tableNumber counts the tables marked up as such, to name each; excelize
	// numbers them so too.
	tableNumber int
	// laidBy are the table parts but the newest, held out of excelize's package while
	// the tables are laid out (tableAdded).
	laidBy map[string][]byte
	// rows are the tables' rows of data, by the sheet part they go in: the zip
	// writer puts them there.
	rows map[string]*rowsXML
}

type contentsEntry struct{ sheet, title string }

func (x *writer) styles() error {
	var err error
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = x.f.NewStyle(s)
		return id
	}
	x.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	x.heading = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	// Links are underlined as well as coloured: their meaning is not in colour alone.
	x.link = style(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	x.wrap = style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return err
}

func (x *writer) cover(wb *Workbook) error {
	const sheet = "Cover"
	f := x.f
	if err := f.SetColWidth(sheet, "A", "A", 100); err != nil {
		return err
	}
	if err := x.styled(sheet, "A1", wb.Title, x.title); err != nil {
		return err
	}
	row := 2
	for _, s := range wb.Cover {
		if err := x.styled(sheet, cell(1, row), s.Heading, x.heading); err != nil {
			return err
		}
		ref := cell(1, row+1)
		style := x.wrap
		if s.Link != "" {
			if err := f.SetCellHyperLink(sheet, ref, s.Link, "External"); err != nil {
				return err
			}
			style = x.link
		}
		if err := x.styled(sheet, ref, s.Text, style); err != nil {
			return err
		}
		row += 2
	}
	return nil
}

func (x *writer) notes(notes []string) error {
	var rows [][]string
	for i, n := range notes {
		rows = append(rows, []string{fmt.Sprintf("note %d", i+1), n})
	}
	return x.fill("Notes", "Notes", "Notes on the figures in this workbook, referred to from the tables.",
		[]string{"Note number", "Note text"}, rows, []float64{14, 100})
}

// contents lists every table's sheet, each name a link to the sheet. It is written
// last, when the tables (and how many sheets each took) are known.
func (x *writer) contents() error {
	var rows [][]string
	for _, e := range x.contentsOf {
		rows = append(rows, []string{e.sheet, e.title})
	}
	if err := x.fill("Contents", "Contents", "Select a sheet name to go to its table.",
		[]string{"Sheet name", "Table title"}, rows, []float64{20, 100}); err != nil {
		return err
	}
	for i, e := range x.contentsOf {
		ref := cell(1, HeaderRow+1+i)
		if err := x.f.SetCellHyperLink("Contents", ref, "'"+e.sheet+"'!A1", "Location"); err != nil {
			return err
		}
		if err := x.f.SetCellStyle("Contents", ref, ref, x.link); err != nil {
			return err
		}
	}
	return nil
}

// fill writes a small table with the ordinary (not streamed) cell functions, which
// the cover, contents and notes need for their links and styles.
func (x *writer) fill(sheet, title, about string, head []string, rows [][]string, widths []float64) error {
	f := x.f
	for i, w := range widths {
		col := colName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	if err := x.styled(sheet, "A1", title, x.title); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, "A2", "This worksheet contains one table."); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, "A3", about); err != nil {
		return err
	}
	if err := f.SetSheetRow(sheet, cell(1, HeaderRow), &head); err != nil {
		return err
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, cell(1, HeaderRow+1+i), &r); err != nil {
			return err
		}
	}
	n := len(rows)
	x.tableNumber++
	err := f.AddTable(sheet, &excelize.Table{
		Range:     cell(1, HeaderRow) + ":" + cell(len(head), HeaderRow+max(n, 1)),
		Name:      fmt.Sprintf("table_%d", x.tableNumber),
		StyleName: "TableStyleLight1",
	})
	if err != nil {
		return err
	}
	return x.tableAdded()
}

// tableAdded takes the table part before the newest out of excelize's package, into
// laidBy. To number a new table, excelize decodes every table part in its package and
// takes the highest number: with 150 tables, a national build's workbook, that was
// 11,000 decodes, a third of a second. With only the newest part there, the next
// number is the same and costs one decode. Write puts the parts back before the
// package is written.
func (x *writer) tableAdded() error {
	newest := tablePart(x.tableNumber)
	if _, ok := x.f.Pkg.Load(newest); !ok {
		return fmt.Errorf("workbook: excelize did not put table %d in %s", x.tableNumber, newest)
	}
	if x.tableNumber == 1 {
		return nil
	}
	before := tablePart(x.tableNumber - 1)
	data, ok := x.f.Pkg.LoadAndDelete(before)
	if !ok {
		return fmt.Errorf("workbook: excelize has no %s", before)
	}
	x.laidBy[before] = data.([]byte)
	return nil
}

// tablePart is the name of table number n's part, as excelize names it.
func tablePart(n int) string { return fmt.Sprintf("xl/tables/table%d.xml", n) }

// table puts a table of figures, its rows rendered, on its sheet, and on further
// sheets when it is longer than one sheet holds.
func (x *writer) table(t Table, r rendered) error {
	if r.err != nil {
		return r.err
	}
	for i, data := range r.parts {
		p, err := x.startPart(t, i+1, data)
		if err != nil {
			return err
		}
		// The number styles are made in the order the table first shows each, as
		// when its rows were written one by one, so every style keeps its number.
		for _, places := range data.places {
			style, err := x.numberStyle(places)
			if err != nil {
				return err
			}
			data.styles[places] = strconv.Itoa(style)
		}
		if err := x.endPart(p); err != nil {
			return err
		}
	}
	return nil
}

// rendered is a table's rows of data as sheet XML, by the sheets they go on.
type rendered struct {
	parts []*rowsXML
	err   error
}

// render writes the rows of t as sheet XML, maxRows to a sheet. Write renders the
// tables on every core while it puts them in the workbook, one after another.
func render(t Table) rendered {
	data := &rowsXML{}
	parts := []*rowsXML{data}
	for row, err := range t.Rows {
		if err != nil {
			return rendered{err: err}
		}
		if data.rows == maxRows {
			data = &rowsXML{}
			parts = append(parts, data)
		}
		if len(row) != len(t.Head) {
			return rendered{err: fmt.Errorf("row %d has %d cells; the header has %d", (len(parts)-1)*maxRows+data.rows+1, len(row), len(t.Head))}
		}
		data.rows++
		data.row(HeaderRow+data.rows, row)
	}
	return rendered{parts: parts}
}

// renderAll renders the tables on every core, in order: the result of table i comes
// on the i-th channel. A table Render began is waited for rather than rendered.
func renderAll(tables []Table) []chan rendered {
	out := make([]chan rendered, len(tables))
	for i := range out {
		out[i] = make(chan rendered, 1)
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(tables)) {
		go func() {
			for i := int(next.Add(1) - 1); i < len(tables); i = int(next.Add(1) - 1) {
				if t := tables[i]; t.rendered != nil {
					out[i] <- t.rendered()
				} else {
					out[i] <- render(t)
				}
			}
		}()
	}
	return out
}

// part is the sheet a table is put on: the whole table, or one part of a long one.
type part struct {
	sw           *excelize.StreamWriter
	sheet, title string
	head         []string
	// data are the rows below the header, written apart from excelize (rowsXML).
	data *rowsXML
}

func (x *writer) startPart(t Table, number int, data *rowsXML) (*part, error) {
	p := &part{sheet: t.Sheet, title: t.Title, head: t.Head, data: data}
	if number > 1 {
		p.sheet = fmt.Sprintf("%s_%d", t.Sheet, number)
		p.title = fmt.Sprintf("%s (continued, part %d)", t.Title, number)
		if len([]rune(p.sheet)) > excelize.MaxSheetNameLength {
			return nil, fmt.Errorf("sheet name %q is too long for the parts of a long table: give at most %d characters", t.Sheet, excelize.MaxSheetNameLength-3)
		}
	}
	if i, _ := x.f.GetSheetIndex(p.sheet); i >= 0 {
		return nil, fmt.Errorf("sheet name %q is used twice (a long table's parts take its name with _2, _3, …)", p.sheet)
	}
	if _, err := x.f.NewSheet(p.sheet); err != nil {
		return nil, err
	}
	for id, name := range x.f.GetSheetMap() {
		if name == p.sheet {
			// excelize's name for a new sheet's part.
			x.rows[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = p.data
		}
	}
	sw, err := x.f.NewStreamWriter(p.sheet)
	if err != nil {
		return nil, err
	}
	p.sw = sw
	if err := sw.SetColWidth(1, len(t.Head), 22); err != nil {
		return nil, err
	}
	lines := [][]any{
		{excelize.Cell{StyleID: x.title, Value: p.title}},
		{t.Description},
		{"This worksheet contains one table. Some cells show " + Confidential + " or " + NotAvailable + " in place of a number: the Notes worksheet says why."},
	}
	for i, l := range lines {
		if err := sw.SetRow(cell(1, i+1), l); err != nil {
			return nil, err
		}
	}
	head := make([]any, len(t.Head))
	for i, h := range t.Head {
		head[i] = h
	}
	return p, sw.SetRow(cell(1, HeaderRow), head)
}

// endPart marks the part up as a table, for screen readers and filters, and lists
// it on the contents sheet.
func (x *writer) endPart(p *part) error {
	x.tableNumber++
	err := p.sw.AddTable(&excelize.Table{
		Range:     cell(1, HeaderRow) + ":" + cell(len(p.head), HeaderRow+max(p.data.rows, 1)),
		Name:      fmt.Sprintf("table_%d", x.tableNumber),
		StyleName: "TableStyleLight1",
	})
	if err != nil {
		return err
	}
	if err := x.tableAdded(); err != nil {
		return err
	}
	if err := p.sw.Flush(); err != nil {
		return err
	}
	x.contentsOf = append(x.contentsOf, contentsEntry{p.sheet, p.title})
	return nil
}

// numberStyle is the style of a number shown with places decimal places and
// thousands separated.
func (x *writer) numberStyle(places int) (int, error) {
	if style, ok := x.numbers[places]; ok {
		return style, nil
	}
	format := "#,##0"
	if places > 0 {
		format += "." + strings.Repeat("0", places)
	}
	style, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, err
	}
	x.numbers[places] = style
	return style, nil
}

func (x *writer) styled(sheet, ref, text string, style int) error {
	if err := x.f.SetCellStr(sheet, ref, text); err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, ref, ref, style)
}

func cell(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}
