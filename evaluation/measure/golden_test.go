package measure

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

var _ outcome.Source = (*export.Reader)(nil)

func loadRef(t testing.TB) *reference.Data {
	t.Helper()
	d, err := reference.Load(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// computeDir reads the export in dir and computes every measure.
func computeDir(t testing.TB, dir string, opts Options) (*Result, *export.Reader) {
	t.Helper()
	ref := loadRef(t)
	r, err := export.Open(dir, ref.Instruments, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Compute(r, ref, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, r
}

// writeRows writes res as CSV and reads it back, checking the header and the order
// of the rows (sorted by every column, as strings).
func writeRows(t *testing.T, res *Result, controlled bool) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, res, controlled, disclosure.Default()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], Header) {
		t.Fatalf("header %q, want %q", rows[0], Header)
	}
	rows = rows[1:]
	for i := 1; i < len(rows); i++ {
		if slices.Compare(rows[i-1], rows[i]) >= 0 {
			t.Fatalf("rows %d and %d are out of order or repeated:\n%q\n%q", i, i+1, rows[i-1], rows[i])
		}
	}
	return rows
}

// byKey indexes rows by their first six columns, without MEASURE_NAME.
func byKey(rows [][]string) map[string]string {
	m := map[string]string{}
	for _, r := range rows {
		m[strings.Join(r[:6], "|")] = r[7]
	}
	return m
}

func checkExpected(t *testing.T, section string, data []byte, got map[string]string) {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = 7
	want, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", section, err)
	}
	if len(want) == 0 {
		t.Fatalf("%s: no expectations", section)
	}
	for _, w := range want {
		key := strings.Join(w[:6], "|")
		value, ok := got[key]
		switch {
		case w[6] == "(absent)" && ok:
			t.Errorf("%s: %s: want no row, got %q", section, key, value)
		case w[6] != "(absent)" && !ok:
			t.Errorf("%s: %s: no row, want %q", section, key, w[6])
		case ok && value != w[6]:
			t.Errorf("%s: %s = %q, want %q", section, key, value, w[6])
		}
	}
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/measures/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files (%v)", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			sections := map[string][]byte{}
			for _, f := range ar.Files {
				if strings.HasSuffix(f.Name, ".csv") {
					if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					sections[f.Name] = f.Data
				}
			}
			res, r := computeDir(t, dir, Options{})
			checkExpected(t, "expected", sections["expected"], byKey(writeRows(t, res, false)))
			checkExpected(t, "expected-controlled", sections["expected-controlled"], byKey(writeRows(t, res, true)))

			// Data quality: rows left out per file, and rows read but not counted.
			got := map[string]int{
				"contacts outside window": res.Warnings().ContactsOutsideWindow,
				"scores outside window":   res.Warnings().ScoresOutsideWindow,
			}
			for _, f := range r.Report().Files {
				got[f.File] = int(f.LeftOut)
			}
			cr := csv.NewReader(bytes.NewReader(sections["expected-quality"]))
			cr.Comment = '#'
			want, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range want {
				n, _ := strconv.Atoi(w[1])
				if got[w[0]] != n {
					t.Errorf("quality: %s = %d, want %d", w[0], got[w[0]], n)
				}
			}
		})
	}
}
