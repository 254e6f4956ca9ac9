package publish

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
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
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	out := demoOutput(t)
	var pages []string
	for _, p := range pagesOf(t, out) {
		if strings.HasPrefix(p, "/outcomes/") && p != "/outcomes/providers/" {
			pages = append(pages, p)
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
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
		if max := float64(outcomesScreens * screenHeight); l.Height > max {
			t.Errorf("/outcomes/ is %.0f px tall at %d px, more than %d screens (%.0f px)", l.Height, screenWidth, outcomesScreens, max)
		}
		if l.PathwaysDown < 0 || l.PathwaysDown > 3*screenHeight {
			t.Errorf("/outcomes/: the pathway table starts %.0f px down, want it within the first 3 screens", l.PathwaysDown)
		}
	}
}
