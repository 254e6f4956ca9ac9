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

// ChangeRow is a row of the changes table: one group's mean costs before and after, and
// the mean change with its interval, in one pathway (AllName for everyone) for one item
// (AllName for their total). Means are pounds per person over the window.
//
// The figures are as they may be shown: rounded to the penny, halves away from zero
// (Number holds the rounded figure and Text writes it, "1519.07"), Suppressed with Text
// "*" when the group is too small under disclosure control, Empty when there is no
// figure (an interval that cannot be given).
type ChangeRow struct {
	Pathway, Item, Group string
	// N is the number of people, rounded under disclosure control; "*" when too few.
	N                             string
	MeanPre, MeanPost, MeanChange disclosure.Value
	Low, High                     disclosure.Value // the change's 95% interval
}

// Changes returns the changes table of rep: for each pathway (All first), item (All,
// the total, first) and group. Under disclosure control N is rounded and a group of
// fewer people than the minimum shows "*" for N and every figure; the difference shows
// "*" when either of its groups is too small.
func Changes(rep Report, out Output) []ChangeRow {
	var rows []ChangeRow
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
				rows = append(rows, ChangeRow{Pathway: pw.Name, Item: item, Group: g.Group, N: n,
					MeanPre: figure(it.MeanPre, 2, hidden), MeanPost: figure(it.MeanPost, 2, hidden),
					MeanChange: figure(it.Change.Value, 2, hidden),
					Low:        figure(it.Change.Low, 2, hidden), High: figure(it.Change.High, 2, hidden)})
			}
		}
	}
	return rows
}

// WriteChanges writes the table of Changes as CSV. Every row states the price year of
// its pounds and the inflation index that put them there, so that a row read alone
// still says so.
func WriteChanges(w io.Writer, rep Report, out Output) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(ChangesHeader); err != nil {
		return fmt.Errorf("writing the cost evaluation: %w", err)
	}
	for _, c := range Changes(rep, out) {
		row := []string{c.Pathway, c.Item, c.Group, c.N, c.MeanPre.Text, c.MeanPost.Text, c.MeanChange.Text,
			c.Low.Text, c.High.Text, rep.PriceYear, rep.PriceIndex}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("writing the cost evaluation: %w", err)
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
	"PER_PERSON_SAVING", "PER_PERSON_LOW", "PER_PERSON_HIGH",
	"SERVICE_COST", "COST_LOW", "COST_HIGH", "NET_SAVING", "NET_LOW", "NET_HIGH", "ROI", "ROI_LOW", "ROI_HIGH", "PRICE_YEAR", "PRICE_INDEX"}

// Bases as WriteSavings writes them.
const (
	BeforeAfter = "before_after"
)

// SavingRow is a row of the savings table: the yearly saving of one pathway (AllName for
// everyone), the cost of the service, the net saving and the return on investment (net
// saving per pound spent), each with its 95% interval. Basis is BeforeAfter (the
// treated group's own change) or Difference (net of the comparison group's change).
// Pounds are whole, the return has 2 decimals; the figures are shown as in ChangeRow.
type SavingRow struct {
	Pathway, Basis string
	// N is the number of treated people, rounded under disclosure control; "*" when
	// the row's groups have fewer people than the minimum.
	N     string
	Gross Figures
	// PerPerson is the saving a year per person treated, to the penny.
	PerPerson Figures
	// Cost, Net and ROI are Empty when the cost of the service was not entered.
	Cost, Net, ROI Figures
}

// Figures are an estimate and its 95% interval, as they may be shown.
type Figures struct{ Value, Low, High disclosure.Value }

// Savings returns the savings table of rep, for each pathway (All first). Under
// disclosure control a row whose groups have fewer people than the minimum shows "*".
func Savings(rep Report, out Output) []SavingRow {
	var rows []SavingRow
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
			row := SavingRow{Pathway: pw.Name, Basis: basis, N: n, Gross: figures(s.Gross, 0, hidden),
				PerPerson: figures(s.PerPerson, 2, hidden)}
			if s.CostEntered {
				row.Cost, row.Net, row.ROI = figures(s.Cost, 0, hidden), figures(s.Net, 0, hidden), figures(s.ROI, 2, hidden)
			} else {
				none := disclosure.Value{Empty: true}
				row.Cost, row.Net, row.ROI = Figures{none, none, none}, Figures{none, none, none}, Figures{none, none, none}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// WriteSavings writes the table of Savings as CSV, each row with the price year of its
// pounds and the inflation index.
func WriteSavings(w io.Writer, rep Report, out Output) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(SavingsHeader); err != nil {
		return fmt.Errorf("writing the savings: %w", err)
	}
	for _, s := range Savings(rep, out) {
		row := []string{s.Pathway, s.Basis, s.N}
		for _, f := range []Figures{s.Gross, s.PerPerson, s.Cost, s.Net, s.ROI} {
			row = append(row, f.Value.Text, f.Low.Text, f.High.Text)
		}
		row = append(row, rep.PriceYear, rep.PriceIndex)
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("writing the savings: %w", err)
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
			row[2], row[6], row[7] = figure(c.UnitCost, 2, false).Text, strconv.FormatFloat(c.Stated, 'f', -1, 64), c.StatedYear
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

func figures(v Interval, places int, hidden bool) Figures {
	return Figures{figure(v.Value, places, hidden), figure(v.Low, places, hidden), figure(v.High, places, hidden)}
}

// figure is v to the given decimal places, halves away from zero, never "-0.00";
// suppressed ("*") when hidden, empty when there is no figure (NaN).
func figure(v float64, places int, hidden bool) disclosure.Value {
	switch {
	case hidden:
		return disclosure.Value{Text: "*", Suppressed: true}
	case math.IsNaN(v) || math.IsInf(v, 0):
		return disclosure.Value{Empty: true}
	}
	p := math.Pow10(places)
	r := math.Round(v*p) / p
	if r == 0 {
		r = 0 // −0 becomes 0
	}
	return disclosure.Value{Text: strconv.FormatFloat(r, 'f', places, 64), Number: r}
}
