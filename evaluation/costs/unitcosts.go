package costs

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
)

// UnitCostsFile is the default unit-cost table, relative to the root of the site
// sources.
const UnitCostsFile = "data/unit-costs.csv"

// unitCostsHeader is the exact header of a unit-cost table.
var unitCostsHeader = []string{"Item", "Description", "UnitCost", "PriceYear", "Source"}

// UnitCost is one row of the unit-cost table: what one item of care costs, in pounds of
// the given price year, and where the figure came from.
type UnitCost struct {
	Item        string
	Description string
	UnitCost    float64
	PriceYear   string
	Source      string
}

// UnitCosts is a unit-cost table in file order, which is also the order of items in
// reports.
type UnitCosts []UnitCost

// Cost returns the unit cost of item, and false when the table does not have it.
func (u UnitCosts) Cost(item string) (float64, bool) {
	i := u.index(item)
	if i < 0 {
		return 0, false
	}
	return u[i].UnitCost, true
}

func (u UnitCosts) index(item string) int {
	return slices.IndexFunc(u, func(c UnitCost) bool { return c.Item == item })
}

// Items lists the items of the table, for messages.
func (u UnitCosts) Items() []string {
	items := make([]string, len(u))
	for i, c := range u {
		items[i] = c.Item
	}
	return items
}

// LoadUnitCosts reads a unit-cost table from fsys.
func LoadUnitCosts(fsys fs.FS, name string) (UnitCosts, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading the unit-cost table: %w", err)
	}
	return ParseUnitCosts(name, data)
}

// ParseUnitCosts reads a unit-cost table (CSV: Item, Description, UnitCost, PriceYear,
// Source); file names it in messages. Every row needs an item named once, a cost in
// pounds that is a number of 0 or more, a price year and a source: a figure whose
// origin cannot be shown is not fit for a report to commissioners. Every bad row is
// reported, one a line.
func ParseUnitCosts(file string, data []byte) (UnitCosts, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1 // a wrong header gets its own message below
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty: a unit-cost table needs the header %s and a row per item", file, strings.Join(unitCostsHeader, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if !slices.Equal(header, unitCostsHeader) {
		return nil, fmt.Errorf("%s:1: the header is %s; it must be %s", file, strings.Join(header, ","), strings.Join(unitCostsHeader, ","))
	}
	r.FieldsPerRecord = len(unitCostsHeader)
	var table UnitCosts
	var errs []error
	lines := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := r.FieldPos(0)
		fail := func(col, format string, a ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: column %s: %s", file, line, col, fmt.Sprintf(format, a...)))
		}
		c := UnitCost{
			Item:        strings.TrimSpace(rec[0]),
			Description: strings.TrimSpace(rec[1]),
			PriceYear:   strings.TrimSpace(rec[3]),
			Source:      strings.TrimSpace(rec[4]),
		}
		switch first, seen := lines[c.Item]; {
		case c.Item == "":
			fail("Item", "missing value")
		case seen:
			fail("Item", "%q is already on line %d: give each item one unit cost", c.Item, first)
		default:
			lines[c.Item] = line
		}
		cost, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		switch {
		case err != nil || math.IsNaN(cost) || math.IsInf(cost, 0):
			fail("UnitCost", "not a number of pounds (%q)", rec[2])
		case cost < 0:
			fail("UnitCost", "negative (%q)", rec[2])
		}
		c.UnitCost = cost
		if c.PriceYear == "" {
			fail("PriceYear", "missing value: say which year's prices the cost is in (e.g. 2023/24)")
		}
		if c.Source == "" {
			fail("Source", "missing value: say where the cost comes from")
		}
		table = append(table, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(table) == 0 {
		return nil, fmt.Errorf("%s: no items: a unit-cost table needs a row per item of care", file)
	}
	return table, nil
}
