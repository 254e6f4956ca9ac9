package draft

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// TODOs counts the required columns and files the draft could not place, and the
// labels it found no code for.
func (d *Draft) TODOs() int {
	n := 0
	for _, t := range d.Tables {
		if t.File == "" && t.Name != "utilisation" {
			n++
		}
		for _, g := range t.Columns {
			if g.Required && g.Header == "" {
				n++
			}
			n += len(g.Unplaced)
		}
	}
	return n
}

// WriteMapping writes the draft as a mapping file (export.ParseMapping reads it): every
// guess as a key with its evidence in a comment above it, and a TODO comment for each
// required file or column not placed and each label with no code.
func (d *Draft) WriteMapping(w io.Writer, input string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# A draft mapping of the export in %s onto the data contract, written by iaptpub init.\n", input)
	b.WriteString("# Every line is a guess: check each one against the export, and settle each TODO.\n")
	fmt.Fprintf(&b, "# Then: iaptpub validate --input %s --mapping THIS-FILE\n", quoteArg(input))
	for _, t := range d.Tables {
		b.WriteString("\n")
		if t.File == "" {
			if t.Name == "utilisation" {
				fmt.Fprintf(&b, "# No file of the export looks like %s (optional: healthcare use for the cost evaluation).\n", t.Table.File)
			} else {
				fmt.Fprintf(&b, "# TODO: no file of the export looks like %s (required); name it here:\n# [%s]\n# file = \"...\"\n", t.Table.File, t.Name)
			}
			continue
		}
		fmt.Fprintf(&b, "[%s]\n", t.Name)
		fmt.Fprintf(&b, "# %s\n", t.Evidence)
		if t.File == t.Table.File {
			fmt.Fprintf(&b, "# file = %s (the contract's name already)\n", strconv.Quote(t.File))
		} else {
			fmt.Fprintf(&b, "file = %s\n", strconv.Quote(t.File))
		}
		fmt.Fprintf(&b, "[%s.columns]\n", t.Name)
		for _, g := range t.Columns {
			switch {
			case g.Header == g.Column:
				fmt.Fprintf(&b, "# %s: the export uses the contract's name\n", g.Column)
			case g.Header != "":
				fmt.Fprintf(&b, "# %s\n%s = %s\n", g.Evidence, g.Column, strconv.Quote(g.Header))
			case g.Required:
				fmt.Fprintf(&b, "# TODO: %s (required): no header found%s\n", g.Column, hint(g.Evidence))
			case g.Evidence != "":
				fmt.Fprintf(&b, "# %s (optional): not placed%s\n", g.Column, hint(g.Evidence))
			}
		}
		for _, g := range t.Columns {
			if g.Values == nil {
				continue
			}
			fmt.Fprintf(&b, "[%s.values.%s]\n", t.Name, g.Column)
			fmt.Fprintf(&b, "# %q holds labels rather than the contract's codes; each code guessed from the label's wording\n", g.Header)
			for _, code := range slices.Sorted(maps.Keys(g.Values)) {
				quoted := make([]string, len(g.Values[code]))
				for i, l := range g.Values[code] {
					quoted[i] = strconv.Quote(l)
				}
				fmt.Fprintf(&b, "%s = [%s]\n", strconv.Quote(code), strings.Join(quoted, ", "))
			}
			for _, l := range g.Unplaced {
				fmt.Fprintf(&b, "# TODO: the contract's code for %s (see the data contract, %s)\n", strconv.Quote(l), t.Table.File)
			}
		}
	}
	if len(d.Unused) > 0 {
		fmt.Fprintf(&b, "\n# Files of the export not placed as any table (not read): %s\n", strings.Join(d.Unused, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func hint(evidence string) string {
	if evidence == "" {
		return ""
	}
	return "; look at " + evidence
}

// quoteArg quotes a path for a command line when it has spaces.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return strconv.Quote(s)
	}
	return s
}

// WriteConfig writes a draft service configuration naming the mapping. The keys that
// only the service can fill in are left commented out, so the draft cannot build a
// site under a placeholder name: build and validate --config say what is missing.
func (d *Draft) WriteConfig(w io.Writer, mapping string) error {
	var b strings.Builder
	b.WriteString("# A draft service configuration, written by iaptpub init (README: Configuration).\n")
	b.WriteString("# Fill in each TODO and remove its #.\n")
	fmt.Fprintf(&b, "mapping = %s\n\n[service]\n", strconv.Quote(mapping))
	b.WriteString("# TODO: the service's name as patients know it (required)\n# name = \"\"\n")
	if len(d.ODSCodes) > 0 {
		quoted := make([]string, len(d.ODSCodes))
		for i, c := range d.ODSCodes {
			quoted[i] = strconv.Quote(c)
		}
		fmt.Fprintf(&b, "# TODO: the providers whose figures are published; these are the ones in the first %d referrals\n", SampleRows)
		fmt.Fprintf(&b, "# ods_codes = [%s]\n", strings.Join(quoted, ", "))
	} else {
		b.WriteString("# TODO: the ODS codes of the providers whose figures are published\n# ods_codes = []\n")
	}
	b.WriteString("# phone = \"\"\n# email = \"\"\n# website = \"\"\n\n[site]\n")
	b.WriteString("# TODO: the \"published on\" date, YYYY-MM-DD (required)\n# published = \"\"\n")
	b.WriteString("# base_url = \"/\"\n")
	_, err := io.WriteString(w, b.String())
	return err
}
