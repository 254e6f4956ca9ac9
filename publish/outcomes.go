package publish

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/significance"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// measures reads controlled measures out of a measures result: every figure on the
// outcome pages passes through here, and so through disclosure control.
type measures struct {
	res   *measure.Result
	ref   *reference.Data
	rules disclosure.Rules
}

// scope is what one outcome page is about: a provider (or all) and a breakdown value.
type scope struct {
	Key, Title, Org, VariableType, VariableA string
}

func (f measures) cell(p measure.Period, s scope) measure.Cell {
	return measure.Cell{Period: p, Org: s.Org, VariableType: s.VariableType, VariableA: s.VariableA}
}

func (f measures) raw(p measure.Period, s scope, id string) measure.Raw {
	r, ok := f.res.Raw(f.cell(p, s), id)
	if !ok {
		// A cell with nobody in it: every count 0, every rate empty.
		m, _ := measure.Lookup(id)
		return measure.Raw{Kind: m.Kind}
	}
	return r
}

// value is a published figure with its interval (percentages only).
type value struct {
	Text     string `json:"text"`
	Unit     string `json:"unit,omitempty"` // "%" for percentages
	Low      string `json:"low,omitempty"`
	High     string `json:"high,omitempty"`
	Standard string `json:"standard,omitempty"`
	// Status is the verdict against the standard (package significance), "" when
	// there is none or the figure is not published; Tag is its NHS.UK tag colour.
	Status string `json:"status,omitempty"`
	Tag    string `json:"tag,omitempty"`
}

func (f measures) controlled(p measure.Period, s scope, id string) (disclosure.Value, disclosure.Value, disclosure.Value) {
	r := f.raw(p, s, id)
	lo, hi := r.Interval(f.rules)
	return r.Controlled(f.rules), lo, hi
}

func (f measures) value(p measure.Period, s scope, id string) value {
	v, lo, hi := f.controlled(p, s, id)
	out := value{Text: v.Text}
	if m, _ := measure.Lookup(id); m.Kind == measure.Percent {
		out.Unit = "%"
	}
	if lo.Published() && hi.Published() {
		out.Low, out.High = lo.Text, hi.Text
	}
	if st, ok := f.standard(id); ok {
		out.Standard = fmt.Sprintf("%g%%", st)
		r := f.raw(p, s, id)
		if verdict := significance.AgainstStandard(r.Num, r.Den, st/100, f.rules); verdict != significance.NotJudged {
			out.Status, out.Tag = verdict.String(), figures.Tag(verdict)
		}
	}
	return out
}

// standard is the target percentage of the national standard that measure id is read
// against (data/standards.toml), if there is one.
func (f measures) standard(id string) (float64, bool) {
	for _, s := range f.ref.Standards {
		if s.Measure == id {
			return s.TargetPercent, true
		}
	}
	return 0, false
}

// chartStandard is the standard a chart draws as a dashed line: one the charts cannot
// do without.
func (f measures) chartStandard(id string) (float64, error) {
	if st, ok := f.standard(id); ok {
		return st, nil
	}
	return 0, fmt.Errorf("%s has no standard for measure %s, which the outcome charts draw; add one", reference.StandardsFile, id)
}

// series is a measure's published percentages over periods, for a chart.
func (f measures) series(name string, periods []measure.Period, s scope, id string) figures.Series {
	out := figures.Series{Name: name}
	for _, p := range periods {
		v, lo, hi := f.controlled(p, s, id)
		out.Values, out.Lows, out.Highs = append(out.Values, v), append(out.Lows, lo), append(out.Highs, hi)
	}
	return out
}

// periodsOf returns the periods of one kind, oldest first.
func periodsOf(res *measure.Result, kind measure.PeriodKind) []measure.Period {
	var ps []measure.Period
	for _, p := range res.Periods() {
		if p.Kind == kind {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b measure.Period) int { return int(a.Start - b.Start) })
	return ps
}

func labels(ps []measure.Period) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Label
	}
	return out
}

// headlineName is the name a headline measure goes by on the page.
func headlineName(id string) string {
	for _, h := range headline {
		if h.id == id {
			return h.name
		}
	}
	return id
}

// mostlySuppressed reports whether most of a series' figures are not published
// ("*" or nothing): a monthly trend for a small group is then mostly gaps, and the
// page shows the quarterly one alone.
func mostlySuppressed(values []disclosure.Value) bool {
	published := 0
	for _, v := range values {
		if v.Published() {
			published++
		}
	}
	return 2*published < len(values)
}

// headline measures, in the order the page shows them.
var headline = []struct{ id, name string }{
	{measure.PercentageRecovery, "Recovery"},
	{measure.PercentageReliableImprovement, "Reliable improvement"},
	{measure.PercentageReliableRecovery, "Reliable recovery"},
	{measure.PercentageReliableDeterioration, "Reliable deterioration"},
	{measure.PercentageAccessingServices6WeeksFinishedCourseTreatment, "Started treatment within 6 weeks"},
	{measure.PercentageAccessingServices18WeeksFinishedCourseTreatment, "Started treatment within 18 weeks"},
}

// outcomePage is the data behind one outcome page (data/iaptpub/outcomes/KEY.json).
type outcomePage struct {
	Title string `json:"title"`
	Year  string `json:"year"`
	// MainPoints open the page: three to five sentences written from its figures.
	MainPoints []string          `json:"main_points"`
	Headline   []headlineFigure  `json:"headline"`
	Counts     map[string]string `json:"counts"`
	Waits      map[string]string `json:"waits"`
	Paired     value             `json:"paired"`
	// The figures, by where they are shown: the headline on the page itself, the
	// rest on its detail pages (see details).
	HeadlineCharts []figures.Chart `json:"headline_charts"`
	Counted        []figures.Chart `json:"counted"`
	Trends         []figures.Chart `json:"trends"`
	// MonthlyHidden says the monthly trend is left out: most months had too few
	// people to publish (mostlySuppressed).
	MonthlyHidden bool            `json:"monthly_hidden,omitempty"`
	WaitCharts    []figures.Chart `json:"wait_charts"`
	// Extra holds the sections only some pages have (integrated vs core only, the
	// persistent-physical-symptom measures, the condition questionnaire).
	Integrated []headlineFigure `json:"integrated,omitempty"`
	PPS        []headlineFigure `json:"pps,omitempty"`
	Condition  *conditionFigure `json:"condition,omitempty"`
	Breakdowns []figures.Chart  `json:"breakdowns,omitempty"`
	// Details are the page's detail pages that have figures, in order.
	Details []detail `json:"details"`
	// Pathways sums up each pathway's page, on the service's page only.
	Pathways []summaryRow `json:"pathways,omitempty"`
	// Pathway is the slug of the page's pathway, for its leaflet; Compared says the
	// headline figures carry the whole service's beside them.
	Pathway  string `json:"pathway,omitempty"`
	Compared bool   `json:"compared,omitempty"`
}

// summaryRow is one outcome page in a table that compares them: the pathways on the
// service's page, the providers on theirs.
type summaryRow struct {
	Name string `json:"name"`
	// Slug matches a pathway's leaflet (its front matter's pathway); "" for the core
	// service and the providers, which have none.
	Slug string `json:"slug,omitempty"`
	// URL is the page's address below the site's (no leading slash), for relURL.
	URL        string `json:"url"`
	Finished   string `json:"finished"`
	Recovery   value  `json:"recovery"`
	MedianWait string `json:"median_wait"`
}

// summaryRows is a row per page of specs, in their order: its recovery rate and
// median wait in the latest year, controlled.
func (f measures) summaryRows(year measure.Period, specs []outcomeSpec) []summaryRow {
	var out []summaryRow
	for _, p := range specs {
		row := summaryRow{Name: p.s.Title, URL: strings.TrimPrefix(p.url, "/"),
			Finished:   figures.Thousands(f.raw(year, p.s, measure.CountFinishedCourseTreatment).Controlled(f.rules).Text),
			Recovery:   f.value(year, p.s, measure.PercentageRecovery),
			MedianWait: f.raw(year, p.s, measure.MedianWaitAccessingServices).Controlled(f.rules).Text}
		if p.pathway != nil {
			row.Slug = p.pathway.Slug
		}
		out = append(out, row)
	}
	return out
}

// providerComparison is the providers' index: every provider's recovery and wait in one
// table, and their recovery rates in one chart beside the whole service's
// (data/iaptpub/providers.json).
type providerComparison struct {
	Year  string        `json:"year"`
	Rows  []summaryRow  `json:"rows"`
	Chart figures.Chart `json:"chart"`
}

// providers compares the provider pages of specs with the whole service (all).
func (f measures) providers(year measure.Period, all scope, specs []outcomeSpec) (providerComparison, error) {
	recovery, err := f.chartStandard(measure.PercentageRecovery)
	if err != nil {
		return providerComparison{}, err
	}
	pc := providerComparison{Year: year.Label, Rows: f.summaryRows(year, specs)}
	ser := figures.Series{Name: "Recovery"}
	var names []string
	var rates []figures.GroupRate
	for i, s := range append([]scope{all}, scopesOf(specs)...) {
		v, lo, hi := f.controlled(year, s, measure.PercentageRecovery)
		ser.Values, ser.Lows, ser.Highs = append(ser.Values, v), append(ser.Lows, lo), append(ser.Highs, hi)
		names = append(names, s.Title)
		if i > 0 { // the providers are compared with each other, not with the whole they make
			rates = append(rates, figures.GroupRate{Breakdown: "provider", Group: s.Title, Value: v, Low: lo, High: hi})
		}
	}
	names[0] = "Whole service"
	pc.Chart, err = figures.PercentBars("providers-recovery", figures.GroupFinding("provider", rates),
		fmt.Sprintf("The recovery rate of the whole service and of each provider in %s, with its 95%% interval; a dark tick marks the %g%% standard.", year.Label, recovery),
		names, ser, slices.Repeat([]float64{recovery}, len(names)))
	pc.Chart.Source = sourceRecords
	return pc, err
}

func scopesOf(specs []outcomeSpec) []scope {
	out := make([]scope, len(specs))
	for i, p := range specs {
		out[i] = p.s
	}
	return out
}

type headlineFigure struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	value
	// Service is the whole service's figure, on the pages of a part of it.
	Service *value `json:"service,omitempty"`
}

type conditionFigure struct {
	Instrument string `json:"instrument"`
	Note       string `json:"note"`
	Paired     string `json:"paired"`
	MeanFirst  string `json:"mean_first"`
	MeanLast   string `json:"mean_last"`
}

// countIDs are the counts the page's text and path chart use; the text has them with
// thousands separators, as a statistics publication writes them.
var countIDs = []string{measure.CountReferralsReceived, measure.CountAccessingServices, measure.CountEndedReferrals, measure.CountEndedBeforeTreatment, measure.CountEndedTreatedOnce, measure.CountFinishedCourseTreatment, measure.CountRecovery, measure.CountNotAtCaseness}

func (f measures) page(s scope, pathway *reference.Pathway, withBreakdowns bool) (outcomePage, error) {
	years := periodsOf(f.res, measure.Year)
	if len(years) == 0 {
		return outcomePage{}, fmt.Errorf("the export has no referrals in any financial year")
	}
	year := years[len(years)-1]
	pg := outcomePage{Title: s.Title, Year: year.Label, Counts: map[string]string{}, Waits: map[string]string{}}
	for _, h := range headline {
		pg.Headline = append(pg.Headline, headlineFigure{ID: h.id, Name: h.name, value: f.value(year, s, h.id)})
	}
	for _, id := range countIDs {
		pg.Counts[id] = figures.Thousands(f.raw(year, s, id).Controlled(f.rules).Text)
	}
	for _, id := range []string{measure.MeanWaitAccessingServices, measure.MedianWaitAccessingServices} {
		pg.Waits[id] = f.raw(year, s, id).Controlled(f.rules).Text
	}
	pg.Paired = f.value(year, s, measure.PercentagePairedPHQAndADSMOrGAD)

	recovery, err := f.chartStandard(measure.PercentageRecovery)
	if err != nil {
		return pg, err
	}
	sixWeeks, err := f.chartStandard(measure.PercentageAccessingServices6WeeksFinishedCourseTreatment)
	if err != nil {
		return pg, err
	}
	eighteenWeeks, err := f.chartStandard(measure.PercentageAccessingServices18WeeksFinishedCourseTreatment)
	if err != nil {
		return pg, err
	}
	id := func(name string) string { return s.Key + "-" + name }
	source := sourceRecords + ", " + s.Title
	// group collects a page's charts until the first error.
	var chartErr error
	group := func(cs ...func() (figures.Chart, error)) []figures.Chart {
		var out []figures.Chart
		for _, c := range cs {
			if chartErr != nil {
				return nil
			}
			var chart figures.Chart
			chart, chartErr = c()
			chart.Source = source
			out = append(out, chart)
		}
		return out
	}
	// bars draws headline measures as rows, each with its own standard (0: none).
	bars := func(name, title, summary string, ids ...string) func() (figures.Chart, error) {
		return func() (figures.Chart, error) {
			ser := figures.Series{Name: "Percentage"}
			var cats []string
			var standards []float64
			for _, m := range ids {
				v, lo, hi := f.controlled(year, s, m)
				ser.Values, ser.Lows, ser.Highs = append(ser.Values, v), append(ser.Lows, lo), append(ser.Highs, hi)
				st, _ := f.standard(m)
				standards = append(standards, st)
				cats = append(cats, headlineName(m))
			}
			return figures.PercentBars(id(name), title, summary, cats, ser, standards)
		}
	}
	recovered := f.percent(year, s, measure.PercentageRecovery, "recovered", "recovery")
	withinSixWeeks := f.percent(year, s, measure.PercentageAccessingServices6WeeksFinishedCourseTreatment, "started treatment within 6 weeks", "how many started treatment within 6 weeks")
	deteriorated := f.percent(year, s, measure.PercentageReliableDeterioration, "got reliably worse", "reliable deterioration")
	// The headline in three figures (issue #13): measures where higher is better,
	// the one where lower is better, and the waits, each standard on its own row.
	pg.HeadlineCharts = group(
		bars("outcomes", recovered.Finding(),
			fmt.Sprintf("Recovery, reliable improvement and reliable recovery among people who finished a course of treatment, each with its 95%% interval as a whisker; a dark tick marks the recovery standard of %g%% on its row.", recovery),
			measure.PercentageRecovery, measure.PercentageReliableImprovement, measure.PercentageReliableRecovery),
		bars("deterioration", deteriorated.Finding(),
			"Reliable deterioration: the share of people who finished a course of treatment whose scores got reliably worse, with its 95% interval. Lower is better; there is no national standard.",
			measure.PercentageReliableDeterioration),
		bars("waits-standards", withinSixWeeks.Finding(),
			fmt.Sprintf("The share of people who finished a course of treatment and had started it within 6 weeks and within 18 weeks of referral, each with its 95%% interval; a dark tick marks each row's standard: %g%% within 6 weeks, %g%% within 18 weeks.", sixWeeks, eighteenWeeks),
			measure.PercentageAccessingServices6WeeksFinishedCourseTreatment, measure.PercentageAccessingServices18WeeksFinishedCourseTreatment),
	)
	// counts draws controlled counts as rows, under a title worded from them.
	counts := func(name string, title func([]disclosure.Value) string, summary string, cats, ids []string) func() (figures.Chart, error) {
		return func() (figures.Chart, error) {
			var vs []disclosure.Value
			for _, m := range ids {
				vs = append(vs, f.raw(year, s, m).Controlled(f.rules))
			}
			return figures.CountBars(id(name), title(vs), summary, "Referrals", cats, vs)
		}
	}
	pg.Counted = group(
		counts("path", func(vs []disclosure.Value) string { return figures.PathFinding(year.Label, vs[0], vs[2], vs[3]) },
			"How many referrals were received, how many started treatment, how many finished a course of treatment and how many of those recovered, in "+year.Label+".",
			[]string{"Referred", "Started treatment", "Finished a course", "Recovered"},
			[]string{measure.CountReferralsReceived, measure.CountAccessingServices, measure.CountFinishedCourseTreatment, measure.CountRecovery}),
		counts("ended", func(vs []disclosure.Value) string {
			return figures.EndedFinding(year.Label, []string{"before treatment", "after one session", "after a course of treatment"}, vs)
		},
			"Of the referrals that ended in "+year.Label+", how many ended before treatment, after one treatment session, and after a course of treatment (2 or more sessions); only the last are in the recovery rate.",
			[]string{"Before treatment", "After 1 session", "After a course"},
			[]string{measure.CountEndedBeforeTreatment, measure.CountEndedTreatedOnce, measure.CountFinishedCourseTreatment}),
	)
	trend := func(kind measure.PeriodKind, name string) func() (figures.Chart, error) {
		return func() (figures.Chart, error) {
			ps := periodsOf(f.res, kind)
			rec := f.series("Recovery", ps, s, measure.PercentageRecovery)
			return figures.PercentTrend(id("trend-"+name), figures.TrendFinding("Recovery", name, labels(ps), rec),
				"Recovery and reliable improvement by "+name+": each line is a published percentage; the band around it, in its colour, is its 95% confidence interval, and the dashed line the recovery standard of "+fmt.Sprintf("%g%%", recovery)+".",
				labels(ps), []figures.Series{rec, f.series("Reliable improvement", ps, s, measure.PercentageReliableImprovement)}, recovery)
		}
	}
	pg.Trends = group(trend(measure.Quarter, "quarter"))
	months := periodsOf(f.res, measure.Month)
	if mostlySuppressed(f.series("Recovery", months, s, measure.PercentageRecovery).Values) {
		pg.MonthlyHidden = true
	} else {
		pg.Trends = append(pg.Trends, group(trend(measure.Month, "month"))...)
	}
	qs := periodsOf(f.res, measure.Quarter)
	median := f.raw(year, s, measure.MedianWaitAccessingServices).Controlled(f.rules)
	pg.WaitCharts = group(func() (figures.Chart, error) {
		return figures.PercentTrend(id("waits"), figures.WaitFinding(median, year.Label),
			"The share of people who finished a course of treatment and had started it within 6 weeks and within 18 weeks of referral, by quarter; the dashed line is the 6-week standard of "+fmt.Sprintf("%g%%", sixWeeks)+".",
			labels(qs), []figures.Series{f.series("Within 6 weeks", qs, s, measure.PercentageAccessingServices6WeeksFinishedCourseTreatment), f.series("Within 18 weeks", qs, s, measure.PercentageAccessingServices18WeeksFinishedCourseTreatment)}, sixWeeks)
	})
	if chartErr != nil {
		return pg, chartErr
	}

	if pathway != nil || s.VariableType == f.ref.Breakdowns.Pathway.VariableType {
		pg.Integrated = f.integrated(year, s)
	}
	if pathway != nil && pathway.PPSMeasures {
		pg.PPS = []headlineFigure{
			{ID: measure.PercentageRecovery, Name: "Recovery (anxiety measured with GAD-7 or the anxiety questionnaire)", value: f.value(year, s, measure.PercentageRecovery)},
			{ID: measure.PercentageRecoveryIncludingPPS, Name: "Recovery, with the symptom questionnaire in place of the anxiety one", value: f.value(year, s, measure.PercentageRecoveryIncludingPPS)},
			{ID: measure.PercentageReliableImprovement, Name: "Reliable improvement (standard measures)", value: f.value(year, s, measure.PercentageReliableImprovement)},
			{ID: measure.PercentageReliableImprovementIncludingPPS, Name: "Reliable improvement, with the symptom questionnaire", value: f.value(year, s, measure.PercentageReliableImprovementIncludingPPS)},
		}
	}
	if pathway != nil && pathway.ConditionMeasure != "" {
		name := pathway.ConditionMeasure
		if in, ok := f.ref.Instruments.Get(name); ok {
			name = in.Name
		}
		pg.Condition = &conditionFigure{
			Instrument: name,
			Note:       pathway.ConditionMeasureNote,
			MeanFirst:  f.raw(year, s, measure.MeanFirstScoreConditionMeasure).Controlled(f.rules).Text,
			MeanLast:   f.raw(year, s, measure.MeanLastScoreConditionMeasure).Controlled(f.rules).Text,
			Paired:     f.raw(year, s, measure.CountPairedConditionMeasure).Controlled(f.rules).Text,
		}
	}
	summary := figures.Summary{
		Period:               year.Label,
		Recovery:             recovered,
		MedianWait:           median,
		SixWeeks:             withinSixWeeks,
		Ended:                f.raw(year, s, measure.CountEndedReferrals).Controlled(f.rules),
		EndedBeforeTreatment: f.raw(year, s, measure.CountEndedBeforeTreatment).Controlled(f.rules),
		EndedAfterOneSession: f.raw(year, s, measure.CountEndedTreatedOnce).Controlled(f.rules),
		NotAtCaseness:        f.raw(year, s, measure.CountNotAtCaseness).Controlled(f.rules),
	}
	if withBreakdowns {
		bs, groups, err := f.breakdowns(year, s)
		if err != nil {
			return pg, err
		}
		pg.Breakdowns, summary.Groups = bs, groups
	}
	pg.MainPoints = summary.MainPoints()
	return pg, nil
}

// percent is a published percentage with its verdict against its standard, for a
// title or a sentence that states it.
func (f measures) percent(p measure.Period, s scope, id, did, name string) figures.Percent {
	r := f.raw(p, s, id)
	out := figures.Percent{Value: r.Controlled(f.rules).Text, Did: did, Measure: name, Period: p.Label}
	if st, ok := f.standard(id); ok {
		out.Standard = fmt.Sprintf("%g", st)
		out.Verdict = significance.AgainstStandard(r.Num, r.Den, st/100, f.rules)
	}
	return out
}

// integrated compares people seen within the integrated pathway with those seen by the
// core service only, among those who finished a course of treatment. The core-only
// figures are the cell's totals less the integrated ones (M274 = M076 − M273).
func (f measures) integrated(year measure.Period, s scope) []headlineFigure {
	n := func(id string) int { return f.raw(year, s, id).Num }
	finished, integ := n(measure.CountFinishedCourseTreatment), n(measure.CountFinishedIntegratedReferrals)
	notCase, integNotCase := n(measure.CountNotAtCaseness), n(measure.CountIntegratedReferralsNotAtCaseness)
	recovered, integRecovered := n(measure.CountRecovery), n(measure.CountIntegratedReferralsRecovered)
	pct := func(num, den int) value {
		v := f.rules.Percent(num, den)
		lo, hi := f.rules.Interval(num, den)
		out := value{Text: v.Text, Unit: "%"}
		if lo.Published() && hi.Published() {
			out.Low, out.High = lo.Text, hi.Text
		}
		return out
	}
	return []headlineFigure{
		{ID: measure.CountFinishedIntegratedReferrals, Name: "Finished a course, seen in the integrated pathway", value: value{Text: f.rules.Count(integ).Text}},
		{ID: measure.CountFinishedIntegratedReferralsCoreOnly, Name: "Finished a course, seen by the core service only", value: value{Text: f.rules.Count(finished - integ).Text}},
		{ID: measure.PercentageIntegratedReferralsRecovered, Name: "Recovery, integrated pathway", value: pct(integRecovered, integ-integNotCase)},
		{ID: "", Name: "Recovery, core service only", value: pct(recovered-integRecovered, (finished-integ)-(notCase-integNotCase))},
	}
}

// breakdowns draws the recovery rate of each group of each breakdown in one year, and
// gives the rates of the known groups for the Main points to compare.
func (f measures) breakdowns(year measure.Period, s scope) ([]figures.Chart, []figures.GroupRate, error) {
	recovery, err := f.chartStandard(measure.PercentageRecovery)
	if err != nil {
		return nil, nil, err
	}
	b := f.ref.Breakdowns
	var pathwayNames []string
	for _, p := range f.ref.Pathways {
		pathwayNames = append(pathwayNames, p.Name)
	}
	types := []string{b.LTCStatus.VariableType, b.Pathway.VariableType, b.AgeGroup.VariableType,
		b.Gender.VariableType, b.Ethnic.VariableType, b.Deprivation.VariableType, b.Integrated.VariableType}
	unknown := []string{b.LTCStatus.NotStated, b.AgeGroup.NotKnown, b.Gender.Other, b.Ethnic.Other, b.Deprivation.NotKnown}
	var out []figures.Chart
	var rates []figures.GroupRate
	for _, vt := range types {
		var groups []string
		for _, c := range f.res.Cells() {
			if c.Period == year && c.Org == s.Org && c.VariableType == vt && !slices.Contains(groups, c.VariableA) {
				groups = append(groups, c.VariableA)
			}
		}
		if len(groups) == 0 {
			continue
		}
		naturalOrder(groups, b.Order(vt, pathwayNames))
		labels := slices.Clone(groups)
		if vt == b.Deprivation.VariableType {
			for i, g := range labels {
				labels[i] = decileLabel(g)
			}
		}
		ser := figures.Series{Name: "Recovery"}
		var known []figures.GroupRate
		for _, g := range groups {
			gs := scope{Org: s.Org, VariableType: vt, VariableA: g}
			v, lo, hi := f.controlled(year, gs, measure.PercentageRecovery)
			ser.Values, ser.Lows, ser.Highs = append(ser.Values, v), append(ser.Lows, lo), append(ser.Highs, hi)
			if !slices.Contains(unknown, g) {
				name := g
				if vt == b.Deprivation.VariableType {
					name = "decile " + decileLabel(g)
				}
				known = append(known, figures.GroupRate{Breakdown: breakdownWords(b, vt), Group: name, Value: v, Low: lo, High: hi})
			}
		}
		rates = append(rates, known...)
		c, err := figures.PercentBars(s.Key+"-by-"+slug(vt), figures.GroupFinding(breakdownWords(b, vt), known),
			"The recovery rate of each group in "+year.Label+", with its 95% confidence interval; a star in the table means too few people to publish.",
			labels, ser, slices.Repeat([]float64{recovery}, len(groups)))
		if err != nil {
			return nil, nil, err
		}
		// The table also gives how many finished a course in each group.
		c.Table.Head = append(c.Table.Head, "Finished a course")
		for i, g := range groups {
			gs := scope{Org: s.Org, VariableType: vt, VariableA: g}
			c.Table.Rows[i] = append(c.Table.Rows[i], f.raw(year, gs, measure.CountFinishedCourseTreatment).Controlled(f.rules).Text)
		}
		c.Source = sourceRecords + ", " + s.Title
		out = append(out, c)
	}
	return out, rates, nil
}

// breakdownWords names a breakdown as a sentence says it, after "by": "age group",
// "deprivation decile", "whether care was integrated".
func breakdownWords(b reference.Breakdowns, variableType string) string {
	switch variableType {
	case b.Deprivation.VariableType:
		return "deprivation decile"
	case b.Integrated.VariableType:
		return "whether care was integrated"
	case b.LTCStatus.VariableType:
		return "long-term condition status"
	}
	return strings.ToLower(variableType)
}

// naturalOrder sorts groups into order (reference data's natural order), anything it
// does not list last in the order of its labels.
func naturalOrder(groups, order []string) {
	slices.SortStableFunc(groups, func(a, b string) int {
		i, j := slices.Index(order, a), slices.Index(order, b)
		switch {
		case i < 0 && j < 0:
			return strings.Compare(a, b)
		case i < 0:
			return 1
		case j < 0:
			return -1
		}
		return i - j
	})
}

// decileLabel names the ends of the deprivation scale, so that a reader knows which
// way it runs: "1 (most deprived)", "10 (least deprived)".
func decileLabel(decile string) string {
	switch decile {
	case "1":
		return "1 (most deprived)"
	case "10":
		return "10 (least deprived)"
	}
	return decile
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func marshal(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
