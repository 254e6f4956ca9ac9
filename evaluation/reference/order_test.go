package reference

import (
	"slices"
	"testing"
)

// The natural order of each breakdown is the order of data/breakdowns.toml, with "not
// known" or "other" last: "Under 18" first, not last as sorting the labels puts it.
func TestBreakdownOrder(t *testing.T) {
	b := Breakdowns{
		Pathway:     PathwayBreakdown{VariableType: "Pathway", None: "Core service"},
		AgeGroup:    AgeGroup{VariableType: "Age Group", NotKnown: "Not known", Bands: []AgeBand{{Label: "Under 18"}, {Label: "18 to 25"}, {Label: "90 and over"}}},
		Gender:      CodeGroups{VariableType: "Gender", Groups: []CodeGroup{{Label: "Male"}, {Label: "Female"}}, Other: "Not stated/Not known/Invalid"},
		Deprivation: Deprivation{VariableType: "Indices of Deprivation Decile", NotKnown: "Not known"},
	}
	for _, c := range []struct {
		vt   string
		want []string
	}{
		{"Age Group", []string{"Under 18", "18 to 25", "90 and over", "Not known"}},
		{"Gender", []string{"Male", "Female", "Not stated/Not known/Invalid"}},
		{"Indices of Deprivation Decile", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "Not known"}},
		{"Pathway", []string{"Diabetes", "Cancer", "Core service"}},
		{"Something else", nil},
	} {
		if got := b.Order(c.vt, []string{"Diabetes", "Cancer"}); !slices.Equal(got, c.want) {
			t.Errorf("Order(%q) = %q, want %q", c.vt, got, c.want)
		}
	}
}
