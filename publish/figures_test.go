package publish

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// The recovery rate on /outcomes/ is the controlled M192 of the latest financial year,
// all providers, Total — the figure measures.csv publishes for that cell.
func TestOutcomesPageShowsTheControlledRecoveryRate(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	res := demoResults
	years := periodsOf(res.Measures, measure.Year)
	year := years[len(years)-1]
	cell := measure.Cell{Period: year, Org: measure.AllOrgs, VariableType: "Total", VariableA: "Total"}
	raw, ok := res.Measures.Raw(cell, "M192")
	if !ok {
		t.Fatal("no M192 in the Total cell")
	}
	want := raw.Controlled(res.Rules).Text
	if want == "*" || want == "" {
		t.Fatalf("the demonstration's recovery rate is not published (%q)", want)
	}
	page, err := os.ReadFile(filepath.Join(out, "outcomes", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(rowHeader("Recovery") + `\s*` + tableCell(`(.*?)`)).FindSubmatch(page)
	if row == nil {
		t.Fatal("no Recovery row on /outcomes/")
	}
	if got := string(row[1]); got != want+"%" {
		t.Errorf("/outcomes/ shows recovery %q, the controlled measure is %q", got, want+"%")
	}

	// The referrals received in the text are the controlled M001, written with a
	// thousands separator as statistics publications write counts.
	referrals, ok := res.Measures.Raw(cell, "M001")
	if !ok {
		t.Fatal("no M001 in the Total cell")
	}
	count := referrals.Controlled(res.Rules).Text
	said := regexp.MustCompile(`In \S+, ([0-9,]+) referrals were received`).FindSubmatch(page)
	switch {
	case said == nil:
		t.Fatal("/outcomes/ does not say how many referrals were received")
	case strings.ReplaceAll(string(said[1]), ",", "") != count:
		t.Errorf("/outcomes/ says %s referrals were received, the controlled measure is %s", said[1], count)
	case len(count) > 3 && !strings.Contains(string(said[1]), ","):
		t.Errorf("/outcomes/ writes %s referrals without a thousands separator", said[1])
	}
}

// No published count is 1 to 4, and every published count is a multiple of 5: in the
// measures download, in every chart's CSV, and in every page.
func TestNoSmallCountIsPublished(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	f, err := os.Open(filepath.Join(out, "downloads", "measures.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 {
		t.Fatalf("measures.csv has only %d rows", len(rows))
	}
	counts := 0
	for _, r := range rows[1:] {
		m, ok := measure.Lookup(r[5])
		if !ok || m.Kind != measure.Count || r[7] == "*" {
			continue
		}
		n, err := strconv.Atoi(r[7])
		if err != nil || n%5 != 0 || (n > 0 && n < 5) {
			t.Errorf("measures.csv publishes count %s = %q", r[5], r[7])
		}
		counts++
	}
	if counts == 0 {
		t.Fatal("no published counts to check")
	}
	// The people columns of the chart tables: every cell that is a whole number in a
	// column of people is a controlled count.
	charts, _ := filepath.Glob(filepath.Join(out, "downloads", "charts", "*.csv"))
	if len(charts) == 0 {
		t.Fatal("no chart downloads")
	}
	people := 0
	for _, name := range charts {
		data, _ := os.ReadFile(name)
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for col, h := range rows[0] {
			if h != "Referrals" && h != "Finished a course" {
				continue
			}
			for _, r := range rows[1:] {
				people++
				if n, err := strconv.Atoi(r[col]); err == nil && (n%5 != 0 || (n > 0 && n < 5)) {
					t.Errorf("%s: %s = %q is not a controlled count", filepath.Base(name), h, r[col])
				}
			}
		}
	}
	if people == 0 {
		t.Error("no column of people (Referrals, Finished a course) in any chart download: nothing checked")
	}
}

// A pathway with fewer than 5 people who finished a course shows a star for its
// recovery rate, never a number.
func TestSmallPathwayShowsStar(t *testing.T) {
	slow(t, "builds a site with Hugo")
	root := t.TempDir()
	exportDir := filepath.Join(root, "export")
	if _, err := synth.Generate(exportDir, synth.Options{Referrals: 400, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	results, _, err := compute(exportDir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	years := periodsOf(results.Measures, measure.Year)
	year := years[len(years)-1]
	small := ""
	for _, p := range results.Reference.Pathways {
		c := measure.Cell{Period: year, Org: measure.AllOrgs, VariableType: "Pathway", VariableA: p.Name}
		if r, ok := results.Measures.Raw(c, "M076"); ok && r.Num > 0 && r.Num < 5 {
			small = p.Slug
			break
		}
	}
	if small == "" {
		t.Fatal("the small export has no pathway with 1 to 4 people who finished a course; choose another seed")
	}
	gen, err := Generate(results)
	if err != nil {
		t.Fatal(err)
	}
	site := demoSite(t)
	site.Generated = gen
	site.NoPDF = true
	out := filepath.Join(root, "public")
	if err := site.Build(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "outcomes", small, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(rowHeader("Recovery") + `\s*` + tableCell(`(.*?)`)).FindSubmatch(page)
	if row == nil {
		t.Fatalf("no Recovery row on /outcomes/%s/", small)
	}
	if got := string(row[1]); !strings.HasPrefix(got, "* ") {
		t.Errorf("/outcomes/%s/ shows recovery %q for fewer than 5 people", small, got)
	}
}
