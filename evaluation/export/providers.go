package export

import (
	"maps"
	"strings"
)

// providers is the filter of Options.Providers: a service publishes its own figures,
// and an export may also hold rows of the other providers on a shared system. Their
// rows are set aside and counted, not reported as errors: nothing is wrong with them.
//
// Referrals of other providers are not in the index (their rows would take referral
// numbers the caller does not want), so it remembers their ServiceRequestIds and
// LocalPatientIds here: a contact, score or condition without OrgIDProv that belongs
// to one of them is then set aside rather than called unknown.
type providers struct {
	allowed map[string]bool
	// last is the answer for the OrgIDProv other was last asked about (its zero value
	// answers the empty one, never another provider's), and answers are the first
	// maxAnswers values asked about, each with its answer and its own copy of the
	// value (a row's strings are slices of a block of the file, which would be kept).
	// other is asked of every row of every file, in the stage that applies rows one
	// at a time: most rows are answered by last, as an export lists a referral's
	// rows together, and the rows where the provider changes by a look along the
	// handful of values an export has, rather than by copying the value and asking
	// a map.
	last    orgAnswer
	answers []orgAnswer
	names   []string // other providers seen, in order of first sight
	number  map[string]uint32
	bySRI   *idTable // ServiceRequestId of another provider's referral
	sriProv []uint32 // per id of bySRI: the provider, for the count
	byLPI   *idTable // LocalPatientId of another provider's referral
	lpiProv []uint32
	rows    map[string]int64 // rows set aside per provider, over all files
}

// orgAnswer is other's answer for an OrgIDProv value.
type orgAnswer struct {
	org   string
	other bool
}

// maxAnswers is the most values other remembers: a file of malformed values could
// otherwise make the list as long as the file, and a look along it slower than a map.
const maxAnswers = 16

// newProviders returns the filter for the ODS codes list, or nil when the list is
// empty: then every provider's rows are read.
func newProviders(list []string) *providers {
	if len(list) == 0 {
		return nil
	}
	p := &providers{allowed: make(map[string]bool), number: make(map[string]uint32),
		bySRI: newIDTable(), byLPI: newIDTable(), rows: make(map[string]int64)}
	for _, code := range list {
		p.allowed[strings.ToUpper(strings.TrimSpace(code))] = true
	}
	return p
}

// other reports whether org is a provider whose rows are set aside. An empty or
// malformed OrgIDProv is not: the row is checked as usual. Like the counts, it is
// called from one goroutine at a time.
func (p *providers) other(org string) bool {
	if p == nil {
		return false
	}
	if org == p.last.org {
		return p.last.other
	}
	for _, a := range p.answers {
		if a.org == org {
			p.last = a
			return a.other
		}
	}
	a := orgAnswer{org: org, other: isODSCode(org) && !p.allowed[org]}
	if len(p.answers) < maxAnswers {
		a.org = strings.Clone(org)
		p.answers = append(p.answers, a)
		p.last = a
	}
	return a.other
}

func (p *providers) providerNumber(org string) uint32 {
	n, ok := p.number[org]
	if !ok {
		n = uint32(len(p.names))
		p.number[org] = n
		p.names = append(p.names, org)
	}
	return n
}

// addReferral remembers a referral of another provider.
func (p *providers) addReferral(org, sri, lpi string) {
	n := p.providerNumber(org)
	if sri != "" {
		if id, added := p.bySRI.add([]byte(sri)); added {
			p.sriProv = append(p.sriProv, n)
		} else {
			p.sriProv[id] = n
		}
	}
	if lpi != "" {
		if id, added := p.byLPI.add([]byte(lpi)); added {
			p.lpiProv = append(p.lpiProv, n)
		} else {
			p.lpiProv[id] = n
		}
	}
}

// referralOf returns the other provider a ServiceRequestId belongs to, if any.
func (p *providers) referralOf(sri string) (org string, ok bool) {
	if p == nil {
		return "", false
	}
	id, ok := p.bySRI.find([]byte(sri), -1)
	if !ok {
		return "", false
	}
	return p.names[p.sriProv[id]], true
}

// personOf returns the other provider a LocalPatientId belongs to, if any.
func (p *providers) personOf(lpi string) (org string, ok bool) {
	if p == nil {
		return "", false
	}
	id, ok := p.byLPI.find([]byte(lpi), -1)
	if !ok {
		return "", false
	}
	return p.names[p.lpiProv[id]], true
}

// counts returns the rows set aside per provider, or nil when none were.
func (p *providers) counts() map[string]int64 {
	if p == nil || len(p.rows) == 0 {
		return nil
	}
	return maps.Clone(p.rows)
}

// isODSCode reports whether v looks like an ODS code: 3 to 6 letters and digits.
func isODSCode(v string) bool {
	if len(v) < 3 || len(v) > 6 {
		return false
	}
	for i := 0; i < len(v); i++ {
		ch := v[i]
		if (ch < '0' || ch > '9') && (ch < 'A' || ch > 'Z') {
			return false
		}
	}
	return true
}
