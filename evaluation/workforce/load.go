package workforce

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/iaptpub/iaptpub/evaluation/prices"
)

// Load reads and checks one scenario file from fsys (the embedded data/ or a
// service's own folder).
func Load(fsys fs.FS, name string) (Scenario, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Scenario{}, fmt.Errorf("reading workforce scenario: %w", err)
	}
	return Parse(name, data)
}

// LoadAll reads every *.toml scenario in dir, in file-name order (the shipped files
// are numbered so that the defaults come first).
func LoadAll(fsys fs.FS, dir string) ([]Scenario, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.toml"))
	if err != nil {
		return nil, fmt.Errorf("listing workforce scenarios in %s: %w", dir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no workforce scenarios (*.toml files) in %s", dir)
	}
	var all []Scenario
	for _, name := range names {
		s, err := Load(fsys, name)
		if err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	return all, CheckNames(all)
}

// CheckNames reports two scenarios with the same name: reports show scenarios by name,
// so they could not be told apart.
func CheckNames(scenarios []Scenario) error {
	seen := map[string]string{}
	for _, s := range scenarios {
		if first, ok := seen[s.Name]; ok {
			return fmt.Errorf("%s and %s both have name = %q: give each scenario its own name", first, s.File, s.Name)
		}
		seen[s.Name] = s.File
	}
	return nil
}

// Parse reads and checks one scenario; file names it in messages. Problems are
// reported one a line, naming the file and the key: first unknown keys (a misspelling
// would otherwise be silently ignored) and missing keys (no input has a hidden
// default); once the keys are right, every value out of range.
func Parse(file string, data []byte) (Scenario, error) {
	s := Scenario{File: file}
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		return Scenario{}, fmt.Errorf("%s: %w", file, err)
	}
	c := checker{file: file, md: md}
	c.keys(&s)
	if len(c.errs) == 0 {
		c.values(&s)
	}
	if len(c.errs) == 0 {
		c.sources(&s)
	}
	if len(c.errs) > 0 {
		return Scenario{}, errors.Join(c.errs...)
	}
	return s, nil
}

type checker struct {
	file string
	md   toml.MetaData
	errs []error
}

func (c *checker) fail(key, format string, a ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: key %q: %s", c.file, key, fmt.Sprintf(format, a...)))
}

func (c *checker) defined(key string) bool { return c.md.IsDefined(strings.Split(key, ".")...) }

// require reports each key that is not in the file.
func (c *checker) require(keys ...string) {
	for _, k := range keys {
		if !c.defined(k) {
			c.errs = append(c.errs, fmt.Errorf("%s: missing key %q", c.file, k))
		}
	}
}

// forbid reports keys that do not belong with the form of population chosen.
func (c *checker) forbid(why string, keys ...string) {
	for _, k := range keys {
		if c.defined(k) {
			c.fail(k, "not allowed %s", why)
		}
	}
}

// roleKeys are required in each role; current_wte is optional (left out: not known).
var roleKeys = []string{"contacts_per_episode", "contacts_per_day", "caseload", "salary", "oncosts", "full_cost"}

func (c *checker) keys(s *Scenario) {
	for _, k := range c.md.Undecoded() {
		if last := k[len(k)-1]; last == "oncost" {
			c.errs = append(c.errs, fmt.Errorf("%s: key %q: on-costs are now given in pounds a year, as PSSRU Unit Costs 2024 Table 8.2.1 gives them: replace it with oncosts = salary × the share", c.file, k.String()))
			continue
		}
		c.errs = append(c.errs, fmt.Errorf("%s: unknown key %q (misspelt? the keys are those of the shipped scenarios in data/workforce)", c.file, k.String()))
	}
	c.require("name", "presentation", "detection", "start_step2", "stepped_up",
		"medication_only", "working_days", "caseload_mode", "price_year")
	s.LowIntensity.CurrentEntered = c.defined(LowIntensity + ".current_wte")
	s.HighIntensity.CurrentEntered = c.defined(HighIntensity + ".current_wte")
	for _, role := range []string{LowIntensity, HighIntensity} {
		for _, k := range roleKeys {
			c.require(role + "." + k)
		}
	}
	switch {
	case c.defined("ltc"):
		c.require("ltc.condition", "ltc.register", "ltc.share", "referral_share")
		c.forbid("with [ltc]: the register and its share replace them", "population", "prevalence", "disorders")
	case c.defined("disorders"):
		c.require("population")
		if len(s.Disorders) == 0 {
			c.fail("disorders", "empty: give each disorder as its own table, e.g. [disorders.depression]")
		}
		for _, name := range sortedKeys(s.Disorders) {
			c.require("disorders."+name+".prevalence", "disorders."+name+".referral_share")
		}
		c.forbid("with [disorders]: each disorder has its own", "prevalence", "referral_share")
	default:
		c.require("population", "prevalence", "referral_share")
	}
}

func (c *checker) values(s *Scenario) {
	if strings.TrimSpace(s.Name) == "" {
		c.fail("name", "empty: give the scenario a name to show in reports")
	}
	if s.CaseloadMode != ModeScaled && s.CaseloadMode != ModeNet {
		c.fail("caseload_mode", "%q is neither %q nor %q", s.CaseloadMode, ModeScaled, ModeNet)
	}
	if !finite(s.Deprivation) || s.Deprivation < -0.4 || s.Deprivation > 0.4 {
		c.fail("deprivation", "%s is outside -0.4 to 0.4 (the source adjusts prevalence by at most 40%% either way)", number(s.Deprivation))
	}
	prevalence := func(key string, v float64) {
		if c.share(key, v) && v*(1+s.Deprivation) > 1 {
			c.fail(key, "%s adjusted for deprivation (%s) is above 1", number(v), signedPercent(s.Deprivation))
		}
	}
	switch {
	case s.LTC != nil:
		if strings.TrimSpace(s.LTC.Condition) == "" {
			c.fail("ltc.condition", "empty: name the long-term condition")
		}
		c.count("ltc.register", s.LTC.Register)
		prevalence("ltc.share", s.LTC.Share)
	case len(s.Disorders) > 0:
		c.count("population", s.Population)
		for _, name := range sortedKeys(s.Disorders) {
			d := s.Disorders[name]
			prevalence("disorders."+name+".prevalence", d.Prevalence)
			c.share("disorders."+name+".referral_share", d.ReferralShare)
		}
	default:
		c.count("population", s.Population)
		prevalence("prevalence", s.Prevalence)
	}
	if len(s.Disorders) == 0 {
		c.share("referral_share", s.ReferralShare)
	}
	c.share("presentation", s.Presentation)
	c.share("detection", s.Detection)
	c.share("start_step2", s.StartStep2)
	c.share("stepped_up", s.SteppedUp)
	c.share("medication_only", s.MedicationOnly)
	c.positive("working_days", s.WorkingDays)
	for _, r := range []struct {
		key  string
		role Role
	}{{LowIntensity, s.LowIntensity}, {HighIntensity, s.HighIntensity}} {
		k := r.key + "."
		c.count(k+"contacts_per_episode", r.role.ContactsPerEpisode)
		c.positive(k+"contacts_per_day", r.role.ContactsPerDay)
		if c.share(k+"caseload", r.role.Caseload) && s.CaseloadMode == ModeScaled && r.role.Caseload == 0 {
			c.fail(k+"caseload", "must be above 0 when caseload_mode is %q", ModeScaled)
		}
		c.count(k+"salary", r.role.Salary)
		c.count(k+"oncosts", r.role.Oncosts)
		c.count(k+"full_cost", r.role.FullCost)
		c.count(k+"current_wte", r.role.CurrentWTE)
	}
	costed := s.LowIntensity.Salary > 0 || s.HighIntensity.Salary > 0 || s.LowIntensity.FullCost > 0 || s.HighIntensity.FullCost > 0
	if costed && s.PriceYear == "" {
		c.fail("price_year", "empty, but the scenario has staff costs: say which year's prices they are in (e.g. %q)", prices.DefaultYear)
	}
}

// sources reports a source given for something that is not an assumption of this
// scenario: most likely a misspelt key, whose real source would then go missing.
func (c *checker) sources(s *Scenario) {
	known := map[string]bool{}
	for _, a := range s.assumptions() {
		known[a.Key] = true
	}
	for _, k := range sortedKeys(s.Sources) {
		if !known[k] {
			c.fail("sources."+k, "names no assumption of this scenario (keys are written as in the file, e.g. \"low_intensity.salary\")")
		}
	}
}

// share checks a value between 0 and 1 and reports whether it is one.
func (c *checker) share(key string, v float64) bool {
	if !finite(v) || v < 0 || v > 1 {
		c.fail(key, "%s is not a share between 0 and 1 (write 16%% as 0.16)", number(v))
		return false
	}
	return true
}

func (c *checker) count(key string, v float64) {
	switch {
	case !finite(v):
		c.fail(key, "%s is not a number", number(v))
	case v < 0:
		c.fail(key, "%s is negative", number(v))
	}
}

// positive checks a value the model divides by.
func (c *checker) positive(key string, v float64) {
	if !finite(v) || v <= 0 {
		c.fail(key, "%s must be above 0", number(v))
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
