package publish

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// workforcePage is the data of /evaluation/workforce/ (data/iaptpub/workforce.json):
// the shipped scenarios side by side, their assumptions, what the service's own records
// show beside them, and what changing one assumption does.
type workforcePage struct {
	// MainPoints are the page's first sentences (workforcePoints).
	MainPoints []string `json:"main_points"`
	// Groups are the scenarios of one scope each, the whole population first, then
	// each long-term-condition pathway: scenarios of different scope answer different
	// questions, so they are never drawn as alternatives to one another.
	Groups []scopeView `json:"groups"`
	// Missing are the values no scenario entered, said once, with the key to set.
	Missing     []missingView  `json:"missing"`
	Scenarios   []scenarioView `json:"scenarios"`
	Sensitivity *sensitivity   `json:"sensitivity,omitempty"`
	Download    string         `json:"download"`
	Folder      string         `json:"folder"`
	// PriceYear is the price year of every cost on the page, PriceIndex the inflation
	// index that restated the scenarios' staff costs at it.
	PriceYear  string `json:"price_year"`
	PriceIndex string `json:"price_index"`
	// CurrentFrom says where today's staff come from when every scenario takes them
	// from the same place: "records", "entered", "" (not known) or "mixed".
	CurrentFrom string `json:"current_from"`
	// Records are the service's own figures beside the scenarios' assumptions, a
	// table for all referrals and one for each pathway a scenario names.
	Records []recordsView `json:"records"`
	// HasRecords is false when the build has no records (HasIntensity in each view
	// says whether contacts carry an intensity).
	HasRecords bool `json:"has_records"`
}

// scopeView is the scenarios of one scope side by side: a chart when there are
// alternatives to compare, and their figures, with no row that a scenario cannot fill.
type scopeView struct {
	ID      string         `json:"id"`
	Heading string         `json:"heading"` // the finding
	Title   string         `json:"title"`   // "The whole population", "Diabetes pathway"
	Chart   *figures.Chart `json:"chart,omitempty"`
	Compare figures.Table  `json:"compare"`
}

// missingView is a value not entered in one or more scenarios: what it is, the key to
// set and the files that lack it.
type missingView struct {
	Name   string   `json:"name"`
	Key    string   `json:"key"`
	Tables []string `json:"tables"` // the TOML tables it goes under, none for the top level
	Files  []string `json:"files"`
}

// recordsView sets what a group of referrals' records show beside the assumptions of
// the scenarios compared with them.
type recordsView struct {
	Title        string        `json:"title"`
	From         string        `json:"from"`
	To           string        `json:"to"`
	HasIntensity bool          `json:"has_intensity"`
	Unknown      string        `json:"unknown"`   // contacts of the year with no intensity, controlled; "" for none
	Sentences    []string      `json:"sentences"` // "You deliver 4.0 low-intensity contacts …"
	Table        figures.Table `json:"table"`
}

type scenarioView struct {
	Name  string `json:"name"`
	File  string `json:"file"`
	Notes string `json:"notes"`
	// Mode is the caseload reading, "scaled" or "net"; ModeText says it in words.
	Mode        string           `json:"mode"`
	ModeText    string           `json:"mode_text"`
	Assumptions []assumptionView `json:"assumptions"`
}

type assumptionView struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	Source  string `json:"source"`
	Local   bool   `json:"local"`
	NotUsed bool   `json:"not_used"`
}

// sensitivity shows the effect of changing one assumption of a scenario at a time.
type sensitivity struct {
	// Heading states which assumption tried moves the need most.
	Heading  string     `json:"heading"`
	Scenario string     `json:"scenario"`
	File     string     `json:"file"`
	Head     []string   `json:"head"`
	Rows     [][]string `json:"rows"`
}

// workforceDir holds the shipped scenarios in the site sources.
const workforceDir = "data/workforce"

// workforceScenario is a scenario at the report's price year with the records it is
// set beside (nil for none).
type workforceScenario struct {
	workforce.Scenario
	delivered *workforce.Delivered
}

// loadWorkforce reads the scenarios of the site sources, restates their staff costs
// at r.PriceYear and finds the records each is set beside: all referrals, or the
// pathway an LTC scenario names.
func loadWorkforce(r Results) ([]workforceScenario, error) {
	scenarios, err := workforce.LoadAll(r.Sources, workforceDir)
	if err != nil {
		return nil, err
	}
	out := make([]workforceScenario, len(scenarios))
	for i, s := range scenarios {
		if s, err = s.At(r.Prices, r.PriceYear); err != nil {
			return nil, err
		}
		out[i].Scenario = s
		if out[i].delivered, err = r.Workforce.For(s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// workforce writes the workforce page from the scenarios of the site sources, which
// are a service's own when it builds with --site.
func (g *generator) workforce(r Results) error {
	scenarios, err := loadWorkforce(r)
	if err != nil {
		return err
	}
	results := make([]workforce.Result, len(scenarios))
	for i, s := range scenarios {
		results[i] = workforce.Compute(s.Scenario, s.delivered)
	}
	pg := workforcePage{Folder: workforceDir + "/", Download: "downloads/workforce.csv",
		PriceYear: r.PriceYear, PriceIndex: r.Prices.Name, HasRecords: r.Workforce != nil}

	for i, res := range results {
		pg.Scenarios = append(pg.Scenarios, viewScenario(scenarios[i].Scenario, res))
		for _, role := range res.Roles {
			switch {
			case i == 0 && role.Role == workforce.LowIntensity:
				pg.CurrentFrom = role.CurrentFrom
			case role.CurrentFrom != pg.CurrentFrom:
				pg.CurrentFrom = "mixed"
			}
		}
	}
	pg.Missing = missingValues(results)
	var charts []figures.Chart
	for _, group := range byScope(scenarios, results) {
		v, err := viewScope(group)
		if err != nil {
			return err
		}
		if v.Chart != nil {
			charts = append(charts, *v.Chart)
		}
		pg.Groups = append(pg.Groups, v)
	}
	pg.MainPoints = workforcePoints(byScope(scenarios, results), r.PriceYear)
	pg.Records = viewRecords(scenarios, r)
	pg.Sensitivity = sensitivityOf(scenarios[0].Scenario, scenarios[0].delivered)

	var buf bytes.Buffer
	if err := workforce.WriteCSV(&buf, results); err != nil {
		return err
	}
	g.files["static/"+pg.Download] = buf.Bytes()
	if err := g.chartFiles("/evaluation/workforce/", charts); err != nil {
		return err
	}
	if err := g.put("data/iaptpub/workforce.json", pg); err != nil {
		return err
	}
	return g.page("evaluation/workforce", frontMatter{
		Title:       "Workforce capacity",
		Description: "How many low- and high-intensity practitioners the local need calls for, under each scenario, with every assumption and where it came from.",
		Weight:      20, Layout: "workforce", Charts: true,
	})
}

// staffScope is the scenarios of one scope: the whole population (LTC nil) or the people
// on one condition's register.
type staffScope struct {
	ltc       *workforce.LTC
	scenarios []workforce.Scenario
	results   []workforce.Result
}

// byScope groups the scenarios by what they cover, the whole population first, then
// each condition in the order its first scenario comes.
func byScope(scenarios []workforceScenario, results []workforce.Result) []staffScope {
	var out []staffScope
	key := func(l *workforce.LTC) string {
		if l == nil {
			return ""
		}
		return l.Condition
	}
	for i, s := range scenarios {
		k := slices.IndexFunc(out, func(g staffScope) bool { return key(g.ltc) == key(s.LTC) })
		if k < 0 {
			out = append(out, staffScope{ltc: s.LTC})
			k = len(out) - 1
		}
		out[k].scenarios = append(out[k].scenarios, s.Scenario)
		out[k].results = append(out[k].results, results[i])
	}
	slices.SortStableFunc(out, func(a, b staffScope) int {
		switch {
		case a.ltc == nil && b.ltc != nil:
			return -1
		case a.ltc != nil && b.ltc == nil:
			return 1
		}
		return 0
	})
	return out
}

// viewScope is a scope's section: its heading states the need, its chart (only when
// there are alternatives to compare) and its table put the scenarios side by side.
func viewScope(g staffScope) (scopeView, error) {
	v := scopeView{ID: "need", Title: "The whole population", Heading: needHeading(g), Compare: compareScenarios(g.results)}
	if g.ltc != nil {
		v.ID, v.Title = "pathway-"+slug(g.ltc.Condition), g.ltc.Condition+" pathway"
	}
	if len(g.results) < 2 {
		return v, nil
	}
	roles := []string{"Low intensity", "High intensity"}
	var series []figures.BarSeries
	for _, r := range g.results {
		s := figures.BarSeries{Name: r.Name}
		for _, role := range r.Roles {
			s.Values = append(s.Values, disclosure.Value{Text: figures.Decimal(role.WTERequired, 2), Number: figures.Round(role.WTERequired, 2)})
		}
		series = append(series, s)
	}
	c, err := figures.GroupedBars("workforce-wte", figures.NeedFinding(series),
		"The whole-time equivalent (WTE) practitioners each scenario for the whole population calls for, low intensity (step 2) and high intensity (step 3), by scenario.",
		"WTE", roles, series)
	if err != nil {
		return v, err
	}
	if g.ltc != nil {
		c.ID = "workforce-wte-" + slug(g.ltc.Condition)
		c.Download = strings.Replace(c.Download, "workforce-wte", c.ID, 1)
	}
	c.Source = "The workforce scenarios this site ships (data/workforce), each with its own sources"
	v.Chart = &c
	return v, nil
}

// compareScenarios puts the scenarios of one scope side by side: a column each. A row
// is left out when any scenario cannot fill it (today's staff or a salary not
// entered): the page says once what to enter, and never shows a placeholder or 0.
func compareScenarios(results []workforce.Result) figures.Table {
	head := []string{""}
	for _, r := range results {
		head = append(head, r.Name)
	}
	all := func(f func(r workforce.RoleResult) bool) bool {
		for _, r := range results {
			for _, role := range r.Roles {
				if !f(role) {
					return false
				}
			}
		}
		return true
	}
	current := all(func(r workforce.RoleResult) bool { return r.CurrentFrom != "" })
	fromRecords := all(func(r workforce.RoleResult) bool { return r.CurrentFrom == workforce.CurrentRecords })
	costed := all(func(r workforce.RoleResult) bool { return r.CostKnown })
	fullCosted := all(func(r workforce.RoleResult) bool { return r.FullCostKnown })
	row := func(name string, f func(r workforce.Result) string) []string {
		out := []string{name}
		for _, r := range results {
			out = append(out, f(r))
		}
		return out
	}
	// Episodes and contacts, the model's working, are in the download and the
	// sensitivity table; the comparison keeps what a commissioner decides on.
	rows := [][]string{
		row("People treated a year", func(r workforce.Result) string { return figures.Decimal(r.PeopleTreated, 0) }),
	}
	now := "WTE now"
	if fromRecords {
		now = "WTE your records imply"
	}
	for k, name := range []string{"Low intensity", "High intensity"} {
		rows = append(rows,
			row(name+": WTE needed", func(r workforce.Result) string { return figures.Decimal(r.Roles[k].WTERequired, 2) }))
		if current {
			rows = append(rows,
				row(name+": "+now, func(r workforce.Result) string { return currentText(r.Roles[k], fromRecords) }),
				row(name+": gap (WTE)", func(r workforce.Result) string { return figures.SignedDecimal(r.Roles[k].WTEGap, 2) }))
		}
		if costed {
			rows = append(rows, row(name+": cost a year, salary and on-costs", func(r workforce.Result) string { return figures.Pounds(r.Roles[k].Cost, figures.ToYearly) }))
		}
		if fullCosted {
			rows = append(rows, row(name+": full cost a year, with overheads", func(r workforce.Result) string { return figures.Pounds(r.Roles[k].FullCost, figures.ToYearly) }))
		}
	}
	rows = append(rows, row("All practitioners: WTE needed", func(r workforce.Result) string {
		return figures.Decimal(r.Roles[0].WTERequired+r.Roles[1].WTERequired, 2)
	}))
	if costed {
		rows = append(rows, row("All practitioners: cost a year, salary and on-costs", func(r workforce.Result) string {
			return figures.Pounds(r.Roles[0].Cost+r.Roles[1].Cost, figures.ToYearly)
		}))
	}
	return figures.Table{Head: head, Rows: rows}
}

// currentText is a role's staff now; "(from records)" marks a figure the records imply
// when the row's label does not already say so.
func currentText(r workforce.RoleResult, labelled bool) string {
	if r.CurrentFrom == workforce.CurrentRecords && !labelled {
		return figures.Decimal(r.WTECurrent, 2) + " (from records)"
	}
	return figures.Decimal(r.WTECurrent, 2)
}

// missingValues are the values the scenarios left at "not entered", each with the key
// to set and the files that lack it, in the order the scenarios list them. A key
// missing from both roles in the same files is said once: "current_wte under
// [low_intensity] and [high_intensity]".
func missingValues(results []workforce.Result) []missingView {
	var byKey []missingView
	for _, r := range results {
		for _, a := range r.Assumptions {
			if !a.NotEntered {
				continue
			}
			k := slices.IndexFunc(byKey, func(m missingView) bool { return strings.Join(append(slices.Clone(m.Tables), m.Key), ".") == a.Key })
			if k < 0 {
				m := missingView{Name: a.Name, Key: a.Key}
				if table, key, found := strings.Cut(a.Key, "."); found {
					m.Tables, m.Key = []string{table}, key
				}
				byKey = append(byKey, m)
				k = len(byKey) - 1
			}
			byKey[k].Files = append(byKey[k].Files, r.File)
		}
	}
	var out []missingView
	for _, m := range byKey {
		k := slices.IndexFunc(out, func(o missingView) bool { return o.Key == m.Key && slices.Equal(o.Files, m.Files) && len(o.Tables) > 0 })
		if k < 0 || len(m.Tables) == 0 {
			out = append(out, m)
			continue
		}
		out[k].Tables = append(out[k].Tables, m.Tables...)
		if _, name, found := strings.Cut(out[k].Name, ": "); found {
			out[k].Name = upperFirst(name) // the role no longer applies
		}
	}
	return out
}

// viewRecords sets the records of all referrals, and of each pathway a scenario names,
// beside the assumptions of the scenarios compared with them. Counts are controlled;
// a mean or share of too few courses is not shown.
func viewRecords(scenarios []workforceScenario, r Results) []recordsView {
	if r.Workforce == nil {
		return nil
	}
	var out []recordsView
	var seen []*workforce.Delivered
	for _, s := range scenarios {
		if s.delivered == nil || slices.ContainsFunc(seen, func(d *workforce.Delivered) bool { return *d == *s.delivered }) {
			continue
		}
		seen = append(seen, s.delivered)
		var group []workforceScenario
		for _, t := range scenarios {
			if t.delivered != nil && *t.delivered == *s.delivered {
				group = append(group, t)
			}
		}
		title := "All referrals"
		if s.LTC != nil {
			title = s.LTC.Condition + " pathway"
		}
		out = append(out, viewDelivered(title, *s.delivered, group, r.Rules))
	}
	return out
}

func viewDelivered(title string, d workforce.Delivered, group []workforceScenario, rules disclosure.Rules) recordsView {
	v := recordsView{Title: title, From: figures.LongDate(d.From.String()), To: figures.LongDate(d.To.String()), HasIntensity: d.HasIntensity}
	if d.Unknown > 0 {
		v.Unknown = rules.Count(d.Unknown).Text
	}
	count := func(n float64) string {
		if c := rules.Count(int(math.Round(n))); !c.Suppressed {
			return figures.Decimal(c.Number, 0)
		}
		return "*"
	}
	// mean shows a figure of n courses only when n would be published.
	mean := func(x float64, n, places int) string {
		if rules.Count(n).Suppressed {
			return "*"
		}
		return figures.Decimal(x, places)
	}
	share := func(x float64, n int) string {
		if rules.Count(n).Suppressed {
			return "*"
		}
		return figures.Decimal(x*100, 0) + "%"
	}
	head := []string{"", "Your records"}
	for _, s := range group {
		head = append(head, s.Name+" assumes")
	}
	row := func(name, mine string, assumed func(s workforceScenario) string) []string {
		out := []string{name, mine}
		for _, s := range group {
			out = append(out, assumed(s))
		}
		return out
	}
	none := func(workforceScenario) string { return "" }
	rows := [][]string{
		row("Referrals received a year", count(d.Referrals), none),
		row("Finished courses of treatment a year", count(d.Courses), func(s workforceScenario) string {
			return figures.Decimal(workforce.Compute(s.Scenario, nil).PeopleTreated, 0) + " people treated"
		}),
	}
	if d.HasIntensity {
		rows = append(rows,
			row("Low-intensity contacts per finished course", mean(d.ContactsPerCourseLI, d.CoursesLI, 1), func(s workforceScenario) string { return figures.Decimal(s.LowIntensity.ContactsPerEpisode, 1) }),
			row("High-intensity contacts per finished course", mean(d.ContactsPerCourseHI, d.CoursesHI, 1), func(s workforceScenario) string { return figures.Decimal(s.HighIntensity.ContactsPerEpisode, 1) }),
			row("Share of low-intensity courses stepped up to high intensity", share(d.SteppedUp, d.CoursesLI), func(s workforceScenario) string { return shareText(s.SteppedUp) }),
			row("Share of courses starting at low intensity (step 2)", share(d.StartStep2, d.CoursesLI+d.CoursesHI), func(s workforceScenario) string { return shareText(s.StartStep2) }),
			row("Low-intensity contacts a year", count(d.ContactsLI), none),
			row("High-intensity contacts a year", count(d.ContactsHI), none),
		)
		first := group[0]
		if !rules.Count(d.CoursesLI).Suppressed {
			v.Sentences = append(v.Sentences, fmt.Sprintf("You deliver %s low-intensity contacts per finished course; %q assumes %s.",
				figures.Decimal(d.ContactsPerCourseLI, 1), first.Name, figures.Decimal(first.LowIntensity.ContactsPerEpisode, 1)))
			v.Sentences = append(v.Sentences, fmt.Sprintf("%s of your low-intensity courses were stepped up to high intensity; %q assumes %s.",
				upperFirst(share(d.SteppedUp, d.CoursesLI)), first.Name, shareText(first.SteppedUp)))
		}
		if !rules.Count(d.CoursesHI).Suppressed {
			v.Sentences = append(v.Sentences, fmt.Sprintf("You deliver %s high-intensity contacts per finished course; %q assumes %s.",
				figures.Decimal(d.ContactsPerCourseHI, 1), first.Name, figures.Decimal(first.HighIntensity.ContactsPerEpisode, 1)))
		}
	}
	v.Table = figures.Table{Head: head, Rows: rows}
	return v
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func viewScenario(s workforce.Scenario, r workforce.Result) scenarioView {
	v := scenarioView{Name: r.Name, File: r.File, Notes: strings.TrimSpace(s.Notes), Mode: r.CaseloadMode, ModeText: modeText(r.CaseloadMode)}
	for _, a := range r.Assumptions {
		if a.NotEntered {
			continue // said once, in the page's notice
		}
		v.Assumptions = append(v.Assumptions, assumptionView{Key: a.Key, Name: a.Name, Value: figures.Thousands(a.Value), Source: a.Source,
			Local: a.Local, NotUsed: a.NotUsed})
	}
	return v
}

func modeText(mode string) string {
	if mode == workforce.ModeNet {
		return "contacts per day are already net of time spent on other work, so the share of time in direct contact is not used"
	}
	return "contacts per day are for a full clinical day, scaled down by the share of time in direct contact"
}

// sensitivityOf changes one assumption of s at a time and gives the practitioners
// needed, so that a reader sees how much each assumption matters.
func sensitivityOf(s workforce.Scenario, d *workforce.Delivered) *sensitivity {
	base := workforce.Compute(s, d)
	total := func(r workforce.Result) float64 { return r.Roles[0].WTERequired + r.Roles[1].WTERequired }
	out := &sensitivity{Scenario: s.Name, File: s.File,
		Head: []string{"Assumption changed", "Low intensity (WTE)", "High intensity (WTE)", "All (WTE)", "Change in all (WTE)"}}
	// The cost, when both salaries are entered: a cost of part of the staff would
	// read as the whole.
	costed := base.Roles[0].CostKnown && base.Roles[1].CostKnown
	cost := func(r workforce.Result) float64 { return r.Roles[0].Cost + r.Roles[1].Cost }
	if costed {
		out.Head = append(out.Head, "Change in cost a year")
	}
	most, moved := "", 0.0
	add := func(what string, r workforce.Result) {
		row := []string{what, figures.Decimal(r.Roles[0].WTERequired, 2), figures.Decimal(r.Roles[1].WTERequired, 2),
			figures.Decimal(total(r), 2), figures.SignedDecimal(total(r)-total(base), 2)}
		if costed {
			row = append(row, signedPounds(cost(r)-cost(base)))
		}
		out.Rows = append(out.Rows, row)
	}
	add("None: the scenario as it is", base)
	// short names each assumption for the heading that says which matters most.
	variant := func(short, what string, change func(*workforce.Scenario)) {
		v := s
		change(&v)
		r := workforce.Compute(v, d)
		if delta := math.Abs(total(r) - total(base)); delta > moved {
			most, moved = short, delta
		}
		add(what, r)
	}
	if s.SteppedUp != 0.3 {
		variant("the share stepped up to high intensity", fmt.Sprintf("Stepped up to high intensity: 30%% instead of %s", shareText(s.SteppedUp)), func(v *workforce.Scenario) { v.SteppedUp = 0.3 })
	}
	if s.StartStep2 > 0.8 {
		variant("the share who start at low intensity", fmt.Sprintf("Start at low intensity: 80%% instead of %s", shareText(s.StartStep2)), func(v *workforce.Scenario) { v.StartStep2 = 0.8 })
	}
	if s.WorkingDays > 10 {
		variant("working days a year", fmt.Sprintf("Working days a year: %s instead of %s", figures.Decimal(s.WorkingDays-10, 0), figures.Decimal(s.WorkingDays, 0)), func(v *workforce.Scenario) { v.WorkingDays -= 10 })
	}
	other := workforce.ModeNet
	if s.CaseloadMode == workforce.ModeNet {
		other = workforce.ModeScaled
	}
	if other == workforce.ModeNet || (s.LowIntensity.Caseload > 0 && s.HighIntensity.Caseload > 0) {
		variant("the caseload reading", fmt.Sprintf("The other caseload reading: %q instead of %q", other, s.CaseloadMode), func(v *workforce.Scenario) { v.CaseloadMode = other })
	}
	variant("low-intensity contacts per episode", fmt.Sprintf("Low-intensity contacts per episode: %s instead of %s", figures.Decimal(s.LowIntensity.ContactsPerEpisode+1, 1), figures.Decimal(s.LowIntensity.ContactsPerEpisode, 1)),
		func(v *workforce.Scenario) { v.LowIntensity.ContactsPerEpisode++ })
	out.Heading = fmt.Sprintf("Of the assumptions tried, %s changes the need most: by %s practitioners", most, practitioners(moved))
	return out
}

// signedPounds writes a change in a yearly cost to the nearest £1,000 with its sign:
// "+£2,656,000", "−£1,098,000", "£0".
func signedPounds(v float64) string {
	if figures.RoundTo(v, figures.ToYearly) > 0 {
		return "+" + figures.Pounds(v, figures.ToYearly)
	}
	return figures.Pounds(v, figures.ToYearly)
}

func shareText(share float64) string { return figures.Decimal(share*100, 1) + "%" }
