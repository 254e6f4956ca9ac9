package publish

import (
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/significance"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// The main points, written by hand for three sets of figures: a standard met clearly
// and better than England; one not met, within chance, and similar; and a service too
// small to publish its recovery, not on the plot.
func TestBenchmarkMainPoints(t *testing.T) {
	within, above := benchmark.Within, benchmark.Above
	national := benchmark.Summary{Providers: 136, Outside: [2]int{77, 30}, Overdispersed: true}
	for _, c := range []struct {
		name string
		f    benchmarkFigures
		want []string
	}{{
		name: "met, better",
		f: benchmarkFigures{
			Recovery: figures.Percent{Value: "58", Did: "recovered", Measure: "recovery", Period: "2024-25", Standard: "50", Verdict: significance.MetClearly},
			Precise:  "58.2", England: "50.5", Compared: significance.Better,
			Others: []namedComparison{{"Reliable improvement", significance.Better}, {"Reliable recovery", significance.Better}, {"Reliable deterioration", significance.Similar}},
			Own:    &above, Summary: national,
		},
		want: []string{
			"58% of people recovered in 2024-25, above the 50% standard.",
			"At 58.2%, recovery was better than England's 50.5%: the whole of its 95% interval lies above England's rate.",
			"Reliable improvement and reliable recovery were better than England's; reliable deterioration was similar to England's.",
			"Against every provider in England, this service lies above the 95% limits around England's rate; 77 of the 136 providers in England lie outside them, far more than chance would explain.",
		},
	}, {
		name: "not met, similar",
		f: benchmarkFigures{
			Recovery: figures.Percent{Value: "49", Did: "recovered", Measure: "recovery", Period: "2024-25", Standard: "50", Verdict: significance.NotMetWithinChance},
			Precise:  "49.3", England: "50.5", Compared: significance.Similar,
			Others: []namedComparison{{"Reliable improvement", significance.Similar}, {"Reliable recovery", significance.Worse}, {"Reliable deterioration", significance.NotCompared}},
			Own:    &within, Summary: benchmark.Summary{Providers: 3, Outside: [2]int{1, 1}},
		},
		want: []string{
			"49% of people recovered in 2024-25, just below the 50% standard.",
			"At 49.3%, recovery was similar to England's 50.5%: England's rate lies within its 95% interval.",
			"Reliable improvement was similar to England's; reliable recovery was worse than England's.",
			"Against every provider in England, this service lies within the 95% limits around England's rate; 1 of the 3 providers in England lies outside them.",
		},
	}, {
		name: "suppressed",
		f: benchmarkFigures{
			Recovery: figures.Percent{Value: "*", Did: "recovered", Measure: "recovery", Period: "2024-25", Standard: "50"},
			Precise:  "*", England: "50.5", Compared: significance.NotCompared,
			Others:  []namedComparison{{"Reliable improvement", significance.NotCompared}},
			Summary: national,
		},
		want: []string{
			"Too few people to publish recovery in 2024-25.",
			"This service's recovery cannot be compared with England's 50.5%: too few people are behind it.",
			"Against England's rate, 77 of the 136 providers in England lie outside the 95% limits, far more than chance would explain.",
		},
	}} {
		if got := benchmarkMainPoints(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
