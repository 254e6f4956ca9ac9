package benchmark

import (
	"slices"

	"github.com/iaptpub/iaptpub/evaluation/stats"
)

// Summary is what a funnel plot shows at a glance: how many providers lie outside each
// pair of limits, how many chance alone would put there, and whether the difference
// is itself beyond chance.
type Summary struct {
	Providers int
	// Outside, Above and Below count the providers against FunnelLevels[i].
	Outside, Above, Below [2]int
	// Expected is how many providers chance alone would put outside FunnelLevels[i]:
	// the share the limits leave out, of every provider.
	Expected [2]float64
	// Overdispersed: more providers lie outside the 95% limits than chance could
	// plausibly put there (see Overdispersed).
	Overdispersed bool
}

// Summary counts f's providers against its limits.
func (f Funnel) Summary() Summary {
	s := Summary{Providers: len(f.Points)}
	for level, l := range FunnelLevels {
		_, s.Above[level], s.Below[level] = f.Count(level)
		s.Outside[level] = s.Above[level] + s.Below[level]
		s.Expected[level] = (1 - l) * float64(len(f.Points))
	}
	s.Overdispersed = Overdispersed(s.Outside[0], len(f.Points), 1-FunnelLevels[0])
	return s
}

// Overdispersed reports whether outside of n providers beyond limits that chance
// alone would cross with probability share is itself beyond chance: the binomial
// probability of as many or more is below 1 in 1000. With few providers it never is,
// so the page makes no such claim about a handful.
func Overdispersed(outside, n int, share float64) bool {
	if outside <= 0 || n <= 0 {
		return false
	}
	return stats.BinomialUpperTail(n, outside, share) < 0.001
}

// LeftOutGroup is the providers left off the plot for one reason.
type LeftOutGroup struct {
	Reason    string
	Providers []LeftOut
}

// LeftOutByReason groups f.LeftOut by reason, in the order each reason first occurs.
func (f Funnel) LeftOutByReason() []LeftOutGroup {
	var out []LeftOutGroup
	for _, l := range f.LeftOut {
		i := slices.IndexFunc(out, func(g LeftOutGroup) bool { return g.Reason == l.Reason })
		if i < 0 {
			out = append(out, LeftOutGroup{Reason: l.Reason})
			i = len(out) - 1
		}
		out[i].Providers = append(out[i].Providers, l)
	}
	return out
}
