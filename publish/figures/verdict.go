package figures

import "github.com/iaptpub/iaptpub/evaluation/significance"

// Tag is the NHS.UK tag colour (the modifier of nhsuk-tag) a verdict is shown in:
// red only for a standard clearly not met, so that red always means the same thing.
func Tag(v significance.Verdict) string {
	switch v {
	case significance.MetClearly:
		return "green"
	case significance.MetNotClearly:
		return "aqua-green"
	case significance.NotMetWithinChance:
		return "yellow"
	case significance.NotMetClearly:
		return "red"
	}
	return "grey"
}

// ComparisonTag is the NHS.UK tag colour a comparison with England is shown in, as
// Fingertips colours it but for red, which the site keeps for a standard clearly not
// met (Tag): green better, orange worse, and similar in a plain white tag, so that no
// colour suggests a difference the interval does not show.
func ComparisonTag(c significance.Comparison) string {
	switch c {
	case significance.Better:
		return "green"
	case significance.Similar:
		return "white"
	case significance.Worse:
		return "orange"
	}
	return "grey"
}
