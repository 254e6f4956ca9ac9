package export

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Report is the data-quality account of an export: for each file read, how many rows
// were read, accepted and left out, and why. It holds identifiers from the export (in the
// example messages), so it is for the service's analyst and must never be published.
//
// The JSON field names are part of the program's interface: scripts may read them.
type Report struct {
	Folder       string        `json:"folder"`
	Files        []FileReport  `json:"files"`
	Notes        []string      `json:"notes"`
	Completeness *Completeness `json:"completeness,omitempty"`
	// SetAside counts, per provider, the rows of providers the export was not asked to
	// publish (Options.Providers), over all files; nil when there were none.
	SetAside map[string]int64 `json:"rows_set_aside_by_provider,omitempty"`
}

// SetAsideText says in one sentence whose rows were set aside and how many; "" when
// none were.
func (r *Report) SetAsideText() string {
	if len(r.SetAside) == 0 {
		return ""
	}
	var parts []string
	for _, org := range slices.Sorted(maps.Keys(r.SetAside)) {
		n := r.SetAside[org]
		rows := "rows"
		if n == 1 {
			rows = "row"
		}
		parts = append(parts, fmt.Sprintf("%s (%s %s)", org, thousands(n), rows))
	}
	return "rows of providers other than the service's (service.ods_codes) were set aside, not published: " + strings.Join(parts, ", ")
}

// FileReport is what happened to one CSV file.
type FileReport struct {
	File     string `json:"file"`
	Read     int64  `json:"rows_read"`
	Accepted int64  `json:"rows_accepted"`
	LeftOut  int64  `json:"rows_left_out"`
	// OtherProviders counts rows of providers the export was not asked to publish
	// (Options.Providers): set aside, not errors. Read = Accepted + LeftOut + OtherProviders.
	OtherProviders int64 `json:"rows_other_providers"`
	// Lines and LeftOutLines are the physical lines the rows read (other providers'
	// apart), and the rows left out, take up. They exceed the rows where quoted fields
	// hold line breaks; a row left out that swallowed many lines (a stray quote closed
	// further on) loses them all.
	Lines        int64     `json:"lines"`
	LeftOutLines int64     `json:"lines_left_out"`
	Failed       string    `json:"failed,omitempty"` // why the file could not be read to its end
	Errors       []Problem `json:"errors"`           // rows left out, grouped by kind
	Warnings     []Problem `json:"warnings"`         // accepted, but worth a look
	Notes        []string  `json:"notes"`
}

// Problem is one kind of row error or warning in one file: how often it occurred and
// the full messages of its first occurrences.
type Problem struct {
	Column   string   `json:"column,omitempty"`
	Kind     string   `json:"kind"`
	Count    int64    `json:"count"`
	Examples []string `json:"examples"` // the first MaxExamples messages, in file order
}

// MaxExamples is how many messages of each kind of problem a report keeps.
const MaxExamples = 20

// Completeness says how much of what the measures need the export records. It is
// filled in by Check.
type Completeness struct {
	Referrals       int64 `json:"referrals"`        // accepted referrals
	EthnicityStated int64 `json:"ethnicity_stated"` // EthnicCategory other than Z, 99 or empty
	LTCStatus       int64 `json:"ltc_status"`       // any row in long_term_conditions.csv for the person
	// PairedDepression counts referrals with at least two valid scores, dated within the
	// referral, on the depression measure named by Depression (PHQ9).
	Depression       string `json:"depression_measure"`
	PairedDepression int64  `json:"paired_depression"`
}

// LeftOut is the number of rows left out over all files.
func (r *Report) LeftOut() int64 {
	var n int64
	for _, f := range r.Files {
		n += f.LeftOut
	}
	return n
}

// DefaultMaxLeftOut is the share of a file that may be left out before a build stops:
// beyond it, the published figures would be those of a noticeably different service.
const DefaultMaxLeftOut = 0.01

// own is the number of rows read that are not other providers'.
func (f *FileReport) own() int64 { return f.Read - f.OtherProviders }

// LeftOutShare is the share of the file's lines taken up by rows left out. Lines rather
// than rows, so that a row which swallowed a hundred lines counts as a hundred lost;
// other providers' lines apart, so that they do not dilute the service's own losses.
func (f *FileReport) LeftOutShare() float64 {
	if f.Lines == 0 {
		return 0
	}
	return float64(f.LeftOutLines) / float64(f.Lines)
}

// OverLeftOut returns the files that lost more than max of their lines (a share, 0.01
// for 1%) to rows left out.
func (r *Report) OverLeftOut(max float64) []FileReport {
	var over []FileReport
	for _, f := range r.Files {
		if f.LeftOutShare() > max {
			over = append(over, f)
		}
	}
	return over
}

// TooMuchLeftOut returns an error naming each file that lost more than max of its
// lines to rows left out (see OverLeftOut), or nil when none did.
func (r *Report) TooMuchLeftOut(max float64) error {
	var over []string
	for _, f := range r.OverLeftOut(max) {
		what := fmt.Sprintf("%s: %s of %s rows left out", f.File, thousands(f.LeftOut), thousands(f.own()))
		if f.Lines > f.own() {
			what += fmt.Sprintf(" (%s of %s lines)", thousands(f.LeftOutLines), thousands(f.Lines))
		}
		over = append(over, what+", "+Percent(f.LeftOutShare()))
	}
	if len(over) == 0 {
		return nil
	}
	return fmt.Errorf("more than %s of a file was left out, so the figures would not be the service's: %s. "+
		"Fix the export (iaptpub validate says which rows and why), or publish anyway with --allow-partial "+
		"(the methodology page then says how much was left out)", Percent(max), strings.Join(over, "; "))
}

// Percent writes a share as a percentage with at most one decimal: 0.0123 → "1.2%".
func Percent(share float64) string {
	return strconv.FormatFloat(math.Round(1000*share)/10, 'f', -1, 64) + "%"
}

// Failed reports whether any file could not be read to its end.
func (r *Report) Failed() bool {
	for _, f := range r.Files {
		if f.Failed != "" {
			return true
		}
	}
	return false
}

// WriteText writes the report for a person to read.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Data-quality report for %s\n", r.Folder)
	for _, f := range r.Files {
		fmt.Fprintf(&b, "\n%s: %s rows read, %s accepted, %s left out", f.File, thousands(f.Read), thousands(f.Accepted), thousands(f.LeftOut))
		if f.OtherProviders > 0 {
			fmt.Fprintf(&b, ", %s of other providers set aside", thousands(f.OtherProviders))
		}
		b.WriteString("\n")
		if f.Lines > f.own() {
			fmt.Fprintf(&b, "  The rows take up %s lines (quoted fields hold line breaks)", thousands(f.Lines))
			if f.LeftOutLines > 0 {
				fmt.Fprintf(&b, "; the rows left out take up %s of them", thousands(f.LeftOutLines))
			}
			b.WriteString("\n")
		}
		if f.Failed != "" {
			fmt.Fprintf(&b, "  COULD NOT BE READ TO THE END: %s\n", f.Failed)
		}
		writeProblems(&b, "Rows left out", f.Errors)
		writeProblems(&b, "Warnings", f.Warnings)
		for _, n := range f.Notes {
			fmt.Fprintf(&b, "  Note: %s\n", n)
		}
	}
	notes := r.Notes
	if s := r.SetAsideText(); s != "" {
		notes = append(slices.Clone(notes), s)
	}
	if len(notes) > 0 {
		b.WriteString("\nNotes\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	if c := r.Completeness; c != nil {
		fmt.Fprintf(&b, "\nCompleteness, of %s accepted referrals\n", thousands(c.Referrals))
		line := func(what string, n int64) {
			fmt.Fprintf(&b, "  %-32s %s (%s)\n", what, thousands(n), percent(n, c.Referrals))
		}
		line("Ethnicity stated", c.EthnicityStated)
		line("Long-term-condition status", c.LTCStatus)
		line("Paired "+c.Depression+" scores", c.PairedDepression)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeProblems(b *strings.Builder, title string, ps []Problem) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(b, "  %s:\n", title)
	for _, p := range ps {
		what := p.Kind
		if p.Column != "" {
			what = "column " + p.Column + ": " + p.Kind
		}
		rows := "rows"
		if p.Count == 1 {
			rows = "row"
		}
		fmt.Fprintf(b, "    %s: %s %s", what, thousands(p.Count), rows)
		if int64(len(p.Examples)) < p.Count {
			fmt.Fprintf(b, " (the first %d below)", len(p.Examples))
		}
		b.WriteString("\n")
		for _, m := range p.Examples {
			fmt.Fprintf(b, "      %s\n", m)
		}
	}
}

// thousands writes n with comma separators: 1234567 → "1,234,567".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func percent(n, of int64) string {
	if of == 0 {
		return "no referrals"
	}
	return strconv.FormatFloat(100*float64(n)/float64(of), 'f', 1, 64) + "%"
}

// fileStats gathers the report of one file while it is read.
type fileStats struct {
	rep      FileReport
	errors   problems
	warnings problems
}

// problems counts problems by column and kind, keeping the first examples of each.
type problems struct {
	byKey map[[2]string]*Problem
}

func (ps *problems) add(f *fault) {
	if ps.byKey == nil {
		ps.byKey = make(map[[2]string]*Problem)
	}
	key := [2]string{f.column, f.kind}
	p := ps.byKey[key]
	if p == nil {
		p = &Problem{Column: f.column, Kind: f.kind, Examples: []string{}}
		ps.byKey[key] = p
	}
	p.Count++
	if len(p.Examples) < MaxExamples {
		p.Examples = append(p.Examples, f.message())
	}
}

// list returns copies of the problems, the most frequent first (then by column and
// kind), so that a report of the same export is the same every time.
func (ps *problems) list() []Problem {
	out := make([]Problem, 0, len(ps.byKey))
	for _, p := range ps.byKey {
		q := *p
		q.Examples = slices.Clone(p.Examples)
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// snapshot returns the file's report as it stands.
func (s *fileStats) snapshot() FileReport {
	f := s.rep
	f.Errors = s.errors.list()
	f.Warnings = s.warnings.list()
	f.Notes = slices.Clone(s.rep.Notes)
	if f.Notes == nil {
		f.Notes = []string{}
	}
	return f
}
