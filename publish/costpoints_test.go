package publish

import (
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

// saved is a controlled saving (above 0 when costs fell) with its interval, as
// costs.Savings gives it.
func saved(v, lo, hi float64) costs.Figures {
	n := func(x float64) disclosure.Value { return disclosure.Value{Text: "x", Number: x} }
	return costs.Figures{Value: n(v), Low: n(lo), High: n(hi)}
}

// changed is a controlled change over the window (below 0 when costs fell).
func changed(n string, v, lo, hi float64) costs.ChangeRow {
	f := saved(v, lo, hi)
	return costs.ChangeRow{N: n, MeanChange: f.Value, Low: f.Low, High: f.High}
}

// The main points of the costs page, over the figure sets a commissioner meets: a
// clear saving net of the comparison group (met), costs clearly higher (not met), an
// interval across zero (no clear change), too few people, and no comparison group.
// Every amount is worked by hand: per person to £10, totals to £1,000, "about" where
// rounding changed the figure.
func TestCostPoints(t *testing.T) {
	star := costs.Figures{Value: disclosure.Value{Text: "*", Suppressed: true}, Low: disclosure.Value{Text: "*", Suppressed: true}, High: disclosure.Value{Text: "*", Suppressed: true}}
	recovered, notRecovered := changed("585", -382.78, -443.11, -324.37), changed("650", -127.74, -176.33, -78.58)
	for _, c := range []struct {
		name string
		f    costFindings
		want []string
	}{
		{"a clear saving net of the comparison group", costFindings{Treated: "1,300", HasComparison: true,
			Best:        costs.SavingRow{N: "1300", PerPerson: saved(168.47, 85.61, 250.23), Gross: saved(219010, 111294, 325301)},
			BeforeAfter: costs.SavingRow{N: "1300", PerPerson: saved(319.98, 266.47, 372.84)},
			Recovered:   recovered, NotRecovered: notRecovered}, []string{
			"Allowing for a comparison group of similar people who were not treated, the best estimate of the change in healthcare costs after treatment is about £170 lower per person a year (95% interval £90 to £250 lower).",
			"For a commissioner, that is about £219,000 a year less spent on the GP, A&E and hospital care of the 1,300 people treated (95% interval £111,000 to £325,000), before the cost of the service.",
			"The simple before-and-after comparison gives about £320 lower per person a year (95% interval £270 to £370 lower); it does not allow for the fall in use that often follows a peak (regression to the mean), so it overstates what treatment saved.",
			"Among people who recovered, costs per person over the window were about £380 lower after treatment; among those who did not, about £130 lower.",
			"The cost of the service has not been entered, so this page cannot say whether the service paid for itself.",
		}},
		{"costs clearly higher, and the service not paying for itself", costFindings{Treated: "200", HasComparison: true,
			Best:        costs.SavingRow{N: "200", PerPerson: saved(-60, -100, -20), Gross: saved(-12000, -20000, -4000), Net: saved(-62000, -70000, -54000)},
			BeforeAfter: costs.SavingRow{N: "200", PerPerson: saved(-40, -90, 10)},
			Recovered:   recovered, NotRecovered: costs.ChangeRow{N: "*", MeanChange: star.Value}, ServiceEntered: true}, []string{
			"Allowing for a comparison group of similar people who were not treated, the best estimate of the change in healthcare costs after treatment is £60 higher per person a year (95% interval £20 to £100 higher).",
			"For a commissioner, that means treatment did not save money elsewhere: the GP, A&E and hospital care of the 200 people treated cost £12,000 more a year.",
			"The simple before-and-after comparison gives no clear change: £40 higher per person a year (95% interval £10 lower to £90 higher); it does not allow for the fall in use that often follows a peak (regression to the mean).",
			"Counting the cost of the service, it cost £62,000 a year more than it saved (95% interval £54,000 to £70,000).",
		}},
		{"no clear change", costFindings{Treated: "35", HasComparison: true,
			Best:        costs.SavingRow{N: "35", PerPerson: saved(296.63, -100.47, 773.05), Gross: saved(10382, -3181, 25424), Net: saved(382, -13181, 15424)},
			BeforeAfter: costs.SavingRow{N: "35", PerPerson: saved(177.69, -32.43, 416.77)},
			Recovered:   recovered, NotRecovered: notRecovered, ServiceEntered: true}, []string{
			"Allowing for a comparison group of similar people who were not treated, the best estimate of the change in healthcare costs after treatment is no clear change: about £300 lower per person a year (95% interval £770 lower to £100 higher).",
			"For a commissioner, that means this evaluation cannot show that treatment changed what is spent on these people's GP, A&E and hospital care.",
			"The simple before-and-after comparison gives no clear change: about £180 lower per person a year (95% interval £420 lower to £30 higher); it does not allow for the fall in use that often follows a peak (regression to the mean).",
			"Among people who recovered, costs per person over the window were about £380 lower after treatment; among those who did not, about £130 lower.",
			"Counting the cost of the service, it is not clear whether it paid for itself: the net saving is about £0 a year (95% interval −£13,000 to £15,000).",
		}},
		{"too few people", costFindings{Treated: "*", Best: costs.SavingRow{N: "*", PerPerson: star, Gross: star}}, []string{
			"Too few people had their use of healthcare recorded both before and after treatment to publish any figures: a group of fewer than 5 people shows none, so that nobody in it can be picked out.",
		}},
		{"no comparison group", costFindings{Treated: "10",
			Best:      costs.SavingRow{N: "10", PerPerson: saved(113.40, 60, 170), Gross: saved(1134, 600, 1700)},
			Recovered: recovered, NotRecovered: notRecovered}, []string{
			"There is no comparison group, so the best estimate is the simple change in healthcare costs after treatment against before: about £110 lower per person a year (95% interval £60 to £170 lower).",
			"For a commissioner, that is about £1,000 a year less spent on the GP, A&E and hospital care of the 10 people treated (95% interval £1,000 to £2,000), before the cost of the service.",
			"That change cannot be separated from the fall in use that often follows a peak (regression to the mean): read it as the most treatment could have saved, not as the saving itself.",
			"Among people who recovered, costs per person over the window were about £380 lower after treatment; among those who did not, about £130 lower.",
			"The cost of the service has not been entered, so this page cannot say whether the service paid for itself.",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := costPoints(c.f)
			if !slices.Equal(got, c.want) {
				t.Errorf("main points:\n%q\nwant\n%q", got, c.want)
			}
			if len(got) > 5 {
				t.Errorf("%d main points, want at most 5", len(got))
			}
		})
	}
}

// A section with a chart is named for what it shows, its chart's title stating the
// finding; the before-and-after section, a table alone, states its own by the same
// rule as the main points: £319.98 fell is "about £320", clear of zero (its interval
// £266 to £373), and more than the best estimate's £168, so it overstates the saving.
func TestCostHeadings(t *testing.T) {
	f := costFindings{Treated: "1,300", HasComparison: true,
		Best:        costs.SavingRow{N: "1300", PerPerson: saved(168.47, 85.61, 250.23)},
		BeforeAfter: costs.SavingRow{N: "1300", PerPerson: saved(319.98, 266.47, 372.84)},
		Recovered:   changed("585", -382.78, -443.11, -324.37), NotRecovered: changed("650", -127.74, -176.33, -78.58)}
	want := map[string]string{
		"best":         "The change in healthcare costs",
		"before_after": "Costs fell by about £320 a person a year, before and after treatment alone, which overstates the saving",
		"items":        "Where the change comes from",
		"recovery":     "People who recovered and people who did not",
	}
	got := costHeadings(f)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	f.BeforeAfter.PerPerson = saved(10, -5, 25)
	if h := costHeadings(f)["before_after"]; h != "There was no clear change in healthcare costs, before and after treatment alone" {
		t.Errorf("an interval across zero: %q", h)
	}
	f.HasComparison = false
	if h := costHeadings(f)["before_after"]; h != "Before and after treatment alone" {
		t.Errorf("with no comparison group the best estimate is the before-and-after one, and its own section says so: %q", h)
	}
}
