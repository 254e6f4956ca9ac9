package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badCorpusExport writes the CSV files of an archive of testdata/bad to a folder.
func badCorpusExport(t *testing.T, name string) string {
	t.Helper()
	dir, _ := archiveExport(t, "bad", name)
	return dir
}

// writeConfig writes a service's configuration with the given extra lines under
// [service] and [site].
func writeConfig(t *testing.T, service, site string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "service.toml")
	text := "[service]\nname = \"Test service\"\n" + service + "\n[site]\n" + site + "\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err = root.Execute()
	return out.String(), errOut.String(), err
}

// The tester's stray quote closed again further on: one row of care_contacts.csv left
// out, but 4 of its 10 lines (testdata/bad/swallowed-rows.txtar). build refuses to
// publish it; with --allow-partial it publishes, and the methodology page says how much
// of which file was left out. A real build: Hugo in-process, no PDFs.
func TestBuildRefusesWhatWasLeftOut(t *testing.T) {
	slow(t, "builds a site with Hugo")
	input := badCorpusExport(t, "swallowed-rows.txtar")
	config := writeConfig(t, `ods_codes = ["RX1"]`, `published = "2025-01-01"`)
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "--input", input, "--config", config, "--out", out, "--no-pdf"}

	_, _, err := run(t, args...)
	want := "more than 1% of a file was left out, so the figures would not be the service's: " +
		"care_contacts.csv: 1 of 7 rows left out (4 of 10 lines), 40%. " +
		"Fix the export (iaptpub validate says which rows and why), or publish anyway with --allow-partial " +
		"(the methodology page then says how much was left out)"
	if exitCode(err) != 1 || err.Error() != want {
		t.Fatalf("build: exit %d (%v), want 1: %s", exitCode(err), err, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("build refused, but %s is there (%v)", out, err)
	}

	_, stderr, err := run(t, append(args, "--allow-partial")...)
	if err != nil {
		t.Fatalf("build --allow-partial: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "iaptpub: WARNING: publishing anyway (--allow-partial): "+want) {
		t.Errorf("build --allow-partial did not warn:\n%s", stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "methodology", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Some records could not be used", "care_contacts.csv (40% of its lines)"} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the methodology page lacks %q", s)
		}
	}

	// Under a share of 50% the same export is published with no warning on the page.
	_, stderr, err = run(t, append(args, "--max-left-out", "50%")...)
	if err != nil {
		t.Fatalf("build --max-left-out 50%%: %v\n%s", err, stderr)
	}
	page, err = os.ReadFile(filepath.Join(out, "methodology", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "Some records could not be used") {
		t.Error("a build within --max-left-out says records could not be used")
	}
}

// measures --config reads only the service's providers (service.ods_codes): the other
// providers of testdata/bad/other-providers.txtar, RY2 and RZ3, are in the CSV without
// it and nowhere in it with it, and standard error says how many rows were set aside.
func TestMeasuresSetsAsideOtherProviders(t *testing.T) {
	input := badCorpusExport(t, "other-providers.txtar")
	all, _, err := run(t, "measures", "--input", input)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(all, ",RY2,") {
		t.Fatal("without --config the measures lack RY2: the test shows nothing")
	}
	config := writeConfig(t, `ods_codes = ["RX1"]`, `published = "2030-01-01"`)
	own, stderr, err := run(t, "measures", "--input", input, "--config", config)
	if err != nil {
		t.Fatal(err)
	}
	for _, org := range []string{",RY2,", ",RZ3,"} {
		if strings.Contains(own, org) {
			t.Errorf("with --config the measures hold %s", org)
		}
	}
	if !strings.Contains(own, ",RX1,") {
		t.Error("with --config the measures lack the service's own RX1")
	}
	want := "iaptpub: rows of providers other than the service's (service.ods_codes) were set aside, not published: RY2 (8 rows), RZ3 (2 rows)\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("standard error lacks %q:\n%s", want, stderr)
	}
}

// validate --config applies site.published: the report is the corpus's own (worked
// out by hand in testdata/bad/meaningless-values.txtar, which gives the same date), and
// without --config the dates after it are accepted.
func TestValidateWithConfig(t *testing.T) {
	input, sections := archiveExport(t, "bad", "meaningless-values.txtar")
	want := strings.TrimPrefix(sections["want"], "error: none\n")
	config := writeConfig(t, "", `published = "2024-06-30"`)
	out, _, err := run(t, "validate", "--input", input, "--config", config)
	if exitCode(err) != 1 {
		t.Errorf("exit %d (%v), want 1", exitCode(err), err)
	}
	if got := strings.Replace(out, input, "export", 1); got != want {
		t.Errorf("report\n%s\nwant\n%s", got, want)
	}
	out, _, _ = run(t, "validate", "--input", input)
	if strings.Contains(out, "after the publication date") {
		t.Error("without --config, validate knows a publication date")
	}
}

// The tester's case: a stray quote on line 11 of referrals.csv used to swallow the rest
// of the file and publish figures from the 9 referrals before it, with exit status 0.
// The build now stops at the line and column of the quote, and writes nothing.
func TestBuildStopsAtAStrayQuote(t *testing.T) {
	input := badCorpusExport(t, "stray-quote.txtar")
	config := writeConfig(t, `ods_codes = ["RX1"]`, `published = "2025-01-01"`)
	out := filepath.Join(t.TempDir(), "public")
	_, _, err := run(t, "build", "--input", input, "--config", config, "--out", out, "--no-pdf")
	want := "referrals.csv:11: column LocalPatientId: a quoted field opened on this line runs on for more than 20 lines, " +
		"swallowing the rows after it - a stray quote?"
	if exitCode(err) != 1 || !strings.Contains(err.Error(), want) {
		t.Errorf("exit %d (%v), want 1 and an error saying %q", exitCode(err), err, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the build stopped, but %s is there (%v)", out, err)
	}
}
