// Package plainenglish checks the patient leaflets against the project's writing rules:
// a readability ceiling (SMOG grade), the longest sentence and paragraph allowed, words
// and phrases patients must never be given, and the parts every leaflet must have. The
// limits and word lists are data (data/writing.toml), so a service that rewrites its
// leaflets can tighten or relax them without touching code; the build and the
// `iaptpub check-leaflets` command run the same checks.
//
// The package works on Markdown source, not on the built site, so every finding can
// name the file and line a writer has to change.
package plainenglish

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Where the rules and the leaflets live inside a site's sources.
const (
	RulesFile  = "data/writing.toml"
	LeafletDir = "content/leaflets"
)

// Severity says whether breaking a rule fails the build ("error") or is only reported
// ("warning").
type Severity string

// The two severities a rule may carry.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Rules are the writing rules read from data/writing.toml. The TOML keys are given in
// the struct tags; the file itself explains each one to the people who edit it.
type Rules struct {
	Readability struct {
		SMOGCeiling float64  `toml:"smog_ceiling"`
		OnFail      Severity `toml:"on_fail"`
	} `toml:"readability"`

	Sentences struct {
		MaxWords int      `toml:"max_words"`
		OnFail   Severity `toml:"on_fail"`
	} `toml:"sentences"`

	Paragraphs struct {
		MaxSentences int      `toml:"max_sentences"`
		OnFail       Severity `toml:"on_fail"`
	} `toml:"paragraphs"`

	Structure struct {
		// Headings are the "##" headings every leaflet has, in this order.
		Headings []string `toml:"headings"`
		// UrgentHeading names the heading the leaflet layout shows as an urgent care
		// card. It must be one of Headings; the checker only validates that.
		UrgentHeading string `toml:"urgent_heading"`
		// MustSay are words or phrases every leaflet contains (whole words, any case).
		MustSay []string `toml:"must_say"`
		// Shortcodes are the Hugo shortcodes every leaflet uses, by name.
		Shortcodes []string `toml:"shortcodes"`
		OnFail     Severity `toml:"on_fail"`
	} `toml:"structure"`

	Avoid []Avoid `toml:"avoid"`

	// Syllables overrides the syllable-counting rule for words it gets wrong.
	Syllables map[string]int `toml:"syllables"`
}

// Avoid is a word or phrase that must not appear on a patient page.
type Avoid struct {
	Phrase string `toml:"phrase"`
	// Why is shown with the finding, so the writer knows what to change.
	Why string `toml:"why"`
	// Instead suggests what to write.
	Instead string `toml:"instead"`
	// Allow lists longer phrases that contain Phrase and may be used. An occurrence of
	// Phrase that lies inside an occurrence of one of these is not reported.
	Allow  []string `toml:"allow"`
	OnFail Severity `toml:"on_fail"`
}

// LoadRules reads and validates the writing rules from name in fsys (usually
// RulesFile). Unknown keys are errors, so a misspelt limit cannot be silently ignored.
func LoadRules(fsys fs.FS, name string) (*Rules, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading the writing rules: %w", err)
	}
	var r Rules
	md, err := toml.Decode(string(src), &r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("%s: unknown key(s) %s: check the spelling against the comments in the file", name, strings.Join(keys, ", "))
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &r, nil
}

func (r *Rules) validate() error {
	var errs []error
	sev := func(key string, s *Severity) {
		switch *s {
		case "":
			*s = Error
		case Error, Warning:
		default:
			errs = append(errs, fmt.Errorf("%s = %q: use \"error\" or \"warning\"", key, *s))
		}
	}
	sev("readability.on_fail", &r.Readability.OnFail)
	sev("sentences.on_fail", &r.Sentences.OnFail)
	sev("paragraphs.on_fail", &r.Paragraphs.OnFail)
	sev("structure.on_fail", &r.Structure.OnFail)
	if r.Readability.SMOGCeiling <= 0 {
		errs = append(errs, errors.New("readability.smog_ceiling must be a grade above 0 (11 is the default)"))
	}
	if r.Sentences.MaxWords <= 0 {
		errs = append(errs, errors.New("sentences.max_words must be above 0 (20 is the default)"))
	}
	if r.Paragraphs.MaxSentences <= 0 {
		errs = append(errs, errors.New("paragraphs.max_sentences must be above 0 (3 is the default)"))
	}
	if h := r.Structure.UrgentHeading; h != "" && !containsFold(r.Structure.Headings, h) {
		errs = append(errs, fmt.Errorf("structure.urgent_heading %q is not one of structure.headings", h))
	}
	for i := range r.Avoid {
		a := &r.Avoid[i]
		if len(words(a.Phrase)) == 0 {
			errs = append(errs, fmt.Errorf("avoid entry %d has no phrase", i+1))
			continue
		}
		sev(fmt.Sprintf("avoid %q on_fail", a.Phrase), &a.OnFail)
		for _, allow := range a.Allow {
			if findPhrase(words(allow), words(a.Phrase)) == nil {
				errs = append(errs, fmt.Errorf("avoid %q: allowed phrase %q does not contain it", a.Phrase, allow))
			}
		}
	}
	for _, w := range slices.Sorted(maps.Keys(r.Syllables)) {
		if n := r.Syllables[w]; n < 1 || strings.ToLower(w) != w {
			errs = append(errs, fmt.Errorf("syllables.%s = %d: give a lower-case word and a count of 1 or more", w, n))
		}
	}
	return errors.Join(errs...)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
