package publish

import (
	"slices"
	"testing"
)

// Groups as the measures hold them (in the order of their labels, where "Under 18"
// sorts last) are drawn in their natural order, unlisted ones last.
func TestNaturalOrder(t *testing.T) {
	groups := []string{"18 to 25", "26 to 64", "Not known", "Under 18", "Unlisted"}
	naturalOrder(groups, []string{"Under 18", "18 to 25", "26 to 64", "Not known"})
	if want := []string{"Under 18", "18 to 25", "26 to 64", "Not known", "Unlisted"}; !slices.Equal(groups, want) {
		t.Errorf("got %q, want %q", groups, want)
	}
	for in, want := range map[string]string{"1": "1 (most deprived)", "5": "5", "10": "10 (least deprived)", "Not known": "Not known"} {
		if got := decileLabel(in); got != want {
			t.Errorf("decileLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
