package publish

import (
	"bytes"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is a service's configuration: who it is, how people reach it, and where and
// when the site is published. One TOML file; the demonstration's ships in the binary.
type Config struct {
	// Mapping is the path of the export's mapping file (see export.ParseMapping),
	// relative to the configuration file; empty when the export uses the contract's
	// names and codes.
	Mapping    string      `toml:"mapping"`
	Service    Service     `toml:"service"`
	Site       Publication `toml:"site"`
	Evaluation Evaluation  `toml:"evaluation"`
	Leaflets   Leaflets    `toml:"leaflets"`
}

// Leaflets says when the service last checked its patient leaflets and when it will
// check them next, shown on each leaflet as the NHS.UK "Page last reviewed" and "Next
// review due". Both are YYYY-MM-DD and may be left out: a leaflet then says that the
// service has still to set them, rather than show a date nobody chose.
type Leaflets struct {
	LastReviewed string `toml:"last_reviewed"`
	NextReview   string `toml:"next_review"`
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
	// Published is the date shown as "published on" (YYYY-MM-DD), and is required. It
	// comes from here, never from the clock, so the same input gives the same site.
	Published string `toml:"published"`
	// NextUpdate is when the next release is due (YYYY-MM-DD), for the workbook's
	// cover; without it the cover says "to be announced".
	NextUpdate string `toml:"next_update"`
	// Benchmark is an optional path to the national annual publication CSV.
	Benchmark string `toml:"benchmark"`
}

// ParseConfig reads a configuration file's bytes; name is used in messages. Values are
// checked for what they mean, not only their type: a date must be a day of the
// calendar, web addresses must be http(s) addresses with a host (a javascript: link
// on every page would run for every reader), an email address must look like one and
// a phone number must have digits to dial. Each refusal names the file, the key, the
// value and what is expected.
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
	if c.Site.BaseURL == "" {
		c.Site.BaseURL = "/"
	}
	if c.Mapping != "" && !filepath.IsAbs(c.Mapping) {
		c.Mapping = filepath.Join(filepath.Dir(name), c.Mapping)
	}
	checks := []struct {
		key, value string
		check      func(string) string // what is expected, or "" when value is right
	}{
		{"site.published", c.Site.Published, calendarDate},
		{"site.next_update", c.Site.NextUpdate, optional(calendarDate)},
		{"site.base_url", c.Site.BaseURL, baseURL},
		{"leaflets.last_reviewed", c.Leaflets.LastReviewed, optional(calendarDate)},
		{"leaflets.next_review", c.Leaflets.NextReview, optional(calendarDate)},
		{"service.website", c.Service.Website, optional(webAddress)},
		{"service.referral_url", c.Service.ReferralURL, optional(webAddress)},
		{"service.email", c.Service.Email, optional(emailAddress)},
		{"service.phone", c.Service.Phone, optional(phoneNumber)},
	}
	for _, k := range checks {
		switch want := k.check(k.value); {
		case want == "":
		case k.value == "":
			return Config{}, fmt.Errorf("%s: %s is missing: %s", name, k.key, want)
		default:
			return Config{}, fmt.Errorf("%s: %s = %q: %s", name, k.key, k.value, want)
		}
	}
	if l := c.Leaflets; l.LastReviewed != "" && l.NextReview != "" && l.NextReview <= l.LastReviewed {
		return Config{}, fmt.Errorf("%s: leaflets.next_review = %q is not after leaflets.last_reviewed = %q: give the date of the next review", name, l.NextReview, l.LastReviewed)
	}
	return c, nil
}

// optional lets a key be left out (empty): the pages then leave out what it gives.
func optional(check func(string) string) func(string) string {
	return func(v string) string {
		if v == "" {
			return ""
		}
		return check(v)
	}
}

func calendarDate(v string) string {
	if v == "" {
		return "give the date the site is published, as YYYY-MM-DD (such as 2025-06-12)"
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "not a date of the calendar; give it as YYYY-MM-DD (such as 2025-06-12)"
	}
	return ""
}

// webAddress accepts an absolute http or https address with a host name.
func webAddress(v string) string {
	const want = "not a web address; give one starting https:// (or http://) with a host name, such as https://talk.example.nhs.uk/"
	if strings.ContainsAny(v, " \t\r\n") {
		return want
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || u.User != nil {
		return want
	}
	return ""
}

// baseURL accepts a web address, or a path from the root of the host such as "/" or
// "/talk/" for a site served on whatever host serves it.
func baseURL(v string) string {
	if strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") && !strings.ContainsAny(v, " \t\r\n") {
		if u, err := url.Parse(v); err == nil && u.Path == v {
			return ""
		}
	} else if webAddress(v) == "" {
		return ""
	}
	return "not where the site is served; give a web address such as https://talk.example.nhs.uk/, or a path such as / or /talk/"
}

// emailAddress accepts a bare address (no display name) whose domain has a dot.
func emailAddress(v string) string {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") {
		return "not an email address; give one such as talking.therapies@example.nhs.uk"
	}
	return ""
}

func phoneNumber(v string) string {
	if !strings.ContainsAny(v, "0123456789") {
		return "has no digits to dial; give the number as patients dial it, such as 0300 123 4567"
	}
	return ""
}

// LoadConfig reads a configuration file.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("reading configuration: %w", err)
	}
	return ParseConfig(path, data)
}
