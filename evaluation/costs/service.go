package costs

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strings"

	"github.com/BurntSushi/toml"
)

// ServiceCostsFile is the default cost of the service, relative to the root of the site
// sources. It ships with nothing entered.
const ServiceCostsFile = "data/service-costs.toml"

// ServiceCosts is the cost of the service: either a cost per attended treatment
// appointment by intensity, applied to each person's appointments, or a total
// programme cost for the people evaluated. Zero everywhere means not entered: the
// evaluation then gives savings but no net saving or return on investment.
type ServiceCosts struct {
	LowIntensityAppointment  float64 `toml:"low_intensity_appointment"`
	HighIntensityAppointment float64 `toml:"high_intensity_appointment"`
	Programme                float64 `toml:"programme"`
	PriceYear                string  `toml:"price_year"`
	Source                   string  `toml:"source"`
	// StatedYear is the price year the costs were entered at, when Restate has put
	// them at another.
	StatedYear string `toml:"-"`
}

// Entered reports whether any cost of the service was entered.
func (s ServiceCosts) Entered() bool { return s.PerAppointment() || s.Programme > 0 }

// PerAppointment reports whether the cost is given per appointment.
func (s ServiceCosts) PerAppointment() bool {
	return s.LowIntensityAppointment > 0 || s.HighIntensityAppointment > 0
}

// LoadServiceCosts reads the cost of the service from fsys.
func LoadServiceCosts(fsys fs.FS, name string) (ServiceCosts, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return ServiceCosts{}, fmt.Errorf("reading the cost of the service: %w", err)
	}
	return ParseServiceCosts(name, data)
}

var serviceCostKeys = []string{"low_intensity_appointment", "high_intensity_appointment", "programme", "price_year", "source"}

// ParseServiceCosts reads the cost of the service (TOML); file names it in messages.
// Every key must be present (0 or "" for not entered), no other key is allowed, costs
// are 0 or more, and the two ways of giving the cost may not be mixed.
func ParseServiceCosts(file string, data []byte) (ServiceCosts, error) {
	var s ServiceCosts
	md, err := toml.Decode(string(data), &s)
	if err != nil {
		return ServiceCosts{}, fmt.Errorf("%s: %w", file, err)
	}
	var errs []error
	for _, k := range md.Undecoded() {
		errs = append(errs, fmt.Errorf("%s: unknown key %q (the keys are %s)", file, k.String(), strings.Join(serviceCostKeys, ", ")))
	}
	for _, k := range serviceCostKeys {
		if !md.IsDefined(k) {
			errs = append(errs, fmt.Errorf("%s: missing key %q (0 or \"\" means not entered)", file, k))
		}
	}
	for _, c := range []struct {
		key string
		v   float64
	}{
		{"low_intensity_appointment", s.LowIntensityAppointment},
		{"high_intensity_appointment", s.HighIntensityAppointment},
		{"programme", s.Programme},
	} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) || c.v < 0 {
			errs = append(errs, fmt.Errorf("%s: key %q: %v is not a cost of 0 or more pounds", file, c.key, c.v))
		}
	}
	if s.PerAppointment() && s.Programme > 0 {
		errs = append(errs, fmt.Errorf("%s: key \"programme\": give either costs per appointment or a programme cost, not both", file))
	}
	if len(errs) > 0 {
		return ServiceCosts{}, errors.Join(errs...)
	}
	return s, nil
}
