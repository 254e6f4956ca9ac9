package benchmark_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/benchmark"
)

const header = "OrgType,OrgCode,OrgName,VariableType,VariableA,VariableB,Count_ReferralsReceived,Count_FinishedCourseTreatment,Count_AtCaseness,Count_NotAtCaseness,Count_Improvement,Percentage_Improvement,Count_NoReliableChange,Percentage_NoReliableChange,Count_Deterioration,Percentage_Deterioration,Count_Recovery,Percentage_Recovery,Count_ReliableRecovery,Percentage_ReliableRecovery\n"

// A national file that cannot be read fails with its name, line and column.
func TestLoadNamesTheBadLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "national-2024-25.csv")
	national := header +
		"England,All,All,Total,,,3000,1050,1000,50,700,66.7,300,28.6,50,4.8,500,50,480,48\n" +
		"Provider,RAA,ABOVE BOTH,Total,,,300,100,100,0,90,90,10,10,0,0,90,90,ninety,90\n" // Count_ReliableRecovery of RAA
	if err := os.WriteFile(bad, []byte(national), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := benchmark.Load(iaptpub.Sources, bad)
	if err == nil || !strings.Contains(err.Error(), bad+":3:") || !strings.Contains(err.Error(), "Count_ReliableRecovery") {
		t.Errorf("error %v, want one naming %s:3 and Count_ReliableRecovery", err, bad)
	}
	missing := filepath.Join(dir, "none.csv")
	if _, err := benchmark.Load(iaptpub.Sources, missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("error %v, want one naming %s", err, missing)
	}
	// The shipped file is read from the sources, with its year.
	p, err := benchmark.Load(iaptpub.Sources, "")
	if err != nil {
		t.Fatalf("the shipped file: %v", err)
	}
	if p.Year != "2024-25" || p.Name != benchmark.Shipped {
		t.Errorf("the shipped file: %s, year %q", p.Name, p.Year)
	}
}
