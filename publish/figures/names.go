package figures

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms stay in capitals when a name is set in title case: those of NHS
// organisations' names, and the short forms the national file uses for its providers
// (ELTT, DHC, PTS).
var initialisms = map[string]bool{
	"NHS": true, "ICB": true, "CCG": true, "CIC": true, "UK": true, "LLP": true, "GP": true, "IAPT": true,
	"HQ": true, "LGBT": true, "LLR": true, "PTS": true, "ICCS": true, "DHC": true, "ELTT": true, "TR": true,
	"BMHC": true, "FTB": true,
}

// minorWords are set in lower case inside a name, as the NHS writes "Isle of Wight"
// and "Health and Care".
var minorWords = map[string]bool{"and": true, "of": true, "the": true, "for": true, "in": true, "to": true, "with": true, "at": true, "on": true}

// TitleCase writes an organisation's name as the NHS writes it, from the capitals of
// the ODS register: "NORTH EAST LONDON NHS FOUNDATION TRUST" → "North East London NHS
// Foundation Trust". Initialisms stay in capitals; "and", "of", "the" and the like
// are lower case except where they begin the name or a part of it (after "(", ":" or
// " - "); a word's first letter is capital and the rest lower case ("ST JOHN'S" → "St
// John's", "42ND" → "42nd"), each part of a hyphenated word on its own. A name already
// in mixed case is left as it is: someone wrote it so.
func TitleCase(name string) string {
	if strings.ToUpper(name) != name {
		return name
	}
	words := strings.Fields(name)
	start := true
	for i, w := range words {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			parts[j] = titleWord(p, start && j == 0)
		}
		words[i] = strings.Join(parts, "-")
		start = w == "-" || strings.HasSuffix(w, ":")
	}
	return strings.Join(words, " ")
}

// titleWord sets one word, which may carry punctuation around it: "(HQ)", "GROUP:".
func titleWord(w string, first bool) string {
	lead := strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if lead < 0 {
		return w
	}
	end := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	_, size := utf8.DecodeRuneInString(w[end:])
	pre, core, post := w[:lead], w[lead:end+size], w[end+size:]
	first = first || strings.HasPrefix(pre, "(")
	lower := strings.ToLower(core)
	switch {
	case initialisms[core]:
		return w
	case minorWords[lower] && !first:
		return pre + lower + post
	}
	r, n := utf8.DecodeRuneInString(lower)
	return pre + string(unicode.ToUpper(r)) + lower[n:] + post
}
