package publish

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLeafletActionFirstOnAPhone opens every leaflet in Chromium as a 390 × 900 phone
// and measures how far down the page a person must scroll (issue 14: the phone number
// and "Refer yourself" were about 2,800 px down, urgent help the last block). The phone
// link and the "Refer yourself" link start within the first 1.5 screens, the urgent
// care card within the first screen, and no leaflet, nor the list of them, is wider
// than the phone. The home page signposts urgent help within the first 1.5 screens.
func TestLeafletActionFirstOnAPhone(t *testing.T) {
	slow(t, "builds the demonstration site and loads it in Chromium")
	bctx, srv := browseDemo(t)
	const width, screen = 390, 900
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(width, screen, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	// top gives how far below the top of the page the first element matching a selector
	// starts, in CSS pixels, or -1 when there is none.
	top := func(t *testing.T, selector string) float64 {
		t.Helper()
		y, err := chromedp.Run(bctx, chromedp.Evaluate[float64](fmt.Sprintf(
			`(() => { const e = document.querySelector(%q); return e ? e.getBoundingClientRect().top + window.scrollY : -1 })()`, selector)))
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	pageWidth := func(t *testing.T) int {
		t.Helper()
		wide, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		return wide
	}
	within := func(t *testing.T, what, selector string, screens float64) {
		t.Helper()
		switch y := top(t, selector); {
		case y < 0:
			t.Errorf("no %s (%s)", what, selector)
		case y > screens*screen:
			t.Errorf("%s starts %.0f px down; want within %.1f screens (%.0f px)", what, y, screens, screens*screen)
		}
	}
	for dir := range leafletPages(t) {
		t.Run(dir, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/leaflets/"+dir+"/"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			within(t, "phone link", `main a[href^="tel:"]`, 1.5)
			within(t, `"Refer yourself" action link`, `main a.nhsuk-action-link`, 1.5)
			within(t, "urgent help", `main .nhsuk-card--care--urgent`, 1)
			text, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('main a.nhsuk-action-link').textContent.trim()`))
			if err != nil || text != "Refer yourself" {
				t.Errorf("the action link says %q (%v), want %q", text, err, "Refer yourself")
			}
			if wide := pageWidth(t); wide > width {
				t.Errorf("the page is %d px wide on a %d px phone", wide, width)
			}
		})
	}
	t.Run("home", func(t *testing.T) {
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		within(t, "urgent help", `main .nhsuk-card--care--urgent`, 1.5)
	})
	t.Run("list of leaflets", func(t *testing.T) {
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/leaflets/"), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		if wide := pageWidth(t); wide > width {
			t.Errorf("the page is %d px wide on a %d px phone", wide, width)
		}
	})
}

// TestLeafletReviewDates: each leaflet says when it was last reviewed and when the
// next review is due, from the configuration (the demonstration's: 2025-06-12 and
// 2028-06-12); a service that has not set them gets a leaflet that says so, with no
// date at all.
func TestLeafletReviewDates(t *testing.T) {
	slow(t, "builds sites with Hugo")
	read := func(t *testing.T, out, dir string) string {
		t.Helper()
		html, err := os.ReadFile(filepath.Join(out, "leaflets", dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(string(html)), " ")
	}
	t.Run("configured", func(t *testing.T) {
		out := demoOutput(t)
		for dir := range leafletPages(t) {
			page := read(t, out, dir)
			for _, want := range []string{"Page last reviewed: 12 June 2025<br>", "Next review due: 12 June 2028"} {
				if !strings.Contains(page, want) {
					t.Errorf("%s lacks %q", dir, want)
				}
			}
		}
	})
	t.Run("not set", func(t *testing.T) {
		site := demoSite(t)
		site.Config.Leaflets = Leaflets{}
		site.NoPDF = true
		out := filepath.Join(t.TempDir(), "public")
		if err := site.Build(context.Background(), out); err != nil {
			t.Fatal(err)
		}
		for dir := range leafletPages(t) {
			page := read(t, out, dir)
			if want := "Page last reviewed and next review due: to be set by Demo Talking Therapies."; !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", dir, want)
			}
			if strings.Contains(page, "Page last reviewed:") || strings.Contains(page, "Next review due:") {
				t.Errorf("%s shows a review date that was not configured", dir)
			}
		}
	})
}

// pdfType is what a PDF's text says about its type: the size of its body text and the
// length of its body lines, measured from the PDF itself.
type pdfType struct {
	body     float64 // points: the size most of the text is set at
	longest  int     // characters in the longest line at that size
	pagesTxt []string
}

// measurePDF reads the word boxes of a PDF (pdftotext -bbox-layout). poppler draws each
// box from the font's ascent to its descent, so a word's height is its size times
// (ascent - descent) / 1000 from the font's descriptor; the largest such ratio among
// the PDF's fonts is used, which can only make a size smaller than it is.
func measurePDF(t *testing.T, path string) pdfType {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ratio := 0.0
	for _, m := range regexp.MustCompile(`/Ascent ([0-9.]+)\s*/Descent (-?[0-9.]+)`).FindAllSubmatch(raw, -1) {
		a, _ := strconv.ParseFloat(string(m[1]), 64)
		d, _ := strconv.ParseFloat(string(m[2]), 64)
		ratio = math.Max(ratio, (a-d)/1000)
	}
	if ratio == 0 {
		t.Fatalf("%s: no font descriptor with /Ascent and /Descent", path)
	}
	xml := poppler(t, "pdftotext", "-bbox-layout", path, "-")
	word := regexp.MustCompile(`<word xMin="[^"]*" yMin="([^"]*)" xMax="[^"]*" yMax="([^"]*)">([^<]*)</word>`)
	type line struct {
		size  float64
		chars int
	}
	var lines []line
	chars := map[float64]int{}
	for _, l := range regexp.MustCompile(`(?s)<line[^>]*>(.*?)</line>`).FindAllStringSubmatch(xml, -1) {
		var words []string
		size := 0.0
		for _, w := range word.FindAllStringSubmatch(l[1], -1) {
			y0, _ := strconv.ParseFloat(w[1], 64)
			y1, _ := strconv.ParseFloat(w[2], 64)
			s := math.Round((y1-y0)/ratio*10) / 10
			size = math.Max(size, s)
			chars[s] += len([]rune(w[3]))
			words = append(words, w[3])
		}
		lines = append(lines, line{size, len([]rune(strings.Join(words, " ")))})
	}
	var m pdfType
	for s, n := range chars {
		if n > chars[m.body] || (n == chars[m.body] && s > m.body) {
			m.body = s
		}
	}
	for _, l := range lines {
		if l.size == m.body && l.chars > m.longest {
			m.longest = l.chars
		}
	}
	info := poppler(t, "pdfinfo", path)
	pages := 0
	if p := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info); p != nil {
		pages, _ = strconv.Atoi(p[1])
	}
	for i := 1; i <= pages; i++ {
		n := strconv.Itoa(i)
		m.pagesTxt = append(m.pagesTxt, strings.Join(strings.Fields(poppler(t, "pdftotext", "-f", n, "-l", n, path, "-")), " "))
	}
	return m
}

// TestLeafletPDFType measures the type of both PDFs of every leaflet from the PDFs
// themselves (issue 14: about 11 pt on 100-character lines). Clear-print guidance: the
// body at 12 pt or more on lines of at most about 75 characters; the large print at
// 16 pt or more (the NHS Accessible Information Standard), with its size on the page's
// link. Every page's footer names the service, the date and the next review; the phone
// number is on page 1.
func TestLeafletPDFType(t *testing.T) {
	slow(t, "builds the demonstration site and prints its leaflets in Chromium")
	if _, ok := ChromiumPath(); !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	out := demoOutput(t)
	cfg := demoSite(t).Config
	// From config/demo.toml: published 2025-06-12, next review 2028-06-12.
	footer := cfg.Service.Name + " · 12 June 2025 · Next review due 12 June 2028"
	for dir := range leafletPages(t) {
		for _, ed := range []struct {
			file string
			min  float64
		}{{dir + ".pdf", 12}, {dir + "-large-print.pdf", 16}} {
			t.Run(ed.file, func(t *testing.T) {
				path := filepath.Join(out, "leaflets", dir, ed.file)
				m := measurePDF(t, path)
				if m.body < ed.min {
					t.Errorf("the body is set at %.1f pt; want %.0f pt or more", m.body, ed.min)
				}
				if m.longest > 75 {
					t.Errorf("the longest body line has %d characters; want at most 75", m.longest)
				}
				if len(m.pagesTxt) == 0 || !strings.Contains(m.pagesTxt[0], cfg.Service.Phone) {
					t.Errorf("page 1 lacks the phone number %s", cfg.Service.Phone)
				}
				for i, text := range m.pagesTxt {
					if !strings.Contains(text, footer) {
						t.Errorf("page %d lacks the footer %q", i+1, footer)
					}
				}
			})
		}
		html, err := os.ReadFile(filepath.Join(out, "leaflets", dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		lp, err := os.ReadFile(filepath.Join(out, "leaflets", dir, dir+"-large-print.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		n := pdfPages(lp)
		link := fmt.Sprintf(`<a href="/leaflets/%s/%s-large-print.pdf" download>Download it in large print<span data-pdf-details="large-print"> (%d pages, %d KB)</span></a>`,
			dir, dir, n, (len(lp)+1023)/1024)
		if !strings.Contains(string(html), link) {
			t.Errorf("%s: the page lacks the link %s", dir, link)
		}
	}
}
