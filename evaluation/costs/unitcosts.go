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

	"github.com/iaptpub/iaptpub/evaluation/prices"
)

// UnitCostsFile is the default unit-cost table, relative to the root of the site
// sources.
const UnitCostsFile = "data/unit-costs.csv"

// unitCostsHeader is the header of a unit-cost table. A table may leave out the last
// column, Reliability: tables written before it was added keep working.
var unitCostsHeader = []string{"Item", "Description", "UnitCost", "PriceYear", "Source", "Reliability"}

// Reliabilities are how sure a figure is, as the reference notes label them: read in
// the publisher's own document, seen in a transcription that cites it, calculated from
// a published dataset, not published at all, or the service's own figure.
var Reliabilities = []string{"PRIMARY", "SECONDARY", "DERIVED", "NOT FOUND", "LOCAL"}

// UnitCost is one row of the unit-cost table: what one item of care costs, in pounds of
// the given price year, where the figure came from and how reliable it is.
type UnitCost struct {
	Item        string
	Description string
	// UnitCost is in pounds at PriceYear: as the source gives it, or restated at a
	// report's price year by At.
	UnitCost    float64
	PriceYear   string
	Source      string
	Reliability string
	// Missing marks an item with no published cost: its rows of healthcare use are left
	// out until the service enters a cost of its own.
	Missing bool
	// Stated and StatedYear are the cost and price year as the source gives them, and
	// Factor what At multiplied the cost by (1 when it was not restated).
	Stated     float64
	StatedYear string
	Factor     float64
}

// UnitCosts is a unit-cost table in file order, which is also the order of items in
// reports.
type UnitCosts []UnitCost

// Cost returns the unit cost of item, and false when the table does not have it or
// has no cost for it.
func (u UnitCosts) Cost(item string) (float64, bool) {
	i := u.index(item)
	if i < 0 || u[i].Missing {
		return 0, false
	}
	return u[i].UnitCost, true
}

func (u UnitCosts) index(item string) int {
	return slices.IndexFunc(u, func(c UnitCost) bool { return c.Item == item })
}

// itemIndex is the index in a unit-cost table of each of its items.
type itemIndex map[string]int

// indexByItem maps each item to its index in u: for the lookups of every row or person,
// where a search of the table for each was a good part of the time.
func (u UnitCosts) indexByItem() itemIndex {
	x := make(itemIndex, len(u))
	for i := len(u) - 1; i >= 0; i-- {
		x[u[i].Item] = i // the first of an item's rows, as index finds, in a table made by hand
	}
	return x
}

// of is the index of item, or −1 when the table does not have it.
func (x itemIndex) of(item string) int {
	if i, ok := x[item]; ok {
		return i
	}
	return -1
}

// Items lists the items of the table, for messages.
func (u UnitCosts) Items() []string {
	items := make([]string, len(u))
	for i, c := range u {
		items[i] = c.Item
	}
	return items
}

// MissingItems lists the items the table has no cost for.
func (u UnitCosts) MissingItems() []string {
	var items []string
	for _, c := range u {
		if c.Missing {
			items = append(items, c.Item)
		}
	}
	return items
}

// At restates every cost of the table at prices of year with the inflation index ix.
// A cost whose price year the index does not cover is an error naming the item.
func (u UnitCosts) At(ix *prices.Index, year string) (UnitCosts, error) {
	if err := ix.Check(year); err != nil {
		return nil, err
	}
	out := slices.Clone(u)
	var errs []error
	for i := range out {
		c := &out[i]
		if c.Missing {
			continue
		}
		f, err := ix.Factor(c.StatedYear, year)
		if err != nil {
			errs = append(errs, fmt.Errorf("unit cost of %s: %w", c.Item, err))
			continue
		}
		c.UnitCost, c.PriceYear, c.Factor = c.Stated*f, year, f
	}
	return out, errors.Join(errs...)
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
// Source, Reliability); file names it in messages. Every row needs an item named once
// and a source: a figure whose origin cannot be shown is not fit for a report to
// commissioners. A cost is a number of 0 or more pounds with its price year; an empty
// cost means no figure is published, and its source must say so. Every bad row is
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
	if !slices.Equal(header, unitCostsHeader) && !slices.Equal(header, unitCostsHeader[:5]) {
		return nil, fmt.Errorf("%s:1: the header is %s; it must be %s", file, strings.Join(header, ","), strings.Join(unitCostsHeader, ","))
	}
	r.FieldsPerRecord = len(header)
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
			Factor:      1,
		}
		if len(rec) > 5 {
			c.Reliability = strings.TrimSpace(rec[5])
			if c.Reliability != "" && !slices.Contains(Reliabilities, c.Reliability) {
				fail("Reliability", "%q is not one of %s", c.Reliability, strings.Join(Reliabilities, ", "))
			}
		}
		switch first, seen := lines[c.Item]; {
		case c.Item == "":
			fail("Item", "missing value")
		case seen:
			fail("Item", "%q is already on line %d: give each item one unit cost", c.Item, first)
		default:
			lines[c.Item] = line
		}
		if c.Source == "" {
			fail("Source", "missing value: say where the cost comes from (document, edition, table), or why there is none")
		}
		text := strings.TrimSpace(rec[2])
		if text == "" {
			c.Missing = true
			table = append(table, c)
			continue
		}
		cost, err := strconv.ParseFloat(text, 64)
		switch {
		case err != nil || math.IsNaN(cost) || math.IsInf(cost, 0):
			fail("UnitCost", "not a number of pounds (%q)", rec[2])
		case cost < 0:
			fail("UnitCost", "negative (%q)", rec[2])
		}
		c.UnitCost, c.Stated, c.StatedYear = cost, cost, c.PriceYear
		if c.PriceYear == "" {
			fail("PriceYear", "missing value: say which year's prices the cost is in (e.g. %s)", prices.DefaultYear)
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

// AliasesFile maps item names of earlier unit-cost tables to today's, relative to the
// root of the site sources.
const AliasesFile = "data/unit-cost-aliases.csv"

var aliasesHeader = []string{"OldItem", "NewItem", "Why"}

// Alias is an item name of an earlier unit-cost table: renamed to NewItem, or, when
// NewItem is empty, split, so that its rows need recoding as Why says.
type Alias struct {
	OldItem, NewItem, Why string
}

// Aliases are the old item names a service's utilisation.csv may still use.
type Aliases []Alias

func (a Aliases) find(item string) (Alias, bool) {
	i := slices.IndexFunc(a, func(x Alias) bool { return x.OldItem == item })
	if i < 0 {
		return Alias{}, false
	}
	return a[i], true
}

// LoadAliases reads the table of old item names from fsys.
func LoadAliases(fsys fs.FS, name string) (Aliases, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading the old item names: %w", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], aliasesHeader) {
		return nil, fmt.Errorf("%s:1: the header must be %s", name, strings.Join(aliasesHeader, ","))
	}
	var out Aliases
	for i, row := range rows[1:] {
		a := Alias{strings.TrimSpace(row[0]), strings.TrimSpace(row[1]), strings.TrimSpace(row[2])}
		if a.OldItem == "" || a.Why == "" {
			return nil, fmt.Errorf("%s:%d: every old item needs its name and why it changed", name, i+2)
		}
		out = append(out, a)
	}
	return out, nil
}
