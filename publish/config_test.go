package publish

import (
	"strings"
	"testing"
)

// A configuration is checked for what its values mean: each refusal names the file,
// the key, the value and what is expected.
func TestParseConfigChecksValues(t *testing.T) {
	const good = `[service]
name = "Test service"
phone = "0300 123 4567"
email = "talking.therapies@example.nhs.uk"
website = "https://talk.example.nhs.uk/"
referral_url = "https://talk.example.nhs.uk/refer/"
[site]
base_url = "/"
published = "2025-06-12"
[leaflets]
last_reviewed = "2025-06-01"
next_review = "2028-06-01"
`
	// with replaces one line of good ("key = ..." found by its key), or deletes it
	// when line is "".
	with := func(key, line string) string {
		var out []string
		for l := range strings.Lines(good) {
			if strings.HasPrefix(l, key+" = ") {
				if line == "" {
					continue
				}
				l = line + "\n"
			}
			out = append(out, l)
		}
		return strings.Join(out, "")
	}
	const (
		date  = `not a date of the calendar; give it as YYYY-MM-DD (such as 2025-06-12)`
		web   = `not a web address; give one starting https:// (or http://) with a host name, such as https://talk.example.nhs.uk/`
		base  = `not where the site is served; give a web address such as https://talk.example.nhs.uk/, or a path such as / or /talk/`
		email = `not an email address; give one such as talking.therapies@example.nhs.uk`
		phone = `has no digits to dial; give the number as patients dial it, such as 0300 123 4567`
	)
	cases := []struct {
		name, toml, err string
	}{
		{"good", good, ""},
		{"leap day", with("published", `published = "2024-02-29"`), ""},
		{"http website", with("website", `website = "http://talk.example.org"`), ""},
		{"no website", with("website", ""), ""},
		{"no phone", with("phone", ""), ""},
		{"base url with host", with("base_url", `base_url = "https://talk.example.nhs.uk/"`), ""},
		{"base url below a path", with("base_url", `base_url = "/talk/"`), ""},
		{"base url left out", with("base_url", ""), ""},
		{"phone with words", with("phone", `phone = "Freephone 0800 123 456 (text relay 18001)"`), ""},

		{"month 13", with("published", `published = "2025-13-45"`), `c.toml: site.published = "2025-13-45": ` + date},
		{"30 February", with("published", `published = "2025-02-30"`), `c.toml: site.published = "2025-02-30": ` + date},
		{"29 February of a common year", with("published", `published = "2025-02-29"`), `c.toml: site.published = "2025-02-29": ` + date},
		{"day first", with("published", `published = "12/06/2025"`), `c.toml: site.published = "12/06/2025": ` + date},
		{"no published date", with("published", ""),
			`c.toml: site.published is missing: give the date the site is published, as YYYY-MM-DD (such as 2025-06-12)`},
		{"javascript website", with("website", `website = "javascript:alert(document.cookie)"`),
			`c.toml: service.website = "javascript:alert(document.cookie)": ` + web},
		{"website without scheme", with("website", `website = "talk.example.nhs.uk"`), `c.toml: service.website = "talk.example.nhs.uk": ` + web},
		{"website without host", with("website", `website = "https:///refer"`), `c.toml: service.website = "https:///refer": ` + web},
		{"website with a space", with("website", `website = "https://talk example.nhs.uk/"`), `c.toml: service.website = "https://talk example.nhs.uk/": ` + web},
		{"website with a user name", with("website", `website = "https://nhs.uk@evil.example/"`), `c.toml: service.website = "https://nhs.uk@evil.example/": ` + web},
		{"ftp referral url", with("referral_url", `referral_url = "ftp://example.org/form"`), `c.toml: service.referral_url = "ftp://example.org/form": ` + web},
		{"javascript referral url", with("referral_url", `referral_url = "JavaScript:alert(1)"`), `c.toml: service.referral_url = "JavaScript:alert(1)": ` + web},
		{"data base url", with("base_url", `base_url = "data:text/html,hi"`), `c.toml: site.base_url = "data:text/html,hi": ` + base},
		{"protocol-relative base url", with("base_url", `base_url = "//evil.example/"`), `c.toml: site.base_url = "//evil.example/": ` + base},
		{"base url with a space", with("base_url", `base_url = "/talk therapies/"`), `c.toml: site.base_url = "/talk therapies/": ` + base},
		{"relative base url", with("base_url", `base_url = "talk/"`), `c.toml: site.base_url = "talk/": ` + base},
		{"email without @", with("email", `email = "talking.therapies"`), `c.toml: service.email = "talking.therapies": ` + email},
		{"email with a name", with("email", `email = "Talk <talk@example.org>"`), `c.toml: service.email = "Talk <talk@example.org>": ` + email},
		{"email without a dot in its domain", with("email", `email = "talk@localhost"`), `c.toml: service.email = "talk@localhost": ` + email},
		{"javascript email", with("email", `email = "javascript:alert(1)"`), `c.toml: service.email = "javascript:alert(1)": ` + email},
		{"no leaflet review dates", strings.Split(good, "[leaflets]")[0], ""},
		{"31 June", with("last_reviewed", `last_reviewed = "2025-06-31"`), `c.toml: leaflets.last_reviewed = "2025-06-31": ` + date},
		{"next review as words", with("next_review", `next_review = "June 2028"`), `c.toml: leaflets.next_review = "June 2028": ` + date},
		{"next review before the last", with("next_review", `next_review = "2024-06-01"`),
			`c.toml: leaflets.next_review = "2024-06-01" is not after leaflets.last_reviewed = "2025-06-01": give the date of the next review`},
		{"phone without digits", with("phone", `phone = "call us"`), `c.toml: service.phone = "call us": ` + phone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig("c.toml", []byte(c.toml))
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.err != "" && (err == nil || err.Error() != c.err):
				t.Fatalf("error = %v\nwant    %s", err, c.err)
			}
		})
	}
}
