package figures

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// A pathway with 1 to 4 people has its figure suppressed: its row must say "*" where
// the other rows give their figure, not be an empty slot that reads as 0; and a
// standard is drawn only on the rows that have one.
func TestPercentBarsSuppressedRowAndStandards(t *testing.T) {
	v := func(n float64, text string) disclosure.Value { return disclosure.Value{Number: n, Text: text} }
	star := disclosure.Value{Suppressed: true, Text: "*"}
	s := Series{Name: "Recovery",
		Values: []disclosure.Value{v(52, "52"), star, v(6, "6")},
		Lows:   []disclosure.Value{v(48, "48"), star, v(5, "5")},
		Highs:  []disclosure.Value{v(56, "56"), star, v(7, "7")},
	}
	c, err := PercentBars("t", "Title", "Summary", []string{"Recovery", "Diabetes", "Reliable deterioration"}, s, []float64{50, 50, 0})
	if err != nil {
		t.Fatal(err)
	}
	var option struct {
		YAxis []struct {
			Type string `json:"type"`
		} `json:"yAxis"`
		XAxis []struct {
			Type string `json:"type"`
		} `json:"xAxis"`
		Series []struct {
			Name      string            `json:"name"`
			Type      string            `json:"type"`
			Data      []json.RawMessage `json:"data"`
			MarkPoint struct {
				Data []struct {
					Value string `json:"value"`
					Coord []any  `json:"coord"`
				} `json:"data"`
			} `json:"markPoint"`
		} `json:"series"`
	}
	if err := json.Unmarshal(c.Option, &option); err != nil {
		t.Fatal(err)
	}
	if len(option.YAxis) != 1 || option.YAxis[0].Type != "category" || option.XAxis[0].Type != "value" {
		t.Fatalf("want a value axis across and one category axis, got %+v %+v", option.XAxis, option.YAxis)
	}
	// Each figure is written past the furthest thing drawn on its row: 52% past its
	// whisker's upper limit (56), the suppressed row's "*" past its standard (50), 6%
	// past its whisker (7).
	var figures []string
	for _, p := range option.Series[0].MarkPoint.Data {
		figures = append(figures, fmt.Sprintf("%s at %v on row %v", p.Value, p.Coord[0], p.Coord[1]))
	}
	if want := []string{"52% at 56 on row 0", "* at 50 on row 1", "6% at 7 on row 2"}; !slices.Equal(figures, want) {
		t.Errorf("figures at the bars' ends = %q, want %q", figures, want)
	}
	for _, s := range option.Series {
		if s.Name != "Standard" {
			continue
		}
		var got []string
		for _, d := range s.Data {
			var p struct {
				Value any `json:"value"`
			}
			if err := json.Unmarshal(d, &p); err != nil {
				t.Fatal(err)
			}
			got = append(got, jsonText(p.Value))
		}
		if want := []string{"50", "50", "-"}; !slices.Equal(got, want) {
			t.Errorf("standard marks = %q, want %q: none on the row with no standard", got, want)
		}
		return
	}
	t.Error("no Standard series")
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b)
}

func TestNotesSaySuppressed(t *testing.T) {
	c, err := CountBars("t", "Title", "Summary", "People", []string{"A", "B"},
		[]disclosure.Value{{Number: 10, Text: "10"}, {Suppressed: true, Text: "*"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Notes, []string{noteSuppressed, noteRounded}) {
		t.Errorf("notes = %q", c.Notes)
	}
}

func TestWrap(t *testing.T) {
	for in, want := range map[string]string{
		"Recovery":                          "Recovery",
		"Started treatment within 18 weeks": "Started treatment\nwithin 18 weeks",
		"Reliable deterioration":            "Reliable\ndeterioration",
		"Averylongwordthatcannotbreak here": "Averylongwordthatcannotbreak\nhere",
	} {
		if got := wrap(in, 18); got != want {
			t.Errorf("wrap(%q) = %q, want %q", in, got, want)
		}
	}
}

// A chart with no standard on any row (reliable deterioration) has no "Standard"
// series, so its legend does not name a mark drawn nowhere.
func TestPercentBarsWithoutStandardsHaveNoStandardSeries(t *testing.T) {
	v := disclosure.Value{Number: 6, Text: "6"}
	s := Series{Name: "Percentage", Values: []disclosure.Value{v}, Lows: []disclosure.Value{v}, Highs: []disclosure.Value{v}}
	for _, c := range []struct {
		standards []float64
		want      bool
	}{{[]float64{0}, false}, {[]float64{50}, true}} {
		chart, err := PercentBars("t", "Title", "Summary", []string{"Reliable deterioration"}, s, c.standards)
		if err != nil {
			t.Fatal(err)
		}
		var option struct {
			Series []struct {
				Name string `json:"name"`
			} `json:"series"`
		}
		if err := json.Unmarshal(chart.Option, &option); err != nil {
			t.Fatal(err)
		}
		has := slices.ContainsFunc(option.Series, func(s struct {
			Name string `json:"name"`
		}) bool {
			return s.Name == "Standard"
		})
		if has != c.want {
			t.Errorf("standards %v: a Standard series is %v, want %v", c.standards, has, c.want)
		}
	}
}
