package plainenglish

import (
	"fmt"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := strings.Join([]string{
		`+++`,                                    // 1
		`title = "The *title*"`,                  // 2
		`pathway = "diabetes"`,                   // 3
		`description = 'A "quoted" description'`, // 4
		`+++`,                                    // 5
		``,                                       // 6
		`## Who this is for {#who}`,              // 7
		``,                                       // 8
		`You can **call** us or [fill in a form](/refer/).`, // 9
		`It is _free_ and <abbr title="x">fast</abbr>.`,     // 10
		`{{< usual-wait >}}`,                                // 11
		`<!-- a note for editors: MUS -->`,                  // 12
		``,                                                  // 13
		`- first item`,                                      // 14
		`  continues here`,                                  // 15
		`1. second item with ` + "`code`" + ` and snake_case`, // 16
		`> quoted \*star\*`,    // 17
		``,                     // 18
		"```",                  // 19
		`code is not read`,     // 20
		"```",                  // 21
		`<!--`,                 // 22
		`a comment over lines`, // 23
		`-->`,                  // 24
		`---`,                  // 25
		`Text {{% service-contact %}} after &amp; <https://example.org/x>.`, // 26
	}, "\r\n")
	doc, err := parse(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range doc.blocks {
		var ls []string
		for _, s := range b.starts {
			ls = append(ls, fmt.Sprint(s.line))
		}
		got = append(got, fmt.Sprintf("%d@%s %q", b.kind, strings.Join(ls, ","), b.text))
	}
	want := []string{
		`3@2 "The title"`,
		`3@4 "A \"quoted\" description"`,
		`0@7 "Who this is for"`,
		`1@9,10 "You can call us or fill in a form. It is free and fast ."`,
		`2@14,15 "first item continues here"`,
		`2@16,17 "second item with code and snake_case quoted *star*"`,
		`1@26 "Text after & ."`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	var codes []string
	for _, sc := range doc.shortcodes {
		codes = append(codes, fmt.Sprintf("%s@%d", sc.name, sc.line))
	}
	if got, want := strings.Join(codes, " "), "usual-wait@11 service-contact@26"; got != want {
		t.Errorf("shortcodes %q, want %q", got, want)
	}
	// lineAt maps an offset in the joined text back to its source line.
	b := doc.blocks[3]
	if got := b.lineAt(strings.Index(b.text, "free")); got != 10 {
		t.Errorf("lineAt(free) = %d, want 10", got)
	}
}

func TestSentencesSplit(t *testing.T) {
	got := sentences(`Call us. We're open, e.g. on Mondays! Is it 2.5 hours? "Yes." Dr. Khan said so`)
	var texts []string
	for _, s := range got {
		texts = append(texts, s.text)
	}
	want := []string{"Call us.", "We're open, e.g. on Mondays!", "Is it 2.5 hours?", `"Yes."`, "Dr. Khan said so"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("sentences %q, want %q", texts, want)
	}
}

func TestTokenize(t *testing.T) {
	var got []string
	for _, tk := range tokenize(`’Tis MUS-free: don’t step-2, (muscle)`) {
		got = append(got, tk.text)
	}
	want := "tis mus free don't step 2 muscle"
	if strings.Join(got, " ") != want {
		t.Errorf("tokens %q, want %q", got, want)
	}
}

// FuzzCheckPage: any bytes in, a report out, never a panic; every finding names a line
// of the input.
func FuzzCheckPage(f *testing.F) {
	for _, s := range []string{"", "+++\n+++\n", "# a\n\n- b\n", "{{< x >}}", "<!--", "```\n", "a. b! c? d", "’'’"} {
		f.Add([]byte(s))
	}
	r := &Rules{}
	r.Readability.SMOGCeiling, r.Sentences.MaxWords, r.Paragraphs.MaxSentences = 1, 3, 1
	r.Structure.Headings = []string{"A", "B"}
	r.Avoid = []Avoid{{Phrase: "x y", Allow: []string{"x y z"}}}
	if err := r.validate(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		rep := r.CheckPage("f.md", src)
		n := strings.Count(string(src), "\n") + 1
		for _, fd := range rep.Findings {
			if fd.Line < 1 || fd.Line > n {
				t.Errorf("finding at line %d of a %d-line page: %s", fd.Line, n, fd)
			}
		}
	})
}
