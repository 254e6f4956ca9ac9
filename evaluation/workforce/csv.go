package workforce

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
)

// CSVHeader is the header of WriteCSV's output.
var CSVHeader = []string{"SCENARIO", "ROLE", "EPISODES", "CONTACTS", "WTE_REQUIRED", "WTE_CURRENT", "CURRENT_FROM", "WTE_GAP", "COST", "FULL_COST", "PRICE_YEAR"}

// WriteCSV writes one row per scenario and role. Episodes and contacts are rounded to
// whole numbers, WTE to two decimals, costs to whole pounds a year at PRICE_YEAR.
// CURRENT_FROM says where today's staff come from: entered in the scenario, or implied
// by the contacts of the service's records; WTE_CURRENT and WTE_GAP are empty when
// neither is known. COST (salary and on-costs) and FULL_COST (with overheads and
// capital) are empty when not entered for the role, because a cost of 0 would read as
// free.
func WriteCSV(w io.Writer, results []Result) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("writing workforce table: %w", err)
	}
	for _, r := range results {
		for _, role := range r.Roles {
			cost, full, current, gap := "", "", "", ""
			if role.CostKnown {
				cost = fixed(role.Cost, 0)
			}
			if role.FullCostKnown {
				full = fixed(role.FullCost, 0)
			}
			if role.CurrentFrom != "" {
				current, gap = fixed(role.WTECurrent, 2), fixed(role.WTEGap, 2)
			}
			row := []string{r.Name, role.Role, fixed(role.Episodes, 0), fixed(role.Contacts, 0),
				fixed(role.WTERequired, 2), current, role.CurrentFrom, gap, cost, full, r.PriceYear}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("writing workforce table: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing workforce table: %w", err)
	}
	return nil
}

// fixed rounds half away from zero to the given places, and never writes "-0.00":
// a gap of −0.001 WTE is no gap.
func fixed(v float64, places int) string {
	p := math.Pow10(places)
	r := math.Round(v*p) / p
	if r == 0 {
		r = 0 // turns −0 into 0
	}
	return strconv.FormatFloat(r, 'f', places, 64)
}
