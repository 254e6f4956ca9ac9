package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportFromFixture writes the CSV files of one of the export reader's fixtures to a
// folder, with a header-only file for each required table the fixture leaves out.
func exportFromFixture(t *testing.T, name string) string {
	t.Helper()
	dir, _ := archiveExport(t, "export", name)
	headers := map[string]string{
		"referrals.csv":             "ServiceRequestId,LocalPatientId,OrgIDProv,ReferralRequestReceivedDate",
		"care_contacts.csv":         "CareContactId,ServiceRequestId,CareContDate,AppType,AttendOrDNACode",
		"assessments.csv":           "ServiceRequestId,AssToolCompDate,CodedAssToolType,PersScore",
		"presenting_complaints.csv": "ServiceRequestId,PresComp",
		"long_term_conditions.csv":  "LocalPatientId,LongTermConditionCode",
	}
	for name, header := range headers {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			continue // the fixture has this table
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(header+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runValidate(t *testing.T, args ...string) (stdout string, err error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"validate"}, args...))
	err = root.Execute()
	return out.String(), err
}

// exitCode is the status main would exit with for err.
func exitCode(err error) int {
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	return 1
}

func TestValidateClean(t *testing.T) {
	out, err := runValidate(t, "--input", exportFromFixture(t, "valid.txtar"))
	if exitCode(err) != 0 {
		t.Fatalf("exit %d (%v) for a clean export\n%s", exitCode(err), err, out)
	}
	// valid.txtar: 3 referrals; ethnicity stated only for R1 ("A"; R2 empty, R3 99);
	// every referral's person has a condition; only R1 has two PHQ-9 scores in its dates.
	for _, want := range []string{
		"referrals.csv: 3 rows read, 3 accepted, 0 left out\n",
		"utilisation.csv: 3 rows read, 3 accepted, 0 left out\n",
		"  Ethnicity stated                 1 (33.3%)\n",
		"  Long-term-condition status       3 (100.0%)\n",
		"  Paired PHQ9 scores               1 (33.3%)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestValidateLeftOut(t *testing.T) {
	dir := exportFromFixture(t, "contacts_errors.txtar")
	// 11 of the 17 rows are left out, one of them on 2 lines: 12 of 18 lines, over 1%.
	out, err := runValidate(t, "--input", dir, "--format", "json")
	want := "more than 1% of a file was left out, so the figures would not be the service's: " +
		"care_contacts.csv: 11 of 17 rows left out (12 of 18 lines), 66.7%. " +
		"Fix the export (iaptpub validate says which rows and why), or publish anyway with --allow-partial " +
		"(the methodology page then says how much was left out)"
	if exitCode(err) != 1 || err.Error() != want {
		t.Fatalf("exit %d (%v), want 1: %s", exitCode(err), err, want)
	}
	// Under the share, the count of rows left out is the error.
	_, err = runValidate(t, "--input", dir, "--max-left-out", "70%")
	if exitCode(err) != 1 || err.Error() != "11 rows were left out; the report above says which and why" {
		t.Fatalf("--max-left-out 70%%: exit %d (%v), want 1 and the count of rows left out", exitCode(err), err)
	}
	var rep struct {
		Files []struct {
			File    string `json:"file"`
			LeftOut int    `json:"rows_left_out"`
			Errors  []struct {
				Kind     string   `json:"kind"`
				Count    int      `json:"count"`
				Examples []string `json:"examples"`
			} `json:"errors"`
		} `json:"files"`
		Completeness struct {
			Referrals int `json:"referrals"`
		} `json:"completeness"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	contacts := rep.Files[1]
	if contacts.File != "care_contacts.csv" || contacts.LeftOut != 11 || contacts.Errors[0].Kind != "unknown referral" ||
		contacts.Errors[0].Examples[0] != `care_contacts.csv:5: column ServiceRequestId: unknown referral: it is not in referrals.csv, or its row there was left out ("R9")` {
		t.Errorf("care_contacts.csv in the report: %+v", contacts)
	}
	if rep.Completeness.Referrals != 3 {
		t.Errorf("completeness over %d referrals, want 3", rep.Completeness.Referrals)
	}

	_, err = runValidate(t, "--input", dir, "--strict")
	want = `the export could not be checked to the end: care_contacts.csv:3: column ServiceRequestId: ambiguous referral: ` +
		`OrgIDProv is empty and several providers have this ServiceRequestId (give OrgIDProv) ("R2")`
	if exitCode(err) != 1 || err.Error() != want {
		t.Errorf("--strict: exit %d (%v), want 1: %s", exitCode(err), err, want)
	}
}

func TestValidateUnreadable(t *testing.T) {
	dir := exportFromFixture(t, "valid.txtar")
	if err := os.Remove(filepath.Join(dir, "assessments.csv")); err != nil {
		t.Fatal(err)
	}
	_, err := runValidate(t, "--input", dir)
	if exitCode(err) != 1 || !strings.Contains(err.Error(), "assessments.csv is missing from "+dir) {
		t.Errorf("missing table: exit %d (%v)", exitCode(err), err)
	}
}

func TestValidateUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--input", ".", "--format", "xml"}, {"somewhere"}, {"--nonsense"}} {
		if _, err := runValidate(t, args...); exitCode(err) != 2 {
			t.Errorf("validate %q: exit %d (%v), want 2", args, exitCode(err), err)
		}
	}
}
