package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// foreignShape is how a case-management system might export the contract's tables:
// its own file names, headers and labels. foreignCopy applies it; foreignMapping,
// written by hand, maps it back.
var foreignShape = map[string]struct {
	file    string
	headers map[string]string            // contract column → the system's header; others get "Local " prefixed
	labels  map[string]map[string]string // contract column → code as the fixture writes it → label
}{
	"referrals.csv": {file: "Referrals Export.csv",
		headers: map[string]string{"ServiceRequestId": "Referral ID", "ReferralRequestReceivedDate": "Date referral received", "Gender": "Sex"},
		labels:  map[string]map[string]string{"Gender": {"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Not known"}}},
	"care_contacts.csv": {file: "Appointments.csv",
		headers: map[string]string{"ServiceRequestId": "Referral ID", "CareContactId": "Appointment ID", "AttendOrDNACode": "Attendance"},
		labels: map[string]map[string]string{"AttendOrDNACode": {"5": "Attended", "05": "Attended on time", "6": "Arrived late but seen",
			"7": "Arrived late, not seen", "2": "Cancelled by patient", "3": "DNA"}}},
	"assessments.csv":           {file: "Outcome measures.csv", headers: map[string]string{"ServiceRequestId": "Referral ID", "PersScore": "Score"}},
	"presenting_complaints.csv": {file: "Problem descriptors.csv", headers: map[string]string{"ServiceRequestId": "Referral ID"}},
	"long_term_conditions.csv":  {file: "LTCs.csv", headers: map[string]string{"LocalPatientId": "Client ID"}},
}

const foreignMapping = `# The foreign shape of foreignShape, mapped back onto the data contract.
[referrals]
file = "Referrals Export.csv"
[referrals.columns]
ServiceRequestId = "Referral ID"
LocalPatientId = "Local LocalPatientId"
OrgIDProv = "Local OrgIDProv"
OrgIDComm = "Local OrgIDComm"
ReferralRequestReceivedDate = "Date referral received"
SourceOfReferralIAPT = "Local SourceOfReferralIAPT"
ServDischDate = "Local ServDischDate"
EndCode = "Local EndCode"
AgeServReferRecDate = "Local AgeServReferRecDate"
Gender = "Sex"
EthnicCategory = "Local EthnicCategory"
IMDDecile = "Local IMDDecile"
[referrals.values.Gender]
"1" = ["Male"]
"2" = ["Female"]
"9" = ["Indeterminate"]
"X" = ["Not known"]

[care_contacts]
file = "Appointments.csv"
[care_contacts.columns]
CareContactId = "Appointment ID"
ServiceRequestId = "Referral ID"
OrgIDProv = "Local OrgIDProv"
CareContDate = "Local CareContDate"
AppType = "Local AppType"
AttendOrDNACode = "Attendance"
ConsMechanism = "Local ConsMechanism"
IAPTLTCServiceInd = "Local IAPTLTCServiceInd"
ClinContDurOfCareCont = "Local ClinContDurOfCareCont"
Intensity = "Local Intensity"
[care_contacts.values.AttendOrDNACode]
"5" = ["Attended", "Attended on time"]
"6" = ["Arrived late but seen"]
"7" = ["Arrived late, not seen"]
"2" = ["Cancelled by patient"]
"3" = ["DNA", "Did not attend"]

[assessments]
file = "Outcome measures.csv"
[assessments.columns]
ServiceRequestId = "Referral ID"
OrgIDProv = "Local OrgIDProv"
CareContactId = "Local CareContactId"
AssToolCompDate = "Local AssToolCompDate"
CodedAssToolType = "Local CodedAssToolType"
PersScore = "Score"

[presenting_complaints]
file = "Problem descriptors.csv"
[presenting_complaints.columns]
ServiceRequestId = "Referral ID"
OrgIDProv = "Local OrgIDProv"
PresComp = "Local PresComp"
PresCompCodSig = "Local PresCompCodSig"
PresCompDate = "Local PresCompDate"

[long_term_conditions]
file = "LTCs.csv"
[long_term_conditions.columns]
LocalPatientId = "Client ID"
OrgIDProv = "Local OrgIDProv"
LongTermConditionCode = "Local LongTermConditionCode"
`

// foreignCopy rewrites the contract-form export in dir in the foreign shape, with its
// columns in reverse order, and returns the new folder and the mapping file's path.
func foreignCopy(t *testing.T, dir string) (string, string) {
	t.Helper()
	out := t.TempDir()
	for name, shape := range foreignShape {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		header := slices.Clone(rows[0])
		for i, row := range rows {
			for j, v := range row {
				col := header[j]
				switch {
				case i == 0 && shape.headers[col] != "":
					row[j] = shape.headers[col]
				case i == 0:
					row[j] = "Local " + col
				case shape.labels[col] != nil && v != "":
					label, ok := shape.labels[col][v]
					if !ok {
						t.Fatalf("%s: no label for %s %q", name, col, v)
					}
					row[j] = label
				}
			}
			slices.Reverse(row)
		}
		w, err := os.Create(filepath.Join(out, shape.file))
		if err != nil {
			t.Fatal(err)
		}
		cw := csv.NewWriter(w)
		cw.WriteAll(rows)
		if err := cw.Error(); err != nil {
			t.Fatal(err)
		}
		w.Close()
	}
	mapping := filepath.Join(t.TempDir(), "mapping.toml")
	if err := os.WriteFile(mapping, []byte(foreignMapping), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, mapping
}

// The same export in the contract's shape, and in a case-management system's own with
// a mapping, gives the same measures, and the row it leaves out is named in the
// system's own terms.
func TestMappedExportMeasures(t *testing.T) {
	dir := measuresExport(t)
	foreign, mapping := foreignCopy(t, dir)
	for _, args := range [][]string{{"--unsuppressed"}, {}} {
		want, _, err := runMeasures(t, append([]string{"--input", dir}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		got, errOut, err := runMeasures(t, append([]string{"--input", foreign, "--mapping", mapping}, args...)...)
		if err != nil {
			t.Fatalf("mapped: %v\n%s", err, errOut)
		}
		if got != want {
			t.Errorf("measures %q differ with the mapping:\n%s", args, lineDiff(got, want))
		}
		// The out-of-range PHQ-9 score (line 37 of assessments.csv) is left out,
		// named by the system's file and header.
		if !strings.Contains(errOut, "Outcome measures.csv:37: column Score: ") {
			t.Errorf("stderr does not name the export's file and header:\n%s", errOut)
		}
	}
	// Without the mapping, the foreign export is refused by its missing file.
	if _, _, err := runMeasures(t, "--input", foreign); err == nil || !strings.Contains(err.Error(), "referrals.csv is missing") {
		t.Errorf("without the mapping: %v", err)
	}
}

// lineDiff lists the lines of got and want that differ, for a readable failure.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			b.WriteString("got  " + gl + "\nwant " + wl + "\n")
		}
	}
	return b.String()
}

// The configuration's mapping key names the mapping relative to the configuration
// file, and --mapping overrides it.
func TestMappingFromConfig(t *testing.T) {
	foreign, mapping := foreignCopy(t, measuresExport(t))
	config := filepath.Join(filepath.Dir(mapping), "service.toml")
	err := os.WriteFile(config, []byte("mapping = \"mapping.toml\"\n[service]\nname = \"Test\"\n[site]\npublished = \"2025-06-01\"\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // the mapping is found beside the configuration, not here
	out, err := runValidate(t, "--input", foreign, "--config", config)
	// The one row the contract does not allow is the out-of-range score.
	if exitCode(err) != 1 || !strings.Contains(out, "Outcome measures.csv:37: column Score: score out of range") {
		t.Errorf("validate with the configuration's mapping: %v\n%s", err, out)
	}
	_, err = runValidate(t, "--input", foreign, "--config", config, "--mapping", filepath.Join(t.TempDir(), "none.toml"))
	if err == nil || !strings.Contains(err.Error(), "reading the mapping: ") || !strings.Contains(err.Error(), "none.toml") {
		t.Errorf("--mapping does not override the configuration's: %v", err)
	}
}
