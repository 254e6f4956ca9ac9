package prices

import (
	"math"
	"os"
	"strings"
	"testing"
)

func shipped(t *testing.T) *Index {
	t.Helper()
	ix, err := Load(os.DirFS("../.."), File)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// The expected values are worked by hand from PSSRU Unit Costs 2024, Table 12.1.1,
// pay & prices: 2020/21 2.49%, 2021/22 2.58%, 2022/23 7.32%, 2023/24 4.31%.
func TestRestateByHand(t *testing.T) {
	ix := shipped(t)
	for _, c := range []struct {
		name     string
		pounds   float64
		from, to string
		want     float64 // to 2 decimal places
	}{
		// An A&E attendance back two years: 273 ÷ 1.0732 ÷ 1.0431 = 243.87.
		{"back two years", 273, "2023/24", "2021/22", 243.87},
		// Forward four years: 100 × 1.0249 × 1.0258 × 1.0732 × 1.0431
		// = 1.05134242 × 1.0732 × 1.0431 = 1.12830068 × 1.0431 = 117.69.
		{"forward four years", 100, "2019/20", "2023/24", 117.69},
		// A GP consultation back one year: 45 ÷ 1.0431 = 43.14.
		{"back one year", 45, "2023/24", "2022/23", 43.14},
		{"same year", 163, "2023/24", "2023/24", 163},
	} {
		f, err := ix.Factor(c.from, c.to)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := math.Round(c.pounds*f*100) / 100; got != c.want {
			t.Errorf("%s: £%v at %s is £%.2f at %s, want £%.2f", c.name, c.pounds, c.from, got, c.to, c.want)
		}
	}
	// The figure to one decimal place: £243.9.
	f, _ := ix.Factor("2023/24", "2021/22")
	if got := math.Round(273*f*10) / 10; got != 243.9 {
		t.Errorf("£273 at 2023/24 = £%v at 2021/22, want £243.9", got)
	}
}

func TestShippedIndexRange(t *testing.T) {
	ix := shipped(t)
	if ix.First() != "2014/15" || ix.Last() != "2023/24" {
		t.Errorf("the index covers %s to %s, want 2014/15 (the base of the 2015/16 increase) to 2023/24", ix.First(), ix.Last())
	}
	if !strings.Contains(ix.Source, "Table 12.1.1") {
		t.Errorf("the index's source does not name its table: %q", ix.Source)
	}
}

func TestUnknownYear(t *testing.T) {
	ix := shipped(t)
	for year, want := range map[string]string{
		"2024/25": "price year 2024/25 is outside the NHS Cost Inflation Index (NHSCII), pay and prices, NHS providers, which covers 2014/15 to 2023/24",
		"2010/11": "covers 2014/15 to 2023/24",
		"2023-24": `price year "2023-24" is not a financial year written like 2023/24`,
		"2023/25": `not a financial year`,
	} {
		_, err := ix.Factor(year, DefaultYear)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Factor(%q): error %v, want it to say %q", year, err, want)
		}
		if _, err := ix.Factor(DefaultYear, year); err == nil {
			t.Errorf("Factor to %q: no error", year)
		}
	}
}

func TestParseRefusesGapsAndMissingSource(t *testing.T) {
	_, err := Parse("ix.toml", []byte(`name = "x"
[[years]]
year = "2015/16"
increase = 1
[[years]]
year = "2017/18"
increase = 1
`))
	for _, want := range []string{`key "source": missing`, "2017/18 does not follow 2015/16"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}
