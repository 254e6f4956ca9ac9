package reference

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Load reads and checks every reference file from fsys, whose root holds data/ (the
// embedded iaptpub.Sources, or os.DirFS of a service's site folder). An error names the
// file and the key that is wrong, and says what would be right.
func Load(fsys fs.FS) (*Data, error) {
	d := &Data{}
	var err error
	if d.Instruments, err = loadInstruments(fsys); err != nil {
		return nil, err
	}
	if err := loadComplaintMeasures(fsys, d); err != nil {
		return nil, err
	}
	if d.Appointments, err = loadAppointments(fsys); err != nil {
		return nil, err
	}
	if d.Breakdowns, err = loadBreakdowns(fsys); err != nil {
		return nil, err
	}
	if d.Pathways, err = loadPathways(fsys, d.Instruments, d.Breakdowns.Pathway.None); err != nil {
		return nil, err
	}
	if d.Waits, d.Standards, err = loadStandards(fsys); err != nil {
		return nil, err
	}
	return d, nil
}

// decode reads one TOML file into v, refusing keys that v has no place for: a
// misspelt key would otherwise be ignored and its default used without a word.
func decode(fsys fs.FS, path string, v any) error {
	md, err := toml.DecodeFS(fsys, path, v)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: the reference file is missing; copy it from the iaptpub sources (data/) into the site folder", path)
		}
		return fmt.Errorf("%s: not valid TOML: %w", path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		return fmt.Errorf("%s: unknown key %s (check its spelling against the comments at the top of the file)", path, strings.Join(keys, ", "))
	}
	return nil
}

// fileError is an error about one key of one reference file.
func fileError(path, where, format string, a ...any) error {
	return fmt.Errorf("%s: %s: %s", path, where, fmt.Sprintf(format, a...))
}

// fourDecimals reports whether v has at most 4 decimal places (see ScoreScale).
func fourDecimals(v float64) bool {
	s := v * ScoreScale
	return math.Abs(s-math.Round(s)) < 1e-6*math.Max(1, math.Abs(s))
}

type instrumentsFile struct {
	Instrument []struct {
		Short          string
		Name           string
		SNOMED         string `toml:"snomed"`
		Min, Max       *float64
		Decimals       bool
		Caseness       *float64
		ReliableChange *float64 `toml:"reliable_change"`
		Source         struct {
			Range          string
			Caseness       string
			ReliableChange string `toml:"reliable_change"`
		}
	}
}

var (
	shortName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	digits    = regexp.MustCompile(`^[0-9]+$`)
)

func loadInstruments(fsys fs.FS) (*Catalogue, error) {
	const path = InstrumentsFile
	var f instrumentsFile
	if err := decode(fsys, path, &f); err != nil {
		return nil, err
	}
	if len(f.Instrument) == 0 {
		return nil, fmt.Errorf("%s: no [[instrument]] entries", path)
	}
	c := &Catalogue{by: map[string]int{}}
	for i, x := range f.Instrument {
		where := fmt.Sprintf("instrument %d (%q)", i+1, x.Short)
		in := Instrument{
			Short: strings.TrimSpace(x.Short), Name: strings.TrimSpace(x.Name),
			SNOMED: strings.TrimSpace(x.SNOMED), Decimals: x.Decimals,
			Source: InstrumentSource{
				Range:          strings.TrimSpace(x.Source.Range),
				Caseness:       strings.TrimSpace(x.Source.Caseness),
				ReliableChange: strings.TrimSpace(x.Source.ReliableChange),
			},
		}
		switch {
		case !shortName.MatchString(in.Short):
			return nil, fileError(path, where, "key short must be a name of letters and digits, such as PHQ9")
		case in.Name == "":
			return nil, fileError(path, where, "key name is missing")
		case in.SNOMED != "" && !digits.MatchString(in.SNOMED):
			return nil, fileError(path, where, "key snomed must be a SNOMED CT code (digits only), not %q", in.SNOMED)
		case x.Min == nil || x.Max == nil:
			return nil, fileError(path, where, "keys min and max (the range of a valid score) are both required")
		}
		in.Min, in.Max = *x.Min, *x.Max
		switch {
		case in.Min >= in.Max:
			return nil, fileError(path, where, "min (%g) must be below max (%g)", in.Min, in.Max)
		case math.Abs(in.Min) > maxScaled || math.Abs(in.Max) > maxScaled:
			return nil, fileError(path, where, "min and max must lie between %d and %d", -maxScaled, maxScaled)
		case !fourDecimals(in.Min) || !fourDecimals(in.Max):
			return nil, fileError(path, where, "min and max may have at most 4 decimal places")
		case in.Source.Range == "":
			return nil, fileError(path, where, "key source.range is missing: say where the range comes from")
		}
		if x.Caseness != nil {
			in.Caseness, in.HasCaseness = *x.Caseness, true
			switch {
			case in.Caseness < in.Min || in.Caseness > in.Max:
				return nil, fileError(path, where, "caseness (%g) must lie within the range %g to %g", in.Caseness, in.Min, in.Max)
			case !fourDecimals(in.Caseness):
				return nil, fileError(path, where, "caseness may have at most 4 decimal places")
			case in.Source.Caseness == "":
				return nil, fileError(path, where, "key source.caseness is missing: say where the caseness threshold comes from")
			}
		} else if in.Source.Caseness != "" {
			return nil, fileError(path, where, "source.caseness is given but caseness is not")
		}
		if x.ReliableChange != nil {
			in.ReliableChange, in.HasReliableChange = *x.ReliableChange, true
			switch {
			case in.ReliableChange <= 0 || in.ReliableChange > in.Max-in.Min:
				return nil, fileError(path, where, "reliable_change (%g) must be above 0 and at most the width of the range (%g)", in.ReliableChange, in.Max-in.Min)
			case !fourDecimals(in.ReliableChange):
				return nil, fileError(path, where, "reliable_change may have at most 4 decimal places")
			case in.Source.ReliableChange == "":
				return nil, fileError(path, where, "key source.reliable_change is missing: say where the reliable change comes from")
			}
		} else if in.Source.ReliableChange != "" {
			return nil, fileError(path, where, "source.reliable_change is given but reliable_change is not")
		}
		for _, key := range []string{in.Short, in.SNOMED} {
			if key == "" {
				continue
			}
			if j, dup := c.by[key]; dup {
				return nil, fileError(path, where, "%q is already used by instrument %d (%q)", key, j+1, c.list[j].Short)
			}
			c.by[key] = len(c.list)
		}
		c.list = append(c.list, in)
	}
	return c, nil
}

type complaintMeasuresFile struct {
	DepressionMeasure     string         `toml:"depression_measure"`
	DefaultAnxietyMeasure string         `toml:"default_anxiety_measure"`
	ADSM                  []complaintRow `toml:"adsm"`
	PPS                   []complaintRow `toml:"pps"`
}

type complaintRow struct {
	Complaint, Label, Instrument string
}

// NormaliseCode writes a presenting-complaint code as the export reader does: trimmed,
// upper case, without dots ("F41.0" → "F410").
func NormaliseCode(code string) string {
	return strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(code)), ".", "")
}

// usableForFlags checks that the instrument exists and has the values the flags need.
func usableForFlags(c *Catalogue, path, where, short string) error {
	in, ok := c.Get(short)
	switch {
	case !ok:
		return fileError(path, where, "instrument %q is not in %s", short, InstrumentsFile)
	case !in.HasCaseness || !in.HasReliableChange:
		return fileError(path, where, "instrument %q needs caseness and reliable_change in %s to be used for the outcome flags", short, InstrumentsFile)
	}
	return nil
}

func loadComplaintMeasures(fsys fs.FS, d *Data) error {
	const path = ComplaintMeasuresFile
	var f complaintMeasuresFile
	if err := decode(fsys, path, &f); err != nil {
		return err
	}
	if err := usableForFlags(d.Instruments, path, "depression_measure", f.DepressionMeasure); err != nil {
		return err
	}
	if err := usableForFlags(d.Instruments, path, "default_anxiety_measure", f.DefaultAnxietyMeasure); err != nil {
		return err
	}
	// The catalogue may be keyed by SNOMED code; keep the short names.
	dep, _ := d.Instruments.Get(f.DepressionMeasure)
	anx, _ := d.Instruments.Get(f.DefaultAnxietyMeasure)
	d.Depression, d.DefaultAnxiety = dep.Short, anx.Short
	seen := map[string]string{}
	table := func(name string, rows []complaintRow) ([]ComplaintMeasure, error) {
		var out []ComplaintMeasure
		for i, r := range rows {
			where := fmt.Sprintf("%s %d (%q)", name, i+1, r.Complaint)
			m := ComplaintMeasure{Complaint: NormaliseCode(r.Complaint), Label: strings.TrimSpace(r.Label)}
			switch {
			case m.Complaint == "":
				return nil, fileError(path, where, "key complaint is missing")
			case m.Label == "":
				return nil, fileError(path, where, "key label is missing")
			}
			if err := usableForFlags(d.Instruments, path, where, r.Instrument); err != nil {
				return nil, err
			}
			in, _ := d.Instruments.Get(r.Instrument)
			m.Instrument = in.Short
			for other, otherTable := range seen {
				if strings.HasPrefix(m.Complaint, other) || strings.HasPrefix(other, m.Complaint) {
					if other == m.Complaint || otherTable != name {
						return nil, fileError(path, where, "complaint %s overlaps %s in [[%s]]: a complaint code must lead to one questionnaire", m.Complaint, other, otherTable)
					}
				}
			}
			seen[m.Complaint] = name
			out = append(out, m)
		}
		return out, nil
	}
	var err error
	if d.ADSM, err = table("adsm", f.ADSM); err != nil {
		return err
	}
	d.PPS, err = table("pps", f.PPS)
	return err
}

type appointmentsFile struct {
	Attended struct {
		Codes  []string
		Labels map[string]string
	}
	Treatment struct {
		AppTypes []string `toml:"app_types"`
		Labels   map[string]string
	}
}

// normaliseAttend and normaliseAppType write codes as the export reader does.
func normaliseAttend(code string) string {
	c := strings.TrimLeft(strings.TrimSpace(code), "0")
	if c == "" && strings.TrimSpace(code) != "" {
		return "0"
	}
	return c
}

func normaliseAppType(code string) string {
	c := strings.TrimSpace(code)
	if len(c) == 1 {
		return "0" + c
	}
	return c
}

func loadAppointments(fsys fs.FS) (Appointments, error) {
	const path = AppointmentsFile
	var f appointmentsFile
	if err := decode(fsys, path, &f); err != nil {
		return Appointments{}, err
	}
	codes := func(key string, list []string, labels map[string]string, norm func(string) string) (map[string]string, error) {
		if len(list) == 0 {
			return nil, fileError(path, key, "no codes given")
		}
		out := map[string]string{}
		for _, c := range list {
			n := norm(c)
			if !digits.MatchString(n) {
				return nil, fileError(path, key, "%q is not a numeric code", c)
			}
			out[n] = ""
		}
		for c, l := range labels {
			n := norm(c)
			if _, ok := out[n]; !ok {
				return nil, fileError(path, key, "labels has code %q, which is not in the list", c)
			}
			out[n] = strings.TrimSpace(l)
		}
		return out, nil
	}
	var a Appointments
	var err error
	if a.Attended, err = codes("attended.codes", f.Attended.Codes, f.Attended.Labels, normaliseAttend); err != nil {
		return a, err
	}
	if a.Treatment, err = codes("treatment.app_types", f.Treatment.AppTypes, f.Treatment.Labels, normaliseAppType); err != nil {
		return a, err
	}
	a.byNumber = &appointmentCodes{attended: byNumber(a.Attended), treatment: byNumber(a.Treatment)}
	return a, nil
}

// byNumber marks the numbers of the codes.
func byNumber(codes map[string]string) (set [100]bool) {
	for c := range codes {
		if n, ok := twoDigits(c); ok {
			set[n] = true
		}
	}
	return set
}

type pathwaysFile struct {
	Pathway []struct {
		Name                 string
		Slug                 string
		LTCCodes             []string `toml:"ltc_codes"`
		ComplaintPrefixes    []string `toml:"complaint_prefixes"`
		ConditionMeasure     string   `toml:"condition_measure"`
		ConditionMeasureNote string   `toml:"condition_measure_note"`
		PPSMeasures          bool     `toml:"pps_measures"`
	}
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func loadPathways(fsys fs.FS, c *Catalogue, none string) ([]Pathway, error) {
	const path = PathwaysFile
	var f pathwaysFile
	if err := decode(fsys, path, &f); err != nil {
		return nil, err
	}
	if len(f.Pathway) > MaxPathways {
		return nil, fmt.Errorf("%s: %d pathways; at most %d are supported", path, len(f.Pathway), MaxPathways)
	}
	names, slugs := map[string]bool{none: true}, map[string]bool{}
	var out []Pathway
	for i, x := range f.Pathway {
		where := fmt.Sprintf("pathway %d (%q)", i+1, x.Name)
		p := Pathway{
			Name: strings.TrimSpace(x.Name), Slug: strings.TrimSpace(x.Slug),
			ConditionMeasureNote: strings.TrimSpace(x.ConditionMeasureNote),
			PPSMeasures:          x.PPSMeasures,
		}
		switch {
		case p.Name == "":
			return nil, fileError(path, where, "key name is missing")
		case names[p.Name]:
			return nil, fileError(path, where, "name %q is used twice (or is the name of the group of referrals in no pathway)", p.Name)
		case !slugPattern.MatchString(p.Slug):
			return nil, fileError(path, where, "key slug must be lower-case letters, digits and single hyphens, such as persistent-pain")
		case slugs[p.Slug]:
			return nil, fileError(path, where, "slug %q is used twice", p.Slug)
		case len(x.LTCCodes) == 0 && len(x.ComplaintPrefixes) == 0:
			return nil, fileError(path, where, "give ltc_codes or complaint_prefixes: no referral could be in this pathway")
		}
		names[p.Name], slugs[p.Slug] = true, true
		for _, code := range x.LTCCodes {
			code = strings.TrimSpace(code)
			if !digits.MatchString(code) {
				return nil, fileError(path, where, "ltc_codes: %q is not a SNOMED CT code", code)
			}
			p.LTCCodes = append(p.LTCCodes, code)
		}
		for _, code := range x.ComplaintPrefixes {
			n := NormaliseCode(code)
			if n == "" {
				return nil, fileError(path, where, "complaint_prefixes: an empty prefix would match every complaint")
			}
			p.ComplaintPrefixes = append(p.ComplaintPrefixes, n)
		}
		if x.ConditionMeasure != "" {
			in, ok := c.Get(x.ConditionMeasure)
			if !ok {
				return nil, fileError(path, where, "condition_measure %q is not in %s", x.ConditionMeasure, InstrumentsFile)
			}
			if p.ConditionMeasureNote == "" {
				return nil, fileError(path, where, "key condition_measure_note is missing: say why this questionnaire was chosen")
			}
			p.ConditionMeasure = in.Short
		}
		out = append(out, p)
	}
	return out, nil
}

type breakdownsFile struct {
	Total struct {
		VariableType string `toml:"variable_type"`
		Label        string
	}
	Pathway struct {
		VariableType string `toml:"variable_type"`
		None         string
	}
	LTCStatus struct {
		VariableType string `toml:"variable_type"`
		With         string
		Without      string
		NotStated    string `toml:"not_stated"`
		NoLTCCode    string `toml:"no_ltc_code"`
	} `toml:"ltc_status"`
	AgeGroup struct {
		VariableType string `toml:"variable_type"`
		NotKnown     string `toml:"not_known"`
		Bands        []struct {
			Label string
			From  *int
			To    *int
		}
	} `toml:"age_group"`
	Gender      codeGroupsFile
	EthnicGroup codeGroupsFile `toml:"ethnic_group"`
	Deprivation struct {
		VariableType string `toml:"variable_type"`
		NotKnown     string `toml:"not_known"`
	}
	Integrated struct {
		VariableType string `toml:"variable_type"`
		Integrated   string
		CoreOnly     string `toml:"core_only"`
	}
}

type codeGroupsFile struct {
	VariableType string `toml:"variable_type"`
	Groups       []struct {
		Label string
		Codes []string
	}
	Other string
}

func loadBreakdowns(fsys fs.FS) (Breakdowns, error) {
	const path = BreakdownsFile
	var f breakdownsFile
	if err := decode(fsys, path, &f); err != nil {
		return Breakdowns{}, err
	}
	// Every label must be given, and distinct within its breakdown: two values with
	// one label would merge in the published file.
	types := map[string]string{}
	check := func(table, variableType string, labels ...string) error {
		if strings.TrimSpace(variableType) == "" {
			return fileError(path, table, "key variable_type is missing")
		}
		if other, dup := types[variableType]; dup {
			return fileError(path, table, "variable_type %q is also used by [%s]", variableType, other)
		}
		types[variableType] = table
		seen := map[string]bool{}
		for _, l := range labels {
			switch {
			case strings.TrimSpace(l) == "":
				return fileError(path, table, "a label is missing")
			case seen[l]:
				return fileError(path, table, "label %q is used twice", l)
			}
			seen[l] = true
		}
		return nil
	}
	var b Breakdowns
	b.Total = Total{f.Total.VariableType, f.Total.Label}
	if err := check("total", b.Total.VariableType, b.Total.Label); err != nil {
		return b, err
	}
	b.Pathway = PathwayBreakdown{f.Pathway.VariableType, f.Pathway.None}
	if err := check("pathway", b.Pathway.VariableType, b.Pathway.None); err != nil {
		return b, err
	}
	l := f.LTCStatus
	b.LTCStatus = LTCStatus{l.VariableType, l.With, l.Without, l.NotStated, strings.TrimSpace(l.NoLTCCode)}
	if err := check("ltc_status", l.VariableType, l.With, l.Without, l.NotStated); err != nil {
		return b, err
	}
	if !digits.MatchString(b.LTCStatus.NoLTCCode) {
		return b, fileError(path, "ltc_status", "no_ltc_code must be a SNOMED CT code")
	}

	a := f.AgeGroup
	b.AgeGroup = AgeGroup{VariableType: a.VariableType, NotKnown: a.NotKnown}
	labels := []string{a.NotKnown}
	next := 0
	for i, band := range a.Bands {
		where := fmt.Sprintf("age_group.bands %d (%q)", i+1, band.Label)
		last := i == len(a.Bands)-1
		switch {
		case band.From == nil || *band.From != next:
			return b, fileError(path, where, "from must be %d, so that the bands follow on from each other without gaps", next)
		case last && band.To != nil:
			return b, fileError(path, where, "the last band must have no upper age (leave out to)")
		case !last && (band.To == nil || *band.To < *band.From):
			return b, fileError(path, where, "to must be given, and at least from")
		}
		ab := AgeBand{Label: band.Label, From: *band.From, To: -1}
		if !last {
			ab.To = *band.To
			next = ab.To + 1
		}
		b.AgeGroup.Bands = append(b.AgeGroup.Bands, ab)
		labels = append(labels, band.Label)
	}
	if len(a.Bands) == 0 {
		return b, fileError(path, "age_group", "no bands given")
	}
	if err := check("age_group", a.VariableType, labels...); err != nil {
		return b, err
	}

	groups := func(table string, g codeGroupsFile, norm func(string) string) (CodeGroups, error) {
		cg := CodeGroups{VariableType: g.VariableType, Other: g.Other, index: map[string]int{}}
		labels := []string{g.Other}
		for i, grp := range g.Groups {
			if len(grp.Codes) == 0 {
				return cg, fileError(path, table, "group %q has no codes", grp.Label)
			}
			out := CodeGroup{Label: grp.Label}
			for _, code := range grp.Codes {
				n := norm(code)
				if n == "" {
					return cg, fileError(path, table, "group %q has an empty code", grp.Label)
				}
				if j, dup := cg.index[n]; dup {
					return cg, fileError(path, table, "code %q is in group %q and group %q", n, g.Groups[j].Label, grp.Label)
				}
				cg.index[n] = i
				out.Codes = append(out.Codes, n)
			}
			cg.Groups = append(cg.Groups, out)
			labels = append(labels, grp.Label)
		}
		return cg, check(table, g.VariableType, labels...)
	}
	var err error
	if b.Gender, err = groups("gender", f.Gender, strings.TrimSpace); err != nil {
		return b, err
	}
	if b.Ethnic, err = groups("ethnic_group", f.EthnicGroup, func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }); err != nil {
		return b, err
	}

	b.Deprivation = Deprivation{f.Deprivation.VariableType, f.Deprivation.NotKnown}
	dl := []string{b.Deprivation.NotKnown}
	for i := 1; i <= 10; i++ {
		dl = append(dl, strconv.Itoa(i))
	}
	if err := check("deprivation", b.Deprivation.VariableType, dl...); err != nil {
		return b, err
	}
	b.Integrated = Integrated{f.Integrated.VariableType, f.Integrated.Integrated, f.Integrated.CoreOnly}
	if err := check("integrated", b.Integrated.VariableType, b.Integrated.Integrated, b.Integrated.CoreOnly); err != nil {
		return b, err
	}
	return b, nil
}

type standardsFile struct {
	Waits struct {
		SixWeeksDays      int `toml:"six_weeks_days"`
		EighteenWeeksDays int `toml:"eighteen_weeks_days"`
	}
	Standard []struct {
		Key           string
		Name          string
		Measure       string
		TargetPercent *float64 `toml:"target_percent"`
		Description   string
		Source        string
	}
}

var measureID = regexp.MustCompile(`^[MX][0-9]+$`)

func loadStandards(fsys fs.FS) (Waits, []Standard, error) {
	const path = StandardsFile
	var f standardsFile
	if err := decode(fsys, path, &f); err != nil {
		return Waits{}, nil, err
	}
	w := Waits{f.Waits.SixWeeksDays, f.Waits.EighteenWeeksDays}
	if w.SixWeeksDays <= 0 || w.EighteenWeeksDays < w.SixWeeksDays {
		return w, nil, fileError(path, "waits", "six_weeks_days and eighteen_weeks_days must be positive numbers of days, the first no more than the second")
	}
	keys := map[string]bool{}
	var out []Standard
	for i, x := range f.Standard {
		where := fmt.Sprintf("standard %d (%q)", i+1, x.Key)
		switch {
		case x.Key == "" || keys[x.Key]:
			return w, nil, fileError(path, where, "key must be given and unique")
		case x.Name == "" || x.Description == "" || x.Source == "":
			return w, nil, fileError(path, where, "name, description and source are all required")
		case !measureID.MatchString(x.Measure):
			return w, nil, fileError(path, where, "measure must be a measure ID such as M192, not %q", x.Measure)
		case x.TargetPercent == nil || *x.TargetPercent < 0 || *x.TargetPercent > 100:
			return w, nil, fileError(path, where, "target_percent must be given, from 0 to 100")
		}
		keys[x.Key] = true
		out = append(out, Standard{x.Key, x.Name, x.Measure, *x.TargetPercent, x.Description, x.Source})
	}
	return w, out, nil
}
