package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/iaptpub/iaptpub/progress"
)

// loadFixture returns a fixture's export folder (with defaults added) and its want.
func loadFixture(t testing.TB, name string) (fstest.MapFS, string, map[string]bool) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return archiveFS(t, ar)
}

// TestEncodings: a byte-order mark and CRLF line endings (also inside a quoted field)
// change nothing: the valid fixture gives the same records and report in every form.
func TestEncodings(t *testing.T) {
	for _, tc := range []struct {
		name string
		bom  bool
		crlf bool
	}{{"bom", true, false}, {"crlf", false, true}, {"bom+crlf", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, want, defaulted := loadFixture(t, "valid.txtar")
			for name, f := range fsys {
				data := f.Data
				if tc.crlf {
					data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
				}
				if tc.bom {
					data = append([]byte("\uFEFF"), data...)
				}
				fsys[name] = &fstest.MapFile{Data: data}
			}
			if got := dump(t, fsys, defaulted, Options{}); got != want {
				t.Errorf("got\n%s\nwant\n%s\ndiff:\n%s", got, want, lineDiff(got, want))
			}
		})
	}
}

const referralsHeader = "ServiceRequestId,LocalPatientId,OrgIDProv,ReferralRequestReceivedDate,Notes\n"

// readReferrals reads a referrals.csv given as text, returning the lines of the
// accepted referrals and the read's error.
func readReferrals(t *testing.T, text string, opts Options) ([]int, *Reader, error) {
	t.Helper()
	fsys := fstest.MapFS{ReferralsFile: {Data: []byte(text)}}
	addDefaults(fsys)
	r, err := openFS(fsys, "export", testInstruments{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	err = r.Referrals(func(_ int, x Referral) error {
		lines = append(lines, x.Line)
		return nil
	})
	return lines, r, err
}

func TestNotUTF8(t *testing.T) {
	// "£" in Windows-1252 is the single byte 0xA3, never valid UTF-8 on its own. The
	// quoted note spanning lines 3-4 must not throw the line off: the bad byte is on 5.
	text := referralsHeader +
		"R1,P1,RX1,2024-01-10,\n" +
		"R2,P2,RX1,2024-01-10,\"two\nlines\"\n" +
		"R3,P3,RX1,2024-01-10,cost \xA35\n" +
		"R4,P4,RX1,2024-01-10,\n"
	lines, r, err := readReferrals(t, text, Options{})
	want := `referrals.csv:5: the file is not UTF-8 text (it looks like an Excel "ANSI" or Windows-1252 export); ` +
		`open it in Excel and save it again choosing "CSV UTF-8 (Comma delimited)", or convert it with: ` +
		`iconv -f WINDOWS-1252 -t UTF-8 referrals.csv > fixed.csv`
	if err == nil || err.Error() != want {
		t.Fatalf("error\n got %v\nwant %s", err, want)
	}
	// The rows before the bad line were read; the rest of the file was not.
	if len(lines) != 2 || lines[0] != 2 || lines[1] != 3 {
		t.Errorf("accepted rows on lines %v, want [2 3]", lines)
	}
	if got := r.Report().Files[0].Failed; got != want {
		t.Errorf("report's Failed = %q, want the error", got)
	}
}

// TestUTF8AcrossChunks: a line longer than the reader's 64 KiB buffer is checked in
// parts; a two-byte rune cut between two parts is valid, and a bad byte in the second
// part is still found, on the right line.
func TestUTF8AcrossChunks(t *testing.T) {
	long := strings.Repeat("é", 40_000)     // 80,000 bytes
	for _, pad := range []string{"", "a"} { // one of the two cuts a rune in half
		text := referralsHeader + "R1,P1,RX1,2024-01-10," + pad + long + "\n"
		if lines, _, err := readReferrals(t, text, Options{}); err != nil || len(lines) != 1 {
			t.Fatalf("pad %q: valid long line: lines %v, error %v", pad, lines, err)
		}
		bad := referralsHeader + "R1,P1,RX1,2024-01-10,ok\nR2,P2,RX1,2024-01-10," + pad + long + "\xE9x\n"
		_, _, err := readReferrals(t, bad, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "referrals.csv:3: the file is not UTF-8 text") {
			t.Errorf("pad %q: bad byte after 80,000: error %v, want one naming line 3", pad, err)
		}
	}
	// A file ending inside a multi-byte rune is not UTF-8 either.
	_, _, err := readReferrals(t, referralsHeader+"R1,P1,RX1,2024-01-10,"+strings.Repeat("é", 40_000)+"\xC3", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "referrals.csv:2: the file is not UTF-8 text") {
		t.Errorf("cut rune at the end: error %v", err)
	}
}

func TestRowTooLong(t *testing.T) {
	wantMsg := func(line string) string {
		return "referrals.csv:" + line + ": the row starting on this line is longer than 1 MiB, so the file is probably damaged: " +
			"look for a quote (\") that is opened but never closed, or for line endings that are a lone carriage return " +
			"(save the file again with Windows or Unix line endings)"
	}
	for _, tc := range []struct {
		name, text, line string
	}{
		// A 10 MB field on one line, after a blank line (skipped, but still counted).
		{"field", referralsHeader + "R1,P1,RX1,2024-01-10,\n\nR2,P2,RX1,2024-01-10," + strings.Repeat("x", 10<<20) + "\n", "4"},
		// Old Mac line endings: the whole file is one line.
		{"lone CR", strings.ReplaceAll(referralsHeader+strings.Repeat("R1,P1,RX1,2024-01-10,\n", 100_000), "\n", "\r"), "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readReferrals(t, tc.text, Options{})
			if err == nil || err.Error() != wantMsg(tc.line) {
				t.Errorf("error\n got %v\nwant %s", err, wantMsg(tc.line))
			}
		})
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"Referrals.csv", ContactsFile, AssessmentsFile, ComplaintsFile, ConditionsFile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Open(dir, testInstruments{}, Options{})
	want := "opening the export: referrals.csv is missing from " + dir +
		" (there is a Referrals.csv: file names are matched exactly, so rename it to referrals.csv); every export needs " +
		"referrals.csv, care_contacts.csv, assessments.csv, presenting_complaints.csv, long_term_conditions.csv"
	if err == nil || err.Error() != want {
		t.Errorf("missing table:\n got %v\nwant %s", err, want)
	}

	file := filepath.Join(dir, ContactsFile)
	_, err = Open(file, testInstruments{}, Options{})
	want = "opening the export: " + file + " is not a folder; --input names the folder holding referrals.csv and the other files"
	if err == nil || err.Error() != want {
		t.Errorf("not a folder:\n got %v\nwant %s", err, want)
	}

	if _, err := Open(filepath.Join(dir, "nothing"), testInstruments{}, Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("no such folder: got %v, want an error wrapping os.ErrNotExist", err)
	}
}

// TestStrict: the first row error ends the read, with that message.
func TestStrict(t *testing.T) {
	fsys, _, _ := loadFixture(t, "referrals_errors.txtar")
	r, err := openFS(fsys, "export", testInstruments{}, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = r.Referrals(func(int, Referral) error { n++; return nil })
	want := `referrals.csv:4: column ReferralRequestReceivedDate: not a date ("31/02/2024")`
	var rowErr *RowError
	if !errors.As(err, &rowErr) || err.Error() != want {
		t.Fatalf("got %v, want the RowError %s", err, want)
	}
	if n != 1 {
		t.Errorf("%d referrals handed on before the error, want 1 (line 2)", n)
	}
	f := r.Report().Files[0]
	if f.Read != 2 || f.Accepted != 1 || f.LeftOut != 1 || f.Failed != want {
		t.Errorf("report %+v: want 2 read, 1 accepted, 1 left out, failed with the error", f)
	}
}

// TestCallbackError: an error from fn stops the read and comes back with file and line.
func TestCallbackError(t *testing.T) {
	fsys, _, _ := loadFixture(t, "valid.txtar")
	r, err := openFS(fsys, "export", testInstruments{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	calls := 0
	err = r.Contacts(func(int, Contact) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	})
	// The third contact starts on line 4 (its id runs onto line 5).
	if !errors.Is(err, boom) || err.Error() != "care_contacts.csv:4: boom" {
		t.Errorf("got %v, want care_contacts.csv:4: boom wrapping boom", err)
	}
	if calls != 3 {
		t.Errorf("fn called %d times after its error, want the read to stop at 3", calls)
	}
}

func TestOrder(t *testing.T) {
	fsys, _, _ := loadFixture(t, "valid.txtar")
	r, err := openFS(fsys, "export", testInstruments{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	none := func(int, Contact) error { return nil }
	if err := r.Contacts(none); !errors.Is(err, errNoReferrals) {
		t.Errorf("contacts before referrals: got %v", err)
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if r.NumReferrals() != 3 {
		t.Errorf("NumReferrals = %d, want 3", r.NumReferrals())
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err == nil {
		t.Error("reading referrals twice: no error")
	}
	// A table may be read again; the report counts the last read.
	for range 2 {
		if err := r.Contacts(none); err != nil {
			t.Fatal(err)
		}
	}
	if f := r.Report().Files[1]; f.File != ContactsFile || f.Read != 4 {
		t.Errorf("after two reads: %+v, want care_contacts.csv with 4 rows read", f)
	}
}

func TestNoInstruments(t *testing.T) {
	fsys, _, _ := loadFixture(t, "valid.txtar")
	r, err := openFS(fsys, "export", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := r.Assessments(func(int, Assessment) error { return nil }); err == nil {
		t.Error("assessments without a catalogue: no error")
	}
}

// TestProgress: each file is a stage of Options.Progress; on a terminal its line ends
// with the rows read and a newline, elsewhere it is one line as the file is opened.
func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		terminal bool
		prefix   string
	}{
		{true, "\rreading referrals.csv…\x1b[K\rreading referrals.csv: 1 rows in "},
		{false, "iaptpub: reading referrals.csv\n"},
	} {
		var b bytes.Buffer
		if _, _, err := readReferrals(t, referralsHeader+"R1,P1,RX1,2024-01-10,\n", Options{Progress: progress.New(&b, tc.terminal)}); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); !strings.HasPrefix(got, tc.prefix) || !strings.HasSuffix(got, "\n") || !tc.terminal && got != tc.prefix {
			t.Errorf("terminal %v: progress %q", tc.terminal, got)
		}
	}
}

// TestReportJSON pins the JSON field names, which scripts may read.
func TestReportJSON(t *testing.T) {
	fsys, _, _ := loadFixture(t, "contacts_errors.txtar")
	r, err := openFS(fsys, "export", testInstruments{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Referrals(func(int, Referral) error { return nil })
	r.Contacts(func(int, Contact) error { return nil })
	data, err := json.Marshal(r.Report())
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	files := back["files"].([]any)
	contacts := files[1].(map[string]any)
	for key, want := range map[string]any{"file": "care_contacts.csv", "rows_read": 17.0, "rows_accepted": 6.0, "rows_left_out": 11.0} {
		if contacts[key] != want {
			t.Errorf("%s = %v, want %v", key, contacts[key], want)
		}
	}
	first := contacts["errors"].([]any)[0].(map[string]any)
	if first["column"] != "ServiceRequestId" || first["kind"] != "unknown referral" || first["count"] != 2.0 || len(first["examples"].([]any)) != 2 {
		t.Errorf("first error group %v", first)
	}
	if back["notes"].([]any)[0] != "utilisation.csv is not in the export, so there is no healthcare-use data for the cost-saving evaluation" {
		t.Errorf("notes %v", back["notes"])
	}
}

// TestMaxExamples: a report keeps the first 20 messages of a kind, and counts them all.
func TestMaxExamples(t *testing.T) {
	text := referralsHeader + strings.Repeat("R1,P1,RX1,yesterday,\n", 25)
	_, r, err := readReferrals(t, text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Report().Files[0].Errors[0]
	if p.Count != 25 || len(p.Examples) != MaxExamples || !strings.HasPrefix(p.Examples[19], "referrals.csv:21: ") {
		t.Errorf("count %d, %d examples, last %q; want 25, 20, line 21", p.Count, len(p.Examples), p.Examples[len(p.Examples)-1])
	}
}

func TestWriteText(t *testing.T) {
	rep := &Report{
		Folder: "export",
		Files: []FileReport{{File: ReferralsFile, Read: 1234, Accepted: 1232, LeftOut: 2,
			Errors: []Problem{{Column: "IMDDecile", Kind: "out of range", Count: 2, Examples: []string{"referrals.csv:7: column IMDDecile: out of range (expected 1 to 10) (\"11\")"}}},
			Notes:  []string{}},
			{File: ContactsFile, Failed: "care_contacts.csv:9: the file is not UTF-8 text"}},
		Notes:        []string{"utilisation.csv is not in the export"},
		Completeness: &Completeness{Referrals: 1232, EthnicityStated: 616, LTCStatus: 0, Depression: "PHQ9", PairedDepression: 1232},
	}
	// 616/1232 = 50.0%; 0/1232 = 0.0%; 1232/1232 = 100.0%.
	want := `Data-quality report for export

referrals.csv: 1,234 rows read, 1,232 accepted, 2 left out
  Rows left out:
    column IMDDecile: out of range: 2 rows (the first 1 below)
      referrals.csv:7: column IMDDecile: out of range (expected 1 to 10) ("11")

care_contacts.csv: 0 rows read, 0 accepted, 0 left out
  COULD NOT BE READ TO THE END: care_contacts.csv:9: the file is not UTF-8 text

Notes
  utilisation.csv is not in the export

Completeness, of 1,232 accepted referrals
  Ethnicity stated                 616 (50.0%)
  Long-term-condition status       0 (0.0%)
  Paired PHQ9 scores               1,232 (100.0%)
`
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s\ndiff:\n%s", b.String(), want, lineDiff(b.String(), want))
	}
	if rep.LeftOut() != 2 || !rep.Failed() {
		t.Errorf("LeftOut %d, Failed %t; want 2, true", rep.LeftOut(), rep.Failed())
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -12345: "-12,345"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestStrayQuote: a quote opened by mistake swallows the rows after it into one field.
// A quoted field running on for more than MaxRowLines lines, or to the end of the file,
// stops the file at the line and column where the quote opened; the rows before it are
// accepted. A note of exactly MaxRowLines lines is a real one, and is accepted.
func TestStrayQuote(t *testing.T) {
	msg := func(line, column, what string) string {
		return "referrals.csv:" + line + ": column " + column + ": a quoted field opened on this line " + what +
			", swallowing the rows after it - a stray quote? Remove the quote, or double it (\"\") if it belongs in the value; " +
			"the file was read only up to this line"
	}
	const long = "runs on for more than 20 lines"
	const toEnd = "is never closed: it runs on to the end of the file"
	rows := func(n int) string { return strings.Repeat("R9,P9,RX1,2024-01-10,\n", n) }
	for _, tc := range []struct {
		name, text string
		want       string
		accepted   []int
	}{
		// The tester's case: a quote at the start of one field of line 11 of 3,000.
		{"swallows the file", referralsHeader +
			"R1,P1,RX1,2024-01-10,\n" + "R2,\"P2,RX1,2024-01-10,\n" + rows(3000),
			msg("3", "LocalPatientId", long), []int{2}},
		// Doubled quotes inside a quoted field stand for one quote; the quote left open is Notes'.
		{"after a doubled quote", referralsHeader + "R1,\"P\"\"1\",RX1,2024-01-10,\"said \"\"no\"\" and\n" + rows(30),
			msg("2", "Notes", long), nil},
		// A quote opened near the end: fewer than 20 lines, but never closed.
		{"to the end", referralsHeader + "R1,P1,RX1,2024-01-10,\nR2,P2,RX1,2024-01-10,\"oops\n" + rows(5),
			msg("3", "Notes", toEnd), []int{2}},
		// The same, in a file whose last line has no line ending.
		{"to the end, cut", referralsHeader + "R1,P1,RX1,2024-01-10,\nR2,P2,RX1,2024-01-10,\"oops",
			msg("3", "Notes", toEnd), []int{2}},
		// A bare quote inside a field is bad quoting, a row error, even on a last line
		// with no line ending: no quoted field was opened.
		{"a bare quote, cut", referralsHeader + "R1,P1,RX1,2024-01-10,\nR2,P\"2,RX1,2024-01-10,", "", []int{2}},
		// A note of 20 lines on lines 3 to 22 is read as one row; R3 is on line 23.
		{"a real note", referralsHeader + "R1,P1,RX1,2024-01-10,\nR2,P2,RX1,2024-01-10,\"" +
			strings.Repeat("line\n", 19) + "end\"\nR3,P3,RX1,2024-01-10,\n", "", []int{2, 3, 23}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines, r, err := readReferrals(t, tc.text, Options{})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("error\n got %s\nwant %s", got, tc.want)
			}
			if !slices.Equal(lines, tc.accepted) {
				t.Errorf("accepted rows on lines %v, want %v", lines, tc.accepted)
			}
			checkCounts(t, r.Report())
		})
	}
}
