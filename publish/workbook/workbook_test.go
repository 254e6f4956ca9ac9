package workbook

import (
	"bytes"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iaptpub/iaptpub/publish/workbook/xlsxtest"
)

func rows(rs ...[]Cell) iter.Seq2[[]Cell, error] {
	return func(yield func([]Cell, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func sample() *Workbook {
	return &Workbook{
		Title:     "Talking therapies outcomes",
		Published: time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC),
		Cover: []Section{
			{Heading: "Published", Text: "12 June 2025"},
			{Heading: "Contact", Text: "team@example.org", Link: "mailto:team@example.org"},
		},
		Notes: []string{"[c] means held back.", "[x] means not available."},
		Tables: []Table{
			{Sheet: "Table_1", Title: "Recovery by age", Description: "One row per age group.",
				Head: []string{"Age group", "Recovery (%)", "Finished a course (count)"},
				Rows: rows(
					[]Cell{Text("18 to 25"), Number(46, 0), Number(255, 0)},
					[]Cell{Text("Indeterminate"), Text(Confidential), Number(5, 0)},
					[]Cell{Text("Not known"), Text(NotAvailable), Number(52.5, 1)},
					[]Cell{Text("=HYPERLINK(\"http://x\")"), Number(0, 0), Number(5, 0)},
				)},
			{Sheet: "Long", Title: "A long table", Head: []string{"Value (count)"},
				Rows: rows([]Cell{Number(1, 0)}, []Cell{Number(2, 0)}, []Cell{Number(3, 0)}, []Cell{Number(4, 0)}, []Cell{Number(5, 0)})},
		},
	}
}

func write(t *testing.T, wb *Workbook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, wb); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLayout(t *testing.T) {
	// A sheet holds four rows of data here, so the five rows of "Long" take two sheets.
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 4
	f, err := xlsxtest.Read(write(t, sample()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range f.Sheets {
		names = append(names, s.Name)
		if bytes.Contains(s.XML, []byte("<mergeCell")) {
			t.Errorf("sheet %s has merged cells", s.Name)
		}
	}
	want := []string{"Cover", "Contents", "Notes", "Table_1", "Long", "Long_2"}
	if !slices.Equal(names, want) {
		t.Fatalf("sheets %q, want %q", names, want)
	}

	table := f.Sheet("Table_1")
	for ref, want := range map[string]xlsxtest.Cell{
		"A1": {Type: "inlineStr", Value: "Recovery by age"},
		"A2": {Type: "inlineStr", Value: "One row per age group."},
		"B4": {Type: "inlineStr", Value: "Recovery (%)"},
		"A5": {Type: "inlineStr", Value: "18 to 25"},
		"B5": {Type: "", Value: "46"},
		"C5": {Type: "", Value: "255"},
		"B6": {Type: "inlineStr", Value: "[c]"},
		"B7": {Type: "inlineStr", Value: "[x]"},
		"C7": {Type: "", Value: "52.5"},
		// A label that looks like a formula stays text: the workbook holds no formulas.
		"A8": {Type: "inlineStr", Value: `=HYPERLINK("http://x")`},
	} {
		if got := table.Cells[ref]; got != want {
			t.Errorf("Table_1!%s = %+v, want %+v", ref, got, want)
		}
	}
	if bytes.Contains(table.XML, []byte("<f>")) {
		t.Error("Table_1 holds a formula")
	}
	if !strings.Contains(table.Cells["A3"].Value, "Notes worksheet") {
		t.Errorf("Table_1!A3 = %q, want a pointer to the notes", table.Cells["A3"].Value)
	}
	if got := f.Sheet("Long_2").Cells; got["A1"].Value != "A long table (continued, part 2)" || got["A5"].Value != "5" || len(got) != 5 {
		t.Errorf("Long_2 holds %v, want the title, two lines, the header and the fifth row", got)
	}
	if got := f.Sheet("Long").Cells["A6"].Value; got != "2" {
		t.Errorf("Long!A6 = %q, want 2", got)
	}

	contents := f.Sheet("Contents")
	for i, s := range want[3:] {
		ref := fmt.Sprintf("A%d", HeaderRow+1+i)
		if got := contents.Cells[ref].Value; got != s {
			t.Errorf("Contents!%s = %q, want %q", ref, got, s)
		}
		link := fmt.Sprintf(`<hyperlink ref="%s" location="&#39;%s&#39;!A1"`, ref, s)
		if !bytes.Contains(contents.XML, []byte(link)) {
			t.Errorf("Contents has no link %s", link)
		}
	}
	notes := f.Sheet("Notes")
	if notes.Cells["A6"].Value != "note 2" || notes.Cells["B6"].Value != "[x] means not available." {
		t.Errorf("Notes row 6 = %v %v", notes.Cells["A6"], notes.Cells["B6"])
	}
	cover := f.Sheet("Cover")
	if cover.Cells["A1"].Value != "Talking therapies outcomes" || cover.Cells["A4"].Value != "Contact" || cover.Cells["A5"].Value != "team@example.org" {
		t.Errorf("cover = %v", cover.Cells)
	}
	// 52.5 is shown to one decimal place, as the website shows it.
	if !bytes.Contains(f.Parts["xl/styles.xml"], []byte(`formatCode="#,##0.0"`)) {
		t.Errorf("no number format shows one decimal place:\n%s", f.Parts["xl/styles.xml"])
	}
	if !bytes.Contains(f.Parts["docProps/core.xml"], []byte("2025-06-12T00:00:00Z")) {
		t.Errorf("docProps/core.xml is not dated from the published date:\n%s", f.Parts["docProps/core.xml"])
	}
}

// Every table is marked up as a table in its own part, numbered once: the notes
// (table 1), the two tables of figures (2 and 3) and the contents (4), in the order
// they are laid out. Write holds the parts of earlier tables apart while it lays out
// the later ones; each must be back in the file.
func TestEveryTableMarkedUp(t *testing.T) {
	f, err := xlsxtest.Read(write(t, sample()))
	if err != nil {
		t.Fatal(err)
	}
	refs := map[int]string{2: `ref="A4:C8"`, 3: `ref="A4:A9"`}
	var parts []string
	for name := range f.Parts {
		if strings.HasPrefix(name, "xl/tables/") {
			parts = append(parts, name)
		}
	}
	slices.Sort(parts)
	want := []string{"xl/tables/table1.xml", "xl/tables/table2.xml", "xl/tables/table3.xml", "xl/tables/table4.xml"}
	if !slices.Equal(parts, want) {
		t.Fatalf("table parts %q, want %q", parts, want)
	}
	for i, name := range want {
		n := i + 1
		table := string(f.Parts[name])
		for _, attr := range []string{fmt.Sprintf(`id="%d"`, n), fmt.Sprintf(`name="table_%d"`, n), refs[n]} {
			if !strings.Contains(table, attr) {
				t.Errorf("%s has no %s:\n%s", name, attr, table)
			}
		}
		override := fmt.Sprintf(`PartName="/%s"`, name)
		if !bytes.Contains(f.Parts["[Content_Types].xml"], []byte(override)) {
			t.Errorf("[Content_Types].xml does not list %s", name)
		}
		linked := 0
		for rels, data := range f.Parts {
			if strings.HasPrefix(rels, "xl/worksheets/_rels/") && bytes.Contains(data, []byte(fmt.Sprintf(`Target="../tables/table%d.xml"`, n))) {
				linked++
			}
		}
		if linked != 1 {
			t.Errorf("%s is linked from %d sheets, want 1", name, linked)
		}
	}
}

// Two writes of the same workbook give the same bytes, though excelize writes
// streamed sheets in map order and Go randomises that order.
func TestSameBytes(t *testing.T) {
	first := write(t, sample())
	for range 50 {
		if !bytes.Equal(first, write(t, sample())) {
			t.Fatal("two writes of the same workbook differ")
		}
	}
}

func TestRefusesBadSheets(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(wb *Workbook)
		want   string
	}{
		{"too long", func(wb *Workbook) { wb.Tables[0].Sheet = strings.Repeat("x", 32) }, "1 to 31 characters"},
		{"twice", func(wb *Workbook) { wb.Tables[1].Sheet = "TABLE_1" }, "used twice"},
		{"a fixed sheet", func(wb *Workbook) { wb.Tables[1].Sheet = "notes" }, "used twice"},
		{"forbidden", func(wb *Workbook) { wb.Tables[1].Sheet = "a/b" }, "cannot hold"},
		{"a header twice", func(wb *Workbook) { wb.Tables[0].Head[2] = "Recovery (%)" }, "a name of its own"},
		{"a blank header", func(wb *Workbook) { wb.Tables[0].Head[0] = "" }, "a name of its own"},
	} {
		wb := sample()
		c.change(wb)
		err := Write(&bytes.Buffer{}, wb)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

func TestRowOfWrongLength(t *testing.T) {
	wb := sample()
	wb.Tables[1].Rows = rows([]Cell{Number(1, 0), Number(2, 0)})
	err := Write(&bytes.Buffer{}, wb)
	if err == nil || !strings.Contains(err.Error(), "row 1 has 2 cells; the header has 1") {
		t.Errorf("error %v, want one naming the row", err)
	}
}

// A long table's second part takes its name with _2; a table already named so is
// refused rather than written over.
func TestPartNameTaken(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 4
	wb := sample()
	wb.Tables = append(wb.Tables, Table{Sheet: "Long_2", Title: "Another", Head: []string{"Value (count)"}, Rows: rows([]Cell{Number(1, 0)})})
	err := Write(&bytes.Buffer{}, wb)
	if err == nil || !strings.Contains(err.Error(), `sheet name "Long_2" is used twice`) {
		t.Errorf("error %v, want one saying Long_2 is used twice", err)
	}
}

// A table Render began gives the workbook Write gives without it, long tables and
// errors alike, and its rows are read once: Write waits for them rather than reading
// them again.
func TestRenderedBeforehand(t *testing.T) {
	defer func(n int) { maxRows = n }(maxRows)
	maxRows = 4
	want := write(t, sample())
	wb := sample()
	reads := 0
	long := wb.Tables[1].Rows
	wb.Tables[1].Rows = func(yield func([]Cell, error) bool) {
		reads++
		long(yield)
	}
	for i := range wb.Tables {
		wb.Tables[i] = Render(wb.Tables[i])
	}
	if !bytes.Equal(write(t, wb), want) {
		t.Error("the workbook of tables rendered beforehand differs from Write's own")
	}
	if reads != 1 {
		t.Errorf("the long table's rows were read %d times, want once", reads)
	}
	wb = sample()
	wb.Tables[1].Rows = rows([]Cell{Number(1, 0), Number(2, 0)})
	wb.Tables[1] = Render(wb.Tables[1])
	if err := Write(&bytes.Buffer{}, wb); err == nil || !strings.Contains(err.Error(), "row 1 has 2 cells; the header has 1") {
		t.Errorf("error %v, want one naming the row", err)
	}
}
