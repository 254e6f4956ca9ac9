package readiness

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is where DefaultCriteria finds the criteria, relative to the root of the site
// sources.
const File = "data/readiness.toml"

// Definition is one criterion of File: which measures make the figure and the
// standard it is held to.
type Definition struct {
	ID   string `toml:"id"`
	Name string `toml:"name"`
	// Measure is the published measure the figure matches, for linking to its page.
	Measure     string `toml:"measure"`
	Numerator   string `toml:"numerator"`
	Denominator string `toml:"denominator"`
	// DenominatorLess, when set, is taken away from Denominator (recovery is of those
	// who finished, less those who were never above the clinical threshold).
	DenominatorLess string  `toml:"denominator_less"`
	Standard        float64 `toml:"standard"`
	About           string  `toml:"about"`
	Source          string  `toml:"source"`
}

type criteriaFile struct {
	Criterion []Definition `toml:"criterion"`
}

// DefaultCriteria reads the criteria of the readiness check from File in fsys (the
// embedded site sources or a service's own copy): as shipped, recovery against 50%,
// starting treatment within 6 and 18 weeks against 75% and 95%, and paired scores
// against 90%. Every criterion needs an id, a name, a measure, a numerator, a
// denominator, a standard in (0, 1] and a source; an unknown key or a repeated id is an
// error naming the file and the criterion.
func DefaultCriteria(fsys fs.FS) ([]Definition, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, fmt.Errorf("reading readiness criteria: %w", err)
	}
	var f criteriaFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		slices.Sort(keys)
		return nil, fmt.Errorf("%s: unknown key %s (a [[criterion]] has id, name, measure, numerator, denominator, denominator_less, standard, about and source)",
			File, strings.Join(keys, ", "))
	}
	if len(f.Criterion) == 0 {
		return nil, fmt.Errorf("%s: no [[criterion]] tables; the readiness check needs at least one", File)
	}
	seen := make(map[string]bool, len(f.Criterion))
	for i, d := range f.Criterion {
		where := fmt.Sprintf("%s: criterion %d (%q)", File, i+1, d.ID)
		for _, key := range []struct{ name, value string }{
			{"id", d.ID}, {"name", d.Name}, {"measure", d.Measure},
			{"numerator", d.Numerator}, {"denominator", d.Denominator}, {"source", d.Source},
		} {
			if strings.TrimSpace(key.value) == "" {
				return nil, fmt.Errorf("%s: key %s is missing or empty", where, key.name)
			}
		}
		if !(d.Standard > 0 && d.Standard <= 1) {
			return nil, fmt.Errorf("%s: key standard: %v is not a proportion above 0 and at most 1 (write 0.75 for 75%%)", where, d.Standard)
		}
		if seen[d.ID] {
			return nil, fmt.Errorf("%s: id %q is used twice; each criterion needs its own", where, d.ID)
		}
		seen[d.ID] = true
	}
	return f.Criterion, nil
}

// Figure makes the figure of d from the unrounded measure counts of one cell (measure
// ID → count), with link the URL of its outcome page. Every measure d names must be in
// counts: a missing one is an error, never a zero.
func (d Definition) Figure(counts map[string]int, link string) (Figure, error) {
	get := func(id string) (int, error) {
		n, ok := counts[id]
		if !ok {
			return 0, fmt.Errorf("readiness criterion %q: measure %s is missing from the counts given", d.ID, id)
		}
		return n, nil
	}
	num, err := get(d.Numerator)
	if err != nil {
		return Figure{}, err
	}
	den, err := get(d.Denominator)
	if err != nil {
		return Figure{}, err
	}
	if d.DenominatorLess != "" {
		less, err := get(d.DenominatorLess)
		if err != nil {
			return Figure{}, err
		}
		den -= less
	}
	return Figure{
		ID: d.ID, Name: d.Name, Num: num, Den: den, Standard: d.Standard,
		Link: link, About: d.About, Source: d.Source,
	}, nil
}
