package figures

import (
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/significance"
)

func TestEnglandFinding(t *testing.T) {
	for _, c := range []struct {
		e    EnglandFinding
		want string
	}{
		{EnglandFinding{"Recovery", "49.5", "50.5", significance.Similar, "2024-25", "2024-25"}, "Recovery was similar to England's in 2024-25: 49.5% against 50.5%"},
		{EnglandFinding{"Recovery", "55.0", "50.5", significance.Better, "2024-25", "2024-25"}, "Recovery was better than England's in 2024-25: 55.0% against 50.5%"},
		{EnglandFinding{"Reliable deterioration", "9.0", "5.8", significance.Worse, "2024-25", "2023-24"}, "Reliable deterioration was worse than England's: 9.0% in 2024-25 against 5.8% in 2023-24"},
		{EnglandFinding{"Recovery", "*", "50.5", significance.NotCompared, "2024-25", "2024-25"}, "Recovery: this service and England, 2024-25"},
		{EnglandFinding{"Recovery", "*", "50.5", significance.NotCompared, "2024-25", "year not known"}, "Recovery: this service (2024-25) and England (year not known)"},
	} {
		if got := c.e.Finding(); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.e, got, c.want)
		}
	}
}
