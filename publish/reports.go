package publish

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/iaptpub/iaptpub/publish/figures"
)

// Board-ready reports. A commissioner takes figures to a board as a paper with a
// date and page numbers, so the outcomes page and each evaluation page is also printed
// by Chromium to an A4 PDF beside the page: a cover (title, service, period, published
// date) and a contents page (layouts/partials/report.html), every chart and its table,
// the report and service named at the top of each page, the published date and
// "Page 3 of 12" at the foot,
// and each link followed by its full address (assets/css/report-print.css,
// assets/js/site.js).

// boardReport is a page of the site printed as a report.
type boardReport struct {
	// Name is the report's name in its file's name and in data/iaptpub/reports.json;
	// Page is the page's folder below the site.
	Name, Page string
}

var boardReports = []boardReport{
	{"outcomes", "outcomes"},
	{"costs", "evaluation/costs"},
	{"workforce", "evaluation/workforce"},
	{"benchmark", "evaluation/benchmark"},
}

// reportFile is a report's PDF's name: <service slug>-<report>-<published date>.pdf,
// so that a board's papers of two months do not collide.
func reportFile(cfg Config, name string) string {
	service := slug(cfg.Service.Name)
	if service == "" {
		service = "talking-therapies"
	}
	if cfg.Site.Published != "" {
		name += "-" + cfg.Site.Published
	}
	return service + "-" + name + ".pdf"
}

// reportsData is what the report pages' covers say (data/iaptpub/reports.json).
type reportsData struct {
	Service   string `json:"service"`
	Period    string `json:"period"`
	Published string `json:"published"`
}

// reports tells the report pages what their covers say.
func (g *generator) reports(r Results) error {
	return g.put("data/iaptpub/reports.json", reportsData{Service: r.Config.Service.Name, Period: coveredPeriod(r), Published: figures.LongDate(r.Config.Site.Published)})
}

// reportFiles names each report's PDF, by report, for the pages' links (the site
// parameter "reports"): from the configuration the build prints with, so that the
// links and the files agree.
func reportFiles(cfg Config) map[string]string {
	files := make(map[string]string, len(boardReports))
	for _, b := range boardReports {
		files[b.Name] = reportFile(cfg, b.Name)
	}
	return files
}

// coveredPeriod is the period the release's figures cover: "1 April 2023 to 31 March 2025".
func coveredPeriod(r Results) string {
	var first, last string
	for _, p := range r.Measures.Periods() {
		if first == "" || p.Start.String() < first {
			first = p.Start.String()
		}
		if p.End.String() > last {
			last = p.End.String()
		}
	}
	return figures.LongDate(first) + " to " + figures.LongDate(last)
}

// printReports prints each report page the staged site has to its PDF, beside the
// page, and writes the PDF's pages and size into the page's link to it.
func (s *Site) printReports(p *printer, log *slog.Logger) error {
	stage := s.Progress.Stage(fmt.Sprintf("printing the %d reports to PDF", len(boardReports)), "reports", int64(len(boardReports)))
	defer stage.Done(int64(len(boardReports)))
	for i, b := range boardReports {
		stage.Advance(int64(i), int64(i))
		page := filepath.Join(p.staging, filepath.FromSlash(b.Page), "index.html")
		if _, err := os.Stat(page); err != nil {
			continue // a site without this page (no costs without utilisation.csv)
		}
		pdf, err := printReport(p.ctx, p.site+b.Page+"/")
		if err != nil {
			return fmt.Errorf("printing the %s report to PDF: %w", b.Name, err)
		}
		pdf = normalisePDF(pdf, s.Config.Site.Published)
		if err := os.WriteFile(filepath.Join(filepath.Dir(page), reportFile(s.Config, b.Name)), pdf, 0o644); err != nil {
			return fmt.Errorf("writing the %s report's PDF: %w", b.Name, err)
		}
		n := pdfPages(pdf)
		if err := describePDFLink(page, "report", n, len(pdf)); err != nil {
			return err
		}
		log.Info("printed report", "report", b.Name, "pages", n, "bytes", len(pdf))
	}
	return nil
}

// The page is loaded for a window of reportWidth CSS pixels, 4/3 of the A4 page
// inside its margins (8.27 − 2 × 0.6 inches at 96 an inch; the margins are set by
// assets/css/report-print.css): the charts are drawn that wide, so that their labels
// have room, and printed at 3/4 of their size.
const reportWidth = 904

// printReport prints one report page on A4, as a reader's browser prints it: the print
// stylesheet sets the margins, the running title, the published date and
// the page numbers (assets/css/report-print.css, layouts/partials/report.html).
// The page is loaded as for print, so its charts are drawn at once, without
// animation, at the width of the paper (assets/js/site.js).
func printReport(bctx context.Context, pageURL string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(bctx, pdfPageTimeout)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}),
		chromedp.EmulateViewport(reportWidth, 1000),
		chromedp.Navigate(pageURL), chromedp.WaitReady("body"))
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", pageURL, err)
	}
	// The print must not start before the fonts have arrived and every chart is drawn.
	ready := `document.fonts.ready.then(() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.drawn === 'true'))`
	drawn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](ready, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("waiting for the fonts and charts of %s: %w", pageURL, err)
	}
	if !drawn {
		return nil, fmt.Errorf("%s: a chart was not drawn", pageURL)
	}
	return chromedp.Run(ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
	))
}
