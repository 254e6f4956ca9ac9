package figures

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// A line's name is written at its end, level with its last figure, unless another
// name is too close to write (then the two are set apart), or the line has no figure
// at the last period (then the lines have a legend). A name takes 16 px of the 260 px
// plot, 6.154 points, and two names stay 4 px, 1.538 points, apart: their middles at
// least 7.692 points apart.
func TestEndNames(t *testing.T) {
	line := func(name string, last ...float64) Series {
		s := Series{Name: name}
		for _, v := range last {
			p := disclosure.Value{Number: v, Text: fmt.Sprint(v)}
			if v < 0 {
				p = disclosure.Value{Suppressed: true, Text: "*"}
			}
			s.Values = append(s.Values, p)
		}
		return s
	}
	periods := []string{"Q1", "Q2"}
	for _, c := range []struct {
		name      string
		series    []Series
		standard  float64
		wantNamed bool
		want      map[string]float64 // each name written, at its height
	}{
		{"far apart: each at its line's end", []Series{line("Recovery", 40, 58), line("Improvement", 60, 67)}, 50, true,
			map[string]float64{"Recovery": 58, "Improvement": 67, "Standard 50%": 50}},
		// From the top: Improvement at 67; the standard at 50; Recovery at 48 is
		// within 7.692 of it, so goes to 50 − 7.692.
		{"a line ending 2 points below the standard is named below the standard's name", []Series{line("Recovery", 40, 48), line("Improvement", 60, 67)}, 50, true,
			map[string]float64{"Recovery": 42.308, "Improvement": 67, "Standard 50%": 50}},
		// From the top: Recovery at 5, Improvement within 7.692 below, at −2.692; from
		// the bottom: Improvement up to half its height, 3.077, and Recovery to 3.077 +
		// 7.692.
		{"two lines ending near 0 are both written inside the plot", []Series{line("Recovery", 40, 5), line("Improvement", 60, 4)}, 0, true,
			map[string]float64{"Improvement": 3.077, "Recovery": 10.769}},
		{"two lines ending a point apart are set apart, the upper kept", []Series{line("Recovery", 40, 48), line("Improvement", 60, 49)}, 0, true,
			map[string]float64{"Improvement": 49, "Recovery": 49 - 7.692}},
		{"a line at the top is written inside the plot", []Series{line("Recovery", 40, 99)}, 0, true,
			map[string]float64{"Recovery": 100 - 3.077}},
		{"a line with no figure at the last period: a legend", []Series{line("Recovery", 40, -1), line("Improvement", 60, 67)}, 50, false,
			map[string]float64{"Standard 50%": 50}},
		{"a line with nothing published is not named", []Series{line("Recovery", 40, 48), line("Improvement", -1, -1)}, 0, true,
			map[string]float64{"Recovery": 48}},
	} {
		t.Run(c.name, func(t *testing.T) {
			names, named := endNames(periods, c.series, c.standard)
			if named != c.wantNamed {
				t.Errorf("named = %v, want %v", named, c.wantNamed)
			}
			got := map[string]float64{}
			for _, e := range names {
				got[e.text] = e.y
			}
			if len(got) != len(c.want) {
				t.Fatalf("names %v, want %v", got, c.want)
			}
			for text, y := range c.want {
				if math.Abs(got[text]-y) > 0.001 {
					t.Errorf("%q at %.3f, want %.3f", text, got[text], y)
				}
			}
		})
	}
}

// Fourteen lines ending at the same figure cannot all be named in the plot's height
// (14 × 7.692 = 108 points): they get a legend.
func TestEndNamesTooManyForTheHeight(t *testing.T) {
	var series []Series
	for i := range 14 {
		series = append(series, Series{Name: fmt.Sprintf("Line %d", i), Values: []disclosure.Value{{Number: 50, Text: "50"}}})
	}
	if _, named := endNames([]string{"Q1"}, series, 0); named {
		t.Error("14 names were squeezed into a plot that holds 13")
	}
}

// The lines of a trend chart are named at their ends, in their colours, with the
// standard; there is no legend to match colours against.
func TestPercentTrendNamesItsLines(t *testing.T) {
	v := func(n float64) disclosure.Value { return disclosure.Value{Number: n, Text: fmt.Sprint(n)} }
	s := func(name string, a, b float64) Series {
		return Series{Name: name, Values: []disclosure.Value{v(a), v(b)}, Lows: []disclosure.Value{v(a - 5), v(b - 5)}, Highs: []disclosure.Value{v(a + 5), v(b + 5)}}
	}
	c, err := PercentTrend("t", "Title", "Summary", []string{"Q1", "Q2"}, []Series{s("Recovery", 40, 58), s("Reliable improvement", 60, 67)}, 50)
	if err != nil {
		t.Fatal(err)
	}
	var option struct {
		Legend struct {
			Show bool `json:"show"`
		} `json:"legend"`
		Series []struct {
			Name      string `json:"name"`
			MarkPoint struct {
				Data []struct {
					Value string `json:"value"`
					Label struct {
						Color string `json:"color"`
					} `json:"label"`
				} `json:"data"`
			} `json:"markPoint"`
		} `json:"series"`
	}
	if err := json.Unmarshal(c.Option, &option); err != nil {
		t.Fatal(err)
	}
	if option.Legend.Show {
		t.Error("the chart has a legend as well as its lines' names")
	}
	got := map[string]string{}
	for _, s := range option.Series {
		for _, p := range s.MarkPoint.Data {
			got[p.Value] = p.Label.Color
		}
	}
	want := map[string]string{"Recovery": Figure, "Reliable\nimprovement": Own, "Standard 50%": Reference}
	if !maps.Equal(got, want) {
		t.Errorf("names at the lines' ends = %q, want %q", got, want)
	}
}
