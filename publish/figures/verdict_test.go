package figures

import (
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/significance"
)

// Red is kept for a standard clearly not met; a figure clearly worse than England's is
// orange.
func TestTags(t *testing.T) {
	for v, want := range map[significance.Verdict]string{
		significance.NotJudged: "grey", significance.MetClearly: "green", significance.MetNotClearly: "aqua-green",
		significance.NotMetWithinChance: "yellow", significance.NotMetClearly: "red",
	} {
		if got := Tag(v); got != want {
			t.Errorf("Tag(%v) = %q, want %q", v, got, want)
		}
	}
	for c, want := range map[significance.Comparison]string{
		significance.NotCompared: "grey", significance.Better: "green", significance.Similar: "white", significance.Worse: "orange",
	} {
		if got := ComparisonTag(c); got != want {
			t.Errorf("ComparisonTag(%v) = %q, want %q", c, got, want)
		}
	}
}
