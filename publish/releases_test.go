package publish

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
)

// monthExport writes an export of referrals received in April 2024 by provider RA1,
// all aged 30: female of them gender code 2 (Female), the rest code 1 (Male). It has
// no appointments or scores: the counts of referrals are all the test needs.
func monthExport(t *testing.T, dir string, female, male int) {
	t.Helper()
	var refs strings.Builder
	refs.WriteString("ServiceRequestId,LocalPatientId,OrgIDProv,ReferralRequestReceivedDate,AgeServReferRecDate,Gender\n")
	for i := range female + male {
		gender := "1"
		if i < female {
			gender = "2"
		}
		fmt.Fprintf(&refs, "R%d,P%d,RA1,2024-04-%02d,30,%s\n", i+1, i+1, 1+i%28, gender)
	}
	files := map[string]string{
		"referrals.csv":             refs.String(),
		"care_contacts.csv":         "CareContactId,ServiceRequestId,CareContDate,AppType,AttendOrDNACode\n",
		"assessments.csv":           "ServiceRequestId,AssToolCompDate,CodedAssToolType,PersScore\n",
		"presenting_complaints.csv": "ServiceRequestId,PresComp\n",
		"long_term_conditions.csv":  "LocalPatientId,OrgIDProv,LongTermConditionCode\n",
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildRelease builds the site of the export in dir, published on date, into out;
// what the build warns of goes to warned.
func buildRelease(t *testing.T, dir, date, out string, replace bool) error {
	return buildReleaseLogged(t, dir, date, out, replace, io.Discard)
}

func buildReleaseLogged(t *testing.T, dir, date, out string, replace bool, warned io.Writer) error {
	t.Helper()
	results, _, err := compute(dir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	s := demoSite(t)
	s.Config.Site.Published = date
	s.NoPDF, s.ReplaceRelease = true, replace
	s.Log = slog.New(slog.NewTextHandler(warned, &slog.HandlerOptions{Level: slog.LevelWarn}))
	results.Config = s.Config
	if s.Generated, err = Generate(results); err != nil {
		t.Fatal(err)
	}
	return s.Build(context.Background(), out)
}

// readTree reads every file below dir, by its slash-separated path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Two monthly releases into one site folder. The first export has 23 referrals in
// April 2024, 6 of them women; by the second, 5 more April referrals have arrived late
// (men) and 2 women's records have been corrected to men: 28 referrals, 4 women.
// Counts are published rounded to the nearest 5 and below 5 as a star (data/
// disclosure.toml), so the April figures (month, quarter and financial year alike)
// change: all referrals 25 (23) to 30 (28); women 5 (6) to * (4); men 15 (17) to 25 (24).
func TestReleasesAreKeptWithTheirRevisions(t *testing.T) {
	slow(t, "builds sites with Hugo")
	root := t.TempDir()
	out := filepath.Join(root, "public")
	first, second := filepath.Join(root, "may"), filepath.Join(root, "june")
	monthExport(t, first, 6, 17)
	monthExport(t, second, 4, 24)

	if err := buildRelease(t, first, "2024-05-31", out, false); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, filepath.Join(out, "releases", "2024-05-31"))
	for _, name := range []string{"measures.csv", "headline.csv", "demo-talking-therapies-2024-05-31.xlsx"} {
		if _, ok := before[name]; !ok {
			t.Errorf("the first release has no %s; it has %v", name, keys(before))
		}
	}
	if before["measures.csv"] != readTree(t, filepath.Join(out, "downloads"))["measures.csv"] {
		t.Error("the release's measures.csv is not the one the site offers")
	}

	if err := buildRelease(t, second, "2024-06-30", out, false); err != nil {
		t.Fatal(err)
	}
	after := readTree(t, filepath.Join(out, "releases", "2024-05-31"))
	for name, data := range before {
		if name == "index.html" || strings.HasSuffix(name, "/index.html") {
			continue // the archive's pages are each build's own
		}
		if after[name] != data {
			t.Errorf("releases/2024-05-31/%s changed in the second build", name)
		}
	}

	list := readPage(t, out, "releases/index.html")
	newest, oldest := strings.Index(list, "30 June 2024"), strings.Index(list, "31 May 2024")
	if newest < 0 || oldest < 0 || newest > oldest {
		t.Errorf("/releases/ does not list both releases, newest first:\n%s", list)
	}

	revisions := readPage(t, out, "releases/2024-06-30/revisions/index.html")
	for _, period := range []string{"1 April 2024 to 30 April 2024", "1 April 2024 to 30 June 2024", "1 April 2024 to 31 March 2025"} {
		for _, row := range []struct{ group, was, now string }{
			{"Total", "25", "30"},
			{"Gender: Female", "5", "*"},
			{"Gender: Male", "15", "25"},
		} {
			want := rowHeader("M001 Count_ReferralsReceived")
			for _, cell := range []string{period, row.group, row.was, row.now} {
				want += tableCell(regexp.QuoteMeta(cell))
			}
			if !regexp.MustCompile(want).MatchString(revisions) {
				t.Errorf("the revisions do not list M001 for %s, %s: %s to %s", period, row.group, row.was, row.now)
			}
		}
	}
	outcomes := readPage(t, out, "outcomes/index.html")
	if !strings.Contains(outcomes, "Since the release of 31 May 2024:") || !strings.Contains(outcomes, `href="/releases/2024-06-30/revisions/"`) {
		t.Error("the outcomes page does not sum up the revisions and link them")
	}

	// The same release built again changes nothing, and is allowed; a different
	// export on the same date is refused unless it is meant to replace the release.
	if err := buildRelease(t, second, "2024-06-30", out, false); err != nil {
		t.Fatalf("building the same release again: %v", err)
	}
	third := filepath.Join(root, "june-corrected")
	monthExport(t, third, 4, 30)
	err := buildRelease(t, third, "2024-06-30", out, false)
	if err == nil || !strings.Contains(err.Error(), "--replace-release") {
		t.Fatalf("a changed release of the same date was not refused (err %v)", err)
	}
	var warned strings.Builder
	if err := buildReleaseLogged(t, third, "2024-06-30", out, true, &warned); err != nil {
		t.Fatalf("--replace-release: %v", err)
	}
	if !strings.Contains(warned.String(), "replacing the release published on 2024-06-30") {
		t.Errorf("replacing a release did not say so; the build warned:\n%s", warned.String())
	}
	if readTree(t, filepath.Join(out, "releases", "2024-05-31"))["measures.csv"] != before["measures.csv"] {
		t.Error("replacing the second release changed the first")
	}
}

func readPage(t *testing.T, out, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
