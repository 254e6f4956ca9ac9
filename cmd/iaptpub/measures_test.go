package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// measuresExport writes the CSV files of the hand-written measures fixture to a folder.
func measuresExport(t *testing.T) string {
	t.Helper()
	dir, _ := archiveExport(t, "measures", "rules.txtar")
	return dir
}

func runMeasures(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"measures"}, args...))
	err = root.Execute()
	return out.String(), errOut.String(), err
}

// value returns MEASURE_VALUE of the row whose first six columns are key.
func value(t *testing.T, csvText string, key ...string) string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if strings.Join(r[:6], ",") == strings.Join(key, ",") {
			return r[7]
		}
	}
	t.Fatalf("no row %v", key)
	return ""
}

func TestMeasuresCommand(t *testing.T) {
	dir := measuresExport(t)
	total := []string{"2024-04-01", "2025-03-31", "ALL", "Total", "Total"}

	// Controlled by default: 17 referrals received are published as 15.
	out, errOut, err := runMeasures(t, "--input", dir, "--period", "year")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "REPORTING_PERIOD_START,REPORTING_PERIOD_END,ORG_CODE,VARIABLE_TYPE,VARIABLE_A,MEASURE_ID,MEASURE_NAME,MEASURE_VALUE\n") {
		t.Errorf("header: %q", strings.SplitN(out, "\n", 2)[0])
	}
	if v := value(t, out, append(total, "M001")...); v != "15" {
		t.Errorf("M001 = %q, want 15", v)
	}
	if strings.Contains(out, "2024-04-01,2024-06-30") {
		t.Error("--period year wrote quarters")
	}
	// The out-of-range PHQ-9 score is reported with its count; no warning about
	// unsuppressed figures.
	if !strings.Contains(errOut, "assessments.csv: 1 of ") || strings.Contains(errOut, "must not be published") {
		t.Errorf("stderr:\n%s", errOut)
	}

	// Unsuppressed, to a file: exact values, and a warning.
	file := filepath.Join(t.TempDir(), "m.csv")
	out, errOut, err = runMeasures(t, "--input", dir, "--unsuppressed", "--out", file)
	if err != nil || out != "" {
		t.Fatalf("err %v, stdout %q", err, out)
	}
	if !strings.Contains(errOut, "must not be published") {
		t.Errorf("no warning on stderr:\n%s", errOut)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if v := value(t, string(b), append(total, "M001")...); v != "17" {
		t.Errorf("unsuppressed M001 = %q, want 17", v)
	}

	// --strict fails on the out-of-range score.
	if _, _, err := runMeasures(t, "--input", dir, "--strict"); exitCode(err) != 1 {
		t.Errorf("--strict: %v (exit %d), want a failure", err, exitCode(err))
	}
}

func TestMeasuresUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--input", "x", "--period", "week"}, {"extra"}} {
		if _, _, err := runMeasures(t, args...); exitCode(err) != 2 {
			t.Errorf("measures %q: %v (exit %d), want exit 2", args, err, exitCode(err))
		}
	}
	if _, _, err := runMeasures(t, "--input", filepath.Join(t.TempDir(), "none")); exitCode(err) != 1 || !strings.Contains(err.Error(), "none") {
		t.Errorf("missing folder: %v", err)
	}
}
