package plainenglish_test

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/publish/plainenglish"
)

// The nine pathways of the data contract (spec/data-contract.md), each with a leaflet.
var pathways = []string{
	"diabetes", "respiratory", "heart", "persistent-pain", "cancer",
	"musculoskeletal", "ibs", "me-cfs", "persistent-physical-symptoms",
}

// The seven parts every leaflet has, in order (spec/content.md). Written out here, not
// read from data/writing.toml, so the test also catches the rules file drifting.
var parts = []string{
	"Who this is for",
	"What we offer",
	"What happens first",
	"How long you may wait",
	"How to refer yourself",
	"If you need help now",
	"Other formats and languages",
}

// TestShippedLeafletsPass runs the build's checks on the leaflets embedded in the
// binary: every one must pass, with no warnings either.
func TestShippedLeafletsPass(t *testing.T) {
	rep, err := plainenglish.CheckSite(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	for _, p := range rep.Pages {
		checked[p.Page] = true
		s := p.Score
		t.Logf("%-60s SMOG %4.1f  %3d words  %2d sentences  longest %2d words", p.Page, s.SMOG, s.Words, s.Sentences, s.LongestSentence)
		for _, f := range p.Findings {
			t.Errorf("%s", f)
		}
	}
	for _, slug := range pathways {
		if name := path.Join(plainenglish.LeafletDir, slug, "index.md"); !checked[name] {
			t.Errorf("%s was not checked: is the leaflet missing?", name)
		}
	}
	if name := path.Join(plainenglish.LeafletDir, "_index.md"); !checked[name] {
		t.Errorf("%s (the list of leaflets) was not checked", name)
	}
}

var h2 = regexp.MustCompile(`(?m)^## (.+?)\s*$`)

// TestLeafletParts reads each leaflet's source directly, independently of the checker.
func TestLeafletParts(t *testing.T) {
	for _, slug := range pathways {
		t.Run(slug, func(t *testing.T) {
			src, err := fs.ReadFile(iaptpub.Sources, path.Join("content/leaflets", slug, "index.md"))
			if err != nil {
				t.Fatal(err)
			}
			text := string(src)
			var got []string
			for _, m := range h2.FindAllStringSubmatch(text, -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, "|") != strings.Join(parts, "|") {
				t.Errorf("## headings\n got %q\nwant %q", got, parts)
			}
			for _, want := range []string{"NHS 111", "999", "Samaritans", "116 123", "{{< usual-wait >}}", "{{< service-contact >}}",
				"pathway = \"" + slug + "\"", "free", "confidential", "large print", "easy read", "interpreter", "British Sign Language"} {
				if !strings.Contains(text, want) {
					t.Errorf("does not contain %q", want)
				}
			}
			// The wait and the contact details come from the service's data, in their parts.
			wait := strings.Index(text, "## How long you may wait")
			refer := strings.Index(text, "## How to refer yourself")
			crisis := strings.Index(text, "## If you need help now")
			if i := strings.Index(text, "{{< usual-wait >}}"); i < wait || i > refer {
				t.Errorf("{{< usual-wait >}} is not in the part \"How long you may wait\"")
			}
			if i := strings.Index(text, "{{< service-contact >}}"); i < refer || i > crisis {
				t.Errorf("{{< service-contact >}} is not in the part \"How to refer yourself\"")
			}
			if i := strings.Index(text, "116 123"); i < crisis {
				t.Errorf("the Samaritans' number is not in the part \"If you need help now\"")
			}
			if n := len(strings.Fields(h2.ReplaceAllString(text[strings.Index(text[3:], "+++")+6:], ""))); n < 400 || n > 700 {
				t.Errorf("%d words: a leaflet should have about 450 to 650 to fit two A4 sides", n)
			}
		})
	}
}
