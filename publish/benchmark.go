package publish

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/significance"
	"github.com/iaptpub/iaptpub/evaluation/stats"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// benchmarkURL is where the benchmarking page is published.
const benchmarkURL = "/evaluation/benchmark/"

// funnelMethod draws the funnel plot's limits. The exact binomial limits stay right for
// the smallest providers, where the normal approximation is too narrow on one side.
const funnelMethod = stats.Exact

// benchmarkPage is the data behind /evaluation/benchmark/ (data/iaptpub/benchmark.json).
// Figures of England and its providers are the publication's own (already published);
// figures of this service are controlled, as everywhere on the site.
type benchmarkPage struct {
	// Year is the national file's financial year, "" when its name does not say.
	Year string `json:"year"`
	// File is the national file's name (without the folder it was read from).
	File    string `json:"file"`
	Shipped bool   `json:"shipped"`
	// ServiceYear is the service's financial year beside England's: the same year when
	// the export has it (SameYear), otherwise its latest.
	ServiceYear string `json:"service_year"`
	SameYear    bool   `json:"same_year"`

	// MainPoints are the page's opening sentences (benchmarkMainPoints).
	MainPoints []string `json:"main_points"`

	Groups []comparisonGroup `json:"groups"`
	// Recovery draws the groups' recovery rates, England's beside the service's.
	Recovery figures.Chart `json:"recovery"`

	Funnel figures.Chart `json:"funnel"`
	// Method names how the limits are drawn; England is England's recovery rate.
	Method  string `json:"method"`
	England string `json:"england"`
	// Providers is how many providers are on the plot; Outside, Above and Below count
	// them against the 95% limits (index 0) and the 99.8% limits (index 1), and
	// Expected is how many would lie outside by chance alone.
	Providers int       `json:"providers"`
	Outside   [2]int    `json:"outside"`
	Above     [2]int    `json:"above"`
	Below     [2]int    `json:"below"`
	Expected  [2]string `json:"expected"`
	// Overdispersed: more providers lie outside the 95% limits than chance could
	// plausibly put there, so the page says what that means (see overdispersed).
	Overdispersed bool `json:"overdispersed"`
	// ProviderTable is every provider on the plot, and this service, by name.
	ProviderTable []providerRow  `json:"provider_table"`
	LeftOut       int            `json:"left_out"`
	LeftOutWhy    []leftOutGroup `json:"left_out_why"`
	// Own is this service's point computed here, when its figures are published;
	// OwnNote says why it is not plotted otherwise.
	Own     *ownPoint `json:"own,omitempty"`
	OwnNote string    `json:"own_note,omitempty"`
	// ExportProviders are the providers (ODS codes) of the export; Marked are those
	// found among the national file's providers, marked on the plot.
	ExportProviders []string `json:"export_providers"`
	Marked          []string `json:"marked"`

	Reconciliation []reconciliation `json:"reconciliation"`
	// ReconcileNote says why there is nothing to reconcile, when there is not.
	ReconcileNote string `json:"reconcile_note,omitempty"`
}

// comparisonGroup is one table of England beside the service: all referrals, or one
// long-term-condition status.
type comparisonGroup struct {
	Title string          `json:"title"`
	Rows  []comparisonRow `json:"rows"`
}

// comparisonRow is one measure of England beside the service. A percentage of the
// service is given to the precision of England's (one decimal place), and Compared
// says whether it is better, similar or worse (significance.AgainstEngland), "" for a
// count or a figure not compared; Tag is its NHS.UK tag colour.
type comparisonRow struct {
	Name     string `json:"name"`
	England  value  `json:"england"`
	Service  value  `json:"service"`
	Compared string `json:"compared,omitempty"`
	Tag      string `json:"tag,omitempty"`
}

// providerRow is one provider of the funnel plot in the page's table of them, with
// the numbers its columns are sorted by.
type providerRow struct {
	Name          string  `json:"name"`
	Code          string  `json:"code"`
	N             string  `json:"n"`
	NValue        int     `json:"n_value"`
	Recovery      string  `json:"recovery"`
	RecoveryValue float64 `json:"recovery_value"`
	// Place is where it lies against the limits, in words: "Inside", "Outside: above
	// the 95% limits", "Outside: above the 95% and 99.8% limits"; Outside says
	// whether it lies outside the 95% limits.
	Place   string `json:"place"`
	Outside bool   `json:"outside"`
	// Own is "provider" for this service's providers in the national file,
	// "service" for this service computed here, "" for the rest.
	Own string `json:"own,omitempty"`
}

type leftOutGroup struct {
	Reason    string   `json:"reason"`
	Providers []string `json:"providers"`
}

type ownPoint struct {
	Label    string `json:"label"`
	Recovery string `json:"recovery"`
	N        string `json:"n"`
	At95     string `json:"at95"`
	At998    string `json:"at998"`
}

// reconciliation is one provider of the export found in the national file: its
// published figures beside those computed here.
type reconciliation struct {
	Code string         `json:"code"`
	Name string         `json:"name"`
	Rows []reconcileRow `json:"rows"`
}

type reconcileRow struct {
	Name       string `json:"name"`
	Published  string `json:"published"`
	Computed   string `json:"computed"`
	Difference string `json:"difference"`
}

// benchmark writes /evaluation/benchmark/: the service beside England, every provider
// of the national file on a funnel plot, and the reconciliation of the export's
// providers found in it. pub nil means the publication the sources ship with.
func (g *generator) benchmark(pub *benchmark.Publication, sources fs.FS) error {
	if pub == nil {
		var err error
		if pub, err = benchmark.Load(sources, ""); err != nil {
			return err
		}
	}
	years := periodsOf(g.f.res, measure.Year)
	if len(years) == 0 {
		return fmt.Errorf("the export has no referrals in any financial year")
	}
	year, same := years[len(years)-1], false
	if i := slices.IndexFunc(years, func(p measure.Period) bool { return p.Label == pub.Year }); pub.Year != "" && i >= 0 {
		year, same = years[i], true
	}
	pg := benchmarkPage{
		Year: pub.Year, File: path.Base(filepath.ToSlash(pub.Name)), Shipped: pub.Name == benchmark.Shipped,
		ServiceYear: year.Label, SameYear: same, Method: funnelMethod.String(),
		ExportProviders: providersOf(g.f.res),
	}
	var err error
	if pg.Groups, pg.Recovery, err = g.comparison(pub, year); err != nil {
		return err
	}
	national := "NHS England, NHS Talking Therapies annual publication"
	if pub.Year != "" {
		national += ", " + pub.Year
	}
	pg.Recovery.Source = national + " (" + pg.File + "), and " + strings.ToLower(sourceRecords[:1]) + sourceRecords[1:] + ", " + year.Label

	fun, err := pub.RecoveryFunnel(funnelMethod)
	if err != nil {
		return err
	}
	pg.England = figures.Fixed(fun.Target*100, 1)
	own := map[string]bool{}
	for _, p := range fun.Points {
		if slices.ContainsFunc(pg.ExportProviders, func(o string) bool { return strings.EqualFold(o, p.OrgCode) }) {
			own[p.OrgCode] = true
			pg.Marked = append(pg.Marked, p.OrgCode)
		}
	}
	var extra []benchmark.FunnelPoint
	if pt, note := g.ownFunnelPoint(fun, year); note != "" {
		pg.OwnNote = note
	} else {
		extra = append(extra, pt)
		pg.Own = &ownPoint{Label: pt.OrgName, Recovery: figures.Fixed(pt.Proportion*100, 0), N: figures.Thousands(strconv.Itoa(pt.N)),
			At95: pt.Position[0].String(), At998: pt.Position[1].String()}
	}
	sum := fun.Summary()
	var ownPt *benchmark.FunnelPoint
	if len(extra) > 0 {
		ownPt = &extra[0]
	}
	englandYear := pub.Year
	if englandYear == "" {
		englandYear = "year not known"
	}
	pg.Funnel, err = figures.FunnelPlot("benchmark-funnel", figures.FunnelFinding(sum, ownPt),
		"Recovery of every provider in England ("+englandYear+") against the number of people behind it (finished a course of treatment at caseness), with the 95% and 99.8% control limits around England's rate. Providers outside the 95% limits are squares; this service is the labelled triangle, drawn on top.",
		fun, own, extra...)
	if err != nil {
		return err
	}
	pg.Providers, pg.Outside, pg.Above, pg.Below, pg.Overdispersed = sum.Providers, sum.Outside, sum.Above, sum.Below, sum.Overdispersed
	for level, x := range sum.Expected {
		pg.Expected[level] = chanceText(x)
	}
	for _, p := range fun.Points {
		row := providerTableRow(p, 1)
		if own[p.OrgCode] {
			row.Own = "provider"
		}
		pg.ProviderTable = append(pg.ProviderTable, row)
	}
	for _, p := range extra {
		row := providerTableRow(p, 0)
		row.Own = "service"
		pg.ProviderTable = append(pg.ProviderTable, row)
	}
	slices.SortStableFunc(pg.ProviderTable, func(a, b providerRow) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	pg.LeftOut = len(fun.LeftOut)
	for _, gr := range fun.LeftOutByReason() {
		names := make([]string, len(gr.Providers))
		for i, l := range gr.Providers {
			names[i] = figures.TitleCase(l.OrgName) + " (" + l.OrgCode + ")"
		}
		pg.LeftOutWhy = append(pg.LeftOutWhy, leftOutGroup{Reason: gr.Reason, Providers: names})
	}
	pg.Reconciliation, pg.ReconcileNote = g.reconcile(pub, year, same, pg.ExportProviders)
	pg.MainPoints = benchmarkMainPoints(g.benchmarkFigures(pub, year, sum, ownPt))

	// The downloads carry every column; the page's table of the funnel, a dozen
	// columns wide, is narrowed to fit beside the chart (see funnelPageTable).
	pg.Funnel.Source = national + " (" + pg.File + ")"
	if err := g.chartFiles(benchmarkURL, []figures.Chart{pg.Recovery, pg.Funnel}); err != nil {
		return err
	}
	pg.Funnel.Table = funnelPageTable(pg.Funnel.Table)
	if err := g.put("data/iaptpub/benchmark.json", pg); err != nil {
		return err
	}
	return g.page("evaluation/benchmark", frontMatter{
		Title:       "Benchmarking against England",
		Description: "How the service's recovery and improvement compare with England's, every provider in England on a funnel plot, and the national figures set beside ours.",
		Weight:      30, Layout: "benchmark", Charts: true,
	})
}

// comparison sets England's outcomes beside the service's, for all referrals and for
// each long-term-condition status England's file has, in tables and, for recovery, a
// chart.
func (g *generator) comparison(pub *benchmark.Publication, year measure.Period) ([]comparisonGroup, figures.Chart, error) {
	b := g.f.ref.Breakdowns
	groups := []struct {
		title, short, variableType, variableA, ours string
	}{
		{"All referrals", "All referrals", benchmark.TotalBreakdown, "", b.Total.Label},
		{"People with a long-term physical condition", "Long-term condition", b.LTCStatus.VariableType, b.LTCStatus.With, b.LTCStatus.With},
		{"People with no long-term physical condition", "No long-term condition", b.LTCStatus.VariableType, b.LTCStatus.Without, b.LTCStatus.Without},
		{"Long-term-condition status not recorded", "Not recorded", b.LTCStatus.VariableType, b.LTCStatus.NotStated, b.LTCStatus.NotStated},
	}
	var out []comparisonGroup
	var recoveryCompared significance.Comparison // for all referrals
	var categories []string
	var england []benchmark.Percentage
	ours := figures.Series{Name: "This service"}
	for _, gr := range groups {
		row, ok := pub.England(gr.variableType, gr.variableA)
		if !ok {
			continue
		}
		vt := gr.variableType
		if vt == benchmark.TotalBreakdown {
			vt = b.Total.VariableType
		}
		s := scope{Org: measure.AllOrgs, VariableType: vt, VariableA: gr.ours}
		finished := g.f.raw(year, s, measure.CountFinishedCourseTreatment).Controlled(g.f.rules)
		rows := []comparisonRow{{
			Name:    "Finished a course of treatment",
			England: value{Text: figures.Thousands(row.FinishedCourseTreatment.String())},
			Service: value{Text: figures.Thousands(finished.Text)},
		}}
		counts := func(id string) (int, int) { r := g.f.raw(year, s, id); return r.Num, r.Den }
		for _, b := range benchmark.BesideEngland(row, counts, g.f.rules) {
			r := comparisonRow{Name: b.Figure.Name, England: percentValue(b.England),
				Service: value{Text: b.Service.Text, Unit: "%"}}
			if b.Low.Published() && b.High.Published() {
				r.Service.Low, r.Service.High = b.Low.Text, b.High.Text
			}
			if b.Compared != significance.NotCompared {
				r.Compared, r.Tag = b.Compared.String(), figures.ComparisonTag(b.Compared)
			}
			if b.Figure.Measure == measure.PercentageRecovery {
				if len(out) == 0 {
					recoveryCompared = b.Compared
				}
				// Drawn at the precision of England's beside it, as the table gives it.
				ours.Values, ours.Lows, ours.Highs = append(ours.Values, b.Service), append(ours.Lows, b.Low), append(ours.Highs, b.High)
			}
			rows = append(rows, r)
		}
		out = append(out, comparisonGroup{Title: gr.title, Rows: rows})

		categories, england = append(categories, gr.short), append(england, row.PercentRecovery)
	}
	englandYear, ourYear := pub.Year, year.Label
	if englandYear == "" {
		englandYear = "year not known"
	}
	title := figures.EnglandFinding{Measure: "Recovery", Period: ourYear, EnglandPeriod: englandYear}
	if len(out) > 0 {
		for _, r := range out[0].Rows {
			if r.Name == "Recovery" {
				title.Service, title.England, title.Compared = r.Service.Text, r.England.Text, recoveryCompared
			}
		}
	}
	c, err := figures.ComparisonBars("benchmark-recovery", title.Finding(),
		"Recovery of this service and of England for all referrals and by whether a long-term physical condition was recorded. Each bar is this service's rate, with its 95% confidence interval as a line with a cap at each end; the dark tick on each row is England's rate.",
		categories, england, ours)
	return out, c, err
}

// benchmarkFigures gathers the figures the main points are written from: the
// service's recovery against its standard and, for all referrals, each outcome
// against England's.
func (g *generator) benchmarkFigures(pub *benchmark.Publication, year measure.Period, sum benchmark.Summary, own *benchmark.FunnelPoint) benchmarkFigures {
	s := scope{Org: measure.AllOrgs, VariableType: g.f.ref.Breakdowns.Total.VariableType, VariableA: g.f.ref.Breakdowns.Total.Label}
	rec := g.f.raw(year, s, measure.PercentageRecovery)
	out := benchmarkFigures{Summary: sum, Recovery: figures.Percent{Value: rec.Controlled(g.f.rules).Text, Did: "recovered", Measure: "recovery", Period: year.Label}}
	if st, ok := g.f.standard(measure.PercentageRecovery); ok {
		out.Recovery.Standard = fmt.Sprintf("%g", st)
		out.Recovery.Verdict = significance.AgainstStandard(rec.Num, rec.Den, st/100, g.f.rules)
	}
	if own != nil {
		out.Own = &own.Position[0]
	}
	england, ok := pub.England(benchmark.TotalBreakdown, "")
	if !ok {
		return out
	}
	counts := func(id string) (int, int) { r := g.f.raw(year, s, id); return r.Num, r.Den }
	for _, b := range benchmark.BesideEngland(england, counts, g.f.rules) {
		if b.Figure.Measure == measure.PercentageRecovery {
			out.Precise, out.England, out.Compared = b.Service.Text, b.England.String(), b.Compared
			continue
		}
		out.Others = append(out.Others, namedComparison{b.Figure.Name, b.Compared})
	}
	return out
}

// ownFunnelPoint places the service as a whole on the funnel at its controlled
// figures: the published recovery rate (M192) at the published number of people who
// finished at caseness (X002), judged from the published counts the rate is computed
// from (benchmark.Funnel.Place): not from the exact counts, which would tell more than
// the published figures. note says why there is no point when there is none.
func (g *generator) ownFunnelPoint(fun benchmark.Funnel, year measure.Period) (benchmark.FunnelPoint, string) {
	s := scope{Org: measure.AllOrgs, VariableType: g.f.ref.Breakdowns.Total.VariableType, VariableA: g.f.ref.Breakdowns.Total.Label}
	raw := g.f.raw(year, s, measure.PercentageRecovery)
	rate := raw.Controlled(g.f.rules)
	num, den, _ := g.f.rules.Proportion(raw.Num, raw.Den) // published when rate is
	n := g.f.raw(year, s, measure.CountAtCaseness).Controlled(g.f.rules)
	recovered := g.f.raw(year, s, measure.CountRecovery).Controlled(g.f.rules)
	if !rate.Published() || !n.Published() {
		return benchmark.FunnelPoint{}, "This service's recovery rate in " + year.Label + " is not plotted: too few people finished a course of treatment to publish it."
	}
	judged := benchmark.Rate{Num: num, Den: den}.Proportion()
	return fun.Place("", "This service (computed here, "+year.Label+")", int(recovered.Number), int(n.Number), rate.Number/100, judged), ""
}

// reconcile sets each provider of the export that the national file has beside the
// figures computed here for the same year. note says why there is nothing to show.
func (g *generator) reconcile(pub *benchmark.Publication, year measure.Period, same bool, providers []string) ([]reconciliation, string) {
	if !same {
		return nil, "The national figures cannot be reconciled with this service's: the export has no figures for the national file's year."
	}
	b := g.f.ref.Breakdowns
	var out []reconciliation
	for _, code := range providers {
		row, ok := pub.Find(code, benchmark.TotalBreakdown, "")
		if !ok {
			continue
		}
		s := scope{Org: code, VariableType: b.Total.VariableType, VariableA: b.Total.Label}
		rec := reconciliation{Code: code, Name: row.OrgName}
		ours := func(id string) disclosure.Value { return g.f.raw(year, s, id).Controlled(g.f.rules) }
		for _, r := range benchmark.Reconcile(row, ours) {
			diff := ""
			if r.HasDifference {
				diff = figures.Signed(r.Difference)
				if r.Figure.IsPercent() {
					diff += " points"
					if math.Abs(r.Difference) == 1 {
						diff = strings.TrimSuffix(diff, "s")
					}
				}
			}
			rec.Rows = append(rec.Rows, reconcileRow{Name: r.Figure.Name, Published: figures.Thousands(r.Published), Computed: figures.Thousands(r.Computed.Text), Difference: diff})
		}
		out = append(out, rec)
	}
	if len(out) == 0 {
		if len(providers) == 0 {
			return nil, "The export names no provider, so there is nothing to reconcile."
		}
		return nil, "None of this service's providers (" + strings.Join(providers, ", ") + ") is in the national file, so there is nothing to reconcile."
	}
	return out, ""
}

// funnelPageTable narrows FunnelPlot's table to fit the page on a small screen: each
// pair of limits in one column ("40.2 to 59.8"), names in title case (the download
// keeps the publication's capitals), this service's rows marked in the provider's name, and without the recovered count (the rate and its denominator give
// it) or the places against the limits (the list of providers outside them gives
// those). The CSV download keeps every column.
func funnelPageTable(full figures.Table) figures.Table {
	// Columns of FunnelPlot's table: 0 provider, 1 code, 2 recovered, 3 denominator,
	// 4 rate, 5–6 the 95% limits, 7–8 the 99.8% limits, 9–10 places, 11 this service.
	out := figures.Table{Head: []string{"Provider", "ODS code", "Recovery (%)", "Finished at caseness", "95% limits (%)", "99.8% limits (%)"}}
	for _, r := range full.Rows {
		name := figures.TitleCase(r[0])
		if r[1] != "" && r[11] != "" {
			name += " (this service's provider)"
		}
		out.Rows = append(out.Rows, []string{name, r[1], r[4], figures.Thousands(r[3]), r[5] + " to " + r[6], r[7] + " to " + r[8]})
	}
	return out
}

// providerTableRow is p as a row of the provider table, its recovery rate given to
// places decimal places (1 for the national file's providers, 0 for this service's
// published whole percent).
func providerTableRow(p benchmark.FunnelPoint, places int) providerRow {
	place := "Inside"
	if p.Position[0] != benchmark.Within {
		place = "Outside: " + p.Position[0].String() + " the 95% limits"
		if p.Position[1] != benchmark.Within {
			place = "Outside: " + p.Position[0].String() + " the 95% and 99.8% limits"
		}
	}
	return providerRow{Name: figures.TitleCase(p.OrgName), Code: p.OrgCode,
		N: figures.Thousands(strconv.Itoa(p.N)), NValue: p.N,
		Recovery: figures.Fixed(p.Proportion*100, places), RecoveryValue: figures.Round(p.Proportion*100, places),
		Place: place, Outside: p.Position[0] != benchmark.Within}
}

// percentValue is a percentage of the national file as a published figure.
func percentValue(p benchmark.Percentage) value {
	if _, ok := p.Get(); ok {
		return value{Text: p.String(), Unit: "%"}
	}
	return value{Text: p.String()}
}

// chanceText says how many of a number of providers chance alone would put outside
// the limits: "about 7", or "fewer than 1".
func chanceText(x float64) string {
	if x < 0.5 {
		return "fewer than 1"
	}
	return "about " + strconv.Itoa(int(math.Round(x)))
}
