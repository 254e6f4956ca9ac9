package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func costsExport(t *testing.T) string {
	t.Helper()
	dir, _ := archiveExport(t, "costs", "export.txtar")
	return dir
}

func runCosts(t *testing.T, args ...string) ([][]string, string, error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"costs"}, args...))
	err := root.Execute()
	if err != nil {
		return nil, errOut.String(), err
	}
	rows, perr := csv.NewReader(&out).ReadAll()
	if perr != nil {
		t.Fatal(perr)
	}
	return rows, errOut.String(), nil
}

// --price-year restates every unit cost and every figure with the NHSCII of PSSRU Unit
// Costs 2024 Table 12.1.1, by hand: from 2023/24 back to 2021/22 divides by 1.0732
// (2022/23) and 1.0431 (2023/24), that is by 1.11945492. An A&E attendance, £273 at
// 2023/24, is 273 ÷ 1.11945492 = £243.87; the treated group's mean change of
// testdata/costs/export.txtar, £91.50 at 2023/24 (see evaluation/costs), is
// 91.5 ÷ 1.11945492 = £81.74.
func TestCostsPriceYear(t *testing.T) {
	dir := costsExport(t)
	rows, _, err := runCosts(t, "--input", dir, "--table", "unit-costs", "--price-year", "2021/22")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "Item,Description,UnitCost,PriceYear,Source,Reliability,SourceCost,SourcePriceYear,Factor,PriceIndex" {
		t.Fatalf("header %s", got)
	}
	found := false
	for _, r := range rows {
		if r[0] == "ae_attendance" {
			found = true
			if r[2] != "243.87" || r[3] != "2021/22" || r[6] != "273" || r[7] != "2023/24" || !strings.Contains(r[9], "NHS Cost Inflation Index") {
				t.Errorf("A&E at 2021/22: %q", r)
			}
		}
		if r[0] == "gp_phone_consultation" && (r[2] != "" || r[5] != "NOT FOUND") {
			t.Errorf("an item with no published cost got one: %q", r)
		}
	}
	if !found {
		t.Error("no ae_attendance row")
	}
	rows, stderr, err := runCosts(t, "--input", dir, "--price-year", "2021/22", "--unsuppressed")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == "All" && r[1] == "All" && r[2] == "treated" {
			if r[6] != "81.74" || r[9] != "2021/22" {
				t.Errorf("the treated group's change at 2021/22: %q, want 81.74 at 2021/22", r)
			}
		}
	}
	if !strings.Contains(stderr, "every pound is at 2021/22 prices") {
		t.Errorf("standard error does not state the price year:\n%s", stderr)
	}
	_, _, err = runCosts(t, "--input", dir, "--price-year", "2031/32")
	if err == nil || !strings.Contains(err.Error(), "price year 2031/32 is outside the NHS Cost Inflation Index (NHSCII), pay and prices, NHS providers, which covers 2014/15 to 2023/24") {
		t.Errorf("an unknown year: %v", err)
	}
}
