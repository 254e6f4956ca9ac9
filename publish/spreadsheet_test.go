package publish

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/synth"
	"github.com/iaptpub/iaptpub/publish/figures"
	"github.com/iaptpub/iaptpub/publish/workbook"
	"github.com/iaptpub/iaptpub/publish/workbook/xlsxtest"
)

// The workbook of the demonstration site, read back with the standard library: every
// table of the site on a sheet of its own, the same figures as the CSV files, numbers
// stored as numbers, [c] where the site shows a star and [x] where it shows a blank.
func TestWorkbookHoldsEveryPublishedTable(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	dir := demoOutput(t)
	res := demoResults
	res.Config = demoSite(t).Config
	files, err := Generate(res)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Generate(res)
	if err != nil {
		t.Fatal(err)
	}
	const name = "downloads/demo-talking-therapies-2025-06-12.xlsx"
	data := files["static/"+name]
	if !bytes.Equal(data, again["static/"+name]) {
		t.Fatal("two builds of the same export give different workbooks")
	}
	built, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(built, data) {
		t.Fatal("the built site's workbook differs from another build's")
	}
	f, err := xlsxtest.Read(data)
	if err != nil {
		t.Fatal(err)
	}

	var downloads []download
	if err := json.Unmarshal(files["data/iaptpub/downloads.json"], &downloads); err != nil {
		t.Fatal(err)
	}
	want := []string{"Cover", "Contents", "Notes"}
	for i := range downloads {
		want = append(want, fmt.Sprintf("Table_%d", i+1))
	}
	want = append(want, "All_measures")
	var names []string
	for _, s := range f.Sheets {
		names = append(names, s.Name)
		if bytes.Contains(s.XML, []byte("<mergeCell")) {
			t.Errorf("sheet %s has merged cells", s.Name)
		}
	}
	if !slices.Equal(names, want) {
		t.Fatalf("sheets %q, want %q", names, want)
	}

	stars := 0
	for i, d := range downloads {
		sheet := f.Sheet(fmt.Sprintf("Table_%d", i+1))
		if got := sheet.Cells["A1"].Value; !strings.HasSuffix(got, d.Title) {
			t.Errorf("%s: title %q, want one ending %q", sheet.Name, got, d.Title)
		}
		stars += sameFigures(t, sheet, readCSV(t, files["static/"+d.File]), 1)
	}
	stars += sameFigures(t, f.Sheet("All_measures"), readCSV(t, files["static/downloads/measures.csv"]), len(measure.Header)-1)
	if stars == 0 {
		t.Error("no figure of the demonstration is held back: the test shows nothing about [c]")
	}

	cover := f.Sheet("Cover").Cells
	for ref, want := range map[string]string{"A8": "Next update", "A9": "To be announced.", "A7": "12 June 2025"} {
		if cover[ref].Value != want {
			t.Errorf("Cover!%s = %q, want %q", ref, cover[ref].Value, want)
		}
	}
	if got := f.Sheet("Notes").Cells["B9"].Value; !strings.HasSuffix(got, "methodology page: /methodology/") {
		t.Errorf("the last note %q does not give the methodology page's address", got)
	}

	// With site.next_update the cover gives the date.
	cfg, err := ParseConfig("service.toml", []byte("[service]\nname = \"A\"\n[site]\npublished = \"2025-06-12\"\nnext_update = \"2025-07-10\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	res.Config = cfg
	if got := (&generator{}).cover(res, name)[3]; got != (workbook.Section{Heading: "Next update", Text: "10 July 2025"}) {
		t.Errorf("cover section %+v, want the next update on 10 July 2025", got)
	}

	page, err := os.ReadFile(filepath.Join(dir, "downloads", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The size as GOV.UK writes it: megabytes to one decimal place from 1 MB (the
	// demo's workbook is several), kilobytes rounded up below.
	size := fmt.Sprintf("%d KB", (len(data)+1023)/1024)
	if len(data) >= 1<<20 {
		size = fmt.Sprintf("%.1f MB", float64(len(data))/(1<<20))
	}
	link := fmt.Sprintf("Excel workbook (XLSX, %s)", size)
	at, csvAt := bytes.Index(page, []byte(link)), bytes.Index(page, []byte("measures.csv"))
	if at < 0 || at > csvAt || !bytes.Contains(page, []byte(`href=/`+name)) && !bytes.Contains(page, []byte(`href="/`+name)) {
		t.Errorf("/downloads/ does not list the workbook first as %q", link)
	}
}

func TestNextUpdateMustBeADate(t *testing.T) {
	_, err := ParseConfig("service.toml", []byte("[service]\nname = \"A\"\n[site]\npublished = \"2025-06-12\"\nnext_update = \"July 2025\"\n"))
	if err == nil || err.Error() != `service.toml: site.next_update = "July 2025": not a date of the calendar; give it as YYYY-MM-DD (such as 2025-06-12)` {
		t.Errorf("error %v, want one naming the key and the value", err)
	}
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The workbook holds the figures, not the apostrophe that keeps a CSV cell such
	// as "-407.31 to -150.00" from being taken for a formula.
	for _, row := range rows {
		for i := range row {
			row[i] = csvsafe.Unescape(row[i])
		}
	}
	return rows
}

// sameFigures checks that a sheet holds the figures of a CSV file, row for row below
// the header row, an interval "a to b" in two columns, and counts the stars. The
// columns from figuresFrom on hold figures; those before it, labels.
func sameFigures(t *testing.T, sheet *xlsxtest.Sheet, rows [][]string, figuresFrom int) (stars int) {
	t.Helper()
	// Each column of the CSV is one column of the sheet, or two for an interval.
	var cols [][]int
	k := 1
	for _, h := range rows[0] {
		next := sheet.Cells[cellRef(k+1, workbook.HeaderRow)].Value
		if strings.Contains(h, "interval") && strings.HasPrefix(next, h+", upper") {
			cols = append(cols, []int{k, k + 1})
			k += 2
			continue
		}
		cols = append(cols, []int{k})
		k++
	}
	if extra := sheet.Cells[cellRef(k, workbook.HeaderRow)]; extra.Value != "" {
		t.Errorf("%s: header has a column %q beyond the CSV's", sheet.Name, extra.Value)
	}
	for r, row := range rows[1:] {
		for j, v := range row {
			parts := []string{v}
			if len(cols[j]) == 2 {
				lo, hi, ok := strings.Cut(v, " to ")
				parts = []string{v, v}
				if ok {
					parts = []string{lo, hi}
				}
			}
			for p, col := range cols[j] {
				ref := cellRef(col, workbook.HeaderRow+1+r)
				got, want := sheet.Cells[ref], parts[p]
				switch n, err := strconv.ParseFloat(strings.ReplaceAll(want, ",", ""), 64); {
				case j < figuresFrom:
					if got.Value != want || got.Type == "" {
						t.Errorf("%s!%s = %+v, want the text %q", sheet.Name, ref, got, want)
					}
				case want == "*":
					stars++
					if got.Value != "[c]" || got.Type == "" {
						t.Errorf("%s!%s = %+v, want the text [c] for *", sheet.Name, ref, got)
					}
				case want == "":
					if got.Value != "[x]" || got.Type == "" {
						t.Errorf("%s!%s = %+v, want the text [x] for a blank", sheet.Name, ref, got)
					}
				case err == nil:
					if m, err := strconv.ParseFloat(got.Value, 64); got.Type != "" || err != nil || m != n {
						t.Errorf("%s!%s = %+v, want the number %s", sheet.Name, ref, got, want)
					}
				default:
					if got.Value != want {
						t.Errorf("%s!%s = %+v, want %q", sheet.Name, ref, got, want)
					}
				}
			}
		}
	}
	return stars
}

func cellRef(col, row int) string {
	name := ""
	for ; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name + strconv.Itoa(row)
}

// A chart's table as the site shows it becomes a table of the workbook: the row
// labels stay text, an unnamed column is named, counts get their unit, an interval
// splits into its two ends in the unit of the figure before it.
func TestSheetTable(t *testing.T) {
	head, rows := sheetTable(figures.Table{
		Head: []string{"", "Recovery (%)", "95% interval", "Finished a course", "Change (£ per person)", "Against the limits"},
		Rows: [][]string{
			{"1", "46", "40 to 52", "255", "+19.50", "within"},
			{"2", "*", "*", "*", "-1,085.00", ""},
			{"3", "", "", "5", "", "above"},
		},
	})
	wantHead := []string{"Category", "Recovery (%)", "95% interval, lower (%)", "95% interval, upper (%)",
		"Finished a course (count)", "Change (£ per person)", "Against the limits"}
	if !slices.Equal(head, wantHead) {
		t.Errorf("head %q, want %q", head, wantHead)
	}
	n := workbook.Number
	c, x := workbook.Text("[c]"), workbook.Text("[x]")
	want := [][]workbook.Cell{
		{workbook.Text("1"), n(46, 0), n(40, 0), n(52, 0), n(255, 0), n(19.5, 2), workbook.Text("within")},
		{workbook.Text("2"), c, c, c, c, n(-1085, 2), x},
		{workbook.Text("3"), x, x, x, n(5, 0), x, workbook.Text("above")},
	}
	i := 0
	for row, err := range rows {
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(want) || !slices.Equal(row, want[i]) {
			t.Errorf("row %d = %v, want %v", i+1, row, want[min(i, len(want)-1)])
		}
		i++
	}
	if i != len(want) {
		t.Errorf("%d rows, want %d", i, len(want))
	}
}

// The workbook's notes state the disclosure rule the figures follow (package
// disclosure): percentages from the rounded counts, withheld where they would reveal a
// handful of people, as the methodology page says.
func TestWorkbookNotesStateThePercentageRule(t *testing.T) {
	r := Results{}
	r.Rules = disclosure.Default()
	text := strings.Join(notes(r), "\n")
	for _, want := range []string{
		"worked out from the rounded counts",
		"the count, the total and the difference between them are each 5 or more",
		"a percentage that would reveal fewer than 5 people",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the notes do not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "from the unrounded counts") {
		t.Errorf("the notes say percentages come from the unrounded counts:\n%s", text)
	}
}

// A figure is stored as a number with the decimal places the site shows, and "*" and
// a blank as [c] and [x]; what is not a number stays text.
func TestSheetCell(t *testing.T) {
	n, text := workbook.Number, workbook.Text
	for v, want := range map[string]workbook.Cell{
		"*":         text("[c]"),
		"":          text("[x]"),
		"0":         n(0, 0),
		"46":        n(46, 0),
		"52.5":      n(52.5, 1),
		"-3.5":      n(-3.5, 1),
		"12.000000": n(12, 6),
		"1,234":     n(1234, 0),
		"-1,085.00": n(-1085, 2),
		"+19.50":    n(19.5, 2),
		"-":         text("-"),
		"--5":       text("--5"),
		"1.":        text("1."),
		".5":        text(".5"),
		"1.2.3":     text("1.2.3"),
		"12,34":     text("12,34"),
		"1e5":       text("1e5"),
		"NaN":       text("NaN"),
		"Inf":       text("Inf"),
		"40 to 52":  text("40 to 52"),
	} {
		if got := sheetCell(v); got != want {
			t.Errorf("sheetCell(%q) = %+v, want %+v", v, got, want)
		}
		// The quick test for a number strconv wrote accepts nothing the full one
		// refuses.
		if plainNumber(v) && !numberText.MatchString(v) {
			t.Errorf("plainNumber(%q) but numberText refuses it", v)
		}
	}
}

// The sheet of all measures holds the rows of the measures CSV: the labels as the
// CSV has them (without the apostrophe of a formula-like one) and each figure as
// sheetCell stores the CSV's text.
func TestAllMeasuresSheetIsTheCSV(t *testing.T) {
	exportDir := filepath.Join(t.TempDir(), "export")
	if _, err := synth.Generate(exportDir, synth.Options{Referrals: 400, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	results, _, err := compute(exportDir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := measure.WriteCSV(&csv, results.Measures, true, results.Rules); err != nil {
		t.Fatal(err)
	}
	var want [][]workbook.Cell
	err = measure.ReadPublished(&csv, "measures.csv", func(p measure.Published) error {
		want = append(want, []workbook.Cell{
			workbook.Text(p.Start), workbook.Text(p.End), workbook.Text(p.Org), workbook.Text(p.VariableType),
			workbook.Text(p.VariableA), workbook.Text(p.ID), workbook.Text(p.Name), sheetCell(p.Value),
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for row, err := range measureRows(results.Measures, results.Rules) {
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(want) {
			t.Fatalf("more rows than the CSV's %d", len(want))
		}
		if !slices.Equal(row, want[i]) {
			t.Fatalf("row %d = %v, the CSV's %v", i+1, row, want[i])
		}
		i++
	}
	if i != len(want) || i == 0 {
		t.Errorf("%d rows, the CSV has %d", i, len(want))
	}
}
