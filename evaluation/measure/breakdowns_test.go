package measure

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBreakdownLabels checks every VARIABLE_TYPE and VARIABLE_A against the spelling
// of measures.md, section 3, and the pathways of data-contract.md.
func TestBreakdownLabels(t *testing.T) {
	var got []string
	for _, v := range breakdownValues(loadRef(t)) {
		got = append(got, v.variableType+" → "+v.label)
	}
	want := []string{
		"Total → Total",
		"Pathway → Diabetes", "Pathway → Respiratory (COPD, asthma)", "Pathway → Heart conditions",
		"Pathway → Persistent pain", "Pathway → Cancer", "Pathway → Musculoskeletal",
		"Pathway → Irritable bowel syndrome", "Pathway → ME/CFS", "Pathway → Persistent physical symptoms",
		"Pathway → Core service",
		"Long Term Condition Status → Not stated/Not known/Invalid",
		"Long Term Condition Status → Long term condition",
		"Long Term Condition Status → No long term condition",
		"Age Group → Under 18", "Age Group → 18 to 25", "Age Group → 26 to 64", "Age Group → 65 to 74",
		"Age Group → 75 to 89", "Age Group → 90 and over", "Age Group → Not known",
		"Gender → Male", "Gender → Female", "Gender → Indeterminate", "Gender → Not stated/Not known/Invalid",
		"Ethnic Group → White", "Ethnic Group → Mixed", "Ethnic Group → Asian or Asian British",
		"Ethnic Group → Black or Black British", "Ethnic Group → Other Ethnic Groups",
		"Ethnic Group → Not stated/Not known/Invalid",
		"Indices of Deprivation Decile → 1", "Indices of Deprivation Decile → 2", "Indices of Deprivation Decile → 3",
		"Indices of Deprivation Decile → 4", "Indices of Deprivation Decile → 5", "Indices of Deprivation Decile → 6",
		"Indices of Deprivation Decile → 7", "Indices of Deprivation Decile → 8", "Indices of Deprivation Decile → 9",
		"Indices of Deprivation Decile → 10", "Indices of Deprivation Decile → Not known",
		"Integrated → Integrated", "Integrated → Core only",
	}
	if !slices.Equal(got, want) {
		t.Errorf("breakdown values\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestEmptyExport: an export with no rows gives the header and nothing else.
func TestEmptyExport(t *testing.T) {
	dir := t.TempDir()
	for name, header := range map[string]string{
		"referrals.csv":             "ServiceRequestId,LocalPatientId,OrgIDProv,ReferralRequestReceivedDate",
		"care_contacts.csv":         "CareContactId,ServiceRequestId,CareContDate,AppType,AttendOrDNACode",
		"assessments.csv":           "ServiceRequestId,AssToolCompDate,CodedAssToolType,PersScore",
		"presenting_complaints.csv": "ServiceRequestId,PresComp",
		"long_term_conditions.csv":  "LocalPatientId,LongTermConditionCode",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(header+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, _ := computeDir(t, dir, Options{})
	if len(res.Cells()) != 0 {
		t.Errorf("%d cells from an empty export", len(res.Cells()))
	}
	if rows := writeRows(t, res, true); len(rows) != 0 {
		t.Errorf("rows from an empty export: %q", rows)
	}
	if _, ok := res.Raw(Cell{Org: AllOrgs, VariableType: "Total", VariableA: "Total"}, "M001"); ok {
		t.Error("Raw of a cell that is not there")
	}
}
