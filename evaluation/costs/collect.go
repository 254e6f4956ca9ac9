package costs

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

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

// collecting is one person while the rows are read. It holds no pointers, and the
// person's rows are a chain through Collect's one slice of rows rather than maps: at
// national scale (3.6 million rows, 700,000 people) maps per person were most of
// Collect's time and of the garbage the collector had to scan.
type collecting struct {
	ref        int
	comparison bool
	months     float64
	firstLine  int // of the row that set months
	pre, post  bool
	dropped    bool     // left out for unequal windows
	last       int32    // the person's latest row kept, in Collect's rows; −1 for none
	pathways   int32    // a comparison person's index in Collect's comparisonPathways
	costed     [2]int32 // rows of costed items kept in each window
	// seen has a bit for each window and item of the rows kept, bit item mod 32 of
	// the window's half: a row whose bit is clear repeats none of them, and the
	// chain is searched only when it is set. With a table of up to 32 items, the
	// chain is searched for repeated rows only.
	seen uint64
}

// usedRow is a row kept: an item (its index in the unit-cost table) in one window,
// and prev the person's row kept before it (−1 for none). A person keeps one row for
// each window and item, so a chain is at most twice the table long.
type usedRow struct {
	prev  int32
	item  int32
	post  bool
	line  int
	count float64
}

// keptRows are Collect's rows, in chunks of keptChunk, so that a row once kept is
// never copied: one slice grown by append copied the rows again at each growth, at
// national scale four times over 3.6 million rows, a third of Collect's time.
type keptRows [][]usedRow

const keptChunk = 1 << 14

// add keeps r and returns its index.
func (k *keptRows) add(r usedRow) int32 {
	last := len(*k) - 1
	if last < 0 || len((*k)[last]) == keptChunk {
		*k = append(*k, make([]usedRow, 0, keptChunk))
		last++
	}
	(*k)[last] = append((*k)[last], r)
	return int32(last*keptChunk + len((*k)[last]) - 1)
}

// at is the row of index i.
func (k keptRows) at(i int32) *usedRow { return &k[i/keptChunk][i%keptChunk] }

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
	var people []collecting
	var kept keptRows
	treated := []int32{}              // treated[ref]: the person of referral ref, −1 for none yet
	comparison := map[string]int32{}  // the person of OrgIDProv NUL ServiceRequestId
	var comparisonPathways [][]string // of each comparison person, in order
	// key is the last comparison person's OrgIDProv NUL ServiceRequestId, and
	// keyID the person: an export lists a person's rows together, and comparing with
	// the last key saves looking up the map on most rows.
	var key []byte
	keyID := int32(-1)
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
	newPerson := func(ref int, u export.Use) int32 {
		p := collecting{ref: ref, comparison: u.Comparison, months: u.WindowMonths, firstLine: u.Line, last: -1}
		if u.Comparison {
			p.pathways = int32(len(comparisonPathways))
			comparisonPathways = append(comparisonPathways, nil)
		}
		people = append(people, p)
		return int32(len(people) - 1)
	}
	// The item of each row is looked up in a map rather than found by a search of the
	// table: at national scale the search was a sixth of Collect's time. Before
	// that, the item that followed the last row's item the last time is tried: an
	// export lists each person's items in much the same order, and comparing one
	// string is cheaper than hashing it.
	index := items.indexByItem()
	after := make([]int, len(items)) // after[i]: the item of the row after i's, the last time
	last := 0                        // the item of the last row
	itemOf := func(item string) int {
		if len(items) > 0 && items[after[last]].Item == item {
			last = after[last]
			return last
		}
		i := index.of(item)
		if i >= 0 {
			after[last], last = i, i
		}
		return i
	}
	err := read(func(ref int, u export.Use) error {
		item := itemOf(u.Item)
		if item < 0 {
			a, ok := aliases.find(u.Item)
			if ok && a.NewItem != "" {
				item = index.of(a.NewItem)
			}
			switch {
			case item >= 0:
				countRows(&out.Renamed, u.Item, a.NewItem)
			case ok:
				rowError(u, "Item", "item no longer in the unit-cost table", "no longer in the unit-cost table: "+a.Why, u.Item)
				return nil
			default:
				rowError(u, "Item", "item not in the unit-cost table",
					"not in the unit-cost table (its items are "+strings.Join(items.Items(), ", ")+")", u.Item)
				return nil
			}
		}
		if u.Comparison && u.Pathway != "" && !slices.Contains(pathways, u.Pathway) {
			rowError(u, "Pathway", "unknown pathway",
				"unknown pathway (the pathways are "+strings.Join(pathways, ", ")+")", u.Pathway)
			return nil
		}
		var id int32
		if u.Comparison {
			if id = keyID; !sameKey(key, u.OrgIDProv, u.ServiceRequestID) {
				key = append(append(append(key[:0], u.OrgIDProv...), 0), u.ServiceRequestID...)
				var ok bool
				if id, ok = comparison[string(key)]; !ok {
					id = newPerson(-1, u)
					comparison[string(key)] = id // a new string: not the reader's buffer
				}
				keyID = id
			}
		} else {
			if ref < 0 {
				return fmt.Errorf("%s:%d: a treated person's row without its referral", export.UtilisationFile, u.Line)
			}
			for len(treated) <= ref {
				treated = append(treated, -1)
			}
			if id = treated[ref]; id < 0 {
				id = newPerson(ref, u)
				treated[ref] = id
			}
		}
		p := &people[id]
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
		bit := uint64(1) << (item%32 + 32*b2i(u.Post))
		for k := p.last; p.seen&bit != 0 && k >= 0; k = kept.at(k).prev {
			if r := kept.at(k); r.item == int32(item) && r.post == u.Post {
				window := "pre"
				if u.Post {
					window = "post"
				}
				rowError(u, "Item", "repeated item", fmt.Sprintf("this person's %s window already has this item on line %d", window, r.line), u.Item)
				return nil
			}
		}
		p.last = kept.add(usedRow{prev: p.last, item: int32(item), post: u.Post, line: u.Line, count: u.Count})
		p.seen |= bit
		w := 0
		if u.Post {
			w, p.post = 1, true
		} else {
			p.pre = true
		}
		if items[item].Missing {
			countRows(&out.Uncosted, items[item].Item, "")
		} else {
			p.costed[w]++
		}
		if u.Comparison && u.Pathway != "" {
			if pw := &comparisonPathways[p.pathways]; !slices.Contains(*pw, u.Pathway) {
				*pw = append(*pw, strings.Clone(u.Pathway))
			}
		}
		return nil
	})
	if err != nil {
		return Collected{}, fmt.Errorf("reading healthcare use: %w", err)
	}
	// The persons kept are numbered in order, then made side by side on every core,
	// each at its own index: making their maps, one for each window of some 400,000
	// people at national scale, on one core left the other idle.
	var keep []int32 // keep[i] is the collecting person of out.Persons[i]
	for id, p := range people {
		switch {
		case p.dropped:
		case !p.pre || !p.post:
			out.OneWindow++
		default:
			keep = append(keep, int32(id))
		}
	}
	out.Persons, out.Refs = make([]Person, len(keep)), make([]int, len(keep))
	shareOut(len(keep), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			p := &people[keep[i]]
			// Keys come from the unit-cost table, not the rows: the rows' strings
			// share memory with the reader's buffer.
			use := [2]map[string]float64{make(map[string]float64, p.costed[0]), make(map[string]float64, p.costed[1])}
			for k := p.last; k >= 0; k = kept.at(k).prev {
				r := kept.at(k)
				if c := &items[r.item]; !c.Missing {
					use[b2i(r.post)][c.Item] = r.count
				}
			}
			var pathways []string
			if p.comparison {
				pathways = comparisonPathways[p.pathways]
			}
			out.Persons[i] = Person{
				Comparison:   p.comparison,
				Pathways:     pathways,
				WindowMonths: p.months,
				Pre:          use[0],
				Post:         use[1],
			}
			out.Refs[i] = p.ref
		}
	})
	return out, nil
}

// sameKey says whether key is org NUL sri.
func sameKey(key []byte, org, sri string) bool {
	return len(key) == len(org)+1+len(sri) && string(key[:len(org)]) == org &&
		key[len(org)] == 0 && string(key[len(org)+1:]) == sri
}

// shareOut calls work over [0, n) in partsFor(n) consecutive parts side by side, with
// each part's number, and returns when all are done. work must write only to the
// indices of its own part.
func shareOut(n int, work func(part, lo, hi int)) {
	parts := partsFor(n)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { work(k, n*k/parts, n*(k+1)/parts) })
	}
	wg.Wait()
}

// partsFor is how many parts shareOut makes of n: as many as Go runs goroutines at
// once (GOMAXPROCS), fewer when n is smaller.
func partsFor(n int) int { return min(runtime.GOMAXPROCS(0), n) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func months(m float64) string { return strconv.FormatFloat(m, 'f', -1, 64) }
