package publish

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	chartTitle   = regexp.MustCompile(`<h3 id="[^"]+-title">([^<]+)</h3>`)
	sectionTitle = regexp.MustCompile(`<h2[^>]* id="[^"]+"[^>]*>([^<]+)</h2>`)
	pdfPageCount = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
	spaces       = regexp.MustCompile(`\s+`)
)

// oneLine puts text on one line, as a title may wrap in print.
func oneLine(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// The outcomes page and the three evaluation pages are printed as board reports: A4,
// a cover with the report's title, the service, the period and the published date
// (config/demo.toml: site.published = 2025-06-12), a contents page naming every
// section, "Page i of n" on page i, every chart's title, links printed with their
// address and never the loopback address the build served them from; and the page
// links the PDF with its pages and size.
func TestReportPDFs(t *testing.T) {
	slow(t, "builds the demonstration site and prints it in Chromium")
	out := demoOutput(t)
	for _, r := range []struct{ page, file, title string }{
		{"outcomes", "demo-talking-therapies-outcomes-2025-06-12.pdf", "Our outcomes"},
		{"evaluation/costs", "demo-talking-therapies-costs-2025-06-12.pdf", "Cost savings in the wider health system"},
		{"evaluation/workforce", "demo-talking-therapies-workforce-2025-06-12.pdf", "Workforce capacity"},
		{"evaluation/benchmark", "demo-talking-therapies-benchmark-2025-06-12.pdf", "Benchmarking against England"},
	} {
		t.Run(r.page, func(t *testing.T) {
			pdf := filepath.Join(out, filepath.FromSlash(r.page), r.file)
			data, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatal(err)
			}
			info := poppler(t, "pdfinfo", pdf)
			if !strings.Contains(info, "595.92 x 841.92 pts (A4)") {
				t.Errorf("not A4:\n%s", info)
			}
			m := pdfPageCount.FindStringSubmatch(info)
			if m == nil {
				t.Fatalf("pdfinfo gives no page count:\n%s", info)
			}
			pages, _ := strconv.Atoi(m[1])
			if pages < 3 {
				t.Fatalf("%d pages: a cover, a contents page and the report need at least 3", pages)
			}

			cover := oneLine(poppler(t, "pdftotext", "-f", "1", "-l", "1", pdf, "-"))
			for _, want := range []string{"Demo Talking Therapies", r.title, "Published 12 June 2025", "Page 1 of " + m[1]} {
				if !strings.Contains(cover, want) {
					t.Errorf("the cover lacks %q: %s", want, cover)
				}
			}
			if !regexp.MustCompile(`Period \d{1,2} [A-Z][a-z]+ \d{4} to \d{1,2} [A-Z][a-z]+ \d{4}`).MatchString(cover) {
				t.Errorf("the cover gives no period: %s", cover)
			}

			page := readPage(t, out, r.page+"/index.html")
			contents := oneLine(poppler(t, "pdftotext", "-f", "2", "-l", "2", pdf, "-"))
			if !strings.HasPrefix(strings.TrimPrefix(contents, r.title+" – Demo Talking Therapies "), "Contents") {
				t.Errorf("page 2 is not the contents page: %s", contents)
			}
			sections := sectionTitle.FindAllStringSubmatch(page, -1)
			if len(sections) == 0 {
				t.Fatal("the page has no sections")
			}
			for i, s := range sections {
				if want := fmt.Sprintf("%d. %s", i+1, oneLine(html.UnescapeString(s[1]))); !strings.Contains(contents, want) {
					t.Errorf("the contents lack %q: %s", want, contents)
				}
			}

			for i := 1; i <= pages; i++ {
				text := poppler(t, "pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), pdf, "-")
				if want := fmt.Sprintf("Page %d of %d", i, pages); !strings.Contains(text, want) {
					t.Errorf("page %d lacks %q", i, want)
				}
				if !strings.HasPrefix(strings.TrimSpace(text), r.title+" – Demo Talking Therapies") {
					t.Errorf("page %d has no running header naming the report and the service", i)
				}
			}

			text := oneLine(poppler(t, "pdftotext", pdf, "-"))
			charts := chartTitle.FindAllStringSubmatch(page, -1)
			if len(charts) == 0 {
				t.Fatal("the page has no charts")
			}
			for _, c := range charts {
				if title := oneLine(html.UnescapeString(c[1])); !strings.Contains(text, title) {
					t.Errorf("the report lacks the chart %q", title)
				}
			}
			if !strings.Contains(text, "(Link: /downloads/") {
				t.Error("the links to the downloads are not printed with their addresses")
			}
			if strings.Contains(string(data), "127.0.0.1") {
				t.Error("the PDF links to the address the build served the page from")
			}

			link := fmt.Sprintf(`<a href="/%s/%s" download>Download this page as a report for printing (PDF)<span data-pdf-details="report"> (%d pages, %d KB)</span></a>`,
				r.page, r.file, pages, (len(data)+1023)/1024)
			if !strings.Contains(page, link) {
				t.Errorf("the page does not link its PDF as\n%s", link)
			}
		})
	}
}

// The board report of the service's outcomes holds its detail pages (who is counted,
// trends, waits, groups), which moved off /outcomes/ to keep it short: every chart
// title of those pages is in the PDF. On screen /outcomes/ does not show them.
func TestOutcomesReportHoldsItsDetailPages(t *testing.T) {
	slow(t, "builds the demonstration site and prints it in Chromium")
	out := demoOutput(t)
	pdf := filepath.Join(out, "outcomes", "demo-talking-therapies-outcomes-2025-06-12.pdf")
	text := oneLine(poppler(t, "pdftotext", pdf, "-"))
	checked := 0
	for _, detail := range []string{"who-is-counted", "trends", "waits", "groups"} {
		page, err := os.ReadFile(filepath.Join(out, "outcomes", detail, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range figureTitle.FindAllStringSubmatch(string(page), -1) {
			checked++
			if title := oneLine(html.UnescapeString(m[2])); !strings.Contains(text, title) {
				t.Errorf("the outcomes report has no %q (from /outcomes/%s/)", title, detail)
			}
		}
	}
	if checked == 0 {
		t.Fatal("the detail pages have no chart titles: the test checked nothing")
	}
}
