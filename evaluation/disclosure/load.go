package disclosure

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is where Load finds the rules, relative to the root of the site sources.
const File = "data/disclosure.toml"

// file is the layout of File. Description is for the methodology page (Hugo reads it
// from data/ directly); it is decoded here only so that it counts as a known key.
type file struct {
	Minimum     int    `toml:"minimum"`
	RoundTo     int    `toml:"round_to"`
	Description string `toml:"description"`
}

// Load reads the rules from File in fsys: the embedded site sources or a service's
// own copy. Both minimum and round_to must be set; a missing or unknown key, a value
// of the wrong type or a setting that would weaken the control is an error naming the
// file and the key.
func Load(fsys fs.FS) (Rules, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return Rules{}, fmt.Errorf("reading disclosure rules: %w", err)
	}
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return Rules{}, fmt.Errorf("%s: %w", File, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		keys := make([]string, len(undecoded))
		for i, k := range undecoded {
			keys[i] = k.String()
		}
		slices.Sort(keys)
		noun := "key"
		if len(keys) > 1 {
			noun = "keys"
		}
		return Rules{}, fmt.Errorf("%s: unknown %s %s (the keys are minimum, round_to and description)",
			File, noun, strings.Join(keys, ", "))
	}
	for _, key := range []string{"minimum", "round_to"} {
		if !md.IsDefined(key) {
			return Rules{}, fmt.Errorf("%s: key %s is missing; set it (the national rule is %s = 5)", File, key, key)
		}
	}
	switch {
	case f.Minimum < 1:
		return Rules{}, fmt.Errorf("%s: key minimum: must be at least 1, got %d", File, f.Minimum)
	case f.RoundTo < 1:
		return Rules{}, fmt.Errorf("%s: key round_to: must be at least 1, got %d", File, f.RoundTo)
	case f.RoundTo > 2*f.Minimum:
		// The smallest published count, minimum, must not round down to 0: that would
		// publish "0" for people who are there.
		return Rules{}, fmt.Errorf("%s: key round_to: %d would round a count of %d (minimum) down to 0; use at most twice minimum (%d)",
			File, f.RoundTo, f.Minimum, 2*f.Minimum)
	}
	return Rules{Minimum: f.Minimum, RoundTo: f.RoundTo}, nil
}
