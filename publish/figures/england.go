package figures

import (
	"fmt"

	"github.com/iaptpub/iaptpub/evaluation/significance"
)

// EnglandFinding is the title of a figure that sets the service beside England:
// "Recovery was similar to England's in 2024-25: 49.5% against 50.5%", in the words of
// significance.Comparison.
type EnglandFinding struct {
	// Measure names the figure ("Recovery"); Service and England are the published
	// percentages, at the same precision; Compared is the one against the other.
	Measure, Service, England string
	Compared                  significance.Comparison
	// Period is the service's; EnglandPeriod England's, when it is another.
	Period, EnglandPeriod string
}

// Finding words the comparison, or, where there is none, says what is shown.
func (e EnglandFinding) Finding() string {
	word := map[significance.Comparison]string{significance.Better: "better than", significance.Similar: "similar to", significance.Worse: "worse than"}[e.Compared]
	if word == "" {
		if e.EnglandPeriod != e.Period {
			return fmt.Sprintf("%s: this service (%s) and England (%s)", e.Measure, e.Period, e.EnglandPeriod)
		}
		return fmt.Sprintf("%s: this service and England, %s", e.Measure, e.Period)
	}
	if e.EnglandPeriod != e.Period {
		return fmt.Sprintf("%s was %s England's: %s%% in %s against %s%% in %s", e.Measure, word, e.Service, e.Period, e.England, e.EnglandPeriod)
	}
	return fmt.Sprintf("%s was %s England's in %s: %s%% against %s%%", e.Measure, word, e.Period, e.Service, e.England)
}
