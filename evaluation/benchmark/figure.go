package benchmark

import (
	"math"
	"strconv"
	"strings"
)

// Status says whether a figure of the publication was published.
type Status uint8

const (
	// NotPublished: the cell is empty, the measure does not apply to the row. It is the
	// zero Status, so a zero Count or Percentage never passes for a published 0.
	NotPublished Status = iota
	// Suppressed: the cell is "*", held back by the publisher's disclosure control.
	Suppressed
	// Published: the cell holds a number.
	Published
)

// Count is a count column (Count_…) of the publication. Sub-national counts are
// rounded to the nearest 5 by the publisher; England's are exact.
type Count struct {
	N      int
	Status Status
	// unreadable keeps a cell that is not a count, so that Read can report it with its
	// line and column.
	unreadable string
}

// Get returns the count and whether it was published.
func (c Count) Get() (int, bool) { return c.N, c.Status == Published }

// String gives the cell as the publication writes it: the number, "*" or "".
func (c Count) String() string {
	switch c.Status {
	case Published:
		return strconv.Itoa(c.N)
	case Suppressed:
		return "*"
	}
	return ""
}

// parse reads a cell. It never fails: an unreadable cell is kept and reported by
// Read, which knows the line and the column.
func (c *Count) parse(s string) {
	*c = Count{}
	switch s = strings.TrimSpace(s); s {
	case "":
	case "*":
		c.Status = Suppressed
	default:
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			c.unreadable = s
			return
		}
		c.N, c.Status = n, Published
	}
}

// Percentage is a percentage column (Percentage_…), 0–100: whole numbers below
// England level, one decimal place for England.
type Percentage struct {
	Value  float64
	Status Status
	// Places is how many decimal places the publication gives it ("50.5" has 1), so
	// that a figure set beside it can be given to the same precision.
	Places int
	// unreadable: as for Count.
	unreadable string
}

// Get returns the percentage and whether it was published.
func (p Percentage) Get() (float64, bool) { return p.Value, p.Status == Published }

// String gives the cell as the publication writes it: the number, "*" or "".
func (p Percentage) String() string {
	switch p.Status {
	case Published:
		return strconv.FormatFloat(p.Value, 'f', p.Places, 64)
	case Suppressed:
		return "*"
	}
	return ""
}

// parse reads a cell; see Count.parse.
func (p *Percentage) parse(s string) {
	*p = Percentage{}
	switch s = strings.TrimSpace(s); s {
	case "":
	case "*":
		p.Status = Suppressed
	default:
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			p.unreadable = s
			return
		}
		p.Value, p.Status = v, Published
		if _, decimals, found := strings.Cut(s, "."); found {
			p.Places = len(decimals)
		}
	}
}
