package publish

import (
	"bytes"
	"fmt"
	"os"
	"regexp"

	"github.com/BurntSushi/toml"
)

// Config is a service's configuration: who it is, how people reach it, and where and
// when the site is published. One TOML file; the demonstration's ships in the binary.
type Config struct {
	Service    Service     `toml:"service"`
	Site       Publication `toml:"site"`
	Evaluation Evaluation  `toml:"evaluation"`
}

// Evaluation configures the reports for commissioners.
type Evaluation struct {
	// PriceYear is the one price year of every pound on the cost and workforce pages,
	// e.g. "2021/22"; empty means prices.DefaultYear.
	PriceYear string `toml:"price_year"`
}

// Service is what patients and commissioners are told about the service.
type Service struct {
	Name         string   `toml:"name"`
	ODSCodes     []string `toml:"ods_codes"`
	Phone        string   `toml:"phone"`
	Email        string   `toml:"email"`
	Website      string   `toml:"website"`
	ReferralURL  string   `toml:"referral_url"`
	Address      string   `toml:"address"`
	OpeningHours string   `toml:"opening_hours"`
	GPSharing    string   `toml:"gp_sharing"`
}

// Publication is how and where the site is published.
type Publication struct {
	// BaseURL is where the site will be served, e.g. "https://talk.example.nhs.uk/".
	// Pages link to each other relative to it; printed leaflets show it.
	BaseURL string `toml:"base_url"`
	// Published is the date shown as "published on" (YYYY-MM-DD). It comes from here,
	// never from the clock, so the same input gives the same site.
	Published string `toml:"published"`
	// Benchmark is an optional path to the national annual publication CSV.
	Benchmark string `toml:"benchmark"`
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ParseConfig reads a configuration file's bytes; name is used in messages.
func ParseConfig(name string, data []byte) (Config, error) {
	var c Config
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&c)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return Config{}, fmt.Errorf("%s: unknown key %q (see the README's Configuration section for the keys)", name, keys[0].String())
	}
	if c.Service.Name == "" {
		return Config{}, fmt.Errorf("%s: service.name is missing: give the service's name as patients know it", name)
	}
	if c.Site.Published != "" && !datePattern.MatchString(c.Site.Published) {
		return Config{}, fmt.Errorf("%s: site.published: not a date YYYY-MM-DD (%q)", name, c.Site.Published)
	}
	if c.Site.BaseURL == "" {
		c.Site.BaseURL = "/"
	}
	return c, nil
}

// LoadConfig reads a configuration file.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("reading configuration: %w", err)
	}
	return ParseConfig(path, data)
}
