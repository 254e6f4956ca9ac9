package costs

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// Output controls how figures are written: under the disclosure rules (the default,
// for anything that may be shared), or in full for the service's own analysts.
type Output struct {
	Rules        disclosure.Rules
	Unsuppressed bool
}

// ChangesHeader is the header of WriteChanges.
var ChangesHeader = []string{"PATHWAY", "ITEM", "GROUP", "N", "MEAN_PRE", "MEAN_POST", "MEAN_CHANGE", "CI_LOW", "CI_HIGH", "PRICE_YEAR", "PRICE_INDEX"}

// WriteChanges writes the mean costs before and after, and the mean change with its
// interval, for each pathway (All first), item (All, the total, first) and group. Means
// are pounds per person over the window, to 2 decimals. Under disclosure control N is
// rounded and a group of fewer people than the minimum shows "*" for N and every
// figure; the difference shows "*" when either of its groups is too small. An
// interval that cannot be given is empty. Every row states the price year of its pounds
// and the inflation index that put them there, so that a row read alone still says so.
func WriteChanges(w io.Writer, rep Report, out Output) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(ChangesHeader); err != nil {
		return fmt.Errorf("writing the cost evaluation: %w", err)
	}
	for _, pw := range rep.Pathways {
		for j := range len(rep.Items) + 1 {
			item := AllName
			if j > 0 {
				item = rep.Items[j-1]
			}
			for _, g := range pw.Groups {
				n, hidden := out.count(g.N), out.hidden(g.N)
				if g.Group == Difference {
					hidden = out.hidden(g.NTreated) || out.hidden(g.NComparison)
					if hidden {
						n = "*"
					}
				}
				it := g.Items[j]
				row := []string{pw.Name, item, g.Group, n}
				for _, v := range []float64{it.MeanPre, it.MeanPost, it.Change.Value, it.Change.Low, it.Change.High} {
					row = append(row, figure(v, 2, hidden))
				}
				row = append(row, rep.PriceYear, rep.PriceIndex)
				if err := cw.Write(row); err != nil {
					return fmt.Errorf("writing the cost evaluation: %w", err)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the cost evaluation: %w", err)
	}
	return nil
}

// SavingsHeader is the header of WriteSavings.
var SavingsHeader = []string{"PATHWAY", "BASIS", "N", "GROSS_SAVING", "GROSS_LOW", "GROSS_HIGH",
	"SERVICE_COST", "COST_LOW", "COST_HIGH", "NET_SAVING", "NET_LOW", "NET_HIGH", "ROI", "ROI_LOW", "ROI_HIGH", "PRICE_YEAR", "PRICE_INDEX"}

// Bases as WriteSavings writes them.
const (
	BeforeAfter = "before_after"
)

// WriteSavings writes the yearly savings, the cost of the service, the net saving and
// the return on investment for each pathway (All first). BASIS is before_after (the
// treated group's own change) or difference (net of the comparison group's change); N
// is the number of treated people. Pounds are whole, the return on investment (net
// saving per pound spent) has 2 decimals. The cost, net saving and return are empty
// when the cost of the service was not entered. Under disclosure control a row whose
// groups have fewer people than the minimum shows "*".
func WriteSavings(w io.Writer, rep Report, out Output) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(SavingsHeader); err != nil {
		return fmt.Errorf("writing the savings: %w", err)
	}
	for _, pw := range rep.Pathways {
		for _, s := range pw.Savings {
			basis, hidden := BeforeAfter, out.hidden(s.N)
			if s.Basis == Difference {
				basis, hidden = Difference, hidden || out.hidden(s.NComparison)
			}
			n := out.count(s.N)
			if hidden {
				n = "*"
			}
			row := []string{pw.Name, basis, n}
			row = append(row, intervalFigures(s.Gross, 0, hidden)...)
			if s.CostEntered {
				row = append(row, intervalFigures(s.Cost, 0, hidden)...)
				row = append(row, intervalFigures(s.Net, 0, hidden)...)
				row = append(row, intervalFigures(s.ROI, 2, hidden)...)
			} else {
				row = append(row, "", "", "", "", "", "", "", "", "")
			}
			row = append(row, rep.PriceYear, rep.PriceIndex)
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("writing the savings: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the savings: %w", err)
	}
	return nil
}

// UnitCostsHeader is the header of WriteUnitCosts: the columns of a unit-cost table,
// then the cost and price year as the source gives them, and what the index multiplied
// the cost by.
var UnitCostsHeader = append(slices.Clone(unitCostsHeader), "SourceCost", "SourcePriceYear", "Factor", "PriceIndex")

// WriteUnitCosts writes the unit-cost table used: each cost at the report's price year
// (to the penny) beside the cost its source gives, the factor of the inflation index
// and the index's name. An item with no cost has empty costs.
func WriteUnitCosts(w io.Writer, table UnitCosts, index string) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(UnitCostsHeader); err != nil {
		return fmt.Errorf("writing the unit costs: %w", err)
	}
	for _, c := range table {
		row := []string{c.Item, c.Description, "", c.PriceYear, c.Source, c.Reliability, "", "", "", ""}
		if !c.Missing {
			row[2], row[6], row[7] = figure(c.UnitCost, 2, false), strconv.FormatFloat(c.Stated, 'f', -1, 64), c.StatedYear
			row[8], row[9] = strconv.FormatFloat(c.Factor, 'f', 6, 64), index
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("writing the unit costs: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the unit costs: %w", err)
	}
	return nil
}

// count writes a number of people: in full, or controlled.
func (o Output) count(n int) string {
	if o.Unsuppressed {
		return strconv.Itoa(n)
	}
	return o.Rules.Count(n).Text
}

// hidden reports whether figures based on n people must not be shown.
func (o Output) hidden(n int) bool {
	return !o.Unsuppressed && o.Rules.Count(n).Suppressed
}

func intervalFigures(v Interval, places int, hidden bool) []string {
	return []string{figure(v.Value, places, hidden), figure(v.Low, places, hidden), figure(v.High, places, hidden)}
}

// figure writes v to the given decimal places, halves away from zero, never "-0.00";
// "*" when hidden, "" when there is no figure (NaN).
func figure(v float64, places int, hidden bool) string {
	switch {
	case hidden:
		return "*"
	case math.IsNaN(v) || math.IsInf(v, 0):
		return ""
	}
	p := math.Pow10(places)
	r := math.Round(v*p) / p
	if r == 0 {
		r = 0 // −0 becomes 0
	}
	return strconv.FormatFloat(r, 'f', places, 64)
}
