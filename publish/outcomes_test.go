package publish

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

// A monthly series gives way to the quarterly one when most of its months are not
// published; half published is not most suppressed.
func TestMostlySuppressed(t *testing.T) {
	v, star, none := disclosure.Value{Text: "50", Number: 50}, disclosure.Value{Text: "*", Suppressed: true}, disclosure.Value{Empty: true}
	for _, c := range []struct {
		name   string
		values []disclosure.Value
		want   bool
	}{
		{"all published", []disclosure.Value{v, v, v, v}, false},
		{"half published", []disclosure.Value{v, star, v, none}, false},
		{"one of three published", []disclosure.Value{star, v, none}, true},
		{"none published", []disclosure.Value{star, star, star}, true},
	} {
		if got := mostlySuppressed(c.values); got != c.want {
			t.Errorf("%s: mostlySuppressed = %v, want %v", c.name, got, c.want)
		}
	}
}

// A pathway whose slug is a detail page's name would take that page's address
// (/outcomes/trends/): the build refuses it, naming the file and the pathway.
func TestPathwaySlugMayNotTakeADetailPagesAddress(t *testing.T) {
	ref, err := reference.Load(iaptpub.Sources)
	if err != nil {
		t.Fatal(err)
	}
	ref.Pathways[0].Slug = "trends"
	g := generator{files: map[string][]byte{}, f: measures{ref: ref, rules: disclosure.Default()}, scopes: map[string]string{}}
	err = g.outcomes()
	if err == nil || !strings.Contains(err.Error(), "data/pathways.toml") || !strings.Contains(err.Error(), `"trends"`) || !strings.Contains(err.Error(), ref.Pathways[0].Name) {
		t.Errorf("a pathway with the slug \"trends\": got %v, want an error naming data/pathways.toml, the pathway and the slug", err)
	}
}

// screen is a laptop's screen; /outcomes/ may be at most outcomesScreens of them tall.
const (
	screenWidth, screenHeight = 1280, 800
	outcomesScreens           = 8
)

// The outcome pages open with Main points and a contents list, and /outcomes/ itself
// fits in 8 screens of a 1280 × 800 laptop (issue #14: it was 18,555 px, with the
// pathways at the very bottom); its pathway table starts within the first 3 screens.
func TestOutcomePagesInChromium(t *testing.T) {
	slow(t, "builds the demonstration site and measures its outcome pages in Chromium")
	out := demoOutput(t)
	var pages []string
	for _, p := range pagesOf(t, out) {
		if strings.HasPrefix(p, "/outcomes/") && p != "/outcomes/providers/" {
			pages = append(pages, p)
		}
	}
	bctx, srv := browseDemo(t)
	type layout struct {
		Height       float64 `json:"height"`
		MainPoints   int     `json:"mainPoints"`
		Contents     bool    `json:"contents"`
		PathwaysDown float64 `json:"pathwaysDown"`
	}
	for _, page := range pages {
		if err := chromedp.Do(bctx,
			chromedp.EmulateViewport(screenWidth, screenHeight),
			chromedp.Navigate(srv.URL+page),
			chromedp.WaitReady("body"),
		); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		_, _ = chromedp.Run(bctx, chromedp.Poll[bool](
			`document.querySelectorAll('[data-chart]:not([data-drawn])').length === 0`,
			chromedp.WithPollingTimeout(10*time.Second)))
		l, err := chromedp.Run(bctx, chromedp.Evaluate[layout](`(() => {
  const pathways = document.getElementById('pathways')
  return {
    height: document.documentElement.scrollHeight,
    mainPoints: document.querySelectorAll('h2#main-points + ul > li').length,
    contents: !!document.querySelector('main nav.nhsuk-contents-list li[aria-current="page"]'),
    pathwaysDown: pathways ? pathways.getBoundingClientRect().top + window.scrollY : -1,
  }
})()`))
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if l.MainPoints < 3 || l.MainPoints > 5 {
			t.Errorf("%s: %d Main points, want 3 to 5", page, l.MainPoints)
		}
		if !l.Contents {
			t.Errorf("%s: no contents list marking the page as the current one", page)
		}
		if page != "/outcomes/" {
			continue
		}
		t.Logf("/outcomes/ is %.0f px tall at %d px; its pathway table starts %.0f px down", l.Height, screenWidth, l.PathwaysDown)
		if max := float64(outcomesScreens * screenHeight); l.Height > max {
			t.Errorf("/outcomes/ is %.0f px tall at %d px, more than %d screens (%.0f px)", l.Height, screenWidth, outcomesScreens, max)
		}
		if l.PathwaysDown < 0 || l.PathwaysDown > 3*screenHeight {
			t.Errorf("/outcomes/: the pathway table starts %.0f px down, want it within the first 3 screens", l.PathwaysDown)
		}
	}
}

// The headline is three figures, each standard drawn on its own row only (issue #13:
// one chart drew the 50% recovery standard across the waits and deterioration too).
// The standards are data/standards.toml's: recovery 50%, 6 weeks 75%, 18 weeks 95%.
func TestHeadlineFiguresDrawEachStandardOnItsOwnRow(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	page := readPage(t, demoOutput(t), "outcomes/index.html")
	for _, c := range []struct {
		id        string
		rows      []string
		standards []any
	}{
		{"all-outcomes", []string{"Recovery", "Reliable improvement", "Reliable recovery"}, []any{50.0, "-", "-"}},
		// No standard on any row: no Standard series at all (its legend would name a
		// mark drawn nowhere).
		{"all-deterioration", []string{"Reliable deterioration"}, nil},
		{"all-waits-standards", []string{"Started treatment within 6 weeks", "Started treatment within 18 weeks"}, []any{75.0, 95.0}},
	} {
		m := regexp.MustCompile(`<script type="application/json" id="` + c.id + `-option">(.*?)</script>`).FindStringSubmatch(page)
		if m == nil {
			t.Errorf("/outcomes/ has no figure %s", c.id)
			continue
		}
		var option struct {
			YAxis []struct {
				Data []string `json:"data"`
			} `json:"yAxis"`
			Series []struct {
				Name string `json:"name"`
				Data []struct {
					Value any `json:"value"`
				} `json:"data"`
			} `json:"series"`
		}
		if err := json.Unmarshal([]byte(m[1]), &option); err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		// The first axis names the rows (wrapped onto lines), the second gives
		// their figures.
		var rows []string
		if len(option.YAxis) > 0 {
			for _, r := range option.YAxis[0].Data {
				rows = append(rows, strings.Join(strings.Fields(r), " "))
			}
		}
		if !slices.Equal(rows, c.rows) {
			t.Errorf("%s: rows %q, want %q", c.id, rows, c.rows)
		}
		var standards []any
		for _, s := range option.Series {
			if s.Name == "Standard" {
				for _, d := range s.Data {
					standards = append(standards, d.Value)
				}
			}
		}
		if !slices.Equal(standards, c.standards) {
			t.Errorf("%s: standards by row %v, want %v", c.id, standards, c.standards)
		}
	}
}

// A pathway page reads its figures beside the whole service's and links its leaflet;
// /outcomes/ links every pathway's page and leaflet from its table; the providers'
// index compares them in one table and one chart.
func TestOutcomePagesCompareWithTheWholeService(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo")
	out := demoOutput(t)
	res := demoResults
	years := periodsOf(res.Measures, measure.Year)
	year := years[len(years)-1]
	total, ok := res.Measures.Raw(measure.Cell{Period: year, Org: measure.AllOrgs, VariableType: "Total", VariableA: "Total"}, measure.PercentageRecovery)
	if !ok {
		t.Fatal("no recovery rate in the Total cell")
	}
	service := total.Controlled(res.Rules).Text

	diabetes := readPage(t, out, "outcomes/diabetes/index.html")
	row := regexp.MustCompile(rowHeader("Recovery") + `\s*` + tableCell(`[^<]*`) + `\s*` + tableCell(`[^<]*`) + `\s*` + tableCell(`([^<]*)`)).FindStringSubmatch(diabetes)
	switch {
	case !regexp.MustCompile(`scope="col"[^>]*>Whole service</th>`).MatchString(diabetes):
		t.Error("/outcomes/diabetes/ has no whole-service column")
	case row == nil || row[1] != service+"%":
		t.Errorf("/outcomes/diabetes/: the whole service's recovery is %v, want %s%%", row, service)
	}
	if !strings.Contains(diabetes, `href="/leaflets/diabetes/"`) {
		t.Error("/outcomes/diabetes/ does not link its leaflet")
	}

	outcomes := readPage(t, out, "outcomes/index.html")
	start := strings.Index(outcomes, `id="pathways"`)
	end := strings.Index(outcomes, `id="headline-figures"`)
	if start < 0 || end < start {
		t.Fatal("/outcomes/ has no pathway table before its headline figures")
	}
	table := outcomes[start:end]
	for _, p := range res.Reference.Pathways {
		for _, href := range []string{"/outcomes/" + p.Slug + "/", "/leaflets/" + p.Slug + "/"} {
			if !strings.Contains(table, `href="`+href+`"`) {
				t.Errorf("the pathway table of /outcomes/ does not link %s", href)
			}
		}
	}

	providers := readPage(t, out, "outcomes/providers/index.html")
	if n := strings.Count(providers, "data-chart="); n != 1 {
		t.Errorf("/outcomes/providers/ has %d charts, want 1", n)
	}
	for _, org := range providersOf(res.Measures) {
		if !strings.Contains(providers, `<a href="/outcomes/providers/`+strings.ToLower(org)+`/">Provider `+org+`</a></th>`) {
			t.Errorf("the providers' table does not have a row for %s linking its page", org)
		}
	}
}
