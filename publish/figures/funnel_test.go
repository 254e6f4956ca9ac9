package figures

import (
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
)

func TestFunnelFinding(t *testing.T) {
	at := func(p benchmark.Position) *benchmark.FunnelPoint {
		return &benchmark.FunnelPoint{Position: [2]benchmark.Position{p, benchmark.Within}}
	}
	for _, c := range []struct {
		providers, outside int
		own                *benchmark.FunnelPoint
		want               string
	}{
		{136, 77, at(benchmark.Within), "This service's recovery is within the 95% limits around England's rate; 77 of 136 providers lie outside them"},
		{136, 77, at(benchmark.Above), "This service's recovery is above the 95% limits around England's rate; 77 of 136 providers lie outside them"},
		{3, 1, at(benchmark.Below), "This service's recovery is below the 95% limits around England's rate; 1 of 3 providers lies outside them"},
		{1, 0, at(benchmark.Within), "This service's recovery is within the 95% limits around England's rate; none of 1 provider lies outside them"},
		{3, 0, nil, "None of 3 providers lies outside the 95% limits around England's recovery rate"},
		{136, 77, nil, "77 of 136 providers lie outside the 95% limits around England's recovery rate"},
	} {
		s := benchmark.Summary{Providers: c.providers, Outside: [2]int{c.outside, 0}}
		if got := FunnelFinding(s, c.own); got != c.want {
			t.Errorf("FunnelFinding(%d of %d, %v) =\n%q, want\n%q", c.outside, c.providers, c.own, got, c.want)
		}
	}
}
