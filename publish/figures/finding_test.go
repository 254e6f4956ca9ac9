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
		{"rounds to the standard but is below it", recovery("50", "50", significance.NotMetWithinChance),
			"50% of people recovered in 2024-25, just below the 50% standard"},
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
