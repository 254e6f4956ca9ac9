package figures

import (
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
)

func TestPercentFinding(t *testing.T) {
	recovery := func(value, standard string, v significance.Verdict) Percent {
		return Percent{Value: value, Did: "recovered", Measure: "recovery", Period: "2024-25", Standard: standard, Verdict: v}
	}
	for _, c := range []struct {
		name string
		p    Percent
		want string
	}{
		{"just below, within chance", recovery("49", "50", significance.NotMetWithinChance),
			"49% of people recovered in 2024-25, just below the 50% standard"},
		{"rounds to the standard but is below it, within chance", recovery("50", "50", significance.NotMetWithinChance),
			"50% of people recovered in 2024-25, just below the 50% standard before rounding"},
		{"rounds to the standard but is clearly below it", recovery("50", "50", significance.NotMetClearly),
			"50% of people recovered in 2024-25, below the 50% standard before rounding"},
		{"a point below, interval touching the standard", recovery("49", "50", significance.NotMetWithinChance),
			"49% of people recovered in 2024-25, just below the 50% standard"},
		{"well below, within chance (a small service)", recovery("40", "50", significance.NotMetWithinChance),
			"40% of people recovered in 2024-25, below the 50% standard, a gap that may be chance"},
		{"clearly below: never \"just\", however close", recovery("49", "50", significance.NotMetClearly),
			"49% of people recovered in 2024-25, below the 50% standard"},
		{"exactly on the standard", recovery("50", "50", significance.MetNotClearly),
			"50% of people recovered in 2024-25, meeting the 50% standard"},
		{"a point above, interval touching the standard", recovery("51", "50", significance.MetNotClearly),
			"51% of people recovered in 2024-25, just above the 50% standard"},
		{"above, not clearly", recovery("56", "50", significance.MetNotClearly),
			"56% of people recovered in 2024-25, above the 50% standard, though not by a clear margin"},
		{"clearly above", recovery("51", "50", significance.MetClearly),
			"51% of people recovered in 2024-25, above the 50% standard"},
		{"suppressed", recovery("*", "50", significance.NotJudged),
			"Too few people to publish recovery in 2024-25"},
		{"nobody counted", recovery("", "50", significance.NotJudged),
			"Nobody was counted for recovery in 2024-25"},
		{"no standard", recovery("66", "", significance.NotJudged),
			"66% of people recovered in 2024-25"},
		{"waits", Percent{Value: "90", Did: "started treatment within 6 weeks", Period: "2024-25", Standard: "75", Verdict: significance.MetClearly},
			"90% of people started treatment within 6 weeks in 2024-25, above the 75% standard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Finding(); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// The title as the outcome pages word it, from counts through disclosure control and
// the significance rule, not from a verdict picked by hand. The intervals are Wilson's
// at z = 1.959964:
//
//	50/100:       exactly 50%; interval 40.4% to 59.6%: met, not clearly.
//	995/2000:     49.75%, published as 50%; z²/n = 0.0019207, centre = 0.497465,
//	              half = 1.956207 · 0.011191 = 0.021892: up to 51.9%, within chance.
//	49600/100000: 49.6%, published as 50%; half about 0.0031: up to 49.9%, clearly
//	              below.
func TestPercentFindingFromCounts(t *testing.T) {
	rules := disclosure.Default()
	for _, c := range []struct {
		name     string
		num, den int
		want     string
	}{
		{"exactly on the standard", 50, 100, "50% of people recovered in 2024-25, meeting the 50% standard"},
		{"rounds up to the standard, below it within chance", 995, 2000,
			"50% of people recovered in 2024-25, just below the 50% standard before rounding"},
		{"rounds up to the standard, clearly below it", 49600, 100000,
			"50% of people recovered in 2024-25, below the 50% standard before rounding"},
		{"fewer than 5 people finished treatment", 3, 4, "Too few people to publish recovery in 2024-25"},
		{"fewer than 5 people recovered", 4, 100, "Too few people to publish recovery in 2024-25"},
		{"fewer than 5 people did not recover", 98, 100, "Too few people to publish recovery in 2024-25"},
		{"nobody finished treatment", 0, 0, "Nobody was counted for recovery in 2024-25"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Percent{Value: rules.Percent(c.num, c.den).Text, Did: "recovered", Measure: "recovery", Period: "2024-25",
				Standard: "50", Verdict: significance.AgainstStandard(c.num, c.den, 0.5, rules)}
			if got := p.Finding(); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestWaitFinding(t *testing.T) {
	for _, c := range []struct {
		median disclosure.Value
		want   string
	}{
		// 12 days is 1.71 weeks: about 2 weeks.
		{disclosure.Value{Text: "12", Number: 12}, "People waited about 2 weeks to start treatment in 2024-25"},
		// 10 days is 1.43 weeks: about 1 week.
		{disclosure.Value{Text: "10", Number: 10}, "People waited about 1 week to start treatment in 2024-25"},
		// 3 days is 0.43 weeks: less than 1.
		{disclosure.Value{Text: "3", Number: 3}, "People waited less than 1 week to start treatment in 2024-25"},
		// 3.5 days is exactly half a week: rounds up.
		{disclosure.Value{Text: "3.5", Number: 3.5}, "People waited about 1 week to start treatment in 2024-25"},
		{disclosure.Value{Text: "*", Suppressed: true}, "Too few people to publish how long people waited to start treatment in 2024-25"},
		{disclosure.Value{Empty: true}, "Nobody started treatment in 2024-25"},
	} {
		if got := WaitFinding(c.median, "2024-25"); got != c.want {
			t.Errorf("WaitFinding(%+v) = %q, want %q", c.median, got, c.want)
		}
	}
}
