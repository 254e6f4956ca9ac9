// Package revision compares a release of the published measures with the release
// before it, and lists every figure published before that has changed: the
// revisions a reader must be told about.
//
// It compares published text, after disclosure control, because that is what
// readers saw: a figure that moves between "*" and a number is a revision, and a
// change hidden by rounding is not.
package revision

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/iaptpub/iaptpub/evaluation/measure"
)

// Change is one figure of the previous release that the current release publishes
// differently.
type Change struct {
	// Start and End are the period (YYYY-MM-DD); Org, VariableType and VariableA the
	// group; ID and Name the measure.
	Start, End, Org, VariableType, VariableA, ID, Name string
	// Was is the figure as the previous release published it; Now as the current one
	// does ("*" when held back, empty when it does not apply).
	Was, Now string
	// Gone means the current release does not publish the figure at all.
	Gone bool
}

// NowText is the current figure as a reader is told it: "not published" when gone.
func (c Change) NowText() string {
	if c.Gone {
		return "not published"
	}
	return c.Now
}

type key struct{ start, end, org, variableType, variableA, id string }

func keyOf(p measure.Published) key {
	return key{p.Start, p.End, p.Org, p.VariableType, p.VariableA, p.ID}
}

type period struct{ start, end string }

// Compare lists the revisions between two releases: each figure of a period that
// both releases cover whose published text changed, or that the current release no
// longer publishes. Periods and groups new in the current release are not
// revisions; nor is a period the current release no longer covers at all. The
// changes are in the order of the measures CSV: period, group, then measure.
func Compare(previous, current []measure.Published) []Change {
	now := make(map[key]string, len(current))
	covered := map[period]bool{}
	for _, p := range current {
		now[keyOf(p)] = p.Value
		covered[period{p.Start, p.End}] = true
	}
	var out []Change
	for _, p := range previous {
		if !covered[period{p.Start, p.End}] {
			continue
		}
		v, ok := now[keyOf(p)]
		if ok && v == p.Value {
			continue
		}
		out = append(out, Change{Start: p.Start, End: p.End, Org: p.Org, VariableType: p.VariableType,
			VariableA: p.VariableA, ID: p.ID, Name: p.Name, Was: p.Value, Now: v, Gone: !ok})
	}
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Org, b.Org),
			cmp.Compare(a.VariableType, b.VariableType), cmp.Compare(a.VariableA, b.VariableA), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Summary says in one sentence how many figures changed, for the outcomes page:
// "12 figures for earlier periods changed because of late or corrected data."
func Summary(changes []Change) string {
	gone := 0
	for _, c := range changes {
		if c.Gone {
			gone++
		}
	}
	switch {
	case len(changes) == 0:
		return "No figure published before has changed."
	case gone == 0:
		return fmt.Sprintf("%s for earlier periods changed because of late or corrected data.", figures(len(changes)))
	}
	verb := "are"
	if gone == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%s for earlier periods changed because of late or corrected data; %d of them %s no longer published.",
		figures(len(changes)), gone, verb)
}

func figures(n int) string {
	if n == 1 {
		return "1 figure"
	}
	return fmt.Sprintf("%d figures", n)
}

// Read reads a release's published measures CSV (the site's
// /downloads/measures.csv); name is the file's name in messages.
func Read(r io.Reader, name string) ([]measure.Published, error) {
	var rows []measure.Published
	err := measure.ReadPublished(r, name, func(p measure.Published) error {
		rows = append(rows, p)
		return nil
	})
	return rows, err
}
