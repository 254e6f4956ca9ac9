package plainenglish

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
)

// blockKind says what a piece of a page is, because the rules treat them differently:
// headings are not sentences, a list item is not a paragraph, and the title and
// description from the front matter are checked only for words to avoid.
type blockKind int

const (
	headingBlock blockKind = iota
	paragraphBlock
	itemBlock
	metaBlock
)

// A block is one heading, paragraph, list item or front-matter field, with the Markdown
// syntax taken out. Its source lines are joined with spaces; starts maps offsets in text
// back to line numbers of the source file, so findings can name the line.
type block struct {
	kind   blockKind
	level  int // heading level, for headings
	text   string
	starts []lineStart
}

type lineStart struct{ off, line int }

// lineAt returns the source line of the byte at offset off in b.text.
func (b *block) lineAt(off int) int {
	i := sort.Search(len(b.starts), func(i int) bool { return b.starts[i].off > off })
	if i == 0 {
		return b.starts[0].line
	}
	return b.starts[i-1].line
}

func (b *block) add(text string, line int) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if b.text != "" {
		b.text += " "
	}
	b.starts = append(b.starts, lineStart{off: len(b.text), line: line})
	b.text += text
}

// A shortcodeUse is a Hugo shortcode called in the page ({{< name >}} or {{% name %}}).
type shortcodeUse struct {
	name string
	line int
}

// document is a page reduced to what the checks read.
type document struct {
	blocks     []block
	shortcodes []shortcodeUse
}

var (
	headingRE    = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	headingAttr  = regexp.MustCompile(`\s*\{[#.][^}]*\}\s*$`)
	listItemRE   = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])\s+(.*)$`)
	ruleRE       = regexp.MustCompile(`^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	metaFieldRE  = regexp.MustCompile(`^\s*(title|description)\s*[=:]\s*(.*?)\s*$`)
	shortcodeRE  = regexp.MustCompile(`\{\{[<%]\s*(/?)\s*([\w./-]+)[^}]*?[%>]\}\}`)
	imageRE      = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	linkRE       = regexp.MustCompile(`\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])`)
	autolinkRE   = regexp.MustCompile(`<(?:https?://|mailto:)[^>]*>`)
	tagRE        = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	codeRE       = regexp.MustCompile("`+([^`]*)`+")
	underscoreRE = regexp.MustCompile(`(^|[^\p{L}\p{N}])_+|_+([^\p{L}\p{N}]|$)`)
	escapeRE     = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")
)

// parse reads a Markdown page with TOML (+++) or YAML (---) front matter. It knows the
// Markdown a leaflet uses: ATX headings, paragraphs, lists, block quotes, links,
// emphasis, inline HTML, comments, code and Hugo shortcodes. Anything else is read as
// paragraph text, which errs towards checking too much rather than too little.
func parse(src string) (*document, error) {
	src = strings.TrimPrefix(src, "\ufeff")
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	doc := &document{}
	i := 0
	if len(lines) > 0 {
		if delim := strings.TrimSpace(lines[0]); delim == "+++" || delim == "---" {
			end := -1
			for j := 1; j < len(lines); j++ {
				if strings.TrimSpace(lines[j]) == delim {
					end = j
					break
				}
			}
			if end < 0 {
				return nil, fmt.Errorf("the front matter opened on line 1 with %q is never closed", delim)
			}
			for j := 1; j < end; j++ {
				if m := metaFieldRE.FindStringSubmatch(lines[j]); m != nil {
					b := block{kind: metaBlock}
					b.add(cleanInline(strings.Trim(m[2], `"'`)), j+1)
					doc.addBlock(b)
				}
			}
			i = end + 1
		}
	}

	var cur *block
	flush := func() {
		if cur != nil {
			doc.addBlock(*cur)
			cur = nil
		}
	}
	fence := ""
	inComment := false
	for ; i < len(lines); i++ {
		n := i + 1
		line := lines[i]
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if inComment {
			end := strings.Index(line, "-->")
			if end < 0 {
				continue
			}
			inComment = false
			line = line[end+3:]
		}
		line, inComment = stripComments(line)
		for _, m := range shortcodeRE.FindAllStringSubmatch(line, -1) {
			if m[1] == "" {
				doc.shortcodes = append(doc.shortcodes, shortcodeUse{name: m[2], line: n})
			}
		}
		t = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence = t[:3]
		case t == "":
			flush()
		case headingRE.MatchString(t):
			flush()
			m := headingRE.FindStringSubmatch(t)
			b := block{kind: headingBlock, level: len(m[1])}
			b.add(cleanInline(headingAttr.ReplaceAllString(m[2], "")), n)
			doc.addBlock(b)
		case ruleRE.MatchString(t):
			flush()
		case listItemRE.MatchString(t):
			flush()
			cur = &block{kind: itemBlock}
			cur.add(cleanInline(listItemRE.FindStringSubmatch(t)[1]), n)
		default:
			for strings.HasPrefix(t, ">") {
				t = strings.TrimSpace(t[1:])
			}
			if t == "" {
				flush()
				continue
			}
			if cur == nil {
				cur = &block{kind: paragraphBlock}
			}
			cur.add(cleanInline(t), n)
		}
	}
	flush()
	return doc, nil
}

func (d *document) addBlock(b block) {
	if b.text != "" {
		d.blocks = append(d.blocks, b)
	}
}

// stripComments removes HTML comments from a line and reports whether one is left open.
func stripComments(line string) (string, bool) {
	var out strings.Builder
	for {
		start := strings.Index(line, "<!--")
		if start < 0 {
			out.WriteString(line)
			return out.String(), false
		}
		out.WriteString(line[:start])
		end := strings.Index(line[start+4:], "-->")
		if end < 0 {
			return out.String(), true
		}
		line = line[start+4+end+3:]
	}
}

// cleanInline takes the inline Markdown, HTML and shortcodes out of one line, leaving
// the words a reader sees. Link text stays; addresses go.
func cleanInline(s string) string {
	s = shortcodeRE.ReplaceAllString(s, " ")
	s = imageRE.ReplaceAllString(s, "$1")
	s = linkRE.ReplaceAllString(s, "$1")
	s = autolinkRE.ReplaceAllString(s, " ")
	s = tagRE.ReplaceAllString(s, " ")
	s = codeRE.ReplaceAllString(s, "$1")
	// An escaped * or _ is a real character, not emphasis: hide it while emphasis goes.
	s = escapeRE.ReplaceAllStringFunc(s, func(m string) string {
		switch m[1] {
		case '*':
			return "\uE000"
		case '_':
			return "\uE001"
		}
		return m[1:]
	})
	s = strings.ReplaceAll(s, "*", "")
	s = underscoreRE.ReplaceAllString(s, "$1$2")
	s = strings.NewReplacer("\uE000", "*", "\uE001", "_").Replace(s)
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}
