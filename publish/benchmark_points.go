package publish

import (
	"fmt"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/significance"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// benchmarkFigures are the published figures the benchmarking page's main points are
// written from.
type benchmarkFigures struct {
	// Recovery is the service's recovery against its standard, as every page states it.
	Recovery figures.Percent
	// Precise is the service's recovery to England's precision ("49.3"), England its
	// rate ("50.5"), Compared the two (significance.AgainstEngland).
	Precise, England string
	Compared         significance.Comparison
	// Others are the other outcomes' names and their comparisons with England.
	Others []namedComparison
	// Own is where the service lies against the funnel's 95% limits, nil when it is
	// not on the plot; Summary counts the providers.
	Own     *benchmark.Position
	Summary benchmark.Summary
}

type namedComparison struct {
	Name     string
	Compared significance.Comparison
}

// benchmarkMainPoints writes the page's main points: three to five sentences from the
// figures, in the words the rest of the site uses for a standard (figures.Percent) and
// for England (better, similar, worse, from the 95% interval).
func benchmarkMainPoints(f benchmarkFigures) []string {
	points := []string{f.Recovery.Finding() + "."}
	switch f.Compared {
	case significance.Better:
		points = append(points, fmt.Sprintf("At %s%%, recovery was better than England's %s%%: the whole of its 95%% interval lies above England's rate.", f.Precise, f.England))
	case significance.Similar:
		points = append(points, fmt.Sprintf("At %s%%, recovery was similar to England's %s%%: England's rate lies within its 95%% interval.", f.Precise, f.England))
	case significance.Worse:
		points = append(points, fmt.Sprintf("At %s%%, recovery was worse than England's %s%%: the whole of its 95%% interval lies below England's rate.", f.Precise, f.England))
	default:
		points = append(points, fmt.Sprintf("This service's recovery cannot be compared with England's %s%%: too few people are behind it.", f.England))
	}
	if s := othersSentence(f.Others); s != "" {
		points = append(points, s)
	}
	outside := fmt.Sprintf("%d of the %d providers in England", f.Summary.Outside[0], f.Summary.Providers)
	if f.Summary.Outside[0] == 1 {
		outside += " lies"
	} else {
		outside += " lie"
	}
	chance := ""
	if f.Summary.Overdispersed {
		chance = ", far more than chance would explain"
	}
	if f.Own != nil {
		where := map[benchmark.Position]string{benchmark.Within: "within", benchmark.Above: "above", benchmark.Below: "below"}[*f.Own]
		points = append(points, fmt.Sprintf("Against every provider in England, this service lies %s the 95%% limits around England's rate; %s outside them%s.", where, outside, chance))
	} else {
		points = append(points, fmt.Sprintf("Against England's rate, %s outside the 95%% limits%s.", outside, chance))
	}
	return points
}

// othersSentence says how the other outcomes compare with England, those alike
// together: "Reliable improvement and reliable recovery were similar to England's;
// reliable deterioration was worse." "" when none was compared.
func othersSentence(others []namedComparison) string {
	var parts []string
	for _, c := range []significance.Comparison{significance.Better, significance.Similar, significance.Worse} {
		var names []string
		for _, o := range others {
			if o.Compared == c {
				names = append(names, strings.ToLower(o.Name))
			}
		}
		if len(names) == 0 {
			continue
		}
		verb := " was "
		if len(names) > 1 {
			verb = " were "
		}
		word := map[significance.Comparison]string{significance.Better: "better than", significance.Similar: "similar to", significance.Worse: "worse than"}[c]
		list := names[0]
		if len(names) > 1 {
			list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		}
		parts = append(parts, list+verb+word+" England's")
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}
