package costs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// Collected is what Collect makes of the utilisation rows.
type Collected struct {
	// Persons with both windows, in order of their first row. A treated person's
	// Pathways, Recovered and Appointments are left for the caller to fill from the
	// referral (Refs gives it).
	Persons []Person
	// Refs[i] is the referral of Persons[i] as the export reader numbers them, or −1
	// for a comparison person.
	Refs []int
	// OneWindow counts persons left out because only one of their windows is there.
	OneWindow int
	// UnequalWindows counts persons left out because their rows disagree on the
	// length of the windows; each is also a row error.
	UnequalWindows int
	// Errors are the rows this evaluation left out (up to MaxErrors of them) and
	// ErrorCount how many there were.
	Errors     []*export.RowError
	ErrorCount int
	// Uncosted are the items the unit-cost table has no cost for, with the rows of
	// each that were left out, in order of first use; such rows are not errors, the
	// item needs a local cost.
	Uncosted []ItemRows
	// Renamed are the old item names read as today's (Aliases), with their rows.
	Renamed []ItemRows
}

// ItemRows counts the rows of one item of care; NewItem is what an old name was read
// as.
type ItemRows struct {
	Item, NewItem string
	Rows          int
}

func countRows(list *[]ItemRows, item, newItem string) {
	for i := range *list {
		if (*list)[i].Item == item {
			(*list)[i].Rows++
			return
		}
	}
	*list = append(*list, ItemRows{Item: strings.Clone(item), NewItem: newItem, Rows: 1})
}

// MaxErrors is how many row errors Collected keeps for the report.
const MaxErrors = 100

// collecting is one person while the rows are read.
type collecting struct {
	ref        int
	comparison bool
	months     float64
	firstLine  int // of the row that set months
	pre, post  bool
	use        [2]map[string]float64
	lines      map[useKey]int // first line of each window and item, to find repeats
	pathways   []string       // for a comparison person, from its rows
	dropped    bool           // left out for unequal windows
}

type useKey struct {
	post bool
	item string
}

// Collect reads the utilisation rows through read (the export reader's Utilisation
// method) and gathers them into persons: a treated person is its referral; a
// comparison person is its (OrgIDProv, ServiceRequestId). items is the unit-cost table,
// aliases the old item names it reads as today's, pathways the known pathway slugs; a
// comparison person with no pathway is in none (counted in All only). These rows are
// left out as row errors: an item not in the unit-cost table (or an old one that was
// split), a comparison person's unknown pathway, a second row for the same person,
// window and item, and a window length that differs from the person's first row (the
// person is then left out too: both windows must be equal). Rows of an item the table
// has no cost for are left out and counted by item; the window still counts as
// recorded. Persons with one window only are left out and counted.
func Collect(read func(fn func(ref int, u export.Use) error) error, items UnitCosts, aliases Aliases, pathways []string) (Collected, error) {
	var out Collected
	var people []*collecting
	treated := map[int]*collecting{}
	comparison := map[string]*collecting{}
	rowError := func(u export.Use, col, kind, text, value string) {
		out.ErrorCount++
		if len(out.Errors) < MaxErrors {
			msg := fmt.Sprintf("%s:%d: column %s: %s", export.UtilisationFile, u.Line, col, text)
			if value != "" {
				msg += fmt.Sprintf(" (%q)", value)
			}
			out.Errors = append(out.Errors, &export.RowError{File: export.UtilisationFile, Line: u.Line, Column: col, Kind: kind, Message: msg})
		}
	}
	err := read(func(ref int, u export.Use) error {
		item := u.Item
		if items.index(item) < 0 {
			a, ok := aliases.find(item)
			switch {
			case ok && a.NewItem != "" && items.index(a.NewItem) >= 0:
				countRows(&out.Renamed, item, a.NewItem)
				item = a.NewItem
			case ok:
				rowError(u, "Item", "item no longer in the unit-cost table", "no longer in the unit-cost table: "+a.Why, u.Item)
				return nil
			default:
				rowError(u, "Item", "item not in the unit-cost table",
					"not in the unit-cost table (its items are "+strings.Join(items.Items(), ", ")+")", u.Item)
				return nil
			}
		}
		item = items[items.index(item)].Item // not the row's string, which the reader reuses
		if u.Comparison && u.Pathway != "" && !slices.Contains(pathways, u.Pathway) {
			rowError(u, "Pathway", "unknown pathway",
				"unknown pathway (the pathways are "+strings.Join(pathways, ", ")+")", u.Pathway)
			return nil
		}
		var p *collecting
		if u.Comparison {
			// The concatenation is a new string, so the key does not hold on to the
			// reader's buffer.
			id := u.OrgIDProv + "\x00" + u.ServiceRequestID
			if p = comparison[id]; p == nil {
				p = &collecting{ref: -1, comparison: true}
				comparison[id] = p
				people = append(people, p)
			}
		} else if p = treated[ref]; p == nil {
			p = &collecting{ref: ref}
			treated[ref] = p
			people = append(people, p)
		}
		if p.lines == nil {
			p.months, p.firstLine, p.lines = u.WindowMonths, u.Line, map[useKey]int{}
		}
		if u.WindowMonths != p.months {
			if !p.dropped {
				p.dropped = true
				out.UnequalWindows++
			}
			rowError(u, "WindowMonths", "windows of unequal length", fmt.Sprintf(
				"%s months, but this person's row on line %d says %s: both windows of a person must be the same length, so the person is left out",
				months(u.WindowMonths), p.firstLine, months(p.months)), "")
			return nil
		}
		key := useKey{u.Post, item}
		if first, ok := p.lines[key]; ok {
			window := "pre"
			if u.Post {
				window = "post"
			}
			rowError(u, "Item", "repeated item", fmt.Sprintf("this person's %s window already has this item on line %d", window, first), u.Item)
			return nil
		}
		p.lines[key] = u.Line
		w := 0
		if u.Post {
			w, p.post = 1, true
		} else {
			p.pre = true
		}
		if p.use[w] == nil {
			p.use[w] = map[string]float64{}
		}
		// Keys come from the unit-cost table, not the row: the row's strings share
		// memory with the reader's buffer.
		if c := items[items.index(item)]; c.Missing {
			countRows(&out.Uncosted, item, "")
		} else {
			p.use[w][item] = u.Count
		}
		if u.Comparison && u.Pathway != "" && !slices.Contains(p.pathways, u.Pathway) {
			p.pathways = append(p.pathways, strings.Clone(u.Pathway))
		}
		return nil
	})
	if err != nil {
		return Collected{}, fmt.Errorf("reading healthcare use: %w", err)
	}
	for _, p := range people {
		switch {
		case p.dropped:
		case !p.pre || !p.post:
			out.OneWindow++
		default:
			out.Persons = append(out.Persons, Person{
				Comparison:   p.comparison,
				Pathways:     p.pathways,
				WindowMonths: p.months,
				Pre:          p.use[0],
				Post:         p.use[1],
			})
			out.Refs = append(out.Refs, p.ref)
		}
	}
	return out, nil
}

func months(m float64) string { return strconv.FormatFloat(m, 'f', -1, 64) }
