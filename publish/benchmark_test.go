package publish

import (
	"encoding/csv"
	"encoding/json"
	stdhtml "html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// The demonstration site compares the service with the national 2024-25 file it ships
// with. The expected national figures are the publication's own, as the README of the
// shared benchmarks folder states them: England's recovery 50.5%, 670,419 finished a
// course; 136 providers with a recovery rate, 77 of them outside the 95% limits.
func TestBenchmarkPageOfTheDemonstration(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	page, err := os.ReadFile(filepath.Join(out, "evaluation", "benchmark", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := stdhtml.UnescapeString(string(page))
	for _, want := range []string{
		"50.5%",   // England's recovery
		"670,419", // England's finished courses
		"2024-25", // the national file's year
		"Open Government Licence v3.0",
		"nhs-talking-therapies-annual-2024-25.csv",
		"77 of the 136 providers",
		"Far more providers lie outside the limits than chance would explain",
		"This service as a whole", // the demonstration's ZZA/ZZB/ZZC are not in the file
		"None of this service's providers (ZZA, ZZB, ZZC) is in the national file",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the benchmarking page lacks %q", want)
		}
	}

	// The service's recovery beside England's is its controlled M192 for 2024-25.
	res := demoResults
	year := measure.Period{}
	for _, p := range periodsOf(res.Measures, measure.Year) {
		if p.Label == "2024-25" {
			year = p
		}
	}
	if year.Label == "" {
		t.Fatal("the demonstration export has no 2024-25")
	}
	// England gives it to one decimal place, so the service's is given so too: from the
	// published (rounded) counts, as every published percentage is.
	raw, _ := res.Measures.Raw(measure.Cell{Period: year, Org: measure.AllOrgs, VariableType: "Total", VariableA: "Total"}, "M192")
	num, den := res.Rules.Count(raw.Num).Number, res.Rules.Count(raw.Den).Number
	want := strconv.FormatFloat(math.Round(1000*num/den)/10, 'f', 1, 64)
	cell := `<td class="[^"]*" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">[^<]*</span><span>`
	recovery := regexp.MustCompile(`role="rowheader">Recovery</th>\s*` + cell + `([^<]*)</span></td>\s*` + cell + `([^<]*)</span></td>\s*` +
		cell + `[^<]*</span></td>\s*` + cell + `<strong class="nhsuk-tag nhsuk-tag--[a-z]+">(Better than|Similar to|Worse than) England</strong>`).FindStringSubmatch(html)
	if recovery == nil || recovery[1] != "50.5%" || recovery[2] != want+"%" {
		t.Errorf("the Recovery row does not set England's 50.5%% beside the service's %s%% and compare them: %q", want, recovery)
	}

	// The funnel's CSV: every provider with a recovery rate, with its counts, rate and
	// limits, and the service's own point computed here.
	rows := readCSVFile(t, filepath.Join(out, "downloads", "charts", "benchmark-funnel.csv"))
	head, body := rows[0], rows[1:]
	col := func(name string) int {
		i := slices.Index(head, name)
		if i < 0 {
			t.Fatalf("the funnel CSV has no column %q: %v", name, head)
		}
		return i
	}
	providers, own := 0, 0
	for _, r := range body {
		switch r[col("This service")] {
		case "":
			providers++
		case "yes (computed here)":
			own++
		}
		n, errN := strconv.Atoi(r[col("Finished at caseness")])
		rec, errR := strconv.Atoi(r[col("Recovered")])
		if errN != nil || errR != nil || n <= 0 || rec > n {
			t.Errorf("%s: counts %q of %q", r[0], r[col("Recovered")], r[col("Finished at caseness")])
		}
		// The 99.8% limits lie outside the 95% ones, which lie either side of England.
		var lim [4]float64
		for i, name := range []string{"99.8% lower limit (%)", "95% lower limit (%)", "95% upper limit (%)", "99.8% upper limit (%)"} {
			lim[i], _ = strconv.ParseFloat(r[col(name)], 64)
		}
		if !(lim[0] <= lim[1] && lim[1] < 50.5 && 50.5 < lim[2] && lim[2] <= lim[3]) {
			t.Errorf("%s: limits out of order: %v", r[0], lim)
		}
	}
	if providers != 136 || own != 1 {
		t.Errorf("the funnel CSV has %d providers and %d points of this service, want 136 and 1", providers, own)
	}
}

// handMadeNational is a national file made by hand for the year of the demonstration export.
// England: 500 recovered of 1050 − 50 = 1000 at caseness, p = 0.5.
//
//	RAA: 90 of 100 − 0 = 0.90. At n = 100 the normal approximation puts the 99.8%
//	     limits at 0.5 ± 3.09·√(0.25/100) = 0.5 ± 0.155; the exact ones differ by well
//	     under a point, so RAA is above both.
//	RBB: 50 of 100 = 0.50, England's own rate: within both.
//	RCC: finished a course "*": left out, suppressed.
//	ZZA: 480 of 1000 − 50 = 950, 0.505: within; and a provider of the demonstration
//	     export, so it is marked and reconciled.
const handMadeNational = `OrgType,OrgCode,OrgName,VariableType,VariableA,VariableB,Count_ReferralsReceived,Count_FinishedCourseTreatment,Count_AtCaseness,Count_NotAtCaseness,Count_Improvement,Percentage_Improvement,Count_NoReliableChange,Percentage_NoReliableChange,Count_Deterioration,Percentage_Deterioration,Count_Recovery,Percentage_Recovery,Count_ReliableRecovery,Percentage_ReliableRecovery
England,All,All,Total,,,3000,1050,1000,50,700,66.7,300,28.6,50,4.8,500,50,480,48
Provider,RAA,ABOVE BOTH,Total,,,300,100,100,0,90,90,10,10,0,0,90,90,90,90
Provider,RBB,WITHIN BOTH,Total,,,300,100,100,0,60,60,30,30,10,10,50,50,45,45
Provider,RCC,FINISHED SUPPRESSED,Total,,,20,*,*,*,*,*,*,*,*,*,*,*,*,*
Provider,ZZA,DEMO PROVIDER A,Total,,,2500,1000,950,50,650,65,300,30,50,5,480,51,450,47
`

func TestBenchmarkFromAHandMadeFile(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	demoOutput(t)
	res := demoResults
	file := filepath.Join(t.TempDir(), "hand-made-2024-25.csv")
	if err := os.WriteFile(file, []byte(handMadeNational), 0o644); err != nil {
		t.Fatal(err)
	}
	pub, err := benchmark.Load(iaptpub.Sources, file)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Year != "2024-25" {
		t.Fatalf("year %q from the file name, want 2024-25", pub.Year)
	}
	g := generator{files: map[string][]byte{}, f: measures{res: res.Measures, ref: res.Reference, rules: res.Rules}}
	if err := g.benchmark(pub, nil); err != nil {
		t.Fatal(err)
	}
	var pg benchmarkPage
	if err := json.Unmarshal(g.files["data/iaptpub/benchmark.json"], &pg); err != nil {
		t.Fatal(err)
	}
	if pg.Year != "2024-25" || !pg.SameYear || pg.Shipped || pg.File != "hand-made-2024-25.csv" {
		t.Errorf("year %q, same year %v, shipped %v, file %q", pg.Year, pg.SameYear, pg.Shipped, pg.File)
	}
	if pg.England != "50.0" {
		t.Errorf("England's recovery %q, want 50.0", pg.England)
	}
	// Only the Total group: the file has no long-term-condition rows for England.
	if len(pg.Groups) != 1 || pg.Groups[0].Rows[1].England.Text != "50" {
		t.Errorf("groups %+v", pg.Groups)
	}
	// Each percentage of the service is given to the precision of England's beside it:
	// recovery whole (England's "50"), reliable deterioration to one place ("4.8").
	comparisons := pg.Groups[0].Rows
	if comparisons[1].Name != "Recovery" || strings.Contains(comparisons[1].Service.Text, ".") ||
		comparisons[4].Name != "Reliable deterioration" || !regexp.MustCompile(`^\d+\.\d$`).MatchString(comparisons[4].Service.Text) {
		t.Errorf("service's recovery %q and deterioration %q, want a whole number and one decimal place", comparisons[1].Service.Text, comparisons[4].Service.Text)
	}
	for _, r := range comparisons[1:] {
		if !slices.Contains([]string{"Better than England", "Similar to England", "Worse than England"}, r.Compared) {
			t.Errorf("%s compared with England: %q", r.Name, r.Compared)
		}
	}
	if pg.Providers != 3 || pg.Outside != [2]int{1, 1} || pg.Above != [2]int{1, 1} {
		t.Errorf("%d providers, outside %v, above %v; want 3, [1 1], [1 1]", pg.Providers, pg.Outside, pg.Above)
	}
	// The provider table: every provider on the plot and this service, by name in title
	// case; RAA at 90.0% above both limits, RBB inside, ZZA this service's provider.
	var names []string
	for _, r := range pg.ProviderTable {
		names = append(names, r.Name+"|"+r.Code+"|"+r.Own)
		switch r.Code {
		case "RAA":
			if r.Recovery != "90.0" || r.RecoveryValue != 90 || r.N != "100" || r.NValue != 100 || !r.Outside || r.Place != "Outside: above the 95% and 99.8% limits" {
				t.Errorf("RAA in the provider table: %+v", r)
			}
		case "RBB":
			if r.Outside || r.Place != "Inside" {
				t.Errorf("RBB in the provider table: %+v", r)
			}
		}
	}
	if !slices.Equal(names, []string{"Above Both|RAA|", "Demo Provider A|ZZA|provider", "This service (computed here, 2024-25)||service", "Within Both|RBB|"}) {
		t.Errorf("provider table %v", names)
	}
	if pg.LeftOut != 1 || len(pg.LeftOutWhy) != 1 || pg.LeftOutWhy[0].Providers[0] != "Finished Suppressed (RCC)" ||
		!strings.Contains(pg.LeftOutWhy[0].Reason, "suppressed") {
		t.Errorf("left out: %d, %+v", pg.LeftOut, pg.LeftOutWhy)
	}
	// One of three outside the 95% limits is well within chance (see TestOverdispersed).
	if pg.Overdispersed {
		t.Error("one provider of three outside the 95% limits called overdispersion")
	}
	if !slices.Equal(pg.Marked, []string{"ZZA"}) {
		t.Errorf("marked %v, want [ZZA]", pg.Marked)
	}

	// ZZA is reconciled: the file's figures beside the controlled ones of its records.
	if len(pg.Reconciliation) != 1 || pg.Reconciliation[0].Code != "ZZA" {
		t.Fatalf("reconciliation %+v, want ZZA alone", pg.Reconciliation)
	}
	var year measure.Period
	for _, p := range periodsOf(res.Measures, measure.Year) {
		if p.Label == "2024-25" {
			year = p
		}
	}
	zza := scope{Org: "ZZA", VariableType: "Total", VariableA: "Total"}
	finished := g.f.raw(year, zza, "M076").Controlled(res.Rules)
	recovery := g.f.raw(year, zza, "M192").Controlled(res.Rules)
	points := " points"
	if math.Abs(recovery.Number-51) == 1 {
		points = " point"
	}
	want := map[string]reconcileRow{
		"Finished a course of treatment": {Published: "1,000", Computed: figures.Thousands(finished.Text), Difference: figures.Signed(finished.Number - 1000)},
		"Recovery (%)":                   {Published: "51", Computed: recovery.Text, Difference: figures.Signed(recovery.Number-51) + points},
	}
	for _, r := range pg.Reconciliation[0].Rows {
		if w, ok := want[r.Name]; ok {
			w.Name = r.Name
			if r != w {
				t.Errorf("reconciliation row %+v, want %+v", r, w)
			}
			delete(want, r.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("reconciliation lacks %v", want)
	}

	// The funnel's CSV lists each provider with its limits; ZZA is marked as the
	// service's, and the service's own point follows.
	rows, err := csv.NewReader(strings.NewReader(string(g.files["static/downloads/charts/benchmark-funnel.csv"]))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows[1:] {
		codes = append(codes, r[1]+"|"+r[len(r)-1])
	}
	if !slices.Equal(codes, []string{"RAA|", "RBB|", "ZZA|yes (national figures)", "|yes (computed here)"}) {
		t.Errorf("funnel rows %v", codes)
	}
	// RAA's 95% limits at n = 100, by the normal approximation 0.5 ± 1.96·0.05:
	// 40.2% and 59.8%; the exact ones lie within a point of them.
	lo, _ := strconv.ParseFloat(rows[1][5], 64)
	hi, _ := strconv.ParseFloat(rows[1][6], 64)
	if lo < 39.2 || lo > 41.2 || hi < 58.8 || hi > 60.8 {
		t.Errorf("RAA's 95%% limits %v to %v, want about 40.2 to 59.8", lo, hi)
	}
	// The funnel's title states its finding; this service is drawn last, on top, and
	// labelled; RAA, the one provider outside the 95% limits, is drawn apart.
	if !strings.HasPrefix(pg.Funnel.Title, "This service's recovery is ") || !strings.HasSuffix(pg.Funnel.Title, "; 1 of 3 providers lies outside them") {
		t.Errorf("funnel title %q", pg.Funnel.Title)
	}
	type series struct {
		Name  string
		Data  []struct{ Name string }
		Label struct {
			Show      bool
			Formatter string
		}
	}
	var option struct{ Series []series }
	if err := json.Unmarshal(pg.Funnel.Option, &option); err != nil {
		t.Fatal(err)
	}
	last := option.Series[len(option.Series)-1]
	if last.Name != "This service" || !last.Label.Show || last.Label.Formatter != "This service" {
		t.Errorf("the funnel's last series is %q (label %+v), want This service, labelled", last.Name, last.Label)
	}
	i := slices.IndexFunc(option.Series, func(s series) bool { return s.Name == "Outside the 95% limits" })
	if i < 0 || len(option.Series[i].Data) != 1 || option.Series[i].Data[0].Name != "Above Both" {
		t.Errorf("the providers outside the 95%% limits are not drawn apart: %+v", option.Series)
	}
	if g.files["content/evaluation/benchmark/index.md"] == nil {
		t.Error("no page written")
	}
}

func readCSVFile(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s has no rows", name)
	}
	return rows
}
