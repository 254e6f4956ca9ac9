package significance

import (
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// The intervals below are Wilson's at z = 1.959964, worked by hand:
//
//	80/100:   z²/n = 0.0384146; centre = 0.8192073/1.0384146 = 0.788902; half =
//	          1.887460 · √(0.0016 + 0.0000960) = 0.077734 → 0.7112 to 0.8666
//	95/100:   0.8882 to 0.9785 (as in package readiness's tests)
//	850/1000: z²/n = 0.0038415; centre = 0.8519207/1.0038415 = 0.848658; half =
//	          1.952464 · √(0.0001275 + 0.00000096) = 0.022143 → 0.8265 to 0.8708
//	900/1000: centre = 0.9019207/1.0038415 = 0.898470; half = 1.952464 ·
//	          √(0.00009 + 0.00000096) = 0.018621 → 0.8798 to 0.9171
//	45/100:   centre = 0.4692073/1.0384146 = 0.451849; half = 1.887460 ·
//	          √(0.002475 + 0.0000960) = 0.095713 → 0.3561 to 0.5476
//
// Every count is a multiple of 5, so the default rules publish it as it is.
func TestAgainstStandard(t *testing.T) {
	rules := disclosure.Default()
	// An interval whose lower limit is exactly the standard touches it: not a clear
	// margin. Wilson's limit is the one double that tests the edge.
	touching, _, _ := stats.Wilson(80, 100, stats.Z95)
	for _, c := range []struct {
		name     string
		num, den int
		standard float64
		want     Verdict
	}{
		{"whole interval above", 900, 1000, 0.75, MetClearly},
		{"met, interval reaches down to the standard", 80, 100, 0.75, MetNotClearly},
		{"exactly on the standard is met, not clearly", 95, 100, 0.95, MetNotClearly},
		{"interval touching the standard is not a clear margin", 80, 100, touching, MetNotClearly},
		{"below, interval reaches the standard", 45, 100, 0.5, NotMetWithinChance},
		{"whole interval below", 850, 1000, 0.95, NotMetClearly},
		{"suppressed: 1 person falls short", 19, 20, 0.95, NotJudged},
		{"fewer than 5 people", 3, 4, 0.5, NotJudged},
		{"nobody counted", 0, 0, 0.5, NotJudged},
		{"more meet it than are counted", 6, 5, 0.5, NotJudged},
		{"a standard that is not a proportion", 80, 100, 75, NotJudged},
		{"a standard of 0", 80, 100, 0, NotJudged},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := AgainstStandard(c.num, c.den, c.standard, rules); got != c.want {
				t.Errorf("AgainstStandard(%d, %d, %g) = %v, want %v", c.num, c.den, c.standard, got, c.want)
			}
		})
	}
}

func TestAgainstEngland(t *testing.T) {
	rules := disclosure.Default()
	lower, upper, _ := stats.Wilson(900, 1000, stats.Z95)
	for _, c := range []struct {
		name           string
		num, den       int
		england        float64
		higherIsBetter bool
		want           Comparison
	}{
		{"interval above England's, higher better", 900, 1000, 0.85, true, Better},
		{"interval above England's, lower better", 900, 1000, 0.85, false, Worse},
		{"interval below England's, higher better", 850, 1000, 0.90, true, Worse},
		{"interval below England's, lower better", 850, 1000, 0.90, false, Better},
		{"England's inside the interval", 900, 1000, 0.90, true, Similar},
		{"England's on the lower limit", 900, 1000, lower, true, Similar},
		{"England's on the upper limit", 900, 1000, upper, false, Similar},
		{"suppressed", 19, 20, 0.5, true, NotCompared},
		{"fewer than 5 people", 2, 3, 0.5, true, NotCompared},
		{"no figure for England", 900, 1000, -1, true, NotCompared},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := AgainstEngland(c.num, c.den, c.england, c.higherIsBetter, rules); got != c.want {
				t.Errorf("AgainstEngland(%d, %d, %g, %v) = %v, want %v", c.num, c.den, c.england, c.higherIsBetter, got, c.want)
			}
		})
	}
}
