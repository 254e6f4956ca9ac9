package benchmark

import (
	"math"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// Control limits around England's 180/(400 − 40) = 0.5 in the hand-made file, where
// every provider on the plot has n = 20 (finished − not at caseness):
//
// Exact (Spiegelhalter's interpolation), counts over 2²⁰ = 1048576 of Binomial(20, ½):
//
//	F(2) = 211, F(3) = 1351, F(5) = 21700, F(6) = 60460, F(13) = 988116,
//	F(14) = 1026876, F(16) = 1047225, F(17) = 1048365.
//	95% lower:   0.025·2²⁰ = 26214.4 → r = 6,  α = (60460 − 26214.4)/38760 = 0.883529,
//	             (6 − 0.883529)/20 = 0.2558235
//	95% upper:   0.975·2²⁰ = 1022361.6 → r = 14, α = (1026876 − 1022361.6)/38760 = 0.116471,
//	             (14 − 0.116471)/20 = 0.6941765
//	99.8% lower: 0.001·2²⁰ = 1048.576 → r = 3, α = (1351 − 1048.576)/1140 = 0.265284,
//	             (3 − 0.265284)/20 = 0.1367358
//	99.8% upper: 0.999·2²⁰ = 1047527.424 → r = 17, α = (1048365 − 1047527.424)/1140
//	             = 0.734716, (17 − 0.734716)/20 = 0.8132642
//
// Normal: se = √(0.25/20) = 0.1118034; 95%: ∓1.959964·se = ∓0.2191302 → 0.2808698,
// 0.7191302; 99.8%: ∓3.090232·se = ∓0.3454985 → 0.1545015, 0.8454985.
//
// Providers: RAA 10/20 = 0.50 within both; RBB 15/20 = 0.75 above the 95% limit, within
// 99.8%; RCC 5/20 = 0.25 below the 95% limit (0.2558 and 0.2809), within 99.8%;
// REE 20/20 = 1 above both. Left out: RFF (finished "*"), RGG (not at caseness "*"),
// RHH (recovered empty), RII (10 finished, 10 not at caseness: nobody left).
func TestRecoveryFunnelByHand(t *testing.T) {
	p := readHandMade(t)
	limits := map[stats.FunnelMethod][2][2]float64{
		stats.Exact:  {{0.2558235, 0.6941765}, {0.1367358, 0.8132642}},
		stats.Normal: {{0.2808698, 0.7191302}, {0.1545015, 0.8454985}},
	}
	want := []struct {
		code     string
		rec, n   int
		position [2]Position
	}{
		{"RAA", 10, 20, [2]Position{Within, Within}},
		{"RBB", 15, 20, [2]Position{Above, Within}},
		{"RCC", 5, 20, [2]Position{Below, Within}},
		{"REE", 20, 20, [2]Position{Above, Above}},
	}
	wantOut := []LeftOut{
		{"RFF", "FINISHED SUPPRESSED", "count of finished courses of treatment suppressed"},
		{"RGG", "NOT AT CASENESS SUPPRESSED", "count of finished not at caseness suppressed"},
		{"RHH", "RECOVERY NOT PUBLISHED", "count of recovered not published"},
		{"RII", "NOBODY AT CASENESS", "nobody finished treatment at caseness"},
	}
	for method, lim := range limits {
		f, err := p.RecoveryFunnel(method)
		if err != nil {
			t.Fatal(err)
		}
		if f.Target != 0.5 || f.Year != "2023-24" || f.Method != method {
			t.Errorf("%v: target %v, year %q, method %v; want 0.5, 2023-24", method, f.Target, f.Year, f.Method)
		}
		if len(f.Points) != len(want) {
			t.Fatalf("%v: %d points, want %d", method, len(f.Points), len(want))
		}
		for i, w := range want {
			pt := f.Points[i]
			if pt.OrgCode != w.code || pt.Recovered != w.rec || pt.N != w.n || pt.Position != w.position {
				t.Errorf("%v: point %d = %s %d/%d %v; want %s %d/%d %v", method, i,
					pt.OrgCode, pt.Recovered, pt.N, pt.Position, w.code, w.rec, w.n, w.position)
			}
			for l := range 2 {
				for b := range 2 {
					if math.Abs(pt.Limits[l][b]-lim[l][b]) > 5e-7 {
						t.Errorf("%v: %s limit [%d][%d] = %.7f, want %.7f", method, pt.OrgCode, l, b, pt.Limits[l][b], lim[l][b])
					}
				}
			}
		}
		if len(f.LeftOut) != len(wantOut) {
			t.Fatalf("%v: left out %+v, want %+v", method, f.LeftOut, wantOut)
		}
		for i := range wantOut {
			if f.LeftOut[i] != wantOut[i] {
				t.Errorf("%v: left out %+v, want %+v", method, f.LeftOut[i], wantOut[i])
			}
		}
		if w, a, b := f.Count(0); w != 1 || a != 2 || b != 1 {
			t.Errorf("%v: at 95%% %d within, %d above, %d below; want 1, 2, 1", method, w, a, b)
		}
		if w, a, b := f.Count(1); w != 3 || a != 1 || b != 0 {
			t.Errorf("%v: at 99.8%% %d within, %d above, %d below; want 3, 1, 0", method, w, a, b)
		}
	}
}

func TestRecoveryFunnelNeedsEngland(t *testing.T) {
	noEngland := header + "Provider,RAA,A,Total,,,80,30,20,10,15,50,10,33,5,17,10,50,10,50\n"
	p, err := Read(strings.NewReader(noEngland), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.RecoveryFunnel(stats.Exact); err == nil || err.Error() != "x.csv: no England Total row to compare providers with" {
		t.Errorf("error = %v", err)
	}
	suppressed := header + "England,All,All,Total,,,1000,400,360,*,260,65,110,27.5,30,7.5,180,50,170,47.2\n"
	p, err = Read(strings.NewReader(suppressed), "y.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.RecoveryFunnel(stats.Exact); err == nil ||
		err.Error() != "y.csv:2: England's recovery is not published (count of finished not at caseness suppressed)" {
		t.Errorf("error = %v", err)
	}
}

// On the national file every provider is either on the plot or left out with a reason.
// Counted independently of this package (a csv reader in a script over the file): 147
// provider Total rows, of which 11 lack a recovery rate — 9 with not-at-caseness "*",
// 1 with it and recovery "*", 1 with everything "*".
func TestRecoveryFunnelNational(t *testing.T) {
	p, err := ReadFile(nationalFile)
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.RecoveryFunnel(stats.Exact)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Points) != 136 || len(f.LeftOut) != 11 {
		t.Errorf("%d on the plot, %d left out; want 136 and 11", len(f.Points), len(f.LeftOut))
	}
	if math.Abs(f.Target-321061.0/635185.0) > 1e-15 {
		t.Errorf("target = %v, want 321061/635185", f.Target)
	}
	for _, pt := range f.Points {
		for l := range 2 {
			lo, hi := pt.Limits[l][0], pt.Limits[l][1]
			want := Within
			if pt.Proportion > hi {
				want = Above
			} else if pt.Proportion < lo {
				want = Below
			}
			if !(lo <= f.Target && f.Target <= hi) || pt.Position[l] != want {
				t.Errorf("%s: %v at level %d with limits %v..%v", pt.OrgCode, pt.Position[l], l, lo, hi)
			}
		}
		if pt.Limits[1][0] > pt.Limits[0][0] || pt.Limits[1][1] < pt.Limits[0][1] {
			t.Errorf("%s: 99.8%% limits inside the 95%% ones", pt.OrgCode)
		}
	}
	for _, lo := range f.LeftOut {
		if lo.Reason == "" {
			t.Errorf("%s left out without a reason", lo.OrgCode)
		}
	}
	w95, a95, b95 := f.Count(0)
	w998, a998, b998 := f.Count(1)
	t.Logf("2024-25, exact: 95%%: %d within, %d above, %d below; 99.8%%: %d within, %d above, %d below",
		w95, a95, b95, w998, a998, b998)
}

func TestPositionString(t *testing.T) {
	for p, want := range map[Position]string{Within: "within", Above: "above", Below: "below"} {
		if p.String() != want {
			t.Errorf("%d.String() = %q, want %q", p, p.String(), want)
		}
	}
}

// Binomial tails worked out by hand, with 5% of providers outside the 95% limits by
// chance: 1 or more of 3, 1 − 0.95³ = 0.142625; 2 or more, 3·0.05²·0.95 + 0.05³ =
// 0.00725; all 3, 0.05³ = 0.000125, the only one below 1 in 1000. 77 of 136, the
// national file's figure, is far beyond chance (about 7 expected).
func TestOverdispersed(t *testing.T) {
	for _, c := range []struct {
		outside, n int
		want       bool
	}{{0, 3, false}, {1, 3, false}, {2, 3, false}, {3, 3, true}, {7, 136, false}, {77, 136, true}} {
		if got := Overdispersed(c.outside, c.n, 0.05); got != c.want {
			t.Errorf("Overdispersed(%d of %d) = %v, want %v", c.outside, c.n, got, c.want)
		}
	}
}
