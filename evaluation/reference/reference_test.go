package reference

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// shipped is the repository root, whose data/ is what the binary embeds.
var shipped = os.DirFS("../..")

func TestLoadShippedData(t *testing.T) {
	d, err := Load(shipped)
	if err != nil {
		t.Fatal(err)
	}
	// Values from measures.md, section 1 (the defaults that ship).
	for _, want := range []struct {
		tool, short string
		min, max    float64
		caseness    float64
		rc          float64
	}{
		{"720433000", "PHQ9", 0, 27, 10, 6},
		{"PHQ9", "PHQ9", 0, 27, 10, 6},
		{"445455005", "GAD7", 0, 21, 8, 4},
		{"SocialPhobia", "SocialPhobia", 0, 68, 19, 10},
		{"PanicDisorder", "PanicDisorder", 0, 28, 8, 5},
		{"AgoraAlone", "AgoraAlone", 1, 5, 2.3, 0.73},
		{"OCD", "OCD", 0, 72, 14, 7},
		{"PTSD", "PTSD", 0, 80, 32, 10},
		{"AnxietyInventory", "AnxietyInventory", 0, 54, 18, 4},
		{"PHQ15", "PHQ15", 0, 30, 10, 5},
		{"IBS", "IBS", 0, 500, 75, 50},
		{"CFQ", "CFQ", 0, 33, 19, 4},
	} {
		s, ok := d.Instruments.Lookup(want.tool)
		if !ok || s.Name != want.short || s.Min != want.min || s.Max != want.max {
			t.Errorf("Lookup(%q) = %+v %v, want %q %g %g", want.tool, s, ok, want.short, want.min, want.max)
		}
		in, _ := d.Instruments.Get(want.tool)
		if !in.HasCaseness || in.Caseness != want.caseness || !in.HasReliableChange || in.ReliableChange != want.rc {
			t.Errorf("%s: caseness %g (%v), reliable change %g (%v); want %g and %g", want.short, in.Caseness, in.HasCaseness, in.ReliableChange, in.HasReliableChange, want.caseness, want.rc)
		}
	}
	for _, short := range []string{"WSAS", "DDS", "CAT", "BPI"} {
		in, ok := d.Instruments.Get(short)
		if !ok || in.HasCaseness || in.HasReliableChange {
			t.Errorf("%s: want an instrument without caseness or reliable change, got %+v (found %v)", short, in, ok)
		}
	}
	if _, ok := d.Instruments.Lookup("phq9"); ok {
		t.Error("short names are matched exactly, but phq9 was found")
	}
	if d.Depression != "PHQ9" || d.DefaultAnxiety != "GAD7" {
		t.Errorf("depression %q, default anxiety %q", d.Depression, d.DefaultAnxiety)
	}
	for code, want := range map[string]string{
		"F400": "AgoraAlone", "F4001": "AgoraAlone", "F401": "SocialPhobia", "F410": "PanicDisorder",
		"F42": "OCD", "F429": "OCD", "F431": "PTSD", "F452": "AnxietyInventory", "F411": "", "F40": "",
	} {
		m, ok := ComplaintMeasureFor(d.ADSM, code)
		if m.Instrument != want || ok != (want != "") {
			t.Errorf("ADSM for %s = %q (%v), want %q", code, m.Instrument, ok, want)
		}
	}
	for code, want := range map[string]string{"K58": "IBS", "K580": "IBS", "G933": "CFQ", "723916001": "PHQ15", "F410": ""} {
		if m, _ := ComplaintMeasureFor(d.PPS, code); m.Instrument != want {
			t.Errorf("PPS for %s = %q, want %q", code, m.Instrument, want)
		}
	}
	a := d.Appointments
	for code, want := range map[string]bool{"5": true, "6": true, "7": false, "3": false, "2": false} {
		if a.IsAttended(code) != want {
			t.Errorf("IsAttended(%q) = %v", code, !want)
		}
	}
	for code, want := range map[string]bool{"01": false, "02": true, "03": true, "04": false, "05": true, "06": false, "10": false} {
		if a.IsTreatment(code) != want {
			t.Errorf("IsTreatment(%q) = %v", code, !want)
		}
	}
	wantPathways := []struct{ name, slug, measure string }{
		{"Diabetes", "diabetes", "DDS"}, {"Respiratory (COPD, asthma)", "respiratory", "CAT"},
		{"Heart conditions", "heart", "WSAS"}, {"Persistent pain", "persistent-pain", "BPI"},
		{"Cancer", "cancer", "WSAS"}, {"Musculoskeletal", "musculoskeletal", "WSAS"},
		{"Irritable bowel syndrome", "ibs", ""}, {"ME/CFS", "me-cfs", ""},
		{"Persistent physical symptoms", "persistent-physical-symptoms", ""},
	}
	if len(d.Pathways) != len(wantPathways) {
		t.Fatalf("%d pathways, want %d", len(d.Pathways), len(wantPathways))
	}
	for i, w := range wantPathways {
		p := d.Pathways[i]
		if p.Name != w.name || p.Slug != w.slug || p.ConditionMeasure != w.measure || p.PPSMeasures != (w.measure == "") {
			t.Errorf("pathway %d = %+v, want %+v", i, p, w)
		}
	}
	b := d.Breakdowns
	if b.Pathway.None != "Core service" || b.LTCStatus.NoLTCCode != "748031000000103" {
		t.Errorf("pathway none %q, no-LTC code %q", b.Pathway.None, b.LTCStatus.NoLTCCode)
	}
	for age, want := range map[int]string{-1: "Not known", 0: "Under 18", 17: "Under 18", 18: "18 to 25", 25: "18 to 25",
		26: "26 to 64", 64: "26 to 64", 65: "65 to 74", 74: "65 to 74", 75: "75 to 89", 89: "75 to 89", 90: "90 and over", 120: "90 and over"} {
		if got := b.AgeGroup.Label(b.AgeGroup.Band(age)); got != want {
			t.Errorf("age %d: %q, want %q", age, got, want)
		}
	}
	for code, want := range map[string]string{"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Not stated/Not known/Invalid", "0": "Not stated/Not known/Invalid", "": "Not stated/Not known/Invalid"} {
		if got := b.Gender.Label(b.Gender.Group(code)); got != want {
			t.Errorf("gender %q: %q, want %q", code, got, want)
		}
	}
	for codes, want := range map[string]string{"A B C": "White", "D E F G": "Mixed", "H J K L": "Asian or Asian British",
		"M N P": "Black or Black British", "R S": "Other Ethnic Groups", "Z 99 Q T": "Not stated/Not known/Invalid"} {
		for _, code := range strings.Fields(codes) {
			if got := b.Ethnic.Label(b.Ethnic.Group(code)); got != want {
				t.Errorf("ethnic %q: %q, want %q", code, got, want)
			}
		}
	}
	if got := b.Ethnic.Label(b.Ethnic.Group("")); got != "Not stated/Not known/Invalid" {
		t.Errorf("ethnic empty: %q", got)
	}
	if d.Waits != (Waits{42, 126}) {
		t.Errorf("waits %+v", d.Waits)
	}
	targets := map[string]float64{}
	for _, s := range d.Standards {
		targets[s.Measure] = s.TargetPercent
	}
	if targets["M192"] != 50 || targets["M053"] != 75 || targets["M055"] != 95 {
		t.Errorf("standards %v", targets)
	}
}

// withFile returns the shipped reference files with one file replaced.
func withFile(t *testing.T, path, text string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for _, p := range []string{InstrumentsFile, ComplaintMeasuresFile, AppointmentsFile, PathwaysFile, BreakdownsFile, StandardsFile} {
		b, err := fs.ReadFile(shipped, p)
		if err != nil {
			t.Fatal(err)
		}
		m[p] = &fstest.MapFile{Data: b}
	}
	if text == "" {
		delete(m, path)
	} else {
		m[path] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

// edit returns the shipped file at path with old replaced by new (once, and it must be there).
func edit(t *testing.T, path, old, new string) string {
	t.Helper()
	b, err := fs.ReadFile(shipped, path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	return strings.Replace(string(b), old, new, 1)
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, path, text string
		want             []string // every part must appear in the error
	}{
		{"missing file", PathwaysFile, "", []string{"data/pathways.toml", "missing"}},
		{"bad TOML", StandardsFile, "[waits\n", []string{"data/standards.toml", "not valid TOML"}},
		{"misspelt key", InstrumentsFile, edit(t, InstrumentsFile, "reliable_change = 6", "reliable_chnage = 6"),
			[]string{"data/instruments.toml", "unknown key", "reliable_chnage"}},
		{"caseness out of range", InstrumentsFile, edit(t, InstrumentsFile, "caseness = 10", "caseness = 28"),
			[]string{"data/instruments.toml", `"PHQ9"`, "caseness (28)", "0 to 27"}},
		{"five decimals", InstrumentsFile, edit(t, InstrumentsFile, "reliable_change = 0.73", "reliable_change = 0.73001"),
			[]string{"AgoraAlone", "4 decimal places"}},
		{"threshold without source", InstrumentsFile, edit(t, InstrumentsFile, `caseness = "National definition: NHS Talking Therapies measure definitions (caseness at 10 or more)."`, ""),
			[]string{`"PHQ9"`, "source.caseness"}},
		{"duplicate SNOMED", InstrumentsFile, edit(t, InstrumentsFile, `snomed = "445455005"`, `snomed = "720433000"`),
			[]string{`"GAD7"`, `"720433000" is already used by instrument 1 ("PHQ9")`}},
		{"unknown ADSM instrument", ComplaintMeasuresFile, edit(t, ComplaintMeasuresFile, `instrument = "OCD"`, `instrument = "OCIR"`),
			[]string{"data/complaint_measures.toml", `adsm 4 ("F42")`, `"OCIR" is not in data/instruments.toml`}},
		{"ADSM without thresholds", ComplaintMeasuresFile, edit(t, ComplaintMeasuresFile, `instrument = "OCD"`, `instrument = "WSAS"`),
			[]string{`adsm 4 ("F42")`, "needs caseness and reliable_change"}},
		{"complaint in both tables", ComplaintMeasuresFile, edit(t, ComplaintMeasuresFile, `complaint = "K58"`, `complaint = "F4"`),
			[]string{`pps 1 ("F4")`, "overlaps"}},
		{"app type not numeric", AppointmentsFile, edit(t, AppointmentsFile, `app_types = ["02", "03", "05"]`, `app_types = ["02", "treat"]`),
			[]string{"data/appointments.toml", "treatment.app_types", `"treat"`}},
		{"pathway named like the core group", PathwaysFile, edit(t, PathwaysFile, `name = "Cancer"`, `name = "Core service"`),
			[]string{"data/pathways.toml", `pathway 5 ("Core service")`, "used twice"}},
		{"bad slug", PathwaysFile, edit(t, PathwaysFile, `slug = "me-cfs"`, `slug = "ME CFS"`),
			[]string{`pathway 8 ("ME/CFS")`, "slug"}},
		{"unknown condition measure", PathwaysFile, edit(t, PathwaysFile, `condition_measure = "DDS"`, `condition_measure = "PAID"`),
			[]string{`pathway 1 ("Diabetes")`, `"PAID"`}},
		{"age gap", BreakdownsFile, edit(t, BreakdownsFile, `{ label = "26 to 64", from = 26`, `{ label = "26 to 64", from = 27`),
			[]string{"data/breakdowns.toml", `age_group.bands 3 ("26 to 64")`, "from must be 26"}},
		{"code in two groups", BreakdownsFile, edit(t, BreakdownsFile, `codes = ["R", "S"]`, `codes = ["R", "A"]`),
			[]string{"ethnic_group", `code "A" is in group "White" and group "Other Ethnic Groups"`}},
		{"duplicate label", BreakdownsFile, edit(t, BreakdownsFile, `core_only = "Core only"`, `core_only = "Integrated"`),
			[]string{"integrated", `label "Integrated" is used twice`}},
		{"bad standard measure", StandardsFile, edit(t, StandardsFile, `measure = "M192"`, `measure = "recovery"`),
			[]string{"data/standards.toml", `standard 1 ("recovery")`, "measure ID"}},
		{"waits the wrong way round", StandardsFile, edit(t, StandardsFile, "eighteen_weeks_days = 126", "eighteen_weeks_days = 10"),
			[]string{"waits"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(withFile(t, tc.path, tc.text))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestScaled(t *testing.T) {
	// 3.03 − 2.30 is 0.7299999999999995 in float64; in scaled units it is exactly 0.73.
	if Scaled(3.03)-Scaled(2.30) != Scaled(0.73) {
		t.Errorf("Scaled(3.03) - Scaled(2.30) = %d, want %d", Scaled(3.03)-Scaled(2.30), Scaled(0.73))
	}
}

// Appointments answer by the number of a code as the maps of codes do, in the
// reader's forms and in any other.
func TestAppointmentsByNumberAreTheMaps(t *testing.T) {
	ref, err := Load(shipped)
	if err != nil {
		t.Fatal(err)
	}
	a := ref.Appointments
	if a.byNumber == nil {
		t.Fatal("the appointment codes were not laid out by number")
	}
	var codes []string
	for n := range 100 {
		codes = append(codes, fmt.Sprint(n), fmt.Sprintf("%02d", n), fmt.Sprintf("%03d", n))
	}
	codes = append(codes, "", " 5", "5 ", "x", "-5", "٥")
	for _, c := range codes {
		_, attended := a.Attended[c]
		_, treatment := a.Treatment[c]
		if got := a.IsAttended(c); got != attended {
			t.Errorf("IsAttended(%q) = %v, the map says %v", c, got, attended)
		}
		if got := a.IsTreatment(c); got != treatment {
			t.Errorf("IsTreatment(%q) = %v, the map says %v", c, got, treatment)
		}
	}
	if !a.IsAttended("5") || a.IsAttended("05") || !a.IsTreatment("02") || a.IsTreatment("2") {
		t.Error("data/appointments.toml: attended 5, treatment 02 expected in the reader's forms only")
	}
}
