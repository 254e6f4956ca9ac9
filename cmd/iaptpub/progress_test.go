package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// stageLines are the progress lines of a run whose standard error is not a terminal.
func stageLines(stderr string) []string {
	return regexp.MustCompile(`(?m)^iaptpub: (reading|aggregating|building|indexing|printing) .*$`).FindAllString(stderr, -1)
}

// Off a terminal, a build writes one line as each stage starts, in the order the work
// is done; with --quiet, none. (The export is the foreign-shaped one, read through its
// mapping: the lines name its own files.)
func TestBuildProgressLines(t *testing.T) {
	slow(t, "builds a site with Hugo")
	foreign, mapping := foreignCopy(t, measuresExport(t))
	config := filepath.Join(t.TempDir(), "service.toml")
	if err := os.WriteFile(config, []byte("[service]\nname = \"Test service\"\n[site]\npublished = \"2025-06-01\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	// The fixture's one bad score is more than 1% of its assessments: --allow-partial.
	root.SetArgs([]string{"build", "--input", foreign, "--mapping", mapping, "--config", config,
		"--out", filepath.Join(t.TempDir(), "public"), "--no-pdf", "--allow-partial"})
	if err := root.Execute(); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}
	read := []string{
		"iaptpub: reading Referrals Export.csv",
		"iaptpub: reading Problem descriptors.csv",
		"iaptpub: reading LTCs.csv",
		"iaptpub: reading Appointments.csv",
		"iaptpub: reading Outcome measures.csv",
	}
	// One read of each file feeds the measures, costs, workforce and readiness figures.
	want := append(read, "iaptpub: aggregating the measures", "iaptpub: building the site with Hugo")
	got := stageLines(stderr.String())
	// Where Pagefind is installed, the site is indexed for search last.
	if len(got) == len(want)+1 {
		want = append(want, "iaptpub: indexing the site for search (Pagefind)")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stage lines:\n%s\nwant\n%s\nstderr:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
}

func TestQuietMeansNoProgress(t *testing.T) {
	dir := measuresExport(t)
	_, errOut, err := runMeasures(t, "--input", dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := stageLines(errOut); len(got) != 6 || got[0] != "iaptpub: reading referrals.csv" || got[5] != "iaptpub: aggregating the measures" {
		t.Errorf("without --quiet: %q", got)
	}
	_, errOut, err = runMeasures(t, "--input", dir, "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	if got := stageLines(errOut); len(got) > 0 {
		t.Errorf("--quiet wrote progress: %q", got)
	}
	// What is wrong with the export is still said.
	if !strings.Contains(errOut, "assessments.csv: 1 of ") {
		t.Errorf("--quiet hid the rows left out:\n%s", errOut)
	}
}
