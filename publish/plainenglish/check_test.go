package plainenglish_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/publish/plainenglish"
)

// shippedRules are the rules in data/writing.toml, as the build reads them.
func shippedRules(t *testing.T) *plainenglish.Rules {
	t.Helper()
	r, err := plainenglish.LoadRules(iaptpub.Sources, plainenglish.RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// proseRules are the shipped rules without the parts a leaflet must have, for fixtures
// that test one writing rule at a time.
func proseRules(t *testing.T) *plainenglish.Rules {
	r := shippedRules(t)
	r.Structure.Headings, r.Structure.MustSay, r.Structure.Shortcodes = nil, nil, nil
	return r
}

func checkFixture(t *testing.T, r *plainenglish.Rules, name string) plainenglish.PageReport {
	t.Helper()
	src, err := os.ReadFile("testdata/leaflets/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return r.CheckPage(name, src)
}

// lines reduces findings to what a test compares.
func lines(findings []plainenglish.Finding) []string {
	var out []string
	for _, f := range findings {
		out = append(out, fmt.Sprintf("%s:%d %s %s", f.Page, f.Line, f.Rule, f.Severity))
	}
	return out
}

func TestReadabilityFails(t *testing.T) {
	// testdata/leaflets/readability-fail.md, counted by hand (syllables from a
	// dictionary), 3 sentences:
	//   line 5: Psy-cho-log-i-cal in-ter-ven-tions are a-vail-a-ble for in-di-vid-u-als
	//           ex-pe-ri-enc-ing dif-fi-cul-ties.                    6 words of 3+ syllables
	//   line 6: Or-gan-i-sa-tion-al pro-ce-dures de-ter-mine el-i-gi-bil-i-ty.    4
	//   line 7: Please ask us.                                                   0
	// SMOG = 1.0430 × √(10 × 30 / 3) + 3.1291 = 1.0430 × 10 + 3.1291 = 13.5591,
	// above the ceiling of 11; the finding points at the hardest sentence, line 5.
	rep := checkFixture(t, proseRules(t), "readability-fail.md")
	if rep.Score.Polysyllables != 10 || rep.Score.Sentences != 3 {
		t.Errorf("counted %d polysyllables in %d sentences, want 10 in 3", rep.Score.Polysyllables, rep.Score.Sentences)
	}
	if math.Abs(rep.Score.SMOG-13.5591) > 1e-9 {
		t.Errorf("SMOG = %.4f, want 13.5591", rep.Score.SMOG)
	}
	if got, want := lines(rep.Findings), []string{"readability-fail.md:5 readability error"}; !equal(got, want) {
		t.Fatalf("findings %q, want %q", got, want)
	}
	if msg := rep.Findings[0].String(); !strings.Contains(msg, "SMOG grade 13.6") || !strings.Contains(msg, "ceiling of 11") {
		t.Errorf("the message does not give the score and the ceiling: %s", msg)
	}
}

func TestReadabilityPasses(t *testing.T) {
	// testdata/leaflets/readability-pass.md: 3 sentences; the only word of 3 or more
	// syllables is "to-geth-er". SMOG = 1.0430 × √(1 × 30 / 3) + 3.1291
	// = 1.0430 × 3.16228 + 3.1291 = 6.4274.
	rep := checkFixture(t, proseRules(t), "readability-pass.md")
	if len(rep.Findings) != 0 {
		t.Errorf("unexpected findings: %q", rep.Findings)
	}
	if math.Abs(rep.Score.SMOG-6.4274) > 1e-4 {
		t.Errorf("SMOG = %.4f, want 6.4274", rep.Score.SMOG)
	}
	// 9 + 9 + 6 words.
	if rep.Score.Words != 24 || rep.Score.LongestSentence != 9 {
		t.Errorf("words %d, longest sentence %d; want 24 and 9", rep.Score.Words, rep.Score.LongestSentence)
	}
}

func TestWordsToAvoidFail(t *testing.T) {
	rep := checkFixture(t, proseRules(t), "words-fail.md")
	want := []string{
		`3 "MUS"`,                   // in the description
		`6 "IAPT"`,                  // in a heading, joined to another word by a hyphen
		`6 "LTC" warning`,           // a warning, not an error
		`8 "medically unexplained"`, // across a line break: reported where it starts
		`11 "MUS"`,                  //
		`11 "step-2"`,               // a hyphen separates words
		`11 "step 3"`,               //
		`12 "all in your head"`,     //
		`14 "Graded Exercise"`,      // any case; not in an allowed phrase
	}
	var got []string
	for _, f := range rep.Findings {
		if f.Rule != "avoid" {
			t.Errorf("unexpected finding: %s", f)
			continue
		}
		quoted := f.Message[:strings.Index(f.Message, " is on the list")]
		s := fmt.Sprintf("%d %s", f.Line, quoted)
		if f.Severity == plainenglish.Warning {
			s += " warning"
		}
		if f.Page != "words-fail.md" {
			t.Errorf("finding names page %q", f.Page)
		}
		got = append(got, s)
	}
	if !equal(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
	if len(rep.Findings) > 0 && !strings.Contains(rep.Findings[0].Message, "persistent physical symptoms") {
		t.Errorf("the finding does not say what to write instead: %s", rep.Findings[0].Message)
	}
}

func TestWordsToAvoidPass(t *testing.T) {
	// "must", "muscles", "Musculoskeletal", "museum" are not "MUS"; "steps" and "Step 1"
	// are not "step 2"; "all in the past" is not "all in the mind"; and "We do not offer
	// graded exercise therapy" is an allowed phrase.
	rep := checkFixture(t, proseRules(t), "words-pass.md")
	for _, f := range rep.Findings {
		t.Errorf("unexpected finding: %s", f)
	}
}

func TestSentencesAndParagraphs(t *testing.T) {
	r := proseRules(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{
			// 21 words on line 2: one over the limit. The second sentence has 20.
			name: "long-sentence.md",
			src: "# Heading\n" +
				strings.Repeat("word ", 20) + "end.\n" +
				strings.Repeat("word ", 19) + "end.\n",
			want: []string{"long-sentence.md:2 sentences error"},
		},
		{
			// A paragraph of 4 sentences starting on line 3; the abbreviation "e.g." and
			// the decimal "2.5" do not end sentences. The list's 4 items are not a
			// paragraph.
			name: "long-paragraph.md",
			src:  "+++\n+++\nOne. Two, e.g. this.\nThree is 2.5! Four?\n\n- a.\n- b.\n- c.\n- d.\n",
			want: []string{"long-paragraph.md:3 paragraphs error"},
		},
		{
			name: "three-sentences.md",
			src:  "One. Two.\nThree.\n\nFour.\n",
		},
	}
	for _, c := range cases {
		rep := r.CheckPage(c.name, []byte(c.src))
		if got := lines(rep.Findings); !equal(got, c.want) {
			t.Errorf("%s: findings %q, want %q", c.name, rep.Findings, c.want)
		}
	}
}

func TestStructure(t *testing.T) {
	r := shippedRules(t)
	// Part 3 comes after part 4, part 7 is missing, the crisis numbers are incomplete and
	// one shortcode is missing.
	src := `+++
title = "A leaflet"
+++
## Who this is for
Text.
## What we offer
Text.
## How long you may wait
{{< usual-wait >}}
## What happens first
Text.
## How to refer yourself
It is free and confidential.
## If you need help now
Call NHS 111 or 999.
`
	rep := r.CheckPage("broken/index.md", []byte(src))
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%d %s", f.Line, f.Message))
	}
	want := []string{
		`1 the page never says "116 123", which every leaflet must`,
		`1 the page never says "Samaritans", which every leaflet must`,
		`1 the page does not use the shortcode {{< service-contact >}}, which every leaflet must`,
		// Looking for part 4 after part 3 (found at line 10) finds only the headings
		// from line 12 on; the finding points at the first of them.
		`12 part 4 of 7, the heading "## How long you may wait", is missing or out of order (every leaflet has the parts listed in data/writing.toml, in that order)`,
		`15 part 7 of 7, the heading "## Other formats and languages", is missing or out of order (every leaflet has the parts listed in data/writing.toml, in that order)`,
	}
	if !equal(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}

	// The list page is not a leaflet: it needs none of the parts.
	if rep := r.CheckPage("content/leaflets/_index.md", []byte("Choose your condition.\n")); len(rep.Findings) != 0 {
		t.Errorf("_index.md: unexpected findings %q", rep.Findings)
	}
}

func TestWarningsDoNotFail(t *testing.T) {
	site := fstest.MapFS{
		"data/writing.toml":            {Data: mustRead(t, iaptpub.Sources, plainenglish.RulesFile)},
		"content/leaflets/_index.md":   {Data: []byte("Our LTC team can help.\n")},
		"content/leaflets/x/notes.txt": {Data: []byte("not a page, not checked: MUS\n")},
	}
	rep, err := plainenglish.CheckSite(site)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count(plainenglish.Warning) != 1 || rep.Count(plainenglish.Error) != 0 {
		t.Errorf("findings %q, want one warning", rep.Findings())
	}
	if err := rep.Err(); err != nil {
		t.Errorf("Err() = %v with warnings only", err)
	}

	site["content/leaflets/_index.md"] = &fstest.MapFile{Data: []byte("We treat MUS.\n")}
	rep, err = plainenglish.CheckSite(site)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); !errors.Is(err, plainenglish.ErrChecksFailed) {
		t.Errorf("Err() = %v, want ErrChecksFailed", err)
	}
}

func TestCheckSiteErrors(t *testing.T) {
	rules := mustRead(t, iaptpub.Sources, plainenglish.RulesFile)
	cases := []struct {
		name string
		site fstest.MapFS
		want string
	}{
		{"no rules", fstest.MapFS{"content/leaflets/_index.md": {Data: []byte("Hi.\n")}}, "reading the writing rules"},
		{"no leaflets", fstest.MapFS{"data/writing.toml": {Data: rules}, "content/other.md": {}}, "reading the leaflets"},
		{"empty folder", fstest.MapFS{"data/writing.toml": {Data: rules}, "content/leaflets/a.txt": {}}, "no leaflets (.md files) in content/leaflets"},
	}
	for _, c := range cases {
		if _, err := plainenglish.CheckSite(c.site); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestUnclosedFrontMatter(t *testing.T) {
	rep := proseRules(t).CheckPage("a.md", []byte("+++\ntitle = \"x\"\n\nText.\n"))
	if got := lines(rep.Findings); !equal(got, []string{"a.md:1 format error"}) {
		t.Errorf("findings %q", rep.Findings)
	}
}

func TestLoadRulesRejects(t *testing.T) {
	base := `
[readability]
smog_ceiling = 11.0
[sentences]
max_words = 20
[paragraphs]
max_sentences = 3
`
	cases := []struct{ name, extra, want string }{
		{"a misspelt key", "[structure]\nheadngs = []\n", "unknown key(s) structure.headngs"},
		{"a bad severity", "[[avoid]]\nphrase = \"x\"\non_fail = \"fatal\"\n", `use "error" or "warning"`},
		{"an allow phrase without the phrase", "[[avoid]]\nphrase = \"graded exercise\"\nallow = [\"exercise is good\"]\n", "does not contain it"},
		{"an urgent heading that is not a heading", "[structure]\nheadings = [\"A\"]\nurgent_heading = \"B\"\n", "is not one of structure.headings"},
		{"a bad syllable count", "[syllables]\narea = 0\n", "syllables.area = 0"},
		{"a missing ceiling", "[readability]\non_fail = \"error\"\n", "smog_ceiling must be"},
	}
	for _, c := range cases {
		src := base + c.extra
		if c.name == "a missing ceiling" {
			src = "[sentences]\nmax_words = 20\n[paragraphs]\nmax_sentences = 3\n" + c.extra
		}
		_, err := plainenglish.LoadRules(fstest.MapFS{"w.toml": {Data: []byte(src)}}, "w.toml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "w.toml: ") {
			t.Errorf("%s: error %v, want one naming w.toml and containing %q", c.name, err, c.want)
		}
	}
	if _, err := plainenglish.LoadRules(fstest.MapFS{"w.toml": {Data: []byte(base)}}, "w.toml"); err != nil {
		t.Errorf("the minimal rules: %v", err)
	}
}

func mustRead(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func equal(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
