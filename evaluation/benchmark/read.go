// Package benchmark reads NHS England's annual publication of NHS Talking Therapies
// outcomes (one row per organisation and breakdown, spec/evaluation.md part C) and
// compares providers with England on a funnel plot.
//
// Nothing here depends on one year's file: rows are looked up by organisation and
// breakdown, organisation types and breakdowns are whatever the file holds, and the
// year, which the file does not state, comes from the caller.
package benchmark

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Publication is one annual file, read in full (a national file has some 30,000 rows).
type Publication struct {
	// Name is the file's name as given to Read, for messages.
	Name string
	// Year is the financial year the file covers, such as "2024-25". The file does not
	// say: ReadFile takes it from the file name when it follows the pattern
	// "…-2024-25.csv" (see YearFromName); otherwise the caller sets it.
	Year string
	// Rows are the file's rows in file order.
	Rows []Row

	index   map[key]int       // first row of each organisation and breakdown
	orgType map[string]string // organisation type of each code, the first in the file
	england int               // England's first row, −1 when the file has none
}

// key identifies a row. Breakdown names are compared without regard to case or
// surrounding spaces, which have varied between years.
type key struct {
	orgType, orgCode, variableType, variableA, variableB string
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func rowKey(orgType, orgCode, variableType, variableA, variableB string) key {
	return key{fold(orgType), strings.TrimSpace(orgCode), fold(variableType), fold(variableA), fold(variableB)}
}

// ReadFile reads the publication at path; Year is set from the file name if it holds
// one (YearFromName).
func ReadFile(path string) (*Publication, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the national annual publication: %w", err)
	}
	defer f.Close()
	p, err := Read(f, path)
	if err != nil {
		return nil, err
	}
	p.Year, _ = YearFromName(path)
	return p, nil
}

// Read reads a publication from r as a stream; name is used in messages. A missing
// column, a cell that is neither a number, "*" nor empty, a malformed CSV line or an
// empty file is an error naming the file, the line and the column.
func Read(r io.Reader, name string) (*Publication, error) {
	// A national file is a few megabytes: read whole, its lines tell how many rows to
	// make room for, which spares copying them as the list of rows grows.
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	lines := bytes.Count(data, []byte{'\n'}) + 1
	br := bufio.NewReader(bytes.NewReader(data))
	// Files saved from a spreadsheet often start with a byte-order mark, which would
	// otherwise become part of the first column's name.
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	// Every record is a new string that the cells share (ReuseRecord reuses only the
	// slice), so a row may keep its cells.
	cr.ReuseRecord = true

	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the file is empty; expected a header line with the columns %s", name, strings.Join(Columns, ", "))
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	// Each column of the header that Read needs goes to its place in a Row; a column
	// named twice fills it twice, the later cell last.
	type cell struct {
		at  int
		set func(*Row, string)
	}
	var cells []cell
	position := make(map[string]int, len(head)) // first position of each column, for messages
	for i, h := range head {
		if _, seen := position[h]; !seen {
			position[h] = i
		}
		for _, c := range columns {
			if c.name == h {
				cells = append(cells, cell{i, c.set})
			}
		}
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := position[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		noun := "column"
		if len(missing) > 1 {
			noun = "columns"
		}
		return nil, fmt.Errorf("%s:1: missing %s %s; a national annual publication file has the columns %s",
			name, noun, strings.Join(missing, ", "), strings.Join(Columns, ", "))
	}

	p := &Publication{Name: name, Rows: make([]Row, 0, lines), index: make(map[key]int, lines),
		orgType: make(map[string]string), england: -1}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		// The row is filled where it is kept: filled through the setters, a row of its
		// own was made anew on the heap for every line, then copied.
		at := len(p.Rows)
		p.Rows = append(p.Rows, Row{})
		row := &p.Rows[at]
		for _, c := range cells {
			c.set(row, rec[c.at])
		}
		row.Line, _ = cr.FieldPos(0)
		if column, text, bad := row.unreadable(); bad {
			line, _ := cr.FieldPos(position[column])
			return nil, fmt.Errorf("%s:%d: column %s: not a number (%s); expected a number, * (suppressed) or nothing (not published)",
				name, line, column, strconv.Quote(text))
		}
		k := rowKey(row.OrgType, row.OrgCode, row.VariableType, row.VariableA, row.VariableB)
		if _, dup := p.index[k]; !dup {
			p.index[k] = at
		}
		if p.england < 0 && k.orgType == fold(England) {
			p.england = at
		}
		if _, seen := p.orgType[k.orgCode]; !seen {
			p.orgType[k.orgCode] = row.OrgType
		}
	}
	if len(p.Rows) == 0 {
		return nil, fmt.Errorf("%s: no rows after the header line", name)
	}
	return p, nil
}

// csvError reports a malformed CSV line with its line number.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: not a valid CSV line: %w", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("reading %s: %w", name, err)
}

var yearPattern = regexp.MustCompile(`(?:^|[^0-9])(\d{4})-(\d{2})\.csv$`)

// YearFromName returns the financial year in a publication's file name, such as
// "2024-25" from "nhs-talking-therapies-annual-2024-25.csv". ok is false when the name
// does not end in a year followed by ".csv", or the two parts are not consecutive years.
func YearFromName(path string) (year string, ok bool) {
	m := yearPattern.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return "", false
	}
	first, _ := strconv.Atoi(m[1])
	second, _ := strconv.Atoi(m[2])
	if (first+1)%100 != second {
		return "", false
	}
	return m[1] + "-" + m[2], true
}

// Find returns the row of the organisation with code orgCode (of any organisation
// type; the first in the file when a code is used by several, as "UNKNOWN" is) for the
// breakdown variableType and group variableA. Where a group is broken down further
// (VariableB), Find returns the group's own row, whose VariableB is empty, "All" or
// "Total"; FindDetail finds the finer rows. For the Total breakdown, variableA may be
// "" or "Total". Names are compared without regard to case.
func (p *Publication) Find(orgCode, variableType, variableA string) (Row, bool) {
	orgType, ok := p.orgType[strings.TrimSpace(orgCode)]
	if !ok {
		return Row{}, false
	}
	return p.find(orgType, orgCode, variableType, variableA)
}

// FindDetail returns the row of orgCode for a breakdown, group and subgroup exactly
// (VariableB included), such as ("RXX", "Waiting Time", "Accessing services",
// "<6 weeks").
func (p *Publication) FindDetail(orgCode, variableType, variableA, variableB string) (Row, bool) {
	orgType, ok := p.orgType[strings.TrimSpace(orgCode)]
	if !ok {
		return Row{}, false
	}
	i, ok := p.index[rowKey(orgType, orgCode, variableType, variableA, variableB)]
	if !ok {
		return Row{}, false
	}
	return p.Rows[i], true
}

// England returns England's row for a breakdown and group, as Find.
func (p *Publication) England(variableType, variableA string) (Row, bool) {
	if p.england < 0 {
		return Row{}, false
	}
	e := p.Rows[p.england]
	return p.find(e.OrgType, e.OrgCode, variableType, variableA)
}

func (p *Publication) find(orgType, orgCode, variableType, variableA string) (Row, bool) {
	if fold(variableType) == fold(TotalBreakdown) && fold(variableA) == fold(TotalBreakdown) {
		variableA = ""
	}
	for _, b := range []string{"", "All", "Total"} {
		if i, ok := p.index[rowKey(orgType, orgCode, variableType, variableA, b)]; ok {
			return p.Rows[i], true
		}
	}
	return Row{}, false
}

// Providers returns the Total row of every provider, in file order.
func (p *Publication) Providers() []Row {
	var out []Row
	for _, r := range p.Rows {
		if fold(r.OrgType) == fold(Provider) && fold(r.VariableType) == fold(TotalBreakdown) {
			out = append(out, r)
		}
	}
	return out
}
