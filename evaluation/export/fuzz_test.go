package export

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// The fuzz tests feed any bytes to one reader, the other tables being those of the valid
// fixture. Whatever comes in, the reader must hand on records or report errors, never
// panic, and its report must add up.

func FuzzReferrals(f *testing.F) {
	fuzzTable(f, ReferralsFile, func(t *testing.T, r *Reader) error {
		return r.Referrals(func(ref int, x Referral) error {
			if ref != r.NumReferrals()-1 || x.Line < 2 || x.Received.IsZero() || x.ServiceRequestID == "" ||
				x.OrgIDProv == "" || x.LocalPatientID == "" || !x.Discharged.IsZero() && x.Discharged < x.Received ||
				x.IMDDecile < 0 || x.IMDDecile > 10 || x.Age < -1 || x.Age > maxAge {
				t.Errorf("accepted referral %d %+v", ref, x)
			}
			return nil
		})
	})
}

func FuzzContacts(f *testing.F) {
	fuzzTable(f, ContactsFile, func(t *testing.T, r *Reader) error {
		return r.Contacts(func(ref int, x Contact) error {
			if !validRef(r, ref) || x.Line < 2 || x.Date.IsZero() || len(x.AppType) != 2 || x.AttendOrDNACode == "" ||
				x.ConsMechanism != "" && len(x.ConsMechanism) != 2 || x.CareContactID == "" || x.DurationMinutes < -1 {
				t.Errorf("accepted contact %d %+v", ref, x)
			}
			return nil
		})
	})
}

func FuzzAssessments(f *testing.F) {
	fuzzTable(f, AssessmentsFile, func(t *testing.T, r *Reader) error {
		return r.Assessments(func(ref int, x Assessment) error {
			s, ok := testInstruments{}.Lookup(x.Tool)
			if !validRef(r, ref) || x.Line < 2 || x.Date.IsZero() || !ok || x.Score < s.Min || x.Score > s.Max || !s.Decimals && x.Score != float64(int64(x.Score)) {
				t.Errorf("accepted score %d %+v", ref, x)
			}
			return nil
		})
	})
}

func FuzzComplaints(f *testing.F) {
	fuzzTable(f, ComplaintsFile, func(t *testing.T, r *Reader) error {
		return r.Complaints(func(ref int, x Complaint) error {
			if !validRef(r, ref) || x.Line < 2 || x.Primary && x.Secondary || strings.Contains(x.Code, ".") ||
				!isICD10(x.Code) && !isSNOMED(x.Code) {
				t.Errorf("accepted complaint %d %+v", ref, x)
			}
			return nil
		})
	})
}

func FuzzConditions(f *testing.F) {
	fuzzTable(f, ConditionsFile, func(t *testing.T, r *Reader) error {
		return r.Conditions(func(refs []int, x Condition) error {
			if len(refs) == 0 || x.Line < 2 || !isSNOMED(x.Code) {
				t.Errorf("accepted condition %v %+v", refs, x)
			}
			for i, ref := range refs {
				if !validRef(r, ref) || i > 0 && refs[i-1] >= ref {
					t.Errorf("condition refs %v", refs)
				}
			}
			return nil
		})
	})
}

func FuzzUtilisation(f *testing.F) {
	fuzzTable(f, UtilisationFile, func(t *testing.T, r *Reader) error {
		return r.Utilisation(func(ref int, x Use) error {
			if x.Comparison != (ref == -1) || !x.Comparison && !validRef(r, ref) ||
				x.WindowMonths <= 0 || x.Count < 0 || x.Item == "" || x.Line < 2 {
				t.Errorf("accepted use %d %+v", ref, x)
			}
			return nil
		})
	})
}

func validRef(r *Reader, ref int) bool { return ref >= 0 && ref < r.NumReferrals() }

// fuzzTable seeds the corpus with every fixture's copy of file, then reads fuzzed copies.
func fuzzTable(f *testing.F, file string, read func(*testing.T, *Reader) error) {
	archives, _ := filepath.Glob(filepath.Join(fixtureDir, "*.txtar"))
	more, _ := filepath.Glob(filepath.Join(fixtureDir, "*", "*.txtar"))
	var base *txtar.Archive
	for _, name := range append(archives, more...) {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if filepath.Base(name) == "valid.txtar" {
			base = ar
		}
		for _, af := range ar.Files {
			if af.Name == file {
				f.Add(af.Data)
			}
		}
	}
	f.Add([]byte{})
	f.Add([]byte("\uFEFF"))
	if base == nil {
		f.Fatal("valid.txtar not found")
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys, _, _ := archiveFS(t, base)
		fsys[file] = &fstest.MapFile{Data: data}
		r, err := openFS(fsys, "export", testInstruments{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if file != ReferralsFile {
			if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
				t.Fatal(err)
			}
		}
		err = read(t, r)
		var rep *FileReport
		for _, fr := range r.Report().Files {
			if fr.File == file {
				rep = &fr
			}
		}
		if rep == nil {
			t.Fatalf("no report for %s", file)
		}
		if (err != nil) != (rep.Failed != "") {
			t.Errorf("error %v but report's Failed %q", err, rep.Failed)
		}
		if rep.Read != rep.Accepted+rep.LeftOut {
			t.Errorf("%d read ≠ %d accepted + %d left out", rep.Read, rep.Accepted, rep.LeftOut)
		}
		var n int64
		for _, p := range rep.Errors {
			n += p.Count
			for _, m := range p.Examples {
				if !strings.HasPrefix(m, file+":") {
					t.Errorf("message %q does not start with the file", m)
				}
			}
		}
		if n != rep.LeftOut {
			t.Errorf("%d errors for %d rows left out", n, rep.LeftOut)
		}
	})
}
