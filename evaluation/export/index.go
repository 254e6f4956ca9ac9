package export

import (
	"encoding/binary"
	"slices"
)

// index finds referrals and people from the other tables. At national scale (2 million
// referrals) it is the reader's main use of memory, so it is kept compact: one map from
// a single key string to an int32, providers interned as a small number, and a person's
// referrals as one shared int32 array rather than a slice each.
type index struct {
	provIDs map[string]uint32 // OrgIDProv → provider number
	nprovs  int

	keys  map[string]int32 // uvarint(provider) + ServiceRequestId → referral
	bySRI map[string]int32 // ServiceRequestId → referral, or ambiguous; built when first needed

	received   []Date  // per referral, to warn of contacts and scores outside it
	discharged []Date  // per referral
	lines      []int32 // per referral, to point a duplicate at the first copy

	persons  map[string]int32 // uvarint(provider) + LocalPatientId → person
	personOf []int32          // per referral

	// Built when conditions are first read.
	personStart []int32          // the referrals of person p are personRefs[personStart[p]:personStart[p+1]]
	personRefs  []int32          //
	byLPI       map[string]int32 // LocalPatientId → a person with it, for rows without OrgIDProv
	nextSameLPI []int32          // per person: another person (of another provider) with the same LocalPatientId, or -1

	// The last referral looked up: exports usually list a referral's contacts or scores
	// together, and a string comparison is much cheaper than a lookup in a map of
	// millions of keys.
	lastOrg, lastSRI string
	lastRef          int32
	lastAmbig        bool

	buf  []byte  // scratch for building keys
	refs []int32 // scratch for answers
}

const ambiguous = -1

func newIndex() *index {
	return &index{provIDs: make(map[string]uint32), keys: make(map[string]int32), persons: make(map[string]int32)}
}

func (ix *index) key(prov uint32, id string) []byte {
	ix.buf = binary.AppendUvarint(ix.buf[:0], uint64(prov))
	ix.buf = append(ix.buf, id...)
	return ix.buf
}

// add records an accepted referral. It returns the line of an earlier referral with the
// same key, or 0 when the key is new.
func (ix *index) add(x *Referral) (firstLine int) {
	prov, ok := ix.provIDs[x.OrgIDProv]
	if !ok {
		prov = uint32(ix.nprovs)
		ix.provIDs[x.OrgIDProv] = prov
		ix.nprovs++
	}
	k := ix.key(prov, x.ServiceRequestID)
	if ref, dup := ix.keys[string(k)]; dup {
		return int(ix.lines[ref])
	}
	ref := int32(len(ix.received))
	ix.keys[string(k)] = ref
	ix.received = append(ix.received, x.Received)
	ix.discharged = append(ix.discharged, x.Discharged)
	ix.lines = append(ix.lines, int32(x.Line))

	k = ix.key(prov, x.LocalPatientID)
	person, ok := ix.persons[string(k)]
	if !ok {
		person = int32(len(ix.persons))
		ix.persons[string(k)] = person
	}
	ix.personOf = append(ix.personOf, person)
	return 0
}

func (ix *index) len() int { return len(ix.received) }

// referral finds the referral of a row in another table. It returns the referral, or
// -1 with ambig reporting whether the ServiceRequestId exists under several providers.
func (ix *index) referral(org, sri string) (ref int32, ambig bool) {
	if sri == ix.lastSRI && org == ix.lastOrg && sri != "" {
		return ix.lastRef, ix.lastAmbig
	}
	ref, ambig = ix.lookup(org, sri)
	ix.lastOrg, ix.lastSRI, ix.lastRef, ix.lastAmbig = org, sri, ref, ambig
	return ref, ambig
}

func (ix *index) lookup(org, sri string) (ref int32, ambig bool) {
	if org != "" {
		prov, ok := ix.provIDs[org]
		if !ok {
			return -1, false
		}
		if ref, ok := ix.keys[string(ix.key(prov, sri))]; ok {
			return ref, false
		}
		return -1, false
	}
	switch ix.nprovs {
	case 0:
		return -1, false
	case 1:
		// The usual export, one provider: no second map needed.
		if ref, ok := ix.keys[string(ix.key(0, sri))]; ok {
			return ref, false
		}
		return -1, false
	}
	if ix.bySRI == nil {
		ix.bySRI = make(map[string]int32, len(ix.keys))
		for k, ref := range ix.keys {
			_, n := binary.Uvarint([]byte(k[:min(len(k), binary.MaxVarintLen32)]))
			sri := k[n:] // shares the key's memory
			if _, seen := ix.bySRI[sri]; seen {
				ix.bySRI[sri] = ambiguous
			} else {
				ix.bySRI[sri] = ref
			}
		}
	}
	ref, ok := ix.bySRI[sri]
	switch {
	case !ok:
		return -1, false
	case ref == ambiguous:
		return -1, true
	}
	return ref, false
}

// personReferrals returns the referrals of a person, in file order, in a slice that is
// reused by the next call. With org empty it is every referral with that LocalPatientId.
func (ix *index) personReferrals(org, lpi string) []int32 {
	ix.buildPersons()
	ix.refs = ix.refs[:0]
	if org != "" || ix.nprovs == 1 {
		var prov uint32
		if org != "" {
			p, ok := ix.provIDs[org]
			if !ok {
				return nil
			}
			prov = p
		}
		person, ok := ix.persons[string(ix.key(prov, lpi))]
		if !ok {
			return nil
		}
		return append(ix.refs, ix.personRefs[ix.personStart[person]:ix.personStart[person+1]]...)
	}
	person, ok := ix.byLPI[lpi]
	if !ok {
		return nil
	}
	for ; person >= 0; person = ix.nextSameLPI[person] {
		ix.refs = append(ix.refs, ix.personRefs[ix.personStart[person]:ix.personStart[person+1]]...)
	}
	slices.Sort(ix.refs)
	return ix.refs
}

// buildPersons lays out each person's referrals contiguously (a counting sort), and the
// LocalPatientId-only lookup when the export has several providers.
func (ix *index) buildPersons() {
	if ix.personStart != nil {
		return
	}
	np := len(ix.persons)
	ix.personStart = make([]int32, np+1)
	for _, p := range ix.personOf {
		ix.personStart[p+1]++
	}
	for p := range np {
		ix.personStart[p+1] += ix.personStart[p]
	}
	fill := slices.Clone(ix.personStart[:np])
	ix.personRefs = make([]int32, len(ix.personOf))
	for ref, p := range ix.personOf {
		ix.personRefs[fill[p]] = int32(ref)
		fill[p]++
	}
	if ix.nprovs > 1 {
		ix.byLPI = make(map[string]int32, np)
		ix.nextSameLPI = make([]int32, np)
		for k, person := range ix.persons {
			_, n := binary.Uvarint([]byte(k[:min(len(k), binary.MaxVarintLen32)]))
			lpi := k[n:]
			if other, ok := ix.byLPI[lpi]; ok {
				ix.nextSameLPI[person] = other
			} else {
				ix.nextSameLPI[person] = -1
			}
			ix.byLPI[lpi] = person
		}
	}
}
