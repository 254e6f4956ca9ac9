// Package draft drafts the mapping of an export that uses its own file names, headers
// and labels onto the data contract (export.Mapping), for iaptpub init. From the names
// in data/contract-names.toml and from a sample of each column's values it guesses which
// of the export's files and headers is which of the contract's, and writes each guess
// with its evidence, and what it could not place as a TODO, for an analyst to check.
// It never decides for the analyst: the draft is read by validate like any mapping.
package draft

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// NamesFile holds the other names of the contract's files, columns and codes.
const NamesFile = "data/contract-names.toml"

// Names are the words a service's system may use for the contract's files, columns and
// codes, and what each column's values look like.
type Names struct {
	Files   map[string][]string `toml:"files"`   // mapping table name → file names
	Columns map[string]Column   `toml:"columns"` // contract column → its names
}

// Column is what is known of one contract column.
type Column struct {
	Kind   string              `toml:"kind"` // id, date, code, number, whole or ods
	Names  []string            `toml:"names"`
	Values map[string][]string `toml:"values"` // code → labels, for the codes a label can be guessed for
}

// kinds are the kinds of value a column may hold, as a sample of them is described.
var kinds = map[string]string{
	"id":     "look like identifiers",
	"date":   "are dates",
	"code":   "are short codes or labels",
	"number": "are numbers",
	"whole":  "are whole numbers",
	"ods":    "look like ODS codes",
}

// LoadNames reads NamesFile from the site sources; every column of the contract must
// have a known kind.
func LoadNames(fsys fs.FS) (*Names, error) {
	data, err := fs.ReadFile(fsys, NamesFile)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", NamesFile, err)
	}
	var n Names
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", NamesFile, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%s: unknown key %q", NamesFile, keys[0].String())
	}
	for _, t := range export.Contract() {
		for _, c := range t.Columns {
			if _, ok := kinds[n.Columns[c].Kind]; !ok {
				return nil, fmt.Errorf("%s: [columns.%s] needs a kind, one of id, date, code, number, whole or ods", NamesFile, c)
			}
		}
	}
	return &n, nil
}

// normal is a name as names are compared: lower case letters and digits only.
func normal(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Guess is the export's header proposed for one contract column.
type Guess struct {
	Column   string
	Required bool
	Header   string // "" when none was found
	Evidence string // why, or for a column not placed, where to look
	// Values proposes the contract's code for each label of a code column whose values
	// are labels; Unplaced are the labels no code was guessed for.
	Values   map[string][]string
	Unplaced []string
}

// Table is the draft for one file of the contract.
type Table struct {
	export.Table
	File     string // the export's file; "" when none was found
	Evidence string
	Columns  []Guess
}

// Draft is the whole draft mapping.
type Draft struct {
	Tables   []Table
	Unused   []string // the export's files placed as no table
	ODSCodes []string // providers in the sampled referrals
}

// Make drafts the mapping of the sampled export files.
func Make(files []File, names *Names) *Draft {
	d := &Draft{}
	tables := export.Contract()
	// Place the files: each table takes the file that fits it best, best fits first.
	type fit struct {
		table, file int
		score       int
		why         string
	}
	var fits []fit
	for ti, t := range tables {
		for fi, f := range files {
			score, why := fileFit(t, f, names)
			if score > 0 {
				fits = append(fits, fit{ti, fi, score, why})
			}
		}
	}
	slices.SortStableFunc(fits, func(a, b fit) int { return cmp.Compare(b.score, a.score) })
	fileOf := make(map[int]int)
	usedFile := make(map[int]bool)
	whyOf := make(map[int]string)
	for _, f := range fits {
		if _, done := fileOf[f.table]; done || usedFile[f.file] {
			continue
		}
		fileOf[f.table], usedFile[f.file], whyOf[f.table] = f.file, true, f.why
	}
	for ti, t := range tables {
		dt := Table{Table: t}
		if fi, ok := fileOf[ti]; ok {
			dt.File, dt.Evidence = files[fi].Name, whyOf[ti]
			dt.Columns = placeColumns(t, files[fi], names)
			if t.File == export.ReferralsFile {
				d.ODSCodes = distinct(files[fi], dt.header("OrgIDProv"))
			}
		}
		d.Tables = append(d.Tables, dt)
	}
	for fi, f := range files {
		if !usedFile[fi] {
			d.Unused = append(d.Unused, f.Name)
		}
	}
	return d
}

// header is the export's header placed as contract column c; "" when none.
func (t *Table) header(c string) string {
	for _, g := range t.Columns {
		if g.Column == c {
			return g.Header
		}
	}
	return ""
}

// fileFit scores how well file f fits table t: by its name, and by how many of the
// table's required columns its headers name.
func fileFit(t export.Table, f File, names *Names) (int, string) {
	score, why := 0, []string{}
	base := normal(strings.TrimSuffix(strings.ToLower(f.Name), ".csv"))
	for _, n := range append([]string{t.Name}, names.Files[t.Name]...) {
		if base == normal(n) {
			score += 10
			why = append(why, fmt.Sprintf("file name matches %q", n))
			break
		}
	}
	named := 0
	for _, c := range t.Required {
		for _, h := range f.Headers {
			if nameMatch(c, h, names) {
				named++
				break
			}
		}
	}
	if named > 0 {
		score += 3 * named
		why = append(why, fmt.Sprintf("its headers name %d of the %d required columns", named, len(t.Required)))
	}
	// A file that shares only a column every table has (ServiceRequestId) is no fit.
	if score < 6 {
		return 0, ""
	}
	return score, strings.Join(why, "; ")
}

// nameMatch reports whether header h is, by name, contract column c.
func nameMatch(c, h string, names *Names) bool {
	n := normal(h)
	if n == normal(c) {
		return true
	}
	for _, s := range names.Columns[c].Names {
		if n == normal(s) {
			return true
		}
	}
	return false
}

// placeColumns proposes a header of f for each column of t. A header is placed by its
// name when its sampled values fit the column's kind, or, for a code column with known
// labels, by its values alone; each header is placed once, best evidence first.
func placeColumns(t export.Table, f File, names *Names) []Guess {
	type cand struct {
		col, header int
		score       float64
		why         string
	}
	var cands []cand
	for ci, c := range t.Columns {
		col := names.Columns[c]
		for hi, h := range f.Headers {
			vals := f.Values[hi]
			fits := countFit(col.Kind, vals)
			byName := nameMatch(c, h, names)
			known, labels := countLabels(col, vals)
			var why string
			var score float64
			switch {
			case byName && (len(vals) == 0 || fits*10 >= len(vals)*9):
				score, why = 10+float64(fits)/float64(max(1, len(vals))), fmt.Sprintf("name matches; %s", sampled(fits, len(vals), col.Kind))
			// By its values alone only when they are labels: bare numbers such as "02"
			// are codes of several columns.
			case len(vals) > 0 && labels > 0 && known*10 >= len(vals)*8:
				score, why = 5+float64(known)/float64(len(vals)), fmt.Sprintf("%d of %d sampled values are its codes or their labels", known, len(vals))
				if !byName {
					why += "; its name does not say so"
				}
			default:
				continue
			}
			cands = append(cands, cand{ci, hi, score, why})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.score, a.score) })
	guesses := make([]Guess, len(t.Columns))
	usedHeader := make(map[int]bool)
	for ci, c := range t.Columns {
		guesses[ci] = Guess{Column: c, Required: slices.Contains(t.Required, c)}
	}
	for _, k := range cands {
		g := &guesses[k.col]
		if g.Header != "" || usedHeader[k.header] {
			continue
		}
		usedHeader[k.header] = true
		g.Header, g.Evidence = f.Headers[k.header], fmt.Sprintf("%q: %s", f.Headers[k.header], k.why)
		if col := names.Columns[g.Column]; len(col.Values) > 0 {
			g.Values, g.Unplaced = proposeValues(col, f.Values[k.header])
		}
	}
	// For a column not placed, point at the headers left over whose values fit, and
	// at a header whose name matched but whose values did not.
	for ci := range guesses {
		g := &guesses[ci]
		if g.Header != "" {
			continue
		}
		col := names.Columns[g.Column]
		var fitting, misnamed []string
		for hi, h := range f.Headers {
			vals := f.Values[hi]
			fits := countFit(col.Kind, vals)
			switch {
			case nameMatch(g.Column, h, names) && !usedHeader[hi]:
				misnamed = append(misnamed, fmt.Sprintf("%q (its name matches, but %s)", h, sampled(fits, len(vals), col.Kind)))
			case nameMatch(g.Column, h, names):
				misnamed = append(misnamed, fmt.Sprintf("%q (its name matches, but %s, and it is placed as another column)", h, sampled(fits, len(vals), col.Kind)))
			case !usedHeader[hi] && len(vals) > 0 && fits == len(vals) && distinctive[col.Kind]:
				fitting = append(fitting, fmt.Sprintf("%q", h))
			}
		}
		var hints []string
		if len(misnamed) > 0 {
			hints = append(hints, strings.Join(misnamed, ", "))
		}
		if len(fitting) > 0 {
			hints = append(hints, fmt.Sprintf("headers not placed whose sampled values %s: %s", kinds[col.Kind], strings.Join(fitting, ", ")))
		}
		g.Evidence = strings.Join(hints, "; ")
	}
	return guesses
}

// distinctive are the kinds whose values tell a column apart well enough to point at
// it: any word could be an identifier, a code or an ODS code.
var distinctive = map[string]bool{"date": true, "number": true, "whole": true}

// sampled describes how many of n sampled values fit kind.
func sampled(fits, n int, kind string) string {
	if n == 0 {
		return "the sampled rows leave it empty"
	}
	return fmt.Sprintf("%d of %d sampled values %s", fits, n, kinds[kind])
}

// countFit counts the values that look like kind.
func countFit(kind string, vals []string) int {
	n := 0
	for _, v := range vals {
		if fitsKind(kind, strings.TrimSpace(v)) {
			n++
		}
	}
	return n
}

func fitsKind(kind, v string) bool {
	switch kind {
	case "date":
		_, ok := export.ParseDate(v)
		return ok
	case "id":
		return v != "" && !strings.ContainsFunc(v, unicode.IsSpace)
	case "ods":
		return len(v) >= 3 && len(v) <= 6 && !strings.ContainsFunc(strings.ToUpper(v), func(r rune) bool {
			return (r < 'A' || r > 'Z') && (r < '0' || r > '9')
		})
	case "whole":
		return v != "" && !strings.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	case "number":
		_, err := strconv.ParseFloat(v, 64)
		return err == nil
	case "code":
		_, isDate := export.ParseDate(v)
		return !isDate && len(v) <= 40
	}
	return false
}

// codeOf returns the contract code a value of col is, written as the export writes it
// or as one of its labels, and whether it is a code rather than a label.
func codeOf(col Column, v string) (code string, isCode, ok bool) {
	v = strings.TrimSpace(v)
	for c := range col.Values {
		if strings.EqualFold(v, c) || strings.TrimLeft(v, "0") == strings.TrimLeft(c, "0") && strings.TrimLeft(c, "0") != "" {
			return c, true, true
		}
	}
	n := normal(v)
	for c, labels := range col.Values {
		for _, l := range labels {
			if n == normal(l) {
				return c, false, true
			}
		}
	}
	return "", false, false
}

// countLabels counts the values of a code column that are its codes or their labels,
// and of those the labels.
func countLabels(col Column, vals []string) (known, labels int) {
	for _, v := range vals {
		if _, isCode, ok := codeOf(col, v); ok {
			known++
			if !isCode {
				labels++
			}
		}
	}
	return known, labels
}

// proposeValues proposes a code for each distinct label among vals; nil when the
// values are the contract's codes already. Unplaced are the labels with no code.
func proposeValues(col Column, vals []string) (map[string][]string, []string) {
	labels := make(map[string][]string)
	var unplaced []string
	anyLabel := false
	seen := make(map[string]bool)
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if seen[strings.ToLower(v)] {
			continue
		}
		seen[strings.ToLower(v)] = true
		code, isCode, ok := codeOf(col, v)
		switch {
		case !ok:
			unplaced = append(unplaced, v)
			anyLabel = true
		case !isCode:
			labels[code] = append(labels[code], v)
			anyLabel = true
		default:
			labels[code] = append(labels[code], v)
		}
	}
	if !anyLabel {
		return nil, nil
	}
	slices.Sort(unplaced)
	return labels, unplaced
}

// distinct returns the distinct values of header h of f, sorted; nil for no header.
func distinct(f File, h string) []string {
	i := slices.Index(f.Headers, h)
	if h == "" || i < 0 {
		return nil
	}
	var out []string
	for _, v := range f.Values[i] {
		v = strings.ToUpper(strings.TrimSpace(v))
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}
