package measure

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestNationalIdentities reproduces the percentages of England's published 2024-25
// figures from their published counts with the very functions that compute ours: if our
// denominators differed from the national ones (recovery over finished less not at
// caseness, the others over finished), the figures would not match.
func TestNationalIdentities(t *testing.T) {
	f, err := os.Open("../../data/benchmarks/nhs-talking-therapies-annual-2024-25.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	// Their percentage columns, our measure, and the counts behind it.
	checks := []struct {
		percent, id string
		counts      map[counter]string
	}{
		{"Percentage_Recovery", "M192", map[counter]string{cRecovered: "Count_Recovery", cFinished: "Count_FinishedCourseTreatment", cNotCaseness: "Count_NotAtCaseness"}},
		{"Percentage_ReliableRecovery", "M195", map[counter]string{cReliablyRecovered: "Count_ReliableRecovery", cFinished: "Count_FinishedCourseTreatment", cNotCaseness: "Count_NotAtCaseness"}},
		{"Percentage_Improvement", "M186", map[counter]string{cImproved: "Count_Improvement", cFinished: "Count_FinishedCourseTreatment"}},
		{"Percentage_NoReliableChange", "X003", map[counter]string{cNoChange: "Count_NoReliableChange", cFinished: "Count_FinishedCourseTreatment"}},
		{"Percentage_Deterioration", "M1010", map[counter]string{cDeteriorated: "Count_Deterioration", cFinished: "Count_FinishedCourseTreatment"}},
	}
	england, total := 0, false
	for _, r := range rows[1:] {
		if r[col["OrgType"]] != "England" {
			continue
		}
		england++
	rowChecks:
		for _, c := range checks {
			published, err := strconv.ParseFloat(r[col[c.percent]], 64)
			if err != nil {
				continue // not published for this row
			}
			var a acc
			for k, name := range c.counts {
				n, err := strconv.Atoi(r[col[name]])
				if err != nil {
					continue rowChecks
				}
				a.n[k] = int32(n)
			}
			m, _ := Lookup(c.id)
			got := m.raw(&a)
			// England's percentages are published to one decimal place.
			if !got.HasValue || math.Round(got.Value*10)/10 != published {
				t.Errorf("England %s %s %s: %s = %.4f, published %g", r[col["VariableType"]], r[col["VariableA"]], r[col["VariableB"]], c.id, got.Value, published)
			}
			if r[col["VariableType"]] == "Total" && c.id == "M192" {
				// 321,061 / (670,419 − 35,234) = 50.546…%.
				if got.Num != 321061 || got.Den != 670419-35234 || math.Round(got.Value*10)/10 != 50.5 {
					t.Errorf("England recovery: %d / %d = %g", got.Num, got.Den, got.Value)
				}
				total = true
			}
		}
	}
	if england < 100 || !total {
		t.Errorf("%d England rows read, Total found: %v", england, total)
	}
}
