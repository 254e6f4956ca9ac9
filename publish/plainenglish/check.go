package plainenglish

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// A Finding is one broken rule at one line of one page.
type Finding struct {
	Page     string // the page's path, as given to CheckPage
	Line     int    // line in the source file, counting the front matter
	Rule     string // readability, sentences, paragraphs, structure, avoid or format
	Severity Severity
	Message  string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.Page, f.Line, f.Severity, f.Message)
}

// Score is how hard a page is to read. Headings and the front matter are left out:
// SMOG is defined on running text.
type Score struct {
	SMOG            float64 // 0 when the page has no sentences
	Sentences       int
	Words           int
	Polysyllables   int // words of 3 or more syllables
	LongestSentence int // in words
}

// PageReport is the result of checking one page.
type PageReport struct {
	Page     string
	Score    Score
	Findings []Finding
}

// Report is the result of checking a folder of pages.
type Report struct {
	Pages []PageReport
}

// Findings returns every finding, page by page and line by line.
func (r *Report) Findings() []Finding {
	var all []Finding
	for _, p := range r.Pages {
		all = append(all, p.Findings...)
	}
	return all
}

// Count returns how many findings have severity s.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings() {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// CheckSite checks the leaflets of a site's sources (the embedded iaptpub.Sources or a
// service's own folder through os.DirFS) against the site's own writing rules.
func CheckSite(site fs.FS) (*Report, error) {
	rules, err := LoadRules(site, RulesFile)
	if err != nil {
		return nil, err
	}
	return rules.CheckDir(site, LeafletDir)
}

// CheckDir checks every Markdown page under dir, in path order. It is an error for dir
// to hold no pages, so a mistyped folder cannot pass by checking nothing.
func (r *Rules) CheckDir(fsys fs.FS, dir string) (*Report, error) {
	rep := &Report{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".md" {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rep.Pages = append(rep.Pages, r.CheckPage(p, src))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the leaflets: %w", err)
	}
	if len(rep.Pages) == 0 {
		return nil, fmt.Errorf("no leaflets (.md files) in %s: is this the right folder?", dir)
	}
	return rep, nil
}

// CheckPage checks one Markdown page. name is used in findings, and decides whether the
// page is a leaflet: a section's own page (_index.md, the list of leaflets) is checked
// for plain English but not for the parts of a leaflet.
func (r *Rules) CheckPage(name string, src []byte) PageReport {
	rep := PageReport{Page: name}
	doc, err := parse(string(src))
	if err != nil {
		rep.Findings = []Finding{{Page: name, Line: 1, Rule: "format", Severity: Error, Message: err.Error()}}
		return rep
	}
	add := func(line int, rule string, sev Severity, format string, a ...any) {
		rep.Findings = append(rep.Findings, Finding{Page: name, Line: line, Rule: rule, Severity: sev, Message: fmt.Sprintf(format, a...)})
	}

	type hardest struct{ line, poly int }
	worst := hardest{poly: -1}
	for i := range doc.blocks {
		b := &doc.blocks[i]
		r.checkAvoid(b, add)
		if b.kind != paragraphBlock && b.kind != itemBlock {
			continue
		}
		ss := sentences(b.text)
		for _, s := range ss {
			line := b.lineAt(s.off)
			n := countWords(s.text)
			rep.Score.Sentences++
			rep.Score.Words += n
			rep.Score.LongestSentence = max(rep.Score.LongestSentence, n)
			poly := 0
			for _, f := range strings.Fields(s.text) {
				if wordSyllables(f, r.Syllables) >= 3 {
					poly++
				}
			}
			rep.Score.Polysyllables += poly
			if poly > worst.poly {
				worst = hardest{line, poly}
			}
			if n > r.Sentences.MaxWords {
				add(line, "sentences", r.Sentences.OnFail, "sentence of %d words (limit %d): %s",
					n, r.Sentences.MaxWords, excerpt(s.text))
			}
		}
		if b.kind == paragraphBlock && len(ss) > r.Paragraphs.MaxSentences {
			add(b.starts[0].line, "paragraphs", r.Paragraphs.OnFail, "paragraph of %d sentences (limit %d): %s",
				len(ss), r.Paragraphs.MaxSentences, excerpt(b.text))
		}
	}
	rep.Score.SMOG = SMOG(rep.Score.Polysyllables, rep.Score.Sentences)
	if rep.Score.SMOG > r.Readability.SMOGCeiling {
		add(worst.line, "readability", r.Readability.OnFail,
			"SMOG grade %.1f is above the ceiling of %g (%d words of 3 or more syllables in %d sentences); "+
				"the hardest sentence, with %d such words, starts on this line: use shorter words and sentences",
			rep.Score.SMOG, r.Readability.SMOGCeiling, rep.Score.Polysyllables, rep.Score.Sentences, worst.poly)
	}
	if !strings.HasPrefix(path.Base(name), "_index.") {
		r.checkStructure(doc, add)
	}
	sort.SliceStable(rep.Findings, func(i, j int) bool { return rep.Findings[i].Line < rep.Findings[j].Line })
	return rep
}

type addFunc func(line int, rule string, sev Severity, format string, a ...any)

// checkAvoid reports each listed phrase in the block that is not inside an allowed
// longer phrase.
func (r *Rules) checkAvoid(b *block, add addFunc) {
	toks := tokenize(b.text)
	hay := make([]string, len(toks))
	for i, t := range toks {
		hay[i] = t.text
	}
	for _, a := range r.Avoid {
		needle := words(a.Phrase)
		type span struct{ from, to int }
		var allowed []span
		for _, al := range a.Allow {
			aw := words(al)
			for _, at := range findPhrase(hay, aw) {
				allowed = append(allowed, span{at, at + len(aw)})
			}
		}
	next:
		for _, at := range findPhrase(hay, needle) {
			for _, s := range allowed {
				if s.from <= at && at+len(needle) <= s.to {
					continue next
				}
			}
			found := b.text[toks[at].off:toks[at+len(needle)-1].end]
			msg := fmt.Sprintf("%q is on the list of words to avoid", found)
			if a.Why != "" {
				msg += ": " + a.Why
			}
			if a.Instead != "" {
				msg += "; instead: " + a.Instead
			}
			add(b.lineAt(toks[at].off), "avoid", a.OnFail, "%s", msg)
		}
	}
}

// checkStructure reports leaflet parts that are missing or out of order, and things
// every leaflet must say or show.
func (r *Rules) checkStructure(doc *document, add addFunc) {
	st := r.Structure
	var h2 []*block
	lastLine := 1
	for i := range doc.blocks {
		b := &doc.blocks[i]
		if b.kind == headingBlock && b.level == 2 {
			h2 = append(h2, b)
		}
		lastLine = max(lastLine, b.starts[len(b.starts)-1].line)
	}
	next := 0
	for k, want := range st.Headings {
		found := -1
		for j := next; j < len(h2); j++ {
			if strings.EqualFold(h2[j].text, want) {
				found = j
				break
			}
		}
		if found >= 0 {
			next = found + 1
			continue
		}
		line := lastLine
		if next < len(h2) {
			line = h2[next].starts[0].line
		}
		add(line, "structure", st.OnFail, "part %d of %d, the heading \"## %s\", is missing or out of order (every leaflet has the parts listed in %s, in that order)",
			k+1, len(st.Headings), want, RulesFile)
	}

	var all []string
	for i := range doc.blocks {
		all = append(all, words(doc.blocks[i].text)...)
	}
	for _, p := range st.MustSay {
		if findPhrase(all, words(p)) == nil {
			add(1, "structure", st.OnFail, "the page never says %q, which every leaflet must", p)
		}
	}
	for _, name := range st.Shortcodes {
		used := false
		for _, sc := range doc.shortcodes {
			used = used || sc.name == name
		}
		if !used {
			add(1, "structure", st.OnFail, "the page does not use the shortcode {{< %s >}}, which every leaflet must", name)
		}
	}
}

// excerpt shortens a sentence for a message: enough to find it in the file.
func excerpt(s string) string {
	const limit = 60
	if len(s) <= limit {
		return fmt.Sprintf("%q", s)
	}
	cut := strings.LastIndexByte(s[:limit], ' ')
	if cut < 20 {
		cut = limit
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
	}
	return fmt.Sprintf("%q", s[:cut]+" …")
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// ErrChecksFailed is what Report.Err wraps, so a caller can tell broken writing rules
// from a failure to read the pages.
var ErrChecksFailed = errors.New("the leaflets break the writing rules")

// Err returns nil when no finding is an error, and otherwise an error wrapping
// ErrChecksFailed that says how many there are. Warnings never fail.
func (r *Report) Err() error {
	if n := r.Count(Error); n > 0 {
		return fmt.Errorf("%w: %d error(s)", ErrChecksFailed, n)
	}
	return nil
}
