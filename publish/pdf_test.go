package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// leafletPages maps each leaflet's folder below leaflets/ to its pathway, from the
// front matter of the embedded leaflets.
func leafletPages(t *testing.T) map[string]string {
	t.Helper()
	dirs, err := fs.Glob(iaptpub.Sources, "content/leaflets/*/index.md")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no leaflets in the embedded sources (%v)", err)
	}
	re := regexp.MustCompile(`(?m)^pathway = "([^"]+)"`)
	out := map[string]string{}
	for _, d := range dirs {
		data, err := fs.ReadFile(iaptpub.Sources, d)
		if err != nil {
			t.Fatal(err)
		}
		m := re.FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s has no pathway", d)
		}
		out[filepath.Base(filepath.Dir(d))] = string(m[1])
	}
	return out
}

// poppler runs one of poppler-utils' programs; the tests need them, as they need
// Chromium, and fail rather than skip without them.
func poppler(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is missing: install poppler-utils (make browser-deps) — PDF tests do not skip", name)
	}
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// TestLeafletPDFs checks the PDFs of the demonstration site: one beside each leaflet
// page and none for the list of leaflets; each a real PDF, A4, of 1 to 4 pages (the
// print stylesheet aims at the two sides of one sheet), whose text has the leaflet's
// title and the service's phone number; and each page's download link saying the same
// number of pages as the file has.
func TestLeafletPDFs(t *testing.T) {
	slow(t, "builds the demonstration site and prints it in Chromium")
	if _, ok := ChromiumPath(); !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	out := demoOutput(t)
	phone := demoSite(t).Config.Service.Phone // "0300 123 4567" in config/demo.toml
	if phone == "" {
		t.Fatal("the demonstration configuration has no phone number")
	}
	all, _ := filepath.Glob(filepath.Join(out, "leaflets", "*.pdf"))
	if len(all) > 0 {
		t.Errorf("the list of leaflets has a PDF: %v", all)
	}
	leaflets := leafletPages(t)
	for dir := range leaflets {
		t.Run(dir, func(t *testing.T) {
			pdfPath := filepath.Join(out, "leaflets", dir, dir+".pdf")
			pdf, err := os.ReadFile(pdfPath)
			if err != nil {
				t.Fatalf("no PDF beside the leaflet: %v", err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-32:], []byte("%%EOF")) {
				t.Fatal("not a PDF file")
			}
			info := poppler(t, "pdfinfo", pdfPath)
			pages := 0
			if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info); m != nil {
				pages, _ = strconv.Atoi(m[1])
			}
			if pages < 1 || pages > 4 {
				t.Errorf("%d pages, want 1 to 4:\n%s", pages, info)
			}
			if !strings.Contains(info, "(A4)") {
				t.Errorf("not A4:\n%s", info)
			}
			// The dates are the site's published date (2025-06-12), not the time of the build.
			if !bytes.Contains(pdf, []byte("/CreationDate (D:20250612000000")) {
				t.Errorf("creation date not normalised:\n%s", info)
			}
			if got := pdfPages(pdf); got != pages {
				t.Errorf("pdfPages counts %d pages, pdfinfo %d", got, pages)
			}
			text := strings.Join(strings.Fields(poppler(t, "pdftotext", pdfPath, "-")), " ")
			html, err := os.ReadFile(filepath.Join(out, "leaflets", dir, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			title := regexp.MustCompile(`<h1>([^<]*)</h1>`).FindSubmatch(html)
			if title == nil {
				t.Fatal("the leaflet page has no h1")
			}
			for _, want := range []string{phone, string(title[1]), "If you need help now", "116 123"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF's text lacks %q", want)
				}
			}
			// What is for the screen only stays off the paper.
			for _, not := range []string{"Download this leaflet", "Skip to main content", "How we work out our figures"} {
				if strings.Contains(text, not) {
					t.Errorf("the PDF's text has %q, which is for the screen", not)
				}
			}
			noun := "pages"
			if pages == 1 {
				noun = "page"
			}
			link := fmt.Sprintf(`<a href="/leaflets/%s/%s.pdf" download>Download this leaflet as a PDF<span data-pdf-details="standard"> (%d %s, %d KB)</span></a>`,
				dir, dir, pages, noun, (len(pdf)+1023)/1024)
			if !strings.Contains(string(html), link) {
				t.Errorf("the page lacks the link %s", link)
			}
		})
	}
}

// TestPDFsReproducible builds the demonstration site a second time, from the same
// results, and wants every PDF, leaflets and reports, the same to the byte: Chromium
// stamps the time of printing, and numbers a tagged PDF's elements after the page's
// DOM nodes, which normalisePDF both replaces.
func TestPDFsReproducible(t *testing.T) {
	slow(t, "builds and prints the demonstration site twice in Chromium")
	first := demoOutput(t)
	site := demoSite(t)
	var err error
	if site.Generated, err = Generate(demoResults); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "public")
	if err := site.Build(context.Background(), second); err != nil {
		t.Fatal(err)
	}
	var pdfs []string
	for _, pattern := range []string{"leaflets/*/*.pdf", "outcomes/*.pdf", "evaluation/*/*.pdf"} {
		found, _ := filepath.Glob(filepath.Join(first, filepath.FromSlash(pattern)))
		if len(found) == 0 {
			t.Fatalf("the first build has no PDFs %s", pattern)
		}
		pdfs = append(pdfs, found...)
	}
	for _, p := range pdfs {
		rel, _ := filepath.Rel(first, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(second, rel))
		if err != nil {
			t.Errorf("%s: missing from the second build: %v", rel, err)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds of the same input", rel)
		}
	}
}

// TestBuildWithoutPDFs: with no Chromium the build succeeds, warns once that the PDFs
// were skipped and why, and no page links to a PDF; with NoPDF it makes none and says
// nothing above Info.
func TestBuildWithoutPDFs(t *testing.T) {
	slow(t, "builds sites with Hugo")
	for _, tc := range []struct {
		name     string
		chromium string // IAPTPUB_CHROMIUM; "" leaves it as it is
		noPDF    bool
		warn     string // the one warning wanted, or none
	}{
		{"no chromium", "missing-chromium", false, "the PDFs of the leaflets and reports were skipped: IAPTPUB_CHROMIUM is"},
		{"turned off", "", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.chromium != "" {
				t.Setenv("IAPTPUB_CHROMIUM", filepath.Join(t.TempDir(), tc.chromium))
			}
			var logged bytes.Buffer
			site := demoSite(t)
			site.NoPDF = tc.noPDF
			site.Log = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
			out := filepath.Join(t.TempDir(), "public")
			if err := site.Build(context.Background(), out); err != nil {
				t.Fatalf("the build failed: %v", err)
			}
			var pdfWarnings []string
			for _, line := range strings.Split(logged.String(), "\n") {
				if strings.Contains(line, "PDF") {
					pdfWarnings = append(pdfWarnings, line)
				}
			}
			switch {
			case tc.warn == "" && len(pdfWarnings) > 0:
				t.Errorf("unwanted warnings: %q", pdfWarnings)
			case tc.warn != "" && (len(pdfWarnings) != 1 || !strings.Contains(pdfWarnings[0], tc.warn)):
				t.Errorf("want one warning with %q, got %q", tc.warn, pdfWarnings)
			}
			pdfs, _ := filepath.Glob(filepath.Join(out, "leaflets", "*", "*.pdf"))
			if len(pdfs) > 0 {
				t.Errorf("PDFs were made: %v", pdfs)
			}
			for dir := range leafletPages(t) {
				html, err := os.ReadFile(filepath.Join(out, "leaflets", dir, "index.html"))
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(html, []byte(".pdf")) {
					t.Errorf("%s links to a PDF that was not made", dir)
				}
			}
		})
	}
}

// TestLeafletWaitFollowsData: the leaflet states the median wait of its pathway when
// disclosure control publishes it, and otherwise says that there is no reliable figure
// yet. The demonstration export (5,000 referrals) publishes medians; one of 150
// referrals has too few people on a pathway for its median to be published.
func TestLeafletWaitFollowsData(t *testing.T) {
	slow(t, "builds sites with Hugo")
	const fallback = "We cannot yet say how long people usually wait."
	leaflets := leafletPages(t)
	check := func(t *testing.T, out string, gen map[string][]byte) (published, withheld int) {
		t.Helper()
		var waits map[string]wait
		if err := json.Unmarshal(gen["data/iaptpub/waits.json"], &waits); err != nil {
			t.Fatalf("waits.json: %v", err)
		}
		for dir, pathway := range leaflets {
			w, ok := waits[pathway]
			if !ok {
				t.Fatalf("waits.json has no %s", pathway)
			}
			html, err := os.ReadFile(filepath.Join(out, "leaflets", dir, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(html)
			if w.Published {
				published++
				// "about 3 weeks", but "less than 1 week" as it is (usual-wait.html).
				text := w.MedianWeeksText
				if !strings.HasPrefix(text, "less") {
					text = "about " + text
				}
				want := "People usually wait <strong>" + text + "</strong> from referral to their first treatment session."
				if !strings.Contains(page, want) || strings.Contains(page, fallback) {
					t.Errorf("%s: the median is published (%s) but the page does not say %q", dir, w.MedianWeeksText, want)
				}
			} else {
				withheld++
				if !strings.Contains(page, fallback) || strings.Contains(page, "People usually wait") {
					t.Errorf("%s: the median is withheld but the page does not say %q", dir, fallback)
				}
			}
		}
		return published, withheld
	}

	t.Run("enough people", func(t *testing.T) {
		out := demoOutput(t)
		gen, err := Generate(demoResults)
		if err != nil {
			t.Fatal(err)
		}
		if published, _ := check(t, out, gen); published == 0 {
			t.Error("the demonstration export publishes no pathway's median wait")
		}
	})
	t.Run("too few people", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := synth.Generate(filepath.Join(dir, "export"), synth.Options{Referrals: 150, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		results, _, err := compute(filepath.Join(dir, "export"), iaptpub.Sources, export.Options{}, "")
		if err != nil {
			t.Fatal(err)
		}
		site := demoSite(t)
		site.NoPDF = true
		if site.Generated, err = Generate(results); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "public")
		if err := site.Build(context.Background(), out); err != nil {
			t.Fatal(err)
		}
		if _, withheld := check(t, out, site.Generated); withheld == 0 {
			t.Error("150 referrals publish every pathway's median wait: the fallback is not tested")
		}
	})
}

// TestNormalisePDF: the dates and the document ID of a PDF become the same for every
// build, and nothing moves (the cross-reference table counts bytes).
func TestNormalisePDF(t *testing.T) {
	doc := func(created, id string) []byte {
		return []byte("%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:" + created +
			"+00'00')\n/ModDate (D:" + created + "+00'00')>>\nendobj\n2 0 obj\n<</Type /Pages /Count 2>>\n" +
			"3 0 obj <</Type /Page>> 4 0 obj <</Type /Page\n/Parent 2 0 R>>\n" +
			"trailer\n<</Size 5 /ID [<" + id + "> <" + id + ">]>>\n%%EOF\n")
	}
	a := doc("20261123113220", "0123456789ABCDEF0123456789ABCDEF")
	b := doc("20261123113221", "FEDCBA9876543210FEDCBA9876543210")

	na, nb := normalisePDF(a, "2025-06-12"), normalisePDF(b, "2025-06-12")
	if !bytes.Equal(na, nb) {
		t.Errorf("two prints of the same page differ after normalising:\n%s\n%s", na, nb)
	}
	if len(na) != len(a) {
		t.Errorf("length changed from %d to %d", len(a), len(na))
	}
	// The published date at midnight, with the time zone as Chromium wrote it.
	for _, want := range []string{"/CreationDate (D:20250612000000+00'00')", "/ModDate (D:20250612000000+00'00')"} {
		if !bytes.Contains(na, []byte(want)) {
			t.Errorf("lacks %s:\n%s", want, na)
		}
	}
	if bytes.Contains(na, []byte("0123456789ABCDEF")) {
		t.Error("the document ID was kept")
	}
	// The ID depends on the rest of the document: another document, another ID.
	other := normalisePDF(bytes.Replace(a, []byte("m156"), []byte("m157"), 1), "2025-06-12")
	idOf := func(p []byte) string { return string(pdfID.Find(p)) }
	if idOf(other) == idOf(na) {
		t.Error("two different documents were given the same ID")
	}

	// No published date: the dates are blanked, still at the same length.
	blank := normalisePDF(a, "")
	if bytes.Contains(blank, []byte("CreationDate")) || bytes.Contains(blank, []byte("ModDate")) || len(blank) != len(a) {
		t.Errorf("dates not blanked in place:\n%s", blank)
	}

	// Two /Type /Page objects; /Type /Pages is the page tree, not a page.
	if got := pdfPages(a); got != 2 {
		t.Errorf("pdfPages = %d, want 2", got)
	}
}

func TestBasePath(t *testing.T) {
	for in, want := range map[string]string{
		"/":                                 "/",
		"":                                  "/",
		"https://talk.example.nhs.uk/":      "/",
		"https://talk.example.nhs.uk":       "/",
		"https://example.org/talking/site/": "/talking/site/",
		"https://example.org/talking":       "/talking/",
	} {
		if got, err := basePath(in); err != nil || got != want {
			t.Errorf("basePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestLeafletPDFsBelowBasePath: a site served below a path (base_url
// "https://example.org/talking/") refers to its stylesheets below that path, so the
// pages are served there to be printed. Were they not, the print stylesheet would not
// load and the site's navigation would be printed.
func TestLeafletPDFsBelowBasePath(t *testing.T) {
	slow(t, "builds a site and prints it in Chromium")
	if _, ok := ChromiumPath(); !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	site := demoSite(t)
	site.Config.Site.BaseURL = "https://example.org/talking/"
	out := filepath.Join(t.TempDir(), "public")
	if err := site.Build(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(out, "leaflets", "diabetes", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte(`<a href="/talking/leaflets/diabetes/diabetes.pdf" download>`)) {
		t.Error("the page does not link to its PDF below the base path")
	}
	text := strings.Join(strings.Fields(poppler(t, "pdftotext", filepath.Join(out, "leaflets", "diabetes", "diabetes.pdf"), "-")), " ")
	if strings.Contains(text, "Skip to main content") {
		t.Error("the navigation was printed: the print stylesheet did not load")
	}
	if !strings.Contains(text, "Read this leaflet online: example.org/talking/leaflets/diabetes/") {
		t.Errorf("the printed link back to the page is missing:\n%s", text)
	}
}
