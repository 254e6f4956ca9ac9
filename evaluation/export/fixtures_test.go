package export

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// The fixtures in testdata/export are txtar archives, each one export folder plus a
// "want" file: the records the reader hands on and the report it writes, in the compact
// form of dump below, worked out by hand from the data contract.
//
// Required tables an archive leaves out are added with a header row only, and their
// "no data rows" note is not dumped, so each archive shows just the tables it is about.
// Archives in subfolders (report/) hold other expectations and are used by other tests.

// testInstruments is the part of the instrument catalogue the tests need.
type testInstruments struct{}

func (testInstruments) Lookup(tool string) (Scale, bool) {
	switch tool {
	case "PHQ9", "720433000":
		return Scale{Name: "PHQ9", Max: 27}, true
	case "GAD7", "445455005":
		return Scale{Name: "GAD7", Max: 21}, true
	case "AgoraAlone": // scored as a mean of items, so with decimals
		return Scale{Name: "AgoraAlone", Min: 1, Max: 5, Decimals: true}, true
	}
	return Scale{}, false
}

var fixtureDir = filepath.Join("..", "..", "testdata", "export")

func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", fixtureDir, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fsys, want, defaulted := archiveFS(t, ar)
			got := dump(t, fsys, defaulted, Options{})
			if got != want {
				t.Errorf("%s: got\n%s\nwant\n%s\ndiff:\n%s", file, got, want, lineDiff(got, want))
			}
		})
	}
}

// archiveFS turns an archive into an in-memory export folder and its wanted dump.
func archiveFS(t testing.TB, ar *txtar.Archive) (fstest.MapFS, string, map[string]bool) {
	t.Helper()
	fsys := fstest.MapFS{}
	want := ""
	for _, f := range ar.Files {
		if f.Name == "want" {
			want = string(f.Data)
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys, want, addDefaults(fsys)
}

// addDefaults adds a header-only file for each required table that is missing.
func addDefaults(fsys fstest.MapFS) map[string]bool {
	defaulted := map[string]bool{}
	for _, spec := range []*tableSpec{referralsSpec, contactsSpec, assessmentsSpec, complaintsSpec, conditionsSpec} {
		if _, ok := fsys[spec.file]; !ok {
			fsys[spec.file] = &fstest.MapFile{Data: []byte(strings.Join(spec.columns, ",") + "\n")}
			defaulted[spec.file] = true
		}
	}
	return defaulted
}

// dump reads every table and writes what came out: records, then the report.
func dump(t testing.TB, fsys fstest.MapFS, defaulted map[string]bool, opts Options) string {
	t.Helper()
	var b strings.Builder
	r, err := openFS(fsys, "export", testInstruments{}, opts)
	if err != nil {
		fmt.Fprintf(&b, "open: %v\n", err)
		return b.String()
	}
	stopped := func(err error) {
		if err != nil {
			fmt.Fprintf(&b, "stopped: %v\n", err)
		}
	}
	stopped(r.Referrals(func(ref int, x Referral) error {
		fmt.Fprintf(&b, "referral %d L%d %s %s %s comm=%s rec=%s src=%s disch=%s end=%s age=%d gender=%s eth=%s imd=%d\n",
			ref, x.Line, x.OrgIDProv, x.ServiceRequestID, x.LocalPatientID, dash(x.OrgIDComm), x.Received,
			dash(x.Source), dash(x.Discharged.String()), dash(x.EndCode), x.Age, dash(x.Gender), dash(x.EthnicCategory), x.IMDDecile)
		return nil
	}))
	stopped(r.Contacts(func(ref int, x Contact) error {
		fmt.Fprintf(&b, "contact ref=%d L%d org=%s %s %q %s app=%s att=%s mech=%s ltc=%t dur=%d int=%s\n",
			ref, x.Line, dash(x.OrgIDProv), x.ServiceRequestID, x.CareContactID, x.Date, x.AppType, x.AttendOrDNACode,
			dash(x.ConsMechanism), x.Integrated, x.DurationMinutes, dash(x.Intensity))
		return nil
	}))
	stopped(r.Assessments(func(ref int, x Assessment) error {
		fmt.Fprintf(&b, "score ref=%d L%d org=%s %s cc=%s %s %s=%g\n",
			ref, x.Line, dash(x.OrgIDProv), x.ServiceRequestID, dash(x.CareContactID), x.Date, x.Tool, x.Score)
		return nil
	}))
	stopped(r.Complaints(func(ref int, x Complaint) error {
		sig := "-"
		if x.Primary {
			sig = "P"
		} else if x.Secondary {
			sig = "S"
		}
		fmt.Fprintf(&b, "complaint ref=%d L%d org=%s %s %s %s %s\n",
			ref, x.Line, dash(x.OrgIDProv), x.ServiceRequestID, x.Code, sig, dash(x.Date.String()))
		return nil
	}))
	stopped(r.Conditions(func(refs []int, x Condition) error {
		fmt.Fprintf(&b, "condition refs=%v L%d org=%s %s %s\n", refs, x.Line, dash(x.OrgIDProv), x.LocalPatientID, x.Code)
		return nil
	}))
	stopped(r.Utilisation(func(ref int, x Use) error {
		group, window := "treated", "pre"
		if x.Comparison {
			group = "comparison"
		}
		if x.Post {
			window = "post"
		}
		fmt.Fprintf(&b, "use ref=%d L%d org=%s %s %s pathway=%s %s months=%g %s=%g\n",
			ref, x.Line, dash(x.OrgIDProv), x.ServiceRequestID, group, dash(x.Pathway), window, x.WindowMonths, x.Item, x.Count)
		return nil
	}))
	writeReport(&b, r.Report(), defaulted)
	return b.String()
}

// writeReport writes a report compactly: a file's counts only when it has something to
// say, then its problems with every example message.
func writeReport(b *strings.Builder, rep *Report, defaulted map[string]bool) {
	for _, f := range rep.Files {
		if defaulted[f.File] {
			continue
		}
		fmt.Fprintf(b, "file %s read=%d accepted=%d left=%d\n", f.File, f.Read, f.Accepted, f.LeftOut)
		if f.Failed != "" {
			fmt.Fprintf(b, "failed %s\n", f.Failed)
		}
		for _, p := range f.Errors {
			fmt.Fprintf(b, "error %s/%s x%d\n", dash(p.Column), p.Kind, p.Count)
			for _, m := range p.Examples {
				fmt.Fprintf(b, "  %s\n", m)
			}
		}
		for _, p := range f.Warnings {
			fmt.Fprintf(b, "warning %s/%s x%d\n", dash(p.Column), p.Kind, p.Count)
			for _, m := range p.Examples {
				fmt.Fprintf(b, "  %s\n", m)
			}
		}
		for _, n := range f.Notes {
			fmt.Fprintf(b, "note %s\n", n)
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(b, "note %s\n", n)
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// lineDiff lists the lines that differ, to find a slip in a long fixture quickly.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b bytes.Buffer
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			fmt.Fprintf(&b, "line %d:\n  got  %s\n  want %s\n", i+1, gl, wl)
		}
	}
	return b.String()
}
