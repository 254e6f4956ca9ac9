package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A national file that cannot be read stops the build before anything else is done,
// with an error naming the file, the line and the column; from --benchmark, and from
// site.benchmark, whose path is relative to the configuration file.
func TestBuildWithABadBenchmarkFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "national-2024-25.csv")
	header := "OrgType,OrgCode,OrgName,VariableType,VariableA,VariableB,Count_ReferralsReceived,Count_FinishedCourseTreatment,Count_AtCaseness,Count_NotAtCaseness,Count_Improvement,Percentage_Improvement,Count_NoReliableChange,Percentage_NoReliableChange,Count_Deterioration,Percentage_Deterioration,Count_Recovery,Percentage_Recovery,Count_ReliableRecovery,Percentage_ReliableRecovery\n"
	row := "England,All,All,Total,,,3000,1050,1000,50,700,66.7,300,28.6,50,4.8,five hundred,50,480,48\n"
	if err := os.WriteFile(bad, []byte(header+row), 0o644); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "service.toml")
	if err := os.WriteFile(config, []byte("[service]\nname = \"Test service\"\n[site]\npublished = \"2025-06-12\"\nbenchmark = \"national-2024-25.csv\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	for _, args := range [][]string{
		{"--benchmark", bad},
		{"--config", config},
	} {
		root := newRootCmd()
		var stdout, stderr bytes.Buffer
		root.SetOut(&stdout)
		root.SetErr(&stderr)
		root.SetArgs(append([]string{"build", "--out", out}, args...))
		err := root.Execute()
		if err == nil || !strings.Contains(err.Error(), bad+":2:") || !strings.Contains(err.Error(), "Count_Recovery") {
			t.Errorf("build %v: error %v, want one naming %s:2 and Count_Recovery", args, err, bad)
		}
		if strings.Contains(stderr.String(), "making the demonstration export") {
			t.Errorf("build %v went on to make the export before failing", args)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("build %v wrote a site", args)
		}
	}
}
