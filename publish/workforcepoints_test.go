package publish

import (
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

// roles is a result's low- and high-intensity figures, as workforce.Compute gives them.
func roles(li, hi workforce.RoleResult) []workforce.RoleResult {
	li.Role, hi.Role = workforce.LowIntensity, workforce.HighIntensity
	return []workforce.RoleResult{li, hi}
}

// Staff entered and enough of them (met), a service short of staff by its records (not
// met), and nothing entered (not known): the main points, by hand. The demonstration's
// figures: 42.0387 + 20.9647 = 63.0034 WTE → "about 63"; gaps +33.18 and −2.87;
// £1,669,398.44 + £1,328,158.81 = £2,997,557.25 → "about £2,998,000"; full costs
// £2,936,823 + £2,240,566 = £5,177,389 → "about £5,177,000"; 56.05 + 26.76 = 82.81 →
// "about 83"; the diabetes pathway 3.91 + 1.95 = 5.86 → "about 6".
func TestWorkforcePoints(t *testing.T) {
	entered := workforce.Result{Name: "Local", Roles: roles(
		workforce.RoleResult{WTERequired: 10, CurrentFrom: workforce.CurrentEntered, WTECurrent: 12, WTEGap: -2, Cost: 400000, CostKnown: true},
		workforce.RoleResult{WTERequired: 5, CurrentFrom: workforce.CurrentEntered, WTECurrent: 5, WTEGap: 0, Cost: 316760, CostKnown: true})}
	obc := workforce.Result{Name: "Outline business case defaults", Roles: roles(
		workforce.RoleResult{WTERequired: 42.0387, CurrentFrom: workforce.CurrentRecords, WTECurrent: 8.86, WTEGap: 33.18, Cost: 1669398.44, CostKnown: true, FullCost: 2936823, FullCostKnown: true},
		workforce.RoleResult{WTERequired: 20.9647, CurrentFrom: workforce.CurrentRecords, WTECurrent: 23.84, WTEGap: -2.87, Cost: 1328158.81, CostKnown: true, FullCost: 2240566, FullCostKnown: true})}
	lower := workforce.Result{Name: "Lower-contact alternative", Roles: roles(workforce.RoleResult{WTERequired: 56.05}, workforce.RoleResult{WTERequired: 26.76})}
	diabetes := workforce.Result{Name: "Diabetes pathway", Roles: roles(workforce.RoleResult{WTERequired: 3.91}, workforce.RoleResult{WTERequired: 1.95})}
	unknown := workforce.Result{Name: "Local", Roles: roles(workforce.RoleResult{WTERequired: 10.4}, workforce.RoleResult{WTERequired: 4.6})}
	for _, c := range []struct {
		name   string
		groups []staffScope
		want   []string
	}{
		{"met: staff entered, as many as needed or more", []staffScope{{results: []workforce.Result{entered}}}, []string{
			`Under the scenario "Local", the area needs 15 whole-time equivalent (WTE) practitioners: 10 at low intensity and 5 at high intensity.`,
			"Against the staff in post, it needs 2 low-intensity practitioners fewer than now and about as many high-intensity practitioners as now.",
			"They would cost about £717,000 a year in salary and on-costs, at 2023/24 prices.",
		}},
		{"not met: fewer staff than needed, by the records; a pathway apart", []staffScope{
			{results: []workforce.Result{obc, lower}},
			{ltc: &workforce.LTC{Condition: "Diabetes"}, results: []workforce.Result{diabetes}},
		}, []string{
			`Under the scenario "Outline business case defaults", the area needs about 63 whole-time equivalent (WTE) practitioners: about 42 at low intensity and about 21 at high intensity.`,
			`It needs about 83 under "Lower-contact alternative".`,
			"Against the staff the service's own records imply, it needs about 33 low-intensity practitioners more than now and about 3 high-intensity practitioners fewer than now.",
			"They would cost about £2,998,000 a year in salary and on-costs (about £5,177,000 with overheads), at 2023/24 prices.",
			`The diabetes pathway needs about 6 practitioners of its own ("Diabetes pathway"), part of the service's staff rather than an alternative to the scenarios above.`,
		}},
		{"not known: nothing entered and no records", []staffScope{{results: []workforce.Result{unknown}}}, []string{
			`Under the scenario "Local", the area needs 15 whole-time equivalent (WTE) practitioners: about 10 at low intensity and about 5 at high intensity.`,
			"Today's staff are not entered and the service's records cannot stand in for them, so the gap is not known.",
			"The salaries are not entered, so what the staff would cost is not shown.",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := workforcePoints(c.groups, "2023/24"); !slices.Equal(got, c.want) {
				t.Errorf("main points:\n%q\nwant\n%q", got, c.want)
			}
		})
	}
	if h := needHeading(staffScope{results: []workforce.Result{obc, lower}}); h != "About 63 to 83 practitioners are needed, depending on the assumptions" {
		t.Errorf("heading %q", h)
	}
}

// A value not entered leaves out the rows that depend on it: no "not known", "not
// entered" or 0.00 in their place (issue 14: "WTE now 0.00", "not entered" six times).
func TestCompareScenariosLeavesOutWhatIsNotEntered(t *testing.T) {
	names := func(rows [][]string) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r[0])
		}
		return out
	}
	unknown := workforce.Result{Name: "Local", PeopleTreated: 1000, Roles: roles(workforce.RoleResult{WTERequired: 10.4}, workforce.RoleResult{WTERequired: 4.6})}
	got := compareScenarios([]workforce.Result{unknown})
	want := []string{"People treated a year", "Low intensity: WTE needed", "High intensity: WTE needed", "All practitioners: WTE needed"}
	if !slices.Equal(names(got.Rows), want) {
		t.Errorf("rows %q, want %q", names(got.Rows), want)
	}
	entered := workforce.Result{Name: "Local", PeopleTreated: 1000, Roles: roles(
		workforce.RoleResult{WTERequired: 10, CurrentFrom: workforce.CurrentEntered, WTECurrent: 12, WTEGap: -2, Cost: 400000, CostKnown: true},
		workforce.RoleResult{WTERequired: 5, CurrentFrom: workforce.CurrentEntered, WTECurrent: 5, WTEGap: 0, Cost: 316760, CostKnown: true})}
	got = compareScenarios([]workforce.Result{entered})
	wantRows := [][]string{
		{"People treated a year", "1,000"},
		{"Low intensity: WTE needed", "10.00"},
		{"Low intensity: WTE now", "12.00"},
		{"Low intensity: gap (WTE)", "−2.00"},
		{"Low intensity: cost a year, salary and on-costs", "£400,000"},
		{"High intensity: WTE needed", "5.00"},
		{"High intensity: WTE now", "5.00"},
		{"High intensity: gap (WTE)", "0.00"},
		{"High intensity: cost a year, salary and on-costs", "£317,000"},
		{"All practitioners: WTE needed", "15.00"},
		{"All practitioners: cost a year, salary and on-costs", "£717,000"},
	}
	if !slices.EqualFunc(got.Rows, wantRows, slices.Equal) {
		t.Errorf("rows\n%q\nwant\n%q", got.Rows, wantRows)
	}
	// One scenario without salaries leaves the cost rows out of the whole table.
	if rows := names(compareScenarios([]workforce.Result{entered, unknown}).Rows); slices.Contains(rows, "All practitioners: cost a year, salary and on-costs") {
		t.Errorf("a cost row with a scenario whose salaries are not entered: %q", rows)
	}
}

// A value not entered is said once: the same key missing from both roles in the same
// files is one line naming both tables.
func TestMissingValues(t *testing.T) {
	a := workforce.Result{File: "a.toml", Assumptions: []workforce.Assumption{
		{Key: "low_intensity.salary", Name: "Low intensity: salary (pounds a year)", NotEntered: true},
		{Key: "low_intensity.current_wte", Name: "Low intensity: current staff (WTE)", NotEntered: true},
		{Key: "high_intensity.current_wte", Name: "High intensity: current staff (WTE)", NotEntered: true},
		{Key: "prevalence", Name: "Prevalence"},
	}}
	b := workforce.Result{File: "b.toml", Assumptions: a.Assumptions[1:]}
	got := missingValues([]workforce.Result{a, b})
	want := []missingView{
		{Name: "Low intensity: salary (pounds a year)", Key: "salary", Tables: []string{"low_intensity"}, Files: []string{"a.toml"}},
		{Name: "Current staff (WTE)", Key: "current_wte", Tables: []string{"low_intensity", "high_intensity"}, Files: []string{"a.toml", "b.toml"}},
	}
	if !slices.EqualFunc(got, want, func(x, y missingView) bool {
		return x.Name == y.Name && x.Key == y.Key && slices.Equal(x.Tables, y.Tables) && slices.Equal(x.Files, y.Files)
	}) {
		t.Errorf("missing %+v, want %+v", got, want)
	}
}
