package publish

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/publish/figures"
	"github.com/iaptpub/iaptpub/publish/workbook"
)

// Results are what a build publishes: what the pipeline computed from the export, and
// what the command adds.
type Results struct {
	pipeline.Results
	// Benchmark is the national annual publication the service is compared with; nil
	// means the one the sources ship with (benchmark.Shipped).
	Benchmark *benchmark.Publication
	// Config names the service and dates the release: the workbook's name and cover
	// come from it.
	Config Config
	// LeftOut lists the files published although more of them than allowed was left
	// out (build --allow-partial); empty for a complete build.
	LeftOut []LeftOut
}

// Generate turns the results into the generated half of the site: the data each page
// reads, the generated pages, and the downloads. Only controlled figures go in.
func Generate(r Results) (map[string][]byte, error) {
	return GenerateWhileCosting(r, func() (*pipeline.CostEvaluation, error) { return r.Costs, nil })
}

// GenerateWhileCosting is Generate for results whose cost evaluation is still being
// computed (pipeline.Start; r.Costs is not read): everything that does not need it
// is generated first, then costs waits for it. At national scale the evaluation's
// bootstrap runs on the other cores meanwhile. The files are Generate's, in the same
// order wherever order shows (the workbook's tables, the list of downloads).
func GenerateWhileCosting(r Results, costs func() (*pipeline.CostEvaluation, error)) (map[string][]byte, error) {
	g := generator{files: map[string][]byte{}, f: measures{res: r.Measures, ref: r.Reference, rules: r.Rules}, scopes: map[string]string{}}
	// The workbook's table of every measure, most of its rows, is rendered while the
	// pages are made and the evaluation goes on: Write, after the evaluation, would
	// otherwise wait for it alone.
	g.allMeasures = allMeasures(r)
	if err := g.outcomes(); err != nil {
		return nil, err
	}
	if err := g.put("data/iaptpub/readiness.json", r.Readiness); err != nil {
		return nil, err
	}
	if err := g.waits(); err != nil {
		return nil, err
	}
	// The cost page's charts come here, after the waits; they are put in their place
	// once the evaluation is done.
	costsAt := g.mark()
	if err := g.workforce(r); err != nil {
		return nil, err
	}
	if err := g.benchmark(r.Benchmark, r.Sources); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := measure.WriteCSV(&buf, r.Measures, true, r.Rules); err != nil {
		return nil, err
	}
	g.files["static/downloads/measures.csv"] = buf.Bytes()
	ev, err := costs()
	if err != nil {
		return nil, err
	}
	if err := g.insert(costsAt, func() error { return g.costs(ev, r) }); err != nil {
		return nil, err
	}
	if err := g.spreadsheet(r); err != nil {
		return nil, err
	}
	if err := g.reports(r); err != nil {
		return nil, err
	}
	if err := g.release(r.Config); err != nil {
		return nil, err
	}
	if err := g.put("data/iaptpub/downloads.json", g.downloads); err != nil {
		return nil, err
	}
	if len(r.LeftOut) > 0 {
		if err := g.put("data/iaptpub/partial.json", map[string]any{"files": r.LeftOut}); err != nil {
			return nil, err
		}
	}
	return g.files, nil
}

type generator struct {
	files     map[string][]byte
	f         measures
	downloads []download
	// charts are every chart's figures, for the workbook; scopes name the group an
	// outcome page is about, by the page's address.
	charts []pageChart
	scopes map[string]string
	// allMeasures is the workbook's table of every measure, rendering since
	// generation began.
	allMeasures workbook.Table
	// headline is the headline figures of all referrals, for the release archive.
	headline headlineTable
}

// mark is a place among the charts and downloads listed so far, for insert.
type mark struct{ charts, downloads int }

func (g *generator) mark() mark { return mark{len(g.charts), len(g.downloads)} }

// insert runs generate, which lists charts and downloads, and puts what it lists at m,
// before those listed since.
func (g *generator) insert(m mark, generate func() error) error {
	charts, downloads := slices.Clone(g.charts[m.charts:]), slices.Clone(g.downloads[m.downloads:])
	g.charts, g.downloads = g.charts[:m.charts], g.downloads[:m.downloads]
	err := generate()
	g.charts, g.downloads = append(g.charts, charts...), append(g.downloads, downloads...)
	return err
}

// download is one chart's figures offered as CSV, listed on /downloads/.
type download struct {
	Title string `json:"title"`
	Page  string `json:"page"`
	File  string `json:"file"`
}

func (g *generator) put(name string, v any) error {
	data, err := marshal(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	g.files[name] = data
	return nil
}

// frontMatter is what a generated page says about itself; its layout draws the rest
// from the generated data.
type frontMatter struct {
	Title       string `toml:"title"`
	LinkTitle   string `toml:"linkTitle,omitempty"`
	Description string `toml:"description"`
	Weight      int    `toml:"weight"`
	// Layout picks a template of the page's section other than single.html.
	Layout string `toml:"layout,omitempty"`
	// Scope names the page's data file (data/iaptpub/outcomes/SCOPE.json).
	Scope string `toml:"scope,omitempty"`
	// Detail names the part of an outcome page a detail page shows (details).
	Detail string `toml:"detail,omitempty"`
	// Charts loads ECharts on the page.
	Charts bool `toml:"charts,omitempty"`
}

// page writes a generated page: front matter only.
func (g *generator) page(dir string, fm frontMatter) error {
	return g.frontMatter(path.Join("content", dir, "index.md"), fm)
}

// section writes a generated page that has pages below it: front matter only.
func (g *generator) section(dir string, fm frontMatter) error {
	return g.frontMatter(path.Join("content", dir, "_index.md"), fm)
}

func (g *generator) frontMatter(name string, fm frontMatter) error {
	var b bytes.Buffer
	b.WriteString("+++\n")
	if err := toml.NewEncoder(&b).Encode(fm); err != nil {
		return fmt.Errorf("page %s: %w", name, err)
	}
	b.WriteString("+++\n")
	g.files[name] = b.Bytes()
	return nil
}

// sourceRecords is the "Source:" of a figure from the service's export.
const sourceRecords = "This service's own records (the NHS Talking Therapies data set it sends to NHS England)"

// chartFiles writes the CSV of every chart of a page and lists it for /downloads/.
func (g *generator) chartFiles(pageURL string, charts ...[]figures.Chart) error {
	for _, cs := range charts {
		for _, c := range cs {
			var buf bytes.Buffer
			w := csvsafe.NewWriter(&buf)
			t := c.Figures()
			if err := w.Write(t.Head); err != nil {
				return err
			}
			if err := w.WriteAll(t.Rows); err != nil {
				return err
			}
			g.files["static/"+c.Download] = buf.Bytes()
			g.downloads = append(g.downloads, download{Title: c.Title, Page: pageURL, File: c.Download})
			g.charts = append(g.charts, pageChart{pageURL, c})
		}
	}
	return nil
}

// outcomeSpec is one outcome page: its scope, its pathway (for pathway pages), where
// its generated page goes (none for /outcomes/ itself, which is hand-written), and
// whether it shows the breakdowns.
type outcomeSpec struct {
	s          scope
	pathway    *reference.Pathway
	dir, url   string
	breakdowns bool
}

// detail is one of the pages an outcome page keeps its detail on, below its own
// address (/outcomes/trends/, /outcomes/diabetes/trends/), so that the page itself
// stays short: its Main points, headline figures and links.
type detail struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Description string `json:"description"`
	charts      func(outcomePage) []figures.Chart
}

var details = []detail{
	{"who-is-counted", "Who is counted", "Who is in the recovery rate and who is not, how referrals ended, and the other measures of this group.",
		func(p outcomePage) []figures.Chart { return p.Counted }},
	{"trends", "Trends", "Recovery and reliable improvement over time.",
		func(p outcomePage) []figures.Chart { return p.Trends }},
	{"waits", "Waiting times", "How long people waited from referral to their first treatment session.",
		func(p outcomePage) []figures.Chart { return p.WaitCharts }},
	{"groups", "Recovery by group", "Recovery by age, gender, ethnic group, deprivation, long-term condition and pathway.",
		func(p outcomePage) []figures.Chart { return p.Breakdowns }},
}

// reservedSlugs are the names below /outcomes/ that are not pathways: a pathway with
// one of them as its slug would take another page's address.
func reservedSlugs() []string {
	out := []string{"providers", "core-service"}
	for _, d := range details {
		out = append(out, d.Slug)
	}
	return out
}

func (g *generator) outcomes() error {
	f := g.f
	b := f.ref.Breakdowns
	all := scope{Key: "all", Title: "All referrals", Org: measure.AllOrgs, VariableType: b.Total.VariableType, VariableA: b.Total.Label}
	pages := []outcomeSpec{{s: all, url: "/outcomes/", breakdowns: true}}
	for i := range f.ref.Pathways {
		p := &f.ref.Pathways[i]
		if slices.Contains(reservedSlugs(), p.Slug) {
			return fmt.Errorf("%s: pathway %q has the slug %q, the address of another outcome page (/outcomes/%s/); give it another slug", reference.PathwaysFile, p.Name, p.Slug, p.Slug)
		}
		s := scope{Key: "pathway-" + p.Slug, Title: p.Name, Org: measure.AllOrgs, VariableType: b.Pathway.VariableType, VariableA: p.Name}
		pages = append(pages, outcomeSpec{s, p, "outcomes/" + p.Slug, "/outcomes/" + p.Slug + "/", false})
	}
	core := scope{Key: "pathway-core-service", Title: b.Pathway.None, Org: measure.AllOrgs, VariableType: b.Pathway.VariableType, VariableA: b.Pathway.None}
	pages = append(pages, outcomeSpec{core, nil, "outcomes/core-service", "/outcomes/core-service/", false})

	providers := providersOf(f.res)
	if len(providers) > 1 {
		g.files["content/outcomes/providers/_index.md"] = []byte("+++\ntitle = \"Providers\"\ndescription = \"The same outcomes for each provider of the service.\"\nweight = 100\ncharts = true\n+++\n")
		for _, org := range providers {
			s := scope{Key: "provider-" + strings.ToLower(org), Title: "Provider " + org, Org: org, VariableType: b.Total.VariableType, VariableA: b.Total.Label}
			pages = append(pages, outcomeSpec{s, nil, "outcomes/providers/" + strings.ToLower(org), "/outcomes/providers/" + strings.ToLower(org) + "/", true})
		}
	}

	years := periodsOf(f.res, measure.Year)
	if len(years) == 0 {
		return fmt.Errorf("the export has no referrals in any financial year")
	}
	year := years[len(years)-1]
	if len(providers) > 1 {
		pc, err := f.providers(year, all, pages[len(pages)-len(providers):])
		if err != nil {
			return fmt.Errorf("outcomes by provider: %w", err)
		}
		if err := g.put("data/iaptpub/providers.json", pc); err != nil {
			return err
		}
		if err := g.chartFiles("/outcomes/providers/", []figures.Chart{pc.Chart}); err != nil {
			return err
		}
	}
	// service is the whole service's headline, which every other page is read beside:
	// the first page's.
	var service []headlineFigure
	for i, p := range pages {
		pg, err := f.page(p.s, p.pathway, p.breakdowns)
		if err != nil {
			return fmt.Errorf("outcomes of %s: %w", p.s.Title, err)
		}
		for _, d := range details {
			if len(d.charts(pg)) > 0 {
				pg.Details = append(pg.Details, d)
			}
		}
		if p.s.Key == all.Key {
			g.headline = headlineTable{Year: pg.Year, Group: p.s.Title, Figures: pg.Headline}
			service = pg.Headline
			var pathways []outcomeSpec
			for _, q := range pages {
				if q.s.VariableType == b.Pathway.VariableType {
					pathways = append(pathways, q)
				}
			}
			pg.Pathways = f.summaryRows(year, pathways)
		} else {
			// A part of the service is read beside the whole of it.
			pg.Compared = true
			for i := range pg.Headline {
				pg.Headline[i].Service = &service[i].value
			}
		}
		if p.pathway != nil {
			pg.Pathway = p.pathway.Slug
		}
		if err := g.put("data/iaptpub/outcomes/"+p.s.Key+".json", pg); err != nil {
			return err
		}
		g.scopes[p.url] = p.s.Title
		if err := g.chartFiles(p.url, pg.HeadlineCharts); err != nil {
			return err
		}
		if p.dir != "" {
			err := g.section(p.dir, frontMatter{Title: p.s.Title, Weight: i, Scope: p.s.Key, Charts: true,
				Description: "Published outcomes for " + p.s.Title + ": recovery, improvement and waiting times."})
			if err != nil {
				return err
			}
		}
		for j, d := range pg.Details {
			url := p.url + d.Slug + "/"
			g.scopes[url] = p.s.Title
			if err := g.chartFiles(url, d.charts(pg)); err != nil {
				return err
			}
			err := g.page(path.Join("outcomes", strings.TrimPrefix(p.url, "/outcomes/"), d.Slug), frontMatter{
				Title: d.Title + ": " + p.s.Title, LinkTitle: d.Title, Weight: j + 1, Scope: p.s.Key, Detail: d.Slug, Charts: true,
				Description: d.Description})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// providersOf lists the providers of the result, in the order of its cells.
func providersOf(res *measure.Result) []string {
	var out []string
	seen := map[string]bool{measure.AllOrgs: true}
	for _, c := range res.Cells() {
		if !seen[c.Org] {
			seen[c.Org] = true
			out = append(out, c.Org)
		}
	}
	return out
}

// wait is what a leaflet says about how long people usually wait.
type wait struct {
	Published       bool    `json:"published"`
	MedianDays      float64 `json:"median_days,omitempty"`
	MedianWeeksText string  `json:"median_weeks_text,omitempty"`
	Period          string  `json:"period"`
	Finished        string  `json:"finished"`
}

// waits gives each pathway's leaflet the median wait to first treatment (M049) in the
// latest year, when disclosure control lets it be published.
func (g *generator) waits() error {
	years := periodsOf(g.f.res, measure.Year)
	if len(years) == 0 {
		return fmt.Errorf("the export has no referrals in any financial year")
	}
	year := years[len(years)-1]
	b := g.f.ref.Breakdowns
	out := map[string]wait{}
	for _, p := range g.f.ref.Pathways {
		s := scope{Org: measure.AllOrgs, VariableType: b.Pathway.VariableType, VariableA: p.Name}
		median := g.f.raw(year, s, measure.MedianWaitAccessingServices).Controlled(g.f.rules)
		w := wait{Period: year.Label, Finished: g.f.raw(year, s, measure.CountFinishedCourseTreatment).Controlled(g.f.rules).Text}
		if median.Published() {
			w.Published, w.MedianDays, w.MedianWeeksText = true, median.Number, figures.Weeks(median.Number)
		}
		out[p.Slug] = w
	}
	return g.put("data/iaptpub/waits.json", out)
}
