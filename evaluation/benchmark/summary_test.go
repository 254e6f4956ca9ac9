package benchmark

import (
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// The hand-made file's four providers on the plot (see TestRecoveryFunnelByHand): RAA
// within both limits, RBB above the 95%, RCC below the 95%, REE above both. So 3 of 4
// lie outside the 95% limits (2 above, 1 below) and 1 outside the 99.8% ones; chance
// would put 0.05·4 = 0.2 and 0.002·4 = 0.008 there. Three or more of four by chance:
// 4·0.05³·0.95 + 0.05⁴ = 0.00048125, below 1 in 1000, so even four providers can be
// overdispersed when three are out.
func TestSummaryByHand(t *testing.T) {
	f, err := readHandMade(t).RecoveryFunnel(stats.Exact)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Summary()
	want := Summary{Providers: 4, Outside: [2]int{3, 1}, Above: [2]int{2, 1}, Below: [2]int{1, 0}, Expected: [2]float64{0.2, 0.008}, Overdispersed: true}
	if s.Providers != want.Providers || s.Outside != want.Outside || s.Above != want.Above || s.Below != want.Below || s.Overdispersed != want.Overdispersed {
		t.Errorf("summary %+v, want %+v", s, want)
	}
	for i := range 2 {
		if d := s.Expected[i] - want.Expected[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("expected outside at level %d: %v, want %v", i, s.Expected[i], want.Expected[i])
		}
	}
}

func TestLeftOutByReason(t *testing.T) {
	f := Funnel{LeftOut: []LeftOut{{"A", "a", "suppressed"}, {"B", "b", "nobody"}, {"C", "c", "suppressed"}}}
	got := f.LeftOutByReason()
	if len(got) != 2 || got[0].Reason != "suppressed" || len(got[0].Providers) != 2 || got[0].Providers[1].OrgCode != "C" ||
		got[1].Reason != "nobody" || len(got[1].Providers) != 1 {
		t.Errorf("groups %+v, want suppressed (A, C) then nobody (B)", got)
	}
}

// Place draws a unit at one proportion and judges it at another: at n = 20 around 0.5
// the exact 95% upper limit is 0.6941765 (TestRecoveryFunnelByHand), so a unit drawn
// at 70% but judged at 0.694 is within, and one judged at 0.6942 is above.
func TestPlaceJudgesFromItsOwnProportion(t *testing.T) {
	f := Funnel{Target: 0.5, Method: stats.Exact}
	within := f.Place("", "us", 14, 20, 0.70, 0.694)
	above := f.Place("", "us", 14, 20, 0.70, 0.6942)
	if within.Proportion != 0.70 || within.N != 20 || within.Recovered != 14 || within.Position != [2]Position{Within, Within} {
		t.Errorf("judged at 0.694: %+v, want drawn at 0.70, within both", within)
	}
	if above.Position != [2]Position{Above, Within} {
		t.Errorf("judged at 0.6942: %v, want above the 95%% limits, within the 99.8%%", above.Position)
	}
}

// England in the hand-made file: recovery 50, reliable improvement 65 (whole
// numbers), reliable recovery 47.2, reliable deterioration 7.5 (one decimal place).
// The service, by hand with the 95% Wilson interval (z = 1.96):
//
//	recovery 60 of 100: centre (0.6 + 1.9208/100)/1.038416 = 0.5963, half-width
//	  1.96·√(0.0024 + 0.00009604)/1.038416 = 0.0943, so 0.502 to 0.691: above 0.50,
//	  better; shown "60" (England is whole), interval "50" to "69".
//	reliable recovery's interval to one place, as the figure: 0.45185 ∓ 0.09570,
//	  "35.6" to "54.8".
//	reliable improvement 3 of 10: fewer than 5 improved, "*", not compared.
//	reliable recovery 45 of 100: 0.356 to 0.548 holds 0.472, similar; "45.0".
//	reliable deterioration 20 of 100: 0.133 to 0.289, all above 0.075, and fewer is
//	  better, so worse; "20.0".
func TestBesideEnglandByHand(t *testing.T) {
	england, ok := readHandMade(t).England(TotalBreakdown, "")
	if !ok {
		t.Fatal("no England row")
	}
	counts := map[string][2]int{
		measure.PercentageRecovery:              {60, 100},
		measure.PercentageReliableImprovement:   {3, 10},
		measure.PercentageReliableRecovery:      {45, 100},
		measure.PercentageReliableDeterioration: {20, 100},
	}
	got := BesideEngland(england, func(id string) (int, int) { return counts[id][0], counts[id][1] }, disclosure.Default())
	want := []struct {
		name, england, service string
		compared               significance.Comparison
	}{
		{"Recovery", "50", "60", significance.Better},
		{"Reliable improvement", "65", "*", significance.NotCompared},
		{"Reliable recovery", "47.2", "45.0", significance.Similar},
		{"Reliable deterioration", "7.5", "20.0", significance.Worse},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Figure.Name != w.name || g.England.String() != w.england || g.Service.Text != w.service || g.Compared != w.compared {
			t.Errorf("row %d: %s England %s, service %s, %v; want %s %s, %s, %v", i, g.Figure.Name, g.England, g.Service.Text, g.Compared, w.name, w.england, w.service, w.compared)
		}
	}
	if got[0].Low.Text != "50" || got[0].High.Text != "69" {
		t.Errorf("recovery's interval %s to %s, want 50 to 69", got[0].Low.Text, got[0].High.Text)
	}
	if got[2].Low.Text != "35.6" || got[2].High.Text != "54.8" {
		t.Errorf("reliable recovery's interval %s to %s, want 35.6 to 54.8", got[2].Low.Text, got[2].High.Text)
	}
}

// A provider's row: 80 referrals, 30 finished, 10 not at caseness, recovery 50%.
// Computed here: 85 referrals (+5), finished "*" (no difference), recovery 48 (−2
// points), nothing else.
func TestReconcileByHand(t *testing.T) {
	p, err := Read(strings.NewReader(header+goodRow+"Provider,RAA,A,Total,,,80,30,20,10,15,50,10,33,5,17,10,50,10,50\n"), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	row, _ := p.Find("RAA", TotalBreakdown, "")
	ours := map[string]disclosure.Value{
		measure.CountReferralsReceived:       {Text: "85", Number: 85},
		measure.CountFinishedCourseTreatment: {Text: "*", Suppressed: true},
		measure.PercentageRecovery:           {Text: "48", Number: 48},
	}
	got := Reconcile(row, func(id string) disclosure.Value {
		if v, ok := ours[id]; ok {
			return v
		}
		return disclosure.Value{Empty: true}
	})
	if len(got) != len(Reconciled) {
		t.Fatalf("%d rows, want %d", len(got), len(Reconciled))
	}
	for _, r := range got {
		switch r.Figure.Measure {
		case measure.CountReferralsReceived:
			if r.Published != "80" || !r.HasDifference || r.Difference != 5 {
				t.Errorf("referrals: %+v, want 80 and +5", r)
			}
		case measure.CountFinishedCourseTreatment:
			if r.Published != "30" || r.HasDifference {
				t.Errorf("finished: %+v, want 30 and no difference", r)
			}
		case measure.PercentageRecovery:
			if r.Published != "50" || !r.HasDifference || r.Difference != -2 || !r.Figure.IsPercent() {
				t.Errorf("recovery: %+v, want 50 and −2 points", r)
			}
		default:
			if r.HasDifference {
				t.Errorf("%s: a difference with nothing computed here", r.Figure.Name)
			}
		}
	}
}
