package publish

import (
	"bytes"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/publish/figures"
	"github.com/iaptpub/iaptpub/publish/workbook"
)

// workbookDownload is the workbook as /downloads/ lists it, first of all the files.
type workbookDownload struct {
	File string `json:"file"`
	// Size is "84 KB" or "7.0 MB" (figures.FileSize), as beside every download.
	Size string `json:"size"`
}

// pageChart is a chart whose figures are published, with the page that shows it.
type pageChart struct {
	page  string
	chart figures.Chart
}

// spreadsheet writes every table the site publishes (the figures behind each chart
// and the whole measures CSV) into one accessible workbook,
// /downloads/<service slug>-<published date>.xlsx, and lists it for /downloads/.
// Its sheet of all measures holds the rows the site's measures CSV is written from
// (measure.Result.Rows), so the two cannot differ.
func (g *generator) spreadsheet(r Results) error {
	cfg := r.Config
	file := workbookFile(cfg)
	wb := &workbook.Workbook{
		Title: "Published figures of " + cfg.Service.Name,
		Cover: g.cover(r, file),
		Notes: notes(r),
	}
	if published, err := time.Parse(time.DateOnly, cfg.Site.Published); err == nil {
		wb.Published = published
	}
	for i, pc := range g.charts {
		title := pc.chart.Title
		if scope := g.scopes[pc.page]; scope != "" {
			title = scope + ": " + title
		}
		head, rows := sheetTable(pc.chart.Figures())
		wb.Tables = append(wb.Tables, workbook.Table{
			Sheet: fmt.Sprintf("Table_%d", i+1), Title: title, Head: head, Rows: rows,
			Description: "The figures behind the chart of that name on " + siteURL(cfg, pc.page),
		})
	}
	wb.Tables = append(wb.Tables, g.allMeasures)
	var buf bytes.Buffer
	if err := workbook.Write(&buf, wb); err != nil {
		return fmt.Errorf("writing the workbook %s: %w", file, err)
	}
	g.files["static/"+file] = buf.Bytes()
	return g.put("data/iaptpub/workbook.json", workbookDownload{File: file, Size: figures.FileSize(int64(buf.Len()))})
}

// allMeasures is the workbook's last table, every measure in long format: known as
// soon as the measures are, and rendered from then on (workbook.Render).
func allMeasures(r Results) workbook.Table {
	return workbook.Render(workbook.Table{
		Sheet: "All_measures",
		Title: "All outcome measures, every period, provider and group",
		Description: "One row per figure, as in " + siteURL(r.Config, "/downloads/measures.csv") +
			". MEASURE_VALUE is in the unit its MEASURE_NAME starts with: Count_ (people or referrals), Percentage_ (%), Mean_ or Median_ (days, appointments or scores, as the name says).",
		Head: measure.Header,
		Rows: measureRows(r.Measures, r.Rules),
	})
}

// workbookFile is where the workbook goes below the site: named for the service and
// the published date, so that a reader's downloads of two releases do not collide.
func workbookFile(cfg Config) string {
	name := slug(cfg.Service.Name)
	if name == "" {
		name = "talking-therapies"
	}
	if cfg.Site.Published != "" {
		name += "-" + cfg.Site.Published
	}
	return "downloads/" + name + ".xlsx"
}

// siteURL is the full address of a page of the site, as a reader of a downloaded
// file needs it (relative when the configuration gives no host).
func siteURL(cfg Config, page string) string {
	return strings.TrimSuffix(cfg.Site.BaseURL, "/") + page
}

func (g *generator) cover(r Results, file string) []workbook.Section {
	cfg := r.Config
	var first, last measure.Period
	for i, p := range r.Measures.Periods() {
		if i == 0 || p.Start < first.Start {
			first = p
		}
		if i == 0 || p.End > last.End {
			last = p
		}
	}
	published, next := figures.LongDate(cfg.Site.Published), "To be announced."
	if published == "" {
		published = "Not stated (the configuration has no site.published date)."
	}
	if cfg.Site.NextUpdate != "" {
		next = figures.LongDate(cfg.Site.NextUpdate)
	}
	s := []workbook.Section{
		{Heading: "About these figures", Text: "Every table published on the website of " + cfg.Service.Name +
			", in one workbook: the outcomes of treatment, waiting times, and the evaluations for commissioners. " +
			"The figures are the website's, with the same disclosure control."},
		{Heading: "Period covered", Text: figures.LongDate(first.Start.String()) + " to " + figures.LongDate(last.End.String())},
		{Heading: "Published", Text: published},
		{Heading: "Next update", Text: next},
	}
	if e := cfg.Service.Email; e != "" {
		s = append(s, workbook.Section{Heading: "Contact by email", Text: e, Link: "mailto:" + e})
	}
	if p := cfg.Service.Phone; p != "" {
		s = append(s, workbook.Section{Heading: "Contact by phone", Text: p})
	}
	if w := cfg.Service.Website; w != "" {
		s = append(s, workbook.Section{Heading: "The service's website", Text: w, Link: w})
	}
	cite := cfg.Service.Name + ", published figures"
	if cfg.Site.Published != "" {
		cite += ", " + published
	}
	return append(s,
		workbook.Section{Heading: "Source", Text: "The service's own records, processed by iaptpub."},
		workbook.Section{Heading: "How to cite", Text: cite + ". " + siteURL(cfg, "/"+file)},
		workbook.Section{Heading: "Notes", Text: "The Notes worksheet says what " + workbook.Confidential + " and " +
			workbook.NotAvailable + " mean, how the figures are rounded, and where each measure is defined."},
	)
}

func notes(r Results) []string {
	least, to := r.Rules.Minimum, r.Rules.RoundTo
	return []string{
		fmt.Sprintf("%s marks a figure held back to protect confidentiality: it is based on fewer than %d people, or it is a percentage that would reveal fewer than %d people. The website shows a star (*) in its place.", workbook.Confidential, least, least),
		workbook.NotAvailable + " marks a figure that is not available: nobody was in the group, or the measure does not apply. The website leaves it blank.",
		fmt.Sprintf("Counts of people and of referrals are rounded to the nearest %d, and no count below %d is published. A percentage and its 95%% interval are worked out from the rounded counts, so that they reveal nothing the counts do not, and are published only where the count, the total and the difference between them are each %d or more. Means and medians are worked out from the exact figures.", to, least, least),
		"Percentages are whole numbers from 0 to 100 in a column headed (%): 46 means 46%. A 95% interval is the range of likely values of a percentage (its 95% confidence interval), given as its lower and upper ends.",
		"How each measure is defined and how the figures are worked out is on the methodology page: " + siteURL(r.Config, "/methodology/"),
	}
}

// sheetTable turns a chart's table, as the site shows it, into a table for the
// workbook: the first column names the rows, an empty header names its column, a
// column of whole numbers without a unit is a count, an interval "40 to 52" becomes two columns of numbers with the
// unit of the column before it, and "*" and blank become [c] and [x].
func sheetTable(t figures.Table) ([]string, iter.Seq2[[]workbook.Cell, error]) {
	type column struct {
		interval bool
		head     []string
	}
	cols := make([]column, len(t.Head))
	for i, h := range t.Head {
		c := column{head: []string{h}}
		switch {
		case h == "":
			c.head[0] = "Category"
		case strings.Contains(h, "interval") && allCells(t, i, isInterval):
			unit := ""
			if i > 0 {
				unit = unitOf(t.Head[i-1])
			}
			c = column{interval: true, head: []string{h + ", lower" + unit, h + ", upper" + unit}}
		case i > 0 && !strings.Contains(h, "(") && allCells(t, i, isWhole):
			c.head[0] = h + " (count)"
		}
		cols[i] = c
	}
	var head []string
	for _, c := range cols {
		head = append(head, c.head...)
	}
	rows := func(yield func([]workbook.Cell, error) bool) {
		for _, r := range t.Rows {
			out := make([]workbook.Cell, 0, len(head))
			for i, v := range r {
				if i == 0 {
					// The first column names its row ("1" is a decile, not a figure).
					out = append(out, workbook.Text(v))
					continue
				}
				if !cols[i].interval {
					out = append(out, sheetCell(v))
					continue
				}
				lo, hi, ok := strings.Cut(v, " to ")
				if !ok {
					lo, hi = v, v
				}
				out = append(out, sheetCell(lo), sheetCell(hi))
			}
			if !yield(out, nil) {
				return
			}
		}
	}
	return head, rows
}

// unitOf is " (%)" for "Recovery (%)": the bracketed unit a header ends with.
func unitOf(h string) string {
	if i := strings.LastIndex(h, " ("); i >= 0 && strings.HasSuffix(h, ")") {
		return h[i:]
	}
	return ""
}

var (
	numberText = regexp.MustCompile(`^[-+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$`)
	wholeText  = regexp.MustCompile(`^\d+$`)
)

// allCells reports whether every figure of column i that is shown is of the kind
// ok accepts, and at least one is shown.
func allCells(t figures.Table, i int, ok func(string) bool) bool {
	shown := false
	for _, r := range t.Rows {
		if v := r[i]; v != "" && v != "*" {
			if !ok(v) {
				return false
			}
			shown = true
		}
	}
	return shown
}

func isWhole(v string) bool { return wholeText.MatchString(v) }

func isInterval(v string) bool {
	lo, hi, ok := strings.Cut(v, " to ")
	return ok && numberText.MatchString(lo) && numberText.MatchString(hi)
}

// sheetCell is a published figure as the workbook stores it: a number shown with
// as many decimal places as the site shows.
func sheetCell(v string) workbook.Cell {
	switch {
	case v == "*":
		return workbook.Text(workbook.Confidential)
	case v == "":
		return workbook.Text(workbook.NotAvailable)
	case plainNumber(v) || numberText.MatchString(v):
		n, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
		if err == nil {
			places := 0
			if _, decimals, ok := strings.Cut(v, "."); ok {
				places = len(decimals)
			}
			return workbook.Number(n, places)
		}
	}
	return workbook.Text(v)
}

// plainNumber reports whether v is a number as strconv writes one, such as "-12.5":
// digits, a minus sign before them or not, and a decimal point with digits after it
// or not. numberText accepts every such number too; this test is here because it
// costs a small fraction of the regular expression's, and the hundreds of thousands
// of figures of a national build's measures are all of this kind.
func plainNumber(v string) bool {
	whole, decimals, point := strings.Cut(strings.TrimPrefix(v, "-"), ".")
	return digits(whole) && (!point || digits(decimals))
}

// digits reports whether s is one or more of the digits 0 to 9.
func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// measureRows are the rows of the measures CSV (measure.Result.Rows, with disclosure
// control) as rows of the workbook: the labels as text, the figure as sheetCell
// stores it. One slice is reused for every row, as workbook.Table allows.
func measureRows(res *measure.Result, rules disclosure.Rules) iter.Seq2[[]workbook.Cell, error] {
	return func(yield func([]workbook.Cell, error) bool) {
		row := make([]workbook.Cell, len(measure.Header))
		for p := range res.Rows(true, rules) {
			row[0], row[1], row[2], row[3] = workbook.Text(p.Start), workbook.Text(p.End), workbook.Text(p.Org), workbook.Text(p.VariableType)
			row[4], row[5], row[6], row[7] = workbook.Text(p.VariableA), workbook.Text(p.ID), workbook.Text(p.Name), sheetCell(p.Value)
			if !yield(row, nil) {
				return
			}
		}
	}
}
