package plainenglish

import (
	"math"
	"strings"
	"unicode"
)

// SMOG returns the SMOG grade (McLaughlin 1969, in the form that scales any number of
// sentences to 30): 1.0430 × √(polysyllables × 30 / sentences) + 3.1291, where
// polysyllables counts words of 3 or more syllables. It is the US school grade a reader
// needs to understand the text; add 5 for a reading age. With no sentences there is no
// grade, and SMOG returns 0.
func SMOG(polysyllables, sentences int) float64 {
	if sentences <= 0 {
		return 0
	}
	return 1.0430*math.Sqrt(float64(polysyllables)*30/float64(sentences)) + 3.1291
}

// Syllables estimates how many syllables an English word has, for readability scores.
// A dictionary would be exact but large; this rule is right for most everyday words and
// errs by one on some others, which matters to SMOG only when it moves a word across the
// line between 2 and 3 syllables. Words it gets wrong that way can be listed in
// data/writing.toml ([syllables]).
//
// The rule:
//   - count groups of vowels (a e i o u, and y when it follows a consonant); u after q
//     is a consonant ("quality");
//   - some vowel pairs are two syllables: "ia" (di-a-betes) except after c, s, t, g
//     ("social"); "io" (pe-ri-od) except after c, s, t, g, x ("action", "anxious");
//     "ua", "uo", "iu" (u-su-al, me-di-um) except after g ("language"); "eo" (vid-e-o)
//     except after g or in "peo" ("people"); "iet" (qui-et, anx-i-e-ty);
//   - a final "e" is silent ("more") unless it ends "le" after a consonant ("people");
//     a final "es" or "ed" after a consonant adds no syllable ("times", "helped") except
//     "es" after s, x, z, c, g, sh, ch or a consonant + l ("services", "tables") and
//     "ed" after t or d ("wanted");
//   - an "e" before the suffixes -ly, -ful, -ment, -less, -ness is silent ("likely",
//     "careful", "management"), and so is the "e" of "some" in compounds ("someone");
//   - "-ing" after a vowel and "-ier"/"-iest" after a consonant add one ("being",
//     "easier");
//   - every word has at least 1 syllable; words of 3 letters or fewer have 1.
//
// Digits and apostrophes are ignored; a word with no letters has 0 syllables.
// Abbreviations in capitals are counted by wordSyllables, not here.
func Syllables(word string) int {
	w := make([]byte, 0, len(word))
	for _, r := range strings.ToLower(word) {
		if r >= 'a' && r <= 'z' {
			w = append(w, byte(r))
		}
	}
	if len(w) == 0 {
		return 0
	}
	if len(w) <= 3 {
		return 1
	}
	s := string(w)

	// vowel reports whether w[i] is sounded as a vowel.
	vowel := func(i int) bool {
		switch w[i] {
		case 'a', 'e', 'i', 'o':
			return true
		case 'u':
			return i == 0 || w[i-1] != 'q'
		case 'y':
			return i > 0 && !isVowelLetter(w[i-1])
		}
		return false
	}
	n := 0
	for i := range w {
		if vowel(i) && (i == 0 || !vowel(i-1)) {
			n++
		}
	}

	// Vowel pairs read as two syllables.
	for i := 0; i+1 < len(w); i++ {
		prev := byte(0)
		if i > 0 {
			prev = w[i-1]
		}
		pair := s[i : i+2]
		switch pair {
		case "ia":
			if !strings.ContainsRune("cstg", rune(prev)) {
				n++
			}
		case "io":
			if !strings.ContainsRune("cstgx", rune(prev)) {
				n++
			}
		case "ua", "uo", "iu":
			if prev != 'g' && prev != 'q' {
				n++
			}
		case "eo":
			if prev != 'g' && prev != 'p' {
				n++
			}
		case "ie":
			if i+2 < len(w) && w[i+2] == 't' {
				n++
			}
		}
	}

	last := len(w) - 1
	consonant := func(i int) bool { return i >= 0 && !isVowelLetter(w[i]) }
	switch {
	case w[last] == 'e' && consonant(last-1) && !(w[last-1] == 'l' && consonant(last-2)):
		n-- // silent final e: "more", "have"
	case strings.HasSuffix(s, "es") && consonant(last-2):
		before := s[:last-1]
		sounded := strings.HasSuffix(before, "sh") || strings.HasSuffix(before, "ch") ||
			strings.ContainsRune("sxzcg", rune(w[last-2])) ||
			(w[last-2] == 'l' && consonant(last-3))
		if !sounded {
			n--
		}
	case strings.HasSuffix(s, "ed") && consonant(last-2) && w[last-2] != 't' && w[last-2] != 'd':
		n--
	}

	for _, suffix := range []string{"ely", "eful", "ement", "eless", "eness"} {
		if strings.HasSuffix(s, suffix) && consonant(len(s)-len(suffix)-1) {
			n--
			break
		}
	}
	if strings.HasPrefix(s, "some") && len(s) > 4 {
		n--
	}
	if strings.HasSuffix(s, "ing") && len(s) > 4 && vowel(last-3) {
		n++
	}
	if (strings.HasSuffix(s, "ier") && consonant(last-3)) || (strings.HasSuffix(s, "iest") && consonant(last-4)) {
		n++
	}
	return max(n, 1)
}

func isVowelLetter(c byte) bool {
	return strings.IndexByte("aeiouy", c) >= 0
}

// wordSyllables counts the syllables of a word as SMOG sees it: a run of text between
// spaces, so a hyphenated word is one word ("one-to-one" has 3 syllables), as the SMOG
// instructions say. Within it:
//   - an abbreviation in capitals is said letter by letter (NHS: 3; W counts 3);
//   - a numeral counts 0: the writing rules ask for numerals, and the numbers in a
//     leaflet (phone numbers, "1 in 3") are read as digits, a short familiar word each,
//     so they should not make a page look harder than it is;
//   - overrides (from data/writing.toml) replace the rule for the words they list.
func wordSyllables(field string, overrides map[string]int) int {
	n := 0
	start := -1
	part := func(end int) {
		p := strings.Trim(field[start:end], "'’")
		start = -1
		if p == "" {
			return
		}
		if c, ok := overrides[strings.ToLower(p)]; ok {
			n += c
			return
		}
		// "GP's" is still an abbreviation; the "'s" adds no syllable.
		if abbr := strings.TrimSuffix(strings.TrimSuffix(p, "'s"), "’s"); len(abbr) >= 2 && strings.ToUpper(abbr) == abbr && strings.ToLower(abbr) != abbr {
			for _, r := range abbr {
				if r == 'W' {
					n += 3
				} else if unicode.IsLetter(r) {
					n++
				}
			}
			return
		}
		n += Syllables(p)
	}
	for i, r := range field {
		if unicode.IsLetter(r) || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			part(i)
		}
	}
	if start >= 0 {
		part(len(field))
	}
	return n
}
