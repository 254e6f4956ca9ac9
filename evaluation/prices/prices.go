// Package prices puts pounds of different years on one footing. Unit costs, salaries
// and the cost of a service are published at the prices of different financial years;
// adding them up as they stand mixes pounds of unequal worth. Every report therefore
// states one price year and restates every figure at it with one inflation index, read
// as reference data (data/nhs-cost-inflation-index.toml) with its source.
package prices

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is the shipped inflation index, relative to the root of the site sources.
const File = "data/nhs-cost-inflation-index.toml"

// DefaultYear is the price year of reports unless one is chosen: the latest year with
// primary sources for every shipped unit cost (the 2024 PSSRU manual and the National
// Cost Collection 2023/24).
const DefaultYear = "2023/24"

// Index is an inflation index: the yearly increase in the cost of the same care, for
// consecutive financial years.
type Index struct {
	Name        string
	Source      string
	Reliability string
	// years[0] is the base year, the one before the first increase; level[i] is the
	// cost in years[i] of what cost 1 in the base year.
	years []string
	level []float64
}

type indexFile struct {
	Name        string `toml:"name"`
	Source      string `toml:"source"`
	Reliability string `toml:"reliability"`
	Years       []struct {
		Year        string  `toml:"year"`
		Increase    float64 `toml:"increase"`
		Provisional bool    `toml:"provisional"`
	} `toml:"years"`
}

// Load reads an inflation index from fsys.
func Load(fsys fs.FS, name string) (*Index, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading the inflation index: %w", err)
	}
	return Parse(name, data)
}

var yearPattern = regexp.MustCompile(`^(\d{4})/(\d{2})$`)

// startOf reads a financial year written "2023/24" and returns its first calendar
// year; false when it is not written that way or the two halves are not consecutive.
func startOf(year string) (int, bool) {
	m := yearPattern.FindStringSubmatch(year)
	if m == nil {
		return 0, false
	}
	start, _ := strconv.Atoi(m[1])
	end, _ := strconv.Atoi(m[2])
	return start, (start+1)%100 == end
}

func yearOf(start int) string { return fmt.Sprintf("%d/%02d", start, (start+1)%100) }

// Parse reads an inflation index (TOML); file names it in messages. The index needs a
// name, a source, and consecutive financial years, each with its increase in per cent
// on the year before.
func Parse(file string, data []byte) (*Index, error) {
	var f indexFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, fmt.Errorf("%s: unknown key %q (the keys are name, source, reliability and [[years]] with year, increase, provisional)", file, k.String()))
	}
	if strings.TrimSpace(f.Name) == "" {
		errs = append(errs, fmt.Errorf("%s: key \"name\": missing: name the index", file))
	}
	if strings.TrimSpace(f.Source) == "" {
		errs = append(errs, fmt.Errorf("%s: key \"source\": missing: say which document and table the index comes from", file))
	}
	if len(f.Years) == 0 {
		errs = append(errs, fmt.Errorf("%s: no [[years]]: give each financial year's increase on the year before", file))
	}
	ix := &Index{Name: strings.TrimSpace(f.Name), Source: strings.TrimSpace(f.Source), Reliability: strings.TrimSpace(f.Reliability)}
	prev := 0
	for i, y := range f.Years {
		start, ok := startOf(y.Year)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: years[%d]: year %q is not a financial year written like 2023/24", file, i+1, y.Year))
			continue
		case i > 0 && start != prev+1:
			errs = append(errs, fmt.Errorf("%s: years[%d]: %s does not follow %s: list every year, in order", file, i+1, y.Year, yearOf(prev)))
		}
		if math.IsNaN(y.Increase) || math.IsInf(y.Increase, 0) || y.Increase <= -100 {
			errs = append(errs, fmt.Errorf("%s: years[%d]: increase %v is not a percentage above -100", file, i+1, y.Increase))
		}
		if i == 0 {
			ix.years, ix.level = []string{yearOf(start - 1)}, []float64{1}
		}
		ix.years = append(ix.years, y.Year)
		ix.level = append(ix.level, ix.level[len(ix.level)-1]*(1+y.Increase/100))
		prev = start
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ix, nil
}

// First and Last are the earliest and latest price years the index can restate.
func (ix *Index) First() string { return ix.years[0] }

// Last is the latest price year the index covers.
func (ix *Index) Last() string { return ix.years[len(ix.years)-1] }

// Factor is what a pound at prices of from is worth at prices of to: the product of
// the yearly increases between them, or its inverse going back in time.
func (ix *Index) Factor(from, to string) (float64, error) {
	a, err := ix.position(from)
	if err != nil {
		return 0, err
	}
	b, err := ix.position(to)
	if err != nil {
		return 0, err
	}
	return ix.level[b] / ix.level[a], nil
}

// Check reports whether the index can restate figures at year.
func (ix *Index) Check(year string) error {
	_, err := ix.position(year)
	return err
}

func (ix *Index) position(year string) (int, error) {
	for i, y := range ix.years {
		if y == year {
			return i, nil
		}
	}
	if _, ok := startOf(year); !ok {
		return 0, fmt.Errorf("price year %q is not a financial year written like %s", year, DefaultYear)
	}
	return 0, fmt.Errorf("price year %s is outside the %s, which covers %s to %s: choose a year in that range, or add the year to %s with its source",
		year, ix.Name, ix.First(), ix.Last(), File)
}
