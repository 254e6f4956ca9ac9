package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iaptpub/iaptpub/publish/figures"
)

// The patient leaflets as PDFs: Chromium prints each leaflet page of the staged site,
// with its print stylesheet, to <slug>.pdf beside the page, so a GP surgery or clinic
// can download one sheet and print it as it is.

// errPDFOff is why no PDF is made when the build was asked for none.
var errPDFOff = errors.New("turned off")

// pdfChromium returns the Chromium that will print the leaflets, or why there is none.
// Hugo is told the answer before it runs (the "pdfs" site parameter), so a leaflet page
// links to its PDF only when one will be made.
func (s *Site) pdfChromium() (string, error) {
	if s.NoPDF {
		return "", errPDFOff
	}
	p, ok := ChromiumPath()
	if !ok {
		return "", errors.New("no Chromium was found (install chromium, set IAPTPUB_CHROMIUM to its path, or build with --no-pdf to say you want none)")
	}
	fi, err := os.Stat(p)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("IAPTPUB_CHROMIUM is %q, which is not a program (point it at chromium, or build with --no-pdf)", p)
	}
	return p, nil
}

// printsPDFs says whether this build will print the leaflets.
func (s *Site) printsPDFs() bool {
	_, err := s.pdfChromium()
	return err == nil
}

// A leaflet page is printed within this time, fonts included.
const pdfPageTimeout = time.Minute

// printPDFs prints the leaflets and the reports of the staged site (printLeaflets,
// printReports) in one Chromium. Without a Chromium it warns once and leaves the site
// without PDFs (the pages then have no link to one). A Chromium that is there but
// fails is an error: the pages already link to their PDFs.
func (s *Site) printPDFs(ctx context.Context, staging string) error {
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	chromium, err := s.pdfChromium()
	if errors.Is(err, errPDFOff) {
		log.Info("PDFs turned off")
		return nil
	}
	if err != nil {
		log.Warn("the PDFs of the leaflets and reports were skipped: " + err.Error())
		return nil
	}
	p, stop, err := s.startPrinter(ctx, chromium, staging)
	if err != nil {
		return err
	}
	defer stop()
	if err := s.printLeaflets(p, log); err != nil {
		return err
	}
	return s.printReports(p, log)
}

// printer is a Chromium with the staged site served to it.
type printer struct {
	ctx     context.Context // the browser's
	staging string
	// site is the address of the staged site's top, with a slash at its end.
	site string
}

// startPrinter serves the staged site on loopback and starts a Chromium to print it.
func (s *Site) startPrinter(ctx context.Context, chromium, staging string) (*printer, func(), error) {
	// The pages refer to the stylesheet and fonts below the base URL's path, so the
	// staged folder is served there, on loopback only.
	base, err := basePath(s.Config.Site.BaseURL)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("serving the site to Chromium to print the PDFs: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(staging))))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()

	bctx, stopBrowser, err := startChromium(ctx, chromium)
	if err != nil {
		srv.Close()
		return nil, nil, fmt.Errorf("printing the PDFs: %w", err)
	}
	stop := func() {
		stopBrowser()
		srv.Close()
	}
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting Chromium (%s) to print the PDFs: %w (build with --no-pdf to leave the PDFs out)", chromium, err)
	}
	return &printer{ctx: bctx, staging: staging, site: "http://" + ln.Addr().String() + base}, stop, nil
}

// printLeaflets prints every leaflet page of the staged site (leaflets/<slug>/index.html;
// not the list of leaflets) to leaflets/<slug>/<slug>.pdf, and writes the PDF's number
// of pages and size into the page's download link.
func (s *Site) printLeaflets(p *printer, log *slog.Logger) error {
	pages, err := filepath.Glob(filepath.Join(p.staging, "leaflets", "*", "index.html"))
	if err != nil || len(pages) == 0 {
		return err
	}
	stage := s.Progress.Stage(fmt.Sprintf("printing the %d leaflets to PDF", len(pages)), "leaflets", int64(len(pages)))
	for i, page := range pages {
		slug := filepath.Base(filepath.Dir(page))
		pageURL := p.site + "leaflets/" + slug + "/"
		for _, ed := range leafletEditions {
			pdf, err := printPage(p.ctx, pageURL, chromedp.PDFScale(ed.scale))
			if err != nil {
				return fmt.Errorf("printing the %s leaflet to PDF (%s): %w", slug, ed.name, err)
			}
			pdf = normalisePDF(pdf, s.Config.Site.Published)
			if err := os.WriteFile(filepath.Join(filepath.Dir(page), slug+ed.suffix+".pdf"), pdf, 0o644); err != nil {
				return fmt.Errorf("writing the %s leaflet's PDF (%s): %w", slug, ed.name, err)
			}
			n := pdfPages(pdf)
			if err := describePDFLink(page, ed.name, n, len(pdf)); err != nil {
				return err
			}
			log.Info("printed leaflet", "leaflet", slug, "edition", ed.name, "pages", n, "bytes", len(pdf))
		}
		stage.Advance(int64(i+1), int64(i+1))
	}
	stage.Done(int64(len(pages)))
	return nil
}

// leafletEditions are the PDFs of each leaflet: as the print stylesheet sets it (body
// at 12 pt), and in large print for people who ask for it, as the NHS Accessible
// Information Standard expects a service to offer: the same page printed at 4/3 of its
// size, so the body is at 16 pt and every line, heading and phone number grows with it.
var leafletEditions = []struct {
	name   string // as in the page's span[data-pdf-details="name"]
	suffix string // of the file: <slug><suffix>.pdf
	scale  float64
}{
	{"standard", "", 1},
	{"large-print", "-large-print", 16.0 / 12},
}

// basePath is the path part of the site's base URL, with a slash at each end.
func basePath(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", fmt.Errorf("site.base_url %q: %w", baseURL, err)
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if p == "//" {
		p = "/"
	}
	return p, nil
}

// printPage prints one page on A4, as the browser prints it for a person: with print
// media, so the leaflet's print stylesheet applies, and with its own @page margins.
// The PDF is tagged, with the headings as its outline, for people who use a screen
// reader. extra options follow these (the large print's scale).
func printPage(bctx context.Context, pageURL string, extra ...chromedp.PDFOption) ([]byte, error) {
	ctx, cancel := context.WithTimeout(bctx, pdfPageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL), chromedp.WaitReady("body")); err != nil {
		return nil, fmt.Errorf("loading %s: %w", pageURL, err)
	}
	// The print must not start before the page's fonts have arrived.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("waiting for the fonts of %s: %w", pageURL, err)
	}
	opts := []chromedp.PDFOption{
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFOutlineAndTagged(),
	}
	return chromedp.Run(ctx, chromedp.PrintToPDF(append(opts, extra...)...))
}

var (
	pdfDate = regexp.MustCompile(`/(?:CreationDate|ModDate) ?\(D:[0-9]{14}[^)]*\)`)
	pdfID   = regexp.MustCompile(`/ID ?\[ ?<([0-9A-Fa-f]+)> ?<([0-9A-Fa-f]+)> ?\]`)
	pdfPage = regexp.MustCompile(`/Type ?/Page\b`)
	// pdfNode is the ID of an element of a tagged PDF's structure: Chromium names it
	// after the page's DOM node, whose number depends on what the page's scripts
	// made first.
	pdfNode = regexp.MustCompile(`\(node([0-9]+)\)`)
)

// normalisePDF makes the same page print to the same bytes, so the same input builds
// the same site. Chromium writes the time of printing as the document's creation and
// modification dates: they become the site's "published" date at midnight, or blanks
// when there is none. A document ID, should Chromium write one, becomes a digest of the
// rest of the file. Every change keeps its length, so the file's table of byte offsets
// stays right.
func normalisePDF(pdf []byte, published string) []byte {
	stamp := strings.ReplaceAll(published, "-", "") + "000000"
	pdf = pdfDate.ReplaceAllFunc(pdf, func(m []byte) []byte {
		if len(published) != len("2006-01-02") {
			return bytes.Repeat([]byte(" "), len(m))
		}
		i := bytes.Index(m, []byte("(D:")) + len("(D:")
		out := bytes.Clone(m)
		copy(out[i:], stamp)
		return out
	})
	pdf = renumberNodes(pdf)
	if loc := pdfID.FindSubmatchIndex(pdf); loc != nil {
		out := bytes.Clone(pdf)
		ids := [][]byte{out[loc[2]:loc[3]], out[loc[4]:loc[5]]}
		for _, id := range ids {
			copy(id, bytes.Repeat([]byte("0"), len(id)))
		}
		sum := sha256.Sum256(out)
		digest := strings.ToUpper(hex.EncodeToString(sum[:]))
		for _, id := range ids {
			copy(id, strings.Repeat(digest, len(id)/len(digest)+1))
		}
		pdf = out
	}
	return pdf
}

// renumberNodes numbers the structure elements' IDs 0, 1, 2, … in the order of their
// numbers, each written as wide as before, so the file keeps its length and the ID
// tree its order.
func renumberNodes(pdf []byte) []byte {
	var nums []int
	for _, m := range pdfNode.FindAllSubmatch(pdf, -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil {
			nums = append(nums, n)
		}
	}
	if len(nums) == 0 {
		return pdf
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	return pdfNode.ReplaceAllFunc(pdf, func(m []byte) []byte {
		digits := m[len("(node") : len(m)-1]
		n, err := strconv.Atoi(string(digits))
		if err != nil {
			return m
		}
		// The i-th of distinct numbers from 0 up is at least i: it fits.
		rank, _ := slices.BinarySearch(nums, n)
		return fmt.Appendf(nil, "(node%0*d)", len(digits), rank)
	})
}

// pdfPages counts the pages of a PDF that Chromium wrote: one /Type /Page object each.
func pdfPages(pdf []byte) int {
	return len(pdfPage.FindAllIndex(pdf, -1))
}

// describePDFLink writes "(2 pages, 62 KB)" into a page's link to one of its PDFs: the
// empty span[data-pdf-details="name"] (a leaflet's "standard" and "large-print" in
// layouts/leaflets/single.html, a report's "report" in layouts/partials/report.html).
// The page was printed before, and the link is not printed, so the PDF does not
// depend on it.
func describePDFLink(page, edition string, pages, size int) error {
	html, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	noun := "pages"
	if pages == 1 {
		noun = "page"
	}
	marker := fmt.Sprintf(`<span data-pdf-details="%s">`, edition)
	details := fmt.Sprintf(`%s (%d %s, %s)`, marker, pages, noun, figures.FileSize(int64(size)))
	html = bytes.ReplaceAll(html, []byte(marker+`</span>`), []byte(details+`</span>`))
	return os.WriteFile(page, html, 0o644)
}
