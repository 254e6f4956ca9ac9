package plainenglish

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is a word for matching phrases: a run of letters, digits and apostrophes.
// Hyphens and slashes separate tokens, so "step-2" matches "step 2" and "IAPT-LTC"
// matches "IAPT", while "MUS" cannot match inside "must" or "muscle".
type token struct {
	text     string // lower case, curly apostrophes made straight
	off, end int    // where it is in the block text
}

func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || isApostrophe(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func tokenize(s string) []token {
	var toks []token
	start := -1
	emit := func(end int) {
		right := strings.TrimRightFunc(s[start:end], isApostrophe)
		word := strings.TrimLeftFunc(right, isApostrophe)
		if word != "" {
			toks = append(toks, token{
				text: strings.ToLower(strings.ReplaceAll(word, "’", "'")),
				off:  start + len(right) - len(word),
				end:  start + len(right),
			})
		}
		start = -1
	}
	for i, r := range s {
		if isTokenRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			emit(i)
		}
	}
	if start >= 0 {
		emit(len(s))
	}
	return toks
}

// words returns the lower-case tokens of s, for phrases in the rules.
func words(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}

// findPhrase returns the token indexes in hay where the phrase needle starts.
func findPhrase(hay, needle []string) []int {
	var at []int
	if len(needle) == 0 {
		return nil
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		match := true
		for j, w := range needle {
			if hay[i+j] != w {
				match = false
				break
			}
		}
		if match {
			at = append(at, i)
		}
	}
	return at
}

// A sentence is a span of a block's text.
type sentence struct {
	text string
	off  int // offset of text in the block
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "eg": true, "ie": true, "etc": true, "dr": true, "mr": true,
	"mrs": true, "ms": true, "st": true, "no": true, "vs": true, "approx": true,
}

// sentences splits a block into sentences. A sentence ends at ".", "!" or "?" (after
// any closing quotes or brackets) followed by a space or the end of the block, unless
// the full stop ends a known abbreviation. The end of a block always ends a sentence,
// so a list item or a paragraph ending in ":" counts as one.
func sentences(text string) []sentence {
	var out []sentence
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s != "" && hasWord(s) {
			out = append(out, sentence{text: s, off: start + strings.Index(text[start:end], s)})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(`"')]’”`, r) {
				break
			}
			end += size
		}
		if end < len(text) && text[end] != ' ' {
			continue
		}
		if c == '.' && abbreviations[lastWord(text[start:i])] {
			continue
		}
		emit(end)
		i = end - 1
	}
	emit(len(text))
	return out
}

// lastWord returns the lower-case word (with inner full stops, as in "e.g") just before
// the end of s.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
	return strings.ToLower(s[i+1:])
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// countWords counts words the way a reader does: runs of text between spaces that hold
// a letter or a digit. "one-to-one" is one word; "116 123" is two; a dash is none.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if hasWord(f) {
			n++
		}
	}
	return n
}
