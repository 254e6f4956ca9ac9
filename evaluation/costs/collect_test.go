package costs

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
)

// rows hands uses to Collect as the export reader would, with ref −1 for comparison
// people and the given ref otherwise.
func rows(uses ...row) func(fn func(int, export.Use) error) error {
	return func(fn func(int, export.Use) error) error {
		for _, r := range uses {
			if err := fn(r.ref, r.u); err != nil {
				return err
			}
		}
		return nil
	}
}

type row struct {
	ref int
	u   export.Use
}

func treatedRow(line, ref int, post bool, months float64, item string, count float64) row {
	return row{ref, export.Use{Line: line, ServiceRequestID: "R" + string(rune('0'+ref)), Post: post, WindowMonths: months, Item: item, Count: count}}
}

func comparisonRow(line int, id, pathway string, post bool, item string, count float64) row {
	return row{-1, export.Use{Line: line, ServiceRequestID: id, Comparison: true, Pathway: pathway, Post: post, WindowMonths: 6, Item: item, Count: count}}
}

func TestCollect(t *testing.T) {
	got, err := Collect(rows(
		treatedRow(2, 0, false, 6, "gp_consultation", 4),
		treatedRow(3, 0, true, 6, "gp_consultation", 2),
		treatedRow(4, 0, true, 6, "ae_attendance", 1),
		// Referral 1 has a pre window only: left out and counted.
		treatedRow(5, 1, false, 6, "gp_consultation", 3),
		// Referral 2's windows differ: a row error, and the person is left out.
		treatedRow(6, 2, false, 6, "gp_consultation", 3),
		treatedRow(7, 2, true, 12, "gp_consultation", 1),
		// An item the unit-cost table does not have; a repeated item.
		treatedRow(8, 0, false, 6, "gp_visit", 1),
		treatedRow(9, 0, false, 6, "gp_consultation", 9),
		// A comparison person in two pathways, and one in a pathway that is not known.
		comparisonRow(10, "C1", "diabetes", false, "gp_consultation", 2),
		comparisonRow(11, "C1", "respiratory", true, "gp_consultation", 1),
		comparisonRow(12, "C2", "gout", false, "gp_consultation", 1),
	), fixtureUnitCosts, nil, []string{"diabetes", "respiratory"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Persons) != 2 || got.Refs[0] != 0 || got.Refs[1] != -1 {
		t.Fatalf("persons %+v refs %v; want referral 0 and one comparison person", got.Persons, got.Refs)
	}
	p := got.Persons[0]
	if p.Comparison || p.WindowMonths != 6 || p.Pre["gp_consultation"] != 4 || len(p.Pre) != 1 ||
		p.Post["gp_consultation"] != 2 || p.Post["ae_attendance"] != 1 {
		t.Errorf("treated person: %+v", p)
	}
	c := got.Persons[1]
	if !c.Comparison || strings.Join(c.Pathways, ",") != "diabetes,respiratory" || c.Pre["gp_consultation"] != 2 || c.Post["gp_consultation"] != 1 {
		t.Errorf("comparison person: %+v", c)
	}
	if got.OneWindow != 1 || got.UnequalWindows != 1 {
		t.Errorf("left out: one window %d, unequal windows %d; want 1 and 1", got.OneWindow, got.UnequalWindows)
	}
	want := []string{
		`utilisation.csv:7: column WindowMonths: 12 months, but this person's row on line 6 says 6: both windows of a person must be the same length, so the person is left out`,
		`utilisation.csv:8: column Item: not in the unit-cost table (its items are gp_consultation, outpatient_attendance, ae_attendance, nonelective_bed_day) ("gp_visit")`,
		`utilisation.csv:9: column Item: this person's pre window already has this item on line 2 ("gp_consultation")`,
		`utilisation.csv:12: column Pathway: unknown pathway (the pathways are diabetes, respiratory) ("gout")`,
	}
	if got.ErrorCount != len(want) {
		t.Errorf("%d row errors, want %d", got.ErrorCount, len(want))
	}
	for i, e := range got.Errors {
		if i >= len(want) || e.Message != want[i] {
			t.Errorf("row error %d:\n%s", i, e.Message)
			continue
		}
		if e.File != export.UtilisationFile || e.Line == 0 || e.Column == "" || e.Kind == "" {
			t.Errorf("row error %d fields: %+v", i, e)
		}
	}
}

// A person whose windows disagree is left out even when a later row agrees with the
// first again, and is counted once.
func TestCollectUnequalOnce(t *testing.T) {
	got, err := Collect(rows(
		treatedRow(2, 0, false, 6, "gp_consultation", 1),
		treatedRow(3, 0, true, 3, "gp_consultation", 1),
		treatedRow(4, 0, true, 3, "ae_attendance", 1),
		treatedRow(5, 0, true, 6, "nonelective_bed_day", 1),
	), fixtureUnitCosts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Persons) != 0 || got.UnequalWindows != 1 || got.ErrorCount != 2 || got.OneWindow != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestParseUnitCosts(t *testing.T) {
	good := "\uFEFFItem,Description,UnitCost,PriceYear,Source\ngp_consultation,GP,44.5,2014/15,PSSRU\n"
	table, err := ParseUnitCosts("u.csv", []byte(good))
	if err != nil || len(table) != 1 || table[0].UnitCost != 44.5 || table[0].Source != "PSSRU" {
		t.Fatalf("table %+v, error %v", table, err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"header", "Item,Cost\nx,1\n", "u.csv:1: the header is Item,Cost; it must be Item,Description,UnitCost,PriceYear,Source,Reliability"},
		{"empty", "", "u.csv: empty: a unit-cost table needs the header Item,Description,UnitCost,PriceYear,Source,Reliability and a row per item"},
		{"no rows", "Item,Description,UnitCost,PriceYear,Source\n", "u.csv: no items: a unit-cost table needs a row per item of care"},
		{"bad rows", "Item,Description,UnitCost,PriceYear,Source\n" +
			"gp,GP,abc,2020/21,PSSRU\n" +
			"gp,GP,-3,,\n" +
			",x,1,2020/21,x\n",
			"u.csv:2: column UnitCost: not a number of pounds (\"abc\")\n" +
				"u.csv:3: column Item: \"gp\" is already on line 2: give each item one unit cost\n" +
				"u.csv:3: column Source: missing value: say where the cost comes from (document, edition, table), or why there is none\n" +
				"u.csv:3: column UnitCost: negative (\"-3\")\n" +
				"u.csv:3: column PriceYear: missing value: say which year's prices the cost is in (e.g. 2023/24)\n" +
				"u.csv:4: column Item: missing value"},
		{"bad reliability", "Item,Description,UnitCost,PriceYear,Source,Reliability\ngp,GP,45,2023/24,PSSRU,GOOD\n",
			"u.csv:2: column Reliability: \"GOOD\" is not one of PRIMARY, SECONDARY, DERIVED, NOT FOUND, LOCAL"},
		{"no cost and no source", "Item,Description,UnitCost,PriceYear,Source,Reliability\ngp_phone,GP phone,,,,NOT FOUND\n",
			"u.csv:2: column Source: missing value: say where the cost comes from (document, edition, table), or why there is none"},
	} {
		_, err := ParseUnitCosts("u.csv", []byte(tc.text))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error\n%v\nwant\n%s", tc.name, err, tc.want)
		}
	}
}

// Each shipped default equals the figure its source prints, at 2023/24 prices: the
// expected values are read from the reference notes (shared/reference), not from the
// table.
func TestShippedUnitCosts(t *testing.T) {
	table, err := LoadUnitCosts(iaptpub.Sources, UnitCostsFile)
	if err != nil {
		t.Fatal(err)
	}
	const ncc = "National Cost Collection 2023/24"
	for _, c := range []struct {
		item    string
		pounds  float64
		table   string // the table (or NCC currency) the Source must name
		quality string
	}{
		{"gp_consultation", 45, "Table 9.4.2", "PRIMARY"},          // PSSRU 2024: "Per surgery consultation lasting 10 minutes £45"
		{"ae_attendance", 273, "Table 6.1.1", "PRIMARY"},           // PSSRU 2024: "Emergency care £273"
		{"outpatient_attendance", 198, "Table 6.1.1", "PRIMARY"},   // PSSRU 2024: "Consultant Led £198"
		{"outpatient_first", 232.07, "WF01B", "PRIMARY"},           // NCC 2023/24: WF01B 232.0678
		{"outpatient_follow_up", 192.28, "WF01A", "PRIMARY"},       // NCC 2023/24: WF01A 192.2812
		{"nonelective_short_stay", 792, "Table 6.1.1", "PRIMARY"},  // "Non-elective inpatient stays (short stays) £792"
		{"nonelective_long_stay", 5134, "Table 6.1.1", "PRIMARY"},  // "(long stays) £5,134"
		{"elective_stay", 6215, "Table 6.1.1", "PRIMARY"},          // "Elective inpatient stays £6,215"
		{"day_case", 1031, "Table 6.1.1", "PRIMARY"},               // "Day case £1,031"
		{"ambulance_hear_and_treat", 66, "Table 6.1.1", "PRIMARY"}, // "Hear & treat £66"
		{"ambulance_see_and_treat", 327, "Table 6.1.1", "PRIMARY"}, // "See & treat £327"
		{"ambulance_see_and_convey", 459, "Table 6.1.1", "PRIMARY"},
		{"talking_therapies_contact", 163, "Table 6.1.1", "PRIMARY"}, // "NHS Talking Therapy Care Contact £163"
	} {
		i := table.index(c.item)
		if i < 0 {
			t.Errorf("%s: not in the shipped table", c.item)
			continue
		}
		got := table[i]
		if got.Missing || got.UnitCost != c.pounds || got.PriceYear != "2023/24" || got.Reliability != c.quality {
			t.Errorf("%s: £%v at %s (%s), want £%v at 2023/24 (%s)", c.item, got.UnitCost, got.PriceYear, got.Reliability, c.pounds, c.quality)
		}
		if !strings.Contains(got.Source, c.table) || !(strings.Contains(got.Source, "PSSRU") || strings.Contains(got.Source, ncc)) {
			t.Errorf("%s: source %q does not name %s of its document", c.item, got.Source, c.table)
		}
	}
	// No figure is published for these: they ship empty, and say why.
	for _, item := range []string{"gp_phone_consultation", "practice_nurse_consultation", "nonelective_bed_day", "elective_bed_day"} {
		i := table.index(item)
		if i < 0 || !table[i].Missing || table[i].Reliability != "NOT FOUND" || !strings.Contains(table[i].Source, "No published figure") {
			t.Errorf("%s: want an empty cost marked NOT FOUND whose source says no figure is published; got %+v", item, table[i])
		}
		if _, ok := table.Cost(item); ok {
			t.Errorf("%s: Cost reports a cost for an item with none", item)
		}
	}
	if got := strings.Join(table.MissingItems(), ","); got != "gp_phone_consultation,practice_nurse_consultation,nonelective_bed_day,elective_bed_day" {
		t.Errorf("missing items %s", got)
	}
}

// Old item names of utilisation.csv still work: a renamed one is read as its new name,
// a split one is refused with what to use instead. Rows of an item with no cost are
// left out and counted, and the window still counts as recorded. A comparison person
// with no pathway is collected, in no pathway.
func TestCollectOldNamesAndMissingCosts(t *testing.T) {
	table, err := LoadUnitCosts(iaptpub.Sources, UnitCostsFile)
	if err != nil {
		t.Fatal(err)
	}
	aliases, err := LoadAliases(iaptpub.Sources, AliasesFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Collect(rows(
		treatedRow(2, 0, false, 12, "ambulance_callout", 2),
		treatedRow(3, 0, true, 12, "ambulance_callout", 1),
		treatedRow(4, 0, false, 12, "nonelective_admission", 1),
		treatedRow(5, 0, false, 12, "gp_phone_consultation", 3),
		// Referral 1's post window holds only an item with no cost: still two windows.
		treatedRow(6, 1, false, 12, "gp_consultation", 2),
		treatedRow(7, 1, true, 12, "gp_phone_consultation", 1),
		comparisonRow(8, "C1", "", false, "elective_admission", 1),
		comparisonRow(9, "C1", "", true, "gp_consultation", 1),
	), table, aliases, []string{"diabetes"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Persons) != 3 || got.OneWindow != 0 {
		t.Fatalf("%d persons, %d with one window; want 3 and 0", len(got.Persons), got.OneWindow)
	}
	if p := got.Persons[0]; p.Pre["ambulance_see_and_convey"] != 2 || p.Post["ambulance_see_and_convey"] != 1 || len(p.Pre) != 1 {
		t.Errorf("referral 0: pre %v post %v; want ambulance_callout read as ambulance_see_and_convey, and no phone consultation", p.Pre, p.Post)
	}
	if p := got.Persons[1]; len(p.Post) != 0 || p.Pre["gp_consultation"] != 2 {
		t.Errorf("referral 1: pre %v post %v", p.Pre, p.Post)
	}
	if p := got.Persons[2]; !p.Comparison || len(p.Pathways) != 0 || p.Pre["elective_stay"] != 1 {
		t.Errorf("comparison person: %+v", p)
	}
	want := `utilisation.csv:4: column Item: no longer in the unit-cost table: Split by length of stay, which the National Cost Collection costs apart: count short stays as nonelective_short_stay and long stays as nonelective_long_stay. ("nonelective_admission")`
	if got.ErrorCount != 1 || got.Errors[0].Message != want {
		t.Errorf("row errors %d, first %v; want\n%s", got.ErrorCount, got.Errors, want)
	}
	if want := []ItemRows{{Item: "gp_phone_consultation", Rows: 2}}; !slices.Equal(got.Uncosted, want) {
		t.Errorf("uncosted %+v, want %+v", got.Uncosted, want)
	}
	if want := []ItemRows{{"ambulance_callout", "ambulance_see_and_convey", 2}, {"elective_admission", "elective_stay", 1}}; !slices.Equal(got.Renamed, want) {
		t.Errorf("renamed %+v, want %+v", got.Renamed, want)
	}
}

func TestServiceCosts(t *testing.T) {
	shipped, err := LoadServiceCosts(iaptpub.Sources, ServiceCostsFile)
	if err != nil {
		t.Fatal(err)
	}
	if shipped.Entered() {
		t.Errorf("the shipped service costs enter a figure: %+v", shipped)
	}
	const all = "low_intensity_appointment = 50\nhigh_intensity_appointment = 100\nprogramme = 0\nprice_year = \"2024/25\"\nsource = \"budget\"\n"
	s, err := ParseServiceCosts("s.toml", []byte(all))
	if err != nil || !s.PerAppointment() || !s.Entered() || s.HighIntensityAppointment != 100 {
		t.Errorf("per appointment: %+v, %v", s, err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"both ways", strings.Replace(all, "programme = 0", "programme = 9000", 1),
			`s.toml: key "programme": give either costs per appointment or a programme cost, not both`},
		{"negative", strings.Replace(all, "= 50", "= -50", 1),
			`s.toml: key "low_intensity_appointment": -50 is not a cost of 0 or more pounds`},
		{"unknown and missing", strings.Replace(all, "programme", "programe", 1),
			"s.toml: unknown key \"programe\" (the keys are low_intensity_appointment, high_intensity_appointment, programme, price_year, source)\n" +
				"s.toml: missing key \"programme\" (0 or \"\" means not entered)"},
	} {
		_, err := ParseServiceCosts("s.toml", []byte(tc.text))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error\n%v\nwant\n%s", tc.name, err, tc.want)
		}
	}
}

// The counter counts the treatment appointments it hears by intensity (which ones
// count is the outcome derivation's rule, tested in evaluation/outcome), and ignores
// an appointment of a referral it has not heard of.
func TestAppointmentCounter(t *testing.T) {
	var c AppointmentCounter
	c.Referral(0, export.Referral{})
	c.Referral(1, export.Referral{})
	for _, intensity := range []string{"LI", "HI", "HI", "", "step 3"} {
		c.Appointment(1, outcome.Appointment{Intensity: intensity})
	}
	c.Appointment(7, outcome.Appointment{Intensity: "LI"})
	if got, want := c.Get(1), (Appointments{LI: 1, HI: 2, Unknown: 2}); got != want {
		t.Errorf("counted %+v, want %+v", got, want)
	}
	if got := c.Get(0); got != (Appointments{}) {
		t.Errorf("referral without appointments: %+v", got)
	}
	if got := c.Get(7); got != (Appointments{}) {
		t.Errorf("unknown referral: %+v", got)
	}
}

// A treated row must come with its referral (the export reader gives one, or leaves
// the row out): without one, Collect says so rather than failing on a negative index.
func TestCollectTreatedRowWithoutReferral(t *testing.T) {
	_, err := Collect(rows(treatedRow(2, -1, false, 6, "gp_consultation", 4)), fixtureUnitCosts, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "utilisation.csv:2: a treated person's row without its referral") {
		t.Errorf("error %v, want one naming utilisation.csv:2 and the missing referral", err)
	}
}

// Collect keeps its rows in chunks: a person whose rows lie in two chunks keeps them
// all, and a repeated item is found across the chunks. Referral 0's first row is the
// first kept; keptChunk+10 = 16,394 other people's rows (one window each, lines 3 to
// 16,396) come before its others, on lines 16,397 to 16,399.
func TestCollectAcrossChunks(t *testing.T) {
	const others = keptChunk + 10
	uses := []row{treatedRow(2, 0, false, 6, "gp_consultation", 4)}
	for ref := 1; ref <= others; ref++ {
		uses = append(uses, treatedRow(ref+2, ref, false, 6, "gp_consultation", 1))
	}
	uses = append(uses,
		treatedRow(others+3, 0, true, 6, "gp_consultation", 2),
		treatedRow(others+4, 0, false, 6, "gp_consultation", 9),
		treatedRow(others+5, 0, true, 6, "ae_attendance", 1))
	got, err := Collect(rows(uses...), fixtureUnitCosts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Persons) != 1 || got.Refs[0] != 0 || got.OneWindow != others {
		t.Fatalf("%d persons, refs %v, %d with one window; want referral 0 alone and %d with one window", len(got.Persons), got.Refs, got.OneWindow, others)
	}
	p := got.Persons[0]
	if len(p.Pre) != 1 || p.Pre["gp_consultation"] != 4 || len(p.Post) != 2 || p.Post["gp_consultation"] != 2 || p.Post["ae_attendance"] != 1 {
		t.Errorf("referral 0: pre %v post %v; want pre gp_consultation 4, post gp_consultation 2 and ae_attendance 1", p.Pre, p.Post)
	}
	want := `utilisation.csv:16398: column Item: this person's pre window already has this item on line 2 ("gp_consultation")`
	if got.ErrorCount != 1 || got.Errors[0].Message != want {
		t.Errorf("%d row errors, first %v; want one:\n%s", got.ErrorCount, got.Errors, want)
	}
}

// A comparison person is its OrgIDProv and ServiceRequestId, whether or not its rows
// follow one another: Collect compares each row with the last person's before it
// looks in its map. ("A", "BC") and ("AB", "C") are two persons, and so are one
// ServiceRequestId at two providers.
func TestCollectComparisonPersons(t *testing.T) {
	cmp := func(line int, org, id string, post bool, count float64) row {
		r := comparisonRow(line, id, "", post, "gp_consultation", count)
		r.u.OrgIDProv = org
		return r
	}
	got, err := Collect(rows(
		cmp(2, "A", "BC", false, 1),
		cmp(3, "AB", "C", false, 2),
		cmp(4, "A", "BC", true, 3),
		cmp(5, "AB", "C", true, 4),
		cmp(6, "X", "C", false, 5),
		cmp(7, "X", "C", true, 6),
		cmp(8, "AB", "C", true, 7), // repeated: AB/C's post window has the item on line 5
	), fixtureUnitCosts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, p := range got.Persons {
		pairs = append(pairs, fmt.Sprintf("%v/%v", p.Pre["gp_consultation"], p.Post["gp_consultation"]))
	}
	if want := "1/3 2/4 5/6"; strings.Join(pairs, " ") != want {
		t.Errorf("persons' pre/post counts %v, want %s", pairs, want)
	}
	want := `utilisation.csv:8: column Item: this person's post window already has this item on line 5 ("gp_consultation")`
	if got.ErrorCount != 1 || got.Errors[0].Message != want {
		t.Errorf("%d row errors %v, want one:\n%s", got.ErrorCount, got.Errors, want)
	}
}

// With more than 32 items in the table, items 32 apart share a bit of a person's seen
// rows: the second is kept all the same, and a repeat of it is still found.
func TestCollectRepeatsAmongManyItems(t *testing.T) {
	var table UnitCosts
	for i := range 40 {
		table = append(table, UnitCost{Item: fmt.Sprintf("item%d", i), UnitCost: 1, PriceYear: "test", Source: "test"})
	}
	got, err := Collect(rows(
		treatedRow(2, 0, false, 6, "item0", 1),
		treatedRow(3, 0, false, 6, "item32", 2),
		treatedRow(4, 0, true, 6, "item32", 3),
		treatedRow(5, 0, false, 6, "item32", 4),
	), table, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Persons) != 1 || got.Persons[0].Pre["item0"] != 1 || got.Persons[0].Pre["item32"] != 2 || got.Persons[0].Post["item32"] != 3 {
		t.Fatalf("persons %+v; want one with item0 1 and item32 2 before, item32 3 after", got.Persons)
	}
	want := `utilisation.csv:5: column Item: this person's pre window already has this item on line 3 ("item32")`
	if got.ErrorCount != 1 || got.Errors[0].Message != want {
		t.Errorf("row errors %d %v; want one: %s", got.ErrorCount, got.Errors, want)
	}
}
