package benchmark

import (
	"math"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

const handMade = "../../testdata/benchmark/hand-made-2023-24.csv"

func readHandMade(t *testing.T) *Publication {
	t.Helper()
	p, err := ReadFile(handMade)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadHandMade(t *testing.T) {
	p := readHandMade(t)
	if p.Year != "2023-24" {
		t.Errorf("Year = %q, want 2023-24 from the file name", p.Year)
	}
	if len(p.Rows) != 18 {
		t.Errorf("%d rows, want 18", len(p.Rows))
	}
	e, ok := p.England("Total", "")
	if !ok {
		t.Fatal("no England Total row")
	}
	if e.Line != 2 {
		t.Errorf("England Total row on line %d, want 2", e.Line)
	}
	if n, ok := e.FinishedCourseTreatment.Get(); !ok || n != 400 {
		t.Errorf("England finished = %d, %v; want 400", n, ok)
	}
	if v, ok := e.PercentNoReliableChange.Get(); !ok || v != 27.5 {
		t.Errorf("England no reliable change = %v, %v; want 27.5", v, ok)
	}
	// "Total" is accepted for the empty VariableA of the Total breakdown.
	if again, ok := p.England("Total", "Total"); !ok || again.Line != 2 {
		t.Errorf(`England("Total", "Total") = line %d, %v; want line 2`, again.Line, ok)
	}

	// Suppressed and unpublished cells stay apart.
	stp, ok := p.Find("E54000055", "Total", "")
	if !ok || stp.OrgType != STP {
		t.Fatalf("STP row: %+v, %v", stp, ok)
	}
	if stp.Recovery.Status != Suppressed || stp.Recovery.String() != "*" {
		t.Errorf("STP recovery = %+v, want suppressed", stp.Recovery)
	}
	if _, ok := stp.Recovery.Get(); ok {
		t.Error("a suppressed count reports itself as published")
	}
	rhh, _ := p.Find("RHH", "Total", "")
	if rhh.Recovery.Status != NotPublished || rhh.PercentRecovery.Status != NotPublished || rhh.Recovery.String() != "" {
		t.Errorf("RHH recovery = %+v, %+v; want not published", rhh.Recovery, rhh.PercentRecovery)
	}
	if rhh.Improvement.String() != "30" || rhh.PercentImprovement.String() != "75" {
		t.Errorf("RHH improvement = %s (%s%%), want 30 (75%%)", rhh.Improvement, rhh.PercentImprovement)
	}

	// Every organisation type is read, the older ones too.
	for code, orgType := range map[string]string{
		"All": England, "Y60": CommissioningRegion, "QHL": ICB, "15E": CCG, "E54000055": STP, "RAA": Provider,
	} {
		if r, ok := p.Find(code, "total", ""); !ok || r.OrgType != orgType {
			t.Errorf("Find(%s) = %q, %v; want a %s row", code, r.OrgType, ok, orgType)
		}
	}
	if r, _ := p.Find("RAA", "Total", ""); r.OrgName != "WITHIN BOTH, INC." {
		t.Errorf("quoted name read as %q", r.OrgName)
	}
	if _, ok := p.Find("XYZ", "Total", ""); ok {
		t.Error("found an organisation that is not in the file")
	}
}

func TestFindBreakdowns(t *testing.T) {
	p := readHandMade(t)
	// A group broken down further: Find gives the group's own ("All") row, FindDetail the
	// finer one. Case and spaces in names do not matter.
	asian, ok := p.England("ethnic group", " Asian or Asian British ")
	if !ok || asian.VariableB != "All" || asian.ReferralsReceived.N != 100 {
		t.Errorf("England Asian or Asian British = %+v, %v; want the All row", asian, ok)
	}
	indian, ok := p.FindDetail("All", "Ethnic Group", "Asian or Asian British", "Indian")
	if !ok || indian.ReferralsReceived.N != 50 {
		t.Errorf("FindDetail Indian = %+v, %v", indian, ok)
	}
	if _, ok := p.FindDetail("All", "Ethnic Group", "Asian or Asian British", "Pakistani"); ok {
		t.Error("FindDetail found a subgroup that is not in the file")
	}
	wait, ok := p.FindDetail("All", "Waiting Time", "Accessing services", "<6 weeks")
	if !ok || wait.ReferralsReceived.Status != NotPublished {
		t.Errorf("waiting-time row = %+v, %v; want every figure not published", wait, ok)
	}
	ltc, ok := p.Find("REE", "Long Term Condition Status", "Long term condition")
	if !ok || ltc.FinishedCourseTreatment.N != 10 {
		t.Errorf("REE LTC row = %+v, %v", ltc, ok)
	}
	// Providers are the Total rows of providers only, in file order.
	var codes []string
	for _, r := range p.Providers() {
		codes = append(codes, r.OrgCode)
	}
	if got := strings.Join(codes, " "); got != "RAA RBB RCC REE RFF RGG RHH RII" {
		t.Errorf("Providers() = %s", got)
	}
}

func TestRates(t *testing.T) {
	p := readHandMade(t)
	e, _ := p.England("Total", "")
	// Recovery 180 / (400 − 40) = 0.5; reliable recovery 170/360 = 0.4722;
	// reliable improvement 260/400 = 0.65.
	for _, c := range []struct {
		name string
		get  func() (Rate, bool)
		want Rate
	}{
		{"recovery", e.RecoveryRate, Rate{180, 360}},
		{"reliable recovery", e.ReliableRecoveryRate, Rate{170, 360}},
		{"reliable improvement", e.ReliableImprovementRate, Rate{260, 400}},
	} {
		if got, ok := c.get(); !ok || got != c.want {
			t.Errorf("England %s = %+v, %v; want %+v", c.name, got, ok, c.want)
		}
	}
	rgg, _ := p.Find("RGG", "Total", "")
	if _, ok := rgg.RecoveryRate(); ok {
		t.Error("recovery rate given although not-at-caseness is suppressed")
	}
	if r, ok := rgg.ReliableImprovementRate(); !ok || r != (Rate{30, 40}) {
		t.Errorf("RGG reliable improvement = %+v, %v; want 30/40 (needs no caseness count)", r, ok)
	}
	if got := (Rate{}).Proportion(); got != 0 {
		t.Errorf("Rate{}.Proportion() = %v, want 0", got)
	}
}

// The national file for 2024-25, as NHS England published it (a copy of
// benchmarks/nhs-talking-therapies-annual-2024-25.csv). The expected figures are those
// the publication itself states: its README and England's Percentage_ columns.
func TestReadNationalFile(t *testing.T) {
	p, err := ReadFile(nationalFile)
	if err != nil {
		t.Fatal(err)
	}
	if p.Year != "2024-25" {
		t.Errorf("Year = %q, want 2024-25", p.Year)
	}
	e, ok := p.England("Total", "")
	if !ok {
		t.Fatal("no England Total row")
	}
	if n, _ := e.FinishedCourseTreatment.Get(); n != 670419 {
		t.Errorf("England finished = %d, want 670,419", n)
	}
	if n, _ := e.ReferralsReceived.Get(); n != 1813432 {
		t.Errorf("England referrals = %d, want 1,813,432", n)
	}
	percent := func(r Rate, ok bool) float64 {
		if !ok {
			return math.NaN()
		}
		return math.Round(1000*r.Proportion()) / 10
	}
	// 321061 / (670419 − 35234) = 321061/635185 = 50.55% → 50.5; 452284/670419 = 67.46%
	// → 67.5; 301815/635185 = 47.52% → 47.5.
	if got := percent(e.RecoveryRate()); got != 50.5 {
		t.Errorf("England recovery = %v%%, want 50.5%%", got)
	}
	if got := percent(e.ReliableImprovementRate()); got != 67.5 {
		t.Errorf("England reliable improvement = %v%%, want 67.5%%", got)
	}
	if got := percent(e.ReliableRecoveryRate()); got != 47.5 {
		t.Errorf("England reliable recovery = %v%%, want 47.5%%", got)
	}
	if v, _ := e.PercentRecovery.Get(); v != 50.5 {
		t.Errorf("England Percentage_Recovery = %v, want 50.5", v)
	}
	// With a long-term condition: 53740 / (119597 − 5223) = 53740/114374 = 46.99% → 47.
	ltc, ok := p.England("Long Term Condition Status", "Long term condition")
	if !ok {
		t.Fatal("no England row for Long Term Condition Status / Long term condition")
	}
	if got := percent(ltc.RecoveryRate()); got != 47.0 {
		t.Errorf("England LTC recovery = %v%%, want 47%%", got)
	}
	if v, _ := ltc.PercentReliableRecovery.Get(); v != 44.2 {
		t.Errorf("England LTC reliable recovery = %v, want 44.2", v)
	}
	none, _ := p.England("Long Term Condition Status", "No long term condition")
	if v, _ := none.PercentRecovery.Get(); v != 51.8 {
		t.Errorf("England no-LTC recovery = %v, want 51.8", v)
	}
}

func TestYearFromName(t *testing.T) {
	for name, want := range map[string]string{
		"nhs-talking-therapies-annual-2024-25.csv":         "2024-25",
		"/data/benchmarks/annual-2019-20.csv":              "2019-20",
		"2099-00.csv":                                      "2099-00",
		"nhs-talking-therapies-annual-2024-26.csv":         "",
		"nhs-talking-therapies-annual-2024-25.csv.bak":     "",
		"nhs-talking-therapies-annual.csv":                 "",
		"annual12024-25.csv":                               "",
		"/2024-25/nhs-talking-therapies-annual-latest.csv": "",
	} {
		got, ok := YearFromName(name)
		if got != want || ok != (want != "") {
			t.Errorf("YearFromName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

const header = "OrgType,OrgCode,OrgName,VariableType,VariableA,VariableB,Count_ReferralsReceived,Count_FinishedCourseTreatment,Count_AtCaseness,Count_NotAtCaseness,Count_Improvement,Percentage_Improvement,Count_NoReliableChange,Percentage_NoReliableChange,Count_Deterioration,Percentage_Deterioration,Count_Recovery,Percentage_Recovery,Count_ReliableRecovery,Percentage_ReliableRecovery\n"

const goodRow = "England,All,All,Total,,,1000,400,360,40,260,65,110,27.5,30,7.5,180,50,170,47.2\n"

const columnList = "OrgType, OrgCode, OrgName, VariableType, VariableA, VariableB, Count_ReferralsReceived, Count_FinishedCourseTreatment, Count_AtCaseness, Count_NotAtCaseness, Count_Improvement, Percentage_Improvement, Count_NoReliableChange, Percentage_NoReliableChange, Count_Deterioration, Percentage_Deterioration, Count_Recovery, Percentage_Recovery, Count_ReliableRecovery, Percentage_ReliableRecovery"

func TestReadErrors(t *testing.T) {
	cases := []struct{ name, csv, err string }{
		{"empty", "",
			"bad.csv: the file is empty; expected a header line with the columns " + columnList},
		{"header only", header,
			"bad.csv: no rows after the header line"},
		{"missing column", strings.Replace(header, ",Count_Recovery", "", 1) + goodRow,
			"bad.csv:1: missing column Count_Recovery; a national annual publication file has the columns " + columnList},
		{"missing columns", strings.Replace(strings.Replace(header, "OrgCode,", "", 1), ",Percentage_ReliableRecovery", "", 1),
			"bad.csv:1: missing columns OrgCode, Percentage_ReliableRecovery; a national annual publication file has the columns " + columnList},
		{"count not a number", header + goodRow + "Provider,RAA,A,Total,,,80,3O,20,10,15,50,10,33,5,17,10,50,10,50\n",
			`bad.csv:3: column Count_FinishedCourseTreatment: not a number ("3O"); expected a number, * (suppressed) or nothing (not published)`},
		{"count with decimals", header + "Provider,RAA,A,Total,,,80,30,20,10,15,50,10,33,5,17,10.5,50,10,50\n",
			`bad.csv:2: column Count_Recovery: not a number ("10.5"); expected a number, * (suppressed) or nothing (not published)`},
		{"negative count", header + "Provider,RAA,A,Total,,,-80,30,20,10,15,50,10,33,5,17,10,50,10,50\n",
			`bad.csv:2: column Count_ReferralsReceived: not a number ("-80"); expected a number, * (suppressed) or nothing (not published)`},
		{"percentage not a number", header + "Provider,RAA,A,Total,,,80,30,20,10,15,50,10,33,5,17,10,NaN,10,50\n",
			`bad.csv:2: column Percentage_Recovery: not a number ("NaN"); expected a number, * (suppressed) or nothing (not published)`},
		// A quoted name over two lines: the row starts on line 2, its bad last cell is on line 3.
		{"line after a multi-line cell", header + "Provider,RAA,\"TWO\nLINES\",Total,,,80,30,20,10,15,50,10,33,5,17,10,50,10,five\n",
			`bad.csv:3: column Percentage_ReliableRecovery: not a number ("five"); expected a number, * (suppressed) or nothing (not published)`},
		{"short line", header + goodRow + "Provider,RAA,A,Total,,,80,30\n",
			"bad.csv:3: not a valid CSV line: wrong number of fields"},
		{"bad quotes", header + goodRow + "Provider,RAA,\"A\"B,Total,,,80,30,20,10,15,50,10,33,5,17,10,50,10,50\n",
			"bad.csv:3: not a valid CSV line: extraneous or missing \" in quoted-field"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Read(strings.NewReader(c.csv), "bad.csv")
			if err == nil || err.Error() != c.err {
				t.Fatalf("Read = %v, %v\nwant error %s", p, err, c.err)
			}
		})
	}
}

func TestReadToleratesBOMAndExtraColumns(t *testing.T) {
	csv := "\ufeff" + strings.TrimSuffix(header, "\n") + ",Count_FirstTreatment\n" +
		strings.TrimSuffix(goodRow, "\n") + ",900\n"
	p, err := Read(strings.NewReader(csv), "bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := p.England("Total", ""); !ok || e.OrgCode != "All" || p.Year != "" {
		t.Errorf("England row = %+v, %v (year %q)", e, ok, p.Year)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(header + goodRow)
	f.Add(header + "Provider,RAA,\"A\nB\",Total,,,*,,20,10,15,50,10,33,5,17,10,50,10,x\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, data string) {
		p, err := Read(strings.NewReader(data), "fuzz.csv")
		if (p == nil) == (err == nil) {
			t.Fatalf("Read gave %v and %v; want exactly one", p, err)
		}
		if err == nil {
			for _, r := range p.Rows {
				if _, _, bad := r.unreadable(); bad {
					t.Fatal("a row with an unreadable cell was accepted")
				}
			}
			_, _ = p.RecoveryFunnel(stats.Exact)
		}
	})
}

// nationalFile is the real 2024-25 national publication (NHS England, Open Government
// Licence v3.0), shipped in data/benchmarks as the site's default benchmark.
const nationalFile = "../../data/benchmarks/nhs-talking-therapies-annual-2024-25.csv"
