package publish

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestPaletteContrast reads the ECharts option of every chart on every page of the
// built demonstration site and checks every colour it draws with against the chart's
// background: at least 3:1, as WCAG 2.2 success criterion 1.4.11 asks of the parts
// of a graphic needed to read it. A colour drawn at an opacity is checked as it
// shows, blended with the background. Each chart must name its background and its
// palette, or the charting library's defaults (a yellow at 1.4:1) would fill in.
func TestPaletteContrast(t *testing.T) {
	slow(t, "builds the demonstration site")
	out := demoOutput(t)
	problems, charts, err := chartColourProblems(out)
	if err != nil {
		t.Fatal(err)
	}
	if charts == 0 {
		t.Fatal("no chart options found in the demonstration site")
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// The contrast ratio is WCAG's, from relative luminance (WCAG 2.2, "contrast ratio"):
// black on white is 21, a colour on itself 1. The other expected values are worked
// from the formula by hand: NHS blue #005eb8 has luminance 0.2126·0 + 0.7152·0.1119
// + 0.0722·0.4793 = 0.1146, so 1.05/0.1646 = 6.38; NHS warm yellow #ffb81c has
// 0.2126·1 + 0.7152·0.4793 + 0.0722·0.0116 = 0.5563, so 1.05/0.6063 = 1.73.
func TestContrastRatio(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#005eb8", "#ffffff", 6.38},
		{"#ffffff", "#005eb8", 6.38},
		{"#ffb81c", "#ffffff", 1.73},
	} {
		a, _ := parseColour(c.a)
		b, _ := parseColour(c.b)
		if got := contrast(a, b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

// The check fails on a chart drawn in the library's default colours and on one with a
// colour too pale for its background: it can fail.
func TestPaletteContrastCanFail(t *testing.T) {
	dir := t.TempDir()
	page := `<script type="application/json" id="a-option">{"series":[{"type":"line"}]}</script>
<script type="application/json" id="b-option">{"backgroundColor":"#ffffff","color":["#005eb8"],"series":[{"itemStyle":{"color":"#ffb81c"}},{"lineStyle":{"color":"#005eb8","opacity":0.2}}]}</script>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, charts, err := chartColourProblems(dir)
	if err != nil {
		t.Fatal(err)
	}
	if charts != 2 || len(problems) != 4 {
		t.Fatalf("%d charts with %d problems, want 2 charts with 4 (no background, no palette, a pale yellow, a faint blue):\n%s",
			charts, len(problems), strings.Join(problems, "\n"))
	}
}

var chartOption = regexp.MustCompile(`(?s)<script type="application/json" id="([^"]+)-option">(.*?)</script>`)

// chartColourProblems checks every chart option in the HTML pages under dir and
// returns what is wrong, with how many charts it read.
func chartColourProblems(dir string) (problems []string, charts int, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		page, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for _, m := range chartOption.FindAllSubmatch(page, -1) {
			charts++
			where := fmt.Sprintf("%s: chart %s", rel, m[1])
			var option map[string]any
			if err := json.Unmarshal(m[2], &option); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			problems = append(problems, optionProblems(where, option)...)
		}
		return nil
	})
	return problems, charts, err
}

func optionProblems(where string, option map[string]any) []string {
	var problems []string
	bgText, _ := option["backgroundColor"].(string)
	bg, ok := parseColour(bgText)
	if !ok {
		// Checked against the page behind it, NHS.UK's grey, all the same.
		problems = append(problems, where+": no backgroundColor, so its colours' contrast depends on where it is placed")
		bgText = "#f0f4f5"
		bg, _ = parseColour(bgText)
	}
	if palette, _ := option["color"].([]any); len(palette) == 0 {
		problems = append(problems, where+": no palette (option color), so series without a colour take the library's defaults")
	}
	check := func(path string, value any, opacity float64) {
		text, ok := value.(string)
		if !ok {
			return
		}
		c, ok := parseColour(text)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: %s: %q is not a colour the check can read (give #rrggbb)", where, path, text))
			return
		}
		shown := blend(c, bg, opacity)
		if r := contrast(shown, bg); r < 3 {
			problems = append(problems, fmt.Sprintf("%s: %s: %s at opacity %g is %.2f:1 against %s, below 3:1", where, path, text, opacity, r, bgText))
		}
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			opacity := 1.0
			if o, ok := v["opacity"].(float64); ok {
				opacity = o
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				switch {
				case k == "areaStyle":
					// A fill between two drawn lines, whose own colours are checked:
					// it adds to them, it is not needed to read the chart.
				case k == "backgroundColor":
				case strings.EqualFold(k, "color") || strings.HasSuffix(k, "Color") || k == "color0" || k == "borderColor0":
					if list, ok := v[k].([]any); ok {
						for i, c := range list {
							check(fmt.Sprintf("%s.%s[%d]", path, k, i), c, opacity)
						}
					} else {
						check(path+"."+k, v[k], opacity)
					}
				default:
					walk(path+"."+k, v[k])
				}
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("option", option)
	return problems
}

type rgb [3]float64

func parseColour(s string) (rgb, bool) {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, false
	}
	var c rgb
	for i := range 3 {
		n, err := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return rgb{}, false
		}
		c[i] = float64(n) / 255
	}
	return c, true
}

// blend is c drawn at opacity over bg.
func blend(c, bg rgb, opacity float64) rgb {
	var out rgb
	for i := range 3 {
		out[i] = opacity*c[i] + (1-opacity)*bg[i]
	}
	return out
}

func luminance(c rgb) float64 {
	var l [3]float64
	for i, v := range c {
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
