package export

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Each refusal of a mapping file, with its exact message: the line, the key and what
// to write instead.
func TestParseMappingErrors(t *testing.T) {
	for _, tc := range []struct{ name, toml, want string }{
		{"unknown table", "[referal]\nfile = \"Referrals.csv\"\n",
			"m.toml:1: unknown table [referal]; the tables are the contract's files: " +
				"assessments, care_contacts, long_term_conditions, presenting_complaints, referrals, utilisation"},
		{"unknown key", "[referrals]\nfile = \"R.csv\"\nfiles = \"R.csv\"\n",
			`m.toml:3: unknown key "referrals.files"; a table of the mapping has only file, columns and values`},
		{"unknown key in a dotted table", "[care_contacts.value.AttendOrDNACode]\n\"5\" = [\"Attended\"]\n",
			`m.toml:1: unknown key "care_contacts.value"; a table of the mapping has only file, columns and values`},
		{"unknown column", "[referrals.columns]\nServiceRequestId = \"Referral ID\"\nReferralId = \"Referral ID\"\n",
			"m.toml:3: [referrals.columns] ReferralId is not a column of referrals.csv; its columns are " +
				"ServiceRequestId, LocalPatientId, OrgIDProv, OrgIDComm, ReferralRequestReceivedDate, SourceOfReferralIAPT, " +
				"ServDischDate, EndCode, AgeServReferRecDate, Gender, EthnicCategory, IMDDecile"},
		{"empty header", "[long_term_conditions.columns]\nLongTermConditionCode = \" \"\n",
			"m.toml:2: [long_term_conditions.columns] LongTermConditionCode is empty; give the export's header for it, or leave the key out"},
		{"one header for two columns", "[assessments.columns]\nAssToolCompDate = \"Date\"\nCodedAssToolType = \"Tool\"\nPersScore = \"Date\"\n",
			`m.toml:4: [assessments.columns] AssToolCompDate and PersScore are both "Date"; one header can be one column only`},
		{"empty file", "[referrals]\nfile = \"\"\n",
			"m.toml:2: [referrals] file is empty; give the name of the export's file, or leave the key out"},
		{"a path for a file", "[referrals]\nfile = \"../other/referrals.csv\"\n",
			`m.toml:2: [referrals] file = "../other/referrals.csv": give the name of a file in the export folder (--input), not a path`},
		{"values of a date", "[referrals.values.ServDischDate]\n\"2024-01-01\" = [\"New Year\"]\n",
			"m.toml:1: [referrals.values.ServDischDate]: values can be mapped only for the code columns of referrals.csv: " +
				"SourceOfReferralIAPT, EndCode, Gender, EthnicCategory"},
		{"one label for two codes", "[care_contacts.values.AttendOrDNACode]\n\"5\" = [\"Attended\"]\n\"6\" = [\"attended \"]\n",
			`m.toml:3: [care_contacts.values.AttendOrDNACode] "attended " is given for both "5" and "6"; a value can stand for one code only`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMapping("m.toml", []byte(tc.toml))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
	// A value that is not a list of labels: the TOML decoder's message, after the file.
	_, err := ParseMapping("m.toml", []byte("[care_contacts.values.AttendOrDNACode]\n\"5\" = \"Attended\"\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "m.toml: ") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a string for a list: %v", err)
	}
}

// foreignReferrals is a referrals file as a case-management system might export it:
// its own file name, headers and labels, with the columns the mapping below names.
const foreignMapping = `
[referrals]
file = "Referrals Export.csv"
[referrals.columns]
ServiceRequestId = "Referral ID"
LocalPatientId = "Client"
OrgIDProv = "Provider"
ReferralRequestReceivedDate = "Date referral received"
Gender = "Sex"
[referrals.values.Gender]
"1" = ["Male"]
"2" = ["Female"]
`

func mappedReferrals(t *testing.T, csv string) (*Reader, []Referral, error) {
	t.Helper()
	m, err := ParseMapping("mapping.toml", []byte(foreignMapping))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"Referrals Export.csv": {Data: []byte(csv)}}
	addDefaults(fsys)
	delete(fsys, ReferralsFile)
	r, err := openFS(fsys, "export", testInstruments{}, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	var got []Referral
	err = r.Referrals(func(_ int, x Referral) error {
		got = append(got, x)
		return nil
	})
	return r, got, err
}

func TestMappedRead(t *testing.T) {
	r, got, err := mappedReferrals(t, "Client,Referral ID,Provider,Date referral received,Sex,Notes\n"+
		"P1,R1,RX1,05/02/2024,female,\n"+
		"P2,R2,RX1,2024-02-31,Male,\n"+
		"P3,R3,RX1,2024-03-01,Unknown,\n"+
		"P4,R4,RX1,2024-03-01,,\n")
	if err != nil {
		t.Fatal(err)
	}
	// R1 is read as the contract's codes; R2's bad date and R3's unlisted label are
	// row errors naming the export's file, line and header; an empty Sex stays empty.
	if len(got) != 2 || got[0].ServiceRequestID != "R1" || got[0].LocalPatientID != "P1" ||
		got[0].Received != DateOf(2024, 2, 5) || got[0].Gender != "2" || got[1].ServiceRequestID != "R4" || got[1].Gender != "" {
		t.Errorf("records: %+v", got)
	}
	rep := r.Report()
	f := rep.Files[0]
	if f.File != "Referrals Export.csv" || f.LeftOut != 2 {
		t.Fatalf("report: %+v", f)
	}
	var msgs []string
	for _, p := range f.Errors {
		msgs = append(msgs, p.Examples...)
	}
	want := []string{
		`Referrals Export.csv:3: column Date referral received: not a date ("2024-02-31")`,
		`Referrals Export.csv:4: column Sex: a value the mapping mapping.toml does not give a code for; ` +
			`add it to [referrals.values.Gender] there, or correct the row ("Unknown")`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	var warn []string
	for _, p := range f.Warnings {
		warn = append(warn, p.Examples...)
	}
	if w := `Referrals Export.csv: columns not in the data contract, ignored: "Notes"`; strings.Join(warn, "\n") != w {
		t.Errorf("warnings: %q, want %q", warn, w)
	}
}

func TestMappedHeaderMissing(t *testing.T) {
	_, _, err := mappedReferrals(t, "Client,Referral Id,Provider,Date referral received\nP1,R1,RX1,2024-01-01\n")
	want := `Referrals Export.csv: the mapping mapping.toml gives column ServiceRequestId as "Referral ID", which the file does not have; ` +
		`correct [referrals.columns] ServiceRequestId there to one of the columns found: "Client", "Referral Id", "Provider", "Date referral received"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestMappedFileMissing(t *testing.T) {
	m, err := ParseMapping("mapping.toml", []byte(foreignMapping))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	addDefaults(fsys) // referrals.csv, but not "Referrals Export.csv"
	_, err = openFS(fsys, "export", testInstruments{}, Options{Mapping: m})
	want := "opening the export: Referrals Export.csv is missing from export; the mapping mapping.toml names it as the export's referrals.csv"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// A required column that the mapping does not name, and the file does not have under
// the contract's name either.
func TestMappedRequiredMissing(t *testing.T) {
	_, _, err := mappedReferrals(t, "Referral ID,Provider,Date referral received,Client2\nR1,RX1,2024-01-01,P1\n")
	want := `Referrals Export.csv: the mapping mapping.toml gives column LocalPatientId as "Client", which the file does not have; ` +
		`correct [referrals.columns] LocalPatientId there to one of the columns found: "Referral ID", "Provider", "Date referral received", "Client2"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	m, _ := ParseMapping("mapping.toml", []byte("[referrals.columns]\nServiceRequestId = \"Referral ID\"\n"))
	fsys := fstest.MapFS{ReferralsFile: {Data: []byte("Referral ID,OrgIDProv,ReferralRequestReceivedDate\nR1,RX1,2024-01-01\n")}}
	addDefaults(fsys)
	r, err := openFS(fsys, "export", testInstruments{}, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Referrals(func(int, Referral) error { return nil })
	want = `referrals.csv: missing required column LocalPatientId (names are matched exactly, with capitals, ` +
		`or give the export's own header for it in [referrals.columns] of the mapping mapping.toml); ` +
		`the columns found are: "Referral ID", "OrgIDProv", "ReferralRequestReceivedDate"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
