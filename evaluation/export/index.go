package export

import (
	"encoding/binary"
	"slices"
	"sync"
)

// index finds referrals and people from the other tables. At national scale (2 million
// referrals) it is the reader's main use of memory, so it is kept compact and free of
// pointers: identifiers live in idTables keyed by uvarint(provider) + identifier, with
// providers interned as small numbers, and a person's referrals are one shared int32
// array rather than a slice each.
type index struct {
	provIDs map[string]uint32 // OrgIDProv → provider number (a handful)
	nprovs  int

	keys    *idTable  // uvarint(provider) + ServiceRequestId; the id is the referral
	bySRI   *sriIndex // built by the first row that needs it
	sriOnce sync.Once

	// While each provider's ServiceRequestIds come in increasing order, as in an
	// export sorted by them, a referral's key is new without asking the hash table,
	// and placing it there is left to a goroutine of its own (keyAdder); the first key
	// out of order waits for it, and the table is asked from then on. At national
	// scale the table's misses of the processor's caches were most of the time taken
	// to apply the referrals in order.
	keyAdder *adder   // nil once a key has come out of order
	lastSRI  []string // per provider: its last ServiceRequestId, while keyAdder runs

	received   []Date  // per referral, to warn of contacts and scores outside it
	discharged []Date  // per referral
	lines      []int32 // per referral, to point a duplicate at the first copy; nil once complete

	// Persons do not decide whether a referral is taken, so they are always numbered
	// on a goroutine of their own while the referrals are read.
	persons     *idTable // uvarint(provider) + LocalPatientId; the id is the person
	personOf    []int32  // per referral, until laid out in personRefs
	personAdder *adder

	// Built when conditions are read; these and persons are let go after them
	// (releasePersons).
	personStart []int32   // the referrals of person p are personRefs[personStart[p]:personStart[p+1]]
	personRefs  []int32   //
	byLPI       *lpiIndex // built by the first row that needs it
	lpiOnce     sync.Once

	buf []byte // scratch for building keys
}

// sriIndex finds a referral by ServiceRequestId alone, for rows without OrgIDProv in
// an export of several providers.
type sriIndex struct {
	ids *idTable
	ref []int32 // per distinct ServiceRequestId: its referral, or ambiguous
}

const ambiguous = -1

// lpiIndex finds persons by LocalPatientId alone, for rows without OrgIDProv in an
// export of several providers. Like sriIndex it is built only when such a row comes:
// at national scale it is as large as the table of persons.
type lpiIndex struct {
	ids         *idTable
	head        []int32 // per distinct LocalPatientId: the last person with it
	nextSameLPI []int32 // per person: an earlier person (of another provider) with the same LocalPatientId, or -1
}

func newIndex() *index {
	ix := &index{provIDs: make(map[string]uint32), keys: newIDTable(), persons: newIDTable()}
	ix.keyAdder = &adder{table: ix.keys}
	ix.personAdder = &adder{table: ix.persons, ids: &ix.personOf}
	return ix
}

// reserve makes room for n referrals: growing the tables as they come costs more than
// the reading of the referrals at national scale (each doubling places every key
// again).
func (ix *index) reserve(n int) {
	ix.keys.reserve(n)
	ix.persons.reserve(n)
	ix.received = slices.Grow(ix.received, n)
	ix.discharged = slices.Grow(ix.discharged, n)
	ix.lines = slices.Grow(ix.lines, n)
	ix.personOf = slices.Grow(ix.personOf, n)
}

func (ix *index) key(prov uint32, id string) []byte {
	ix.buf = appendKey(ix.buf[:0], prov, id)
	return ix.buf
}

// appendKey appends the key of identifier id of provider number prov.
func appendKey(buf []byte, prov uint32, id string) []byte {
	return append(binary.AppendUvarint(buf, uint64(prov)), id...)
}

// unprefixed drops the uvarint provider number from a key.
func unprefixed(k []byte) []byte {
	_, n := binary.Uvarint(k)
	return k[n:]
}

// add records an accepted referral. It returns the line of an earlier referral with the
// same key, or 0 when the key is new.
func (ix *index) add(x *Referral) (firstLine int) {
	prov, ok := ix.provIDs[x.OrgIDProv]
	if !ok {
		prov = uint32(ix.nprovs)
		ix.provIDs[x.OrgIDProv] = prov
		ix.nprovs++
		ix.lastSRI = append(ix.lastSRI, "")
	}
	if ix.keyAdder != nil && x.ServiceRequestID > ix.lastSRI[prov] {
		ix.lastSRI[prov] = x.ServiceRequestID
		ix.keyAdder.add(prov, x.ServiceRequestID)
	} else {
		ix.placeKeys()
		ref, added := ix.keys.add(ix.key(prov, x.ServiceRequestID))
		if !added {
			return int(ix.lines[ref])
		}
	}
	ix.received = append(ix.received, x.Received)
	ix.discharged = append(ix.discharged, x.Discharged)
	ix.lines = append(ix.lines, int32(x.Line))
	ix.personAdder.add(prov, x.LocalPatientID)
	return 0
}

// placeKeys waits until every key of the referrals added is in the hash table, which
// is asked from then on.
func (ix *index) placeKeys() {
	if ix.keyAdder != nil {
		ix.keyAdder.wait()
		ix.keyAdder, ix.lastSRI = nil, nil
	}
}

// complete waits until the keys and persons of every referral added are in their
// tables, which may be read after it. No referral is added after it, so the lines of
// the referrals, kept to name the first of two duplicates, go.
func (ix *index) complete() {
	ix.placeKeys()
	if ix.personAdder != nil {
		ix.personAdder.wait()
		ix.personAdder = nil
	}
	ix.lines = nil
}

// adder adds keys to an idTable on a goroutine of its own, in the order it is given
// them; ids, when not nil, gets each key's id. The table (and ids) may be read only
// after wait.
type adder struct {
	table   *idTable
	ids     *[]int32
	pending []keyRow
	rows    chan []keyRow // nil until the goroutine starts
	done    chan struct{} // closed when it has added every key sent
}

// keyRow is a key still to be added.
type keyRow struct {
	prov uint32
	id   string
}

// adderBatch is how many keys go to the adding goroutine at once.
const adderBatch = 4096

// add adds the key of identifier id of provider number prov.
func (a *adder) add(prov uint32, id string) {
	a.pending = append(a.pending, keyRow{prov, id})
	if len(a.pending) == adderBatch {
		a.send()
	}
}

// send sends the keys given since the last batch, starting the goroutine with the
// first batch.
func (a *adder) send() {
	if a.rows == nil {
		a.rows, a.done = make(chan []keyRow, 4), make(chan struct{})
		go a.run()
	}
	a.rows <- a.pending
	a.pending = make([]keyRow, 0, adderBatch)
}

func (a *adder) run() {
	defer close(a.done)
	var buf []byte
	for rows := range a.rows {
		for _, k := range rows {
			buf = appendKey(buf[:0], k.prov, k.id)
			id, _ := a.table.add(buf)
			if a.ids != nil {
				*a.ids = append(*a.ids, id)
			}
		}
	}
}

// wait waits until every key given has been added. More may be given after it.
func (a *adder) wait() {
	if len(a.pending) > 0 {
		a.send()
	}
	if a.rows != nil {
		close(a.rows)
		<-a.done
		a.rows = nil
	}
}

func (ix *index) len() int { return len(ix.received) }

// finder looks up referrals in the index for the rows of another table, on one
// goroutine: every worker checking rows has its own, as the index no longer changes
// once the referrals are read.
type finder struct {
	ix  *index
	buf []byte // scratch for building keys

	// The last referral looked up: exports usually list a referral's contacts or scores
	// together, and a string comparison is much cheaper than a hash lookup among
	// millions of keys.
	lastOrg, lastSRI string
	lastRef          int32
	lastAmbig        bool
}

// referral finds the referral of a row in another table. It returns the referral, or
// -1 with ambig reporting whether the ServiceRequestId exists under several providers.
func (f *finder) referral(org, sri string) (ref int32, ambig bool) {
	if sri == f.lastSRI && org == f.lastOrg && sri != "" {
		return f.lastRef, f.lastAmbig
	}
	ref, ambig = f.lookup(org, sri)
	f.lastOrg, f.lastSRI, f.lastRef, f.lastAmbig = org, sri, ref, ambig
	return ref, ambig
}

func (f *finder) lookup(org, sri string) (ref int32, ambig bool) {
	ix := f.ix
	if org != "" {
		prov, ok := ix.provIDs[org]
		if !ok {
			return -1, false
		}
		// Exports list contacts and scores referral by referral, mostly in the order
		// of the referrals, so the referral after the last one found is a good guess.
		if ref, ok := ix.keys.find(f.key(prov, sri), f.lastRef+1); ok {
			return ref, false
		}
		return -1, false
	}
	switch ix.nprovs {
	case 0:
		return -1, false
	case 1:
		// The usual export, one provider: no second table needed.
		if ref, ok := ix.keys.find(f.key(0, sri), f.lastRef+1); ok {
			return ref, false
		}
		return -1, false
	}
	ix.sriOnce.Do(ix.buildSRI)
	f.buf = append(f.buf[:0], sri...)
	id, ok := ix.bySRI.ids.find(f.buf, -1)
	switch {
	case !ok:
		return -1, false
	case ix.bySRI.ref[id] == ambiguous:
		return -1, true
	}
	return ix.bySRI.ref[id], false
}

func (f *finder) key(prov uint32, id string) []byte {
	f.buf = appendKey(f.buf[:0], prov, id)
	return f.buf
}

// buildSRI builds the index by ServiceRequestId alone, with the referrals in file
// order, so the answer never depends on hashing.
func (ix *index) buildSRI() {
	b := &sriIndex{ids: newIDTable()}
	for ref := range int32(ix.keys.len()) {
		id, added := b.ids.add(unprefixed(ix.keys.key(ref)))
		if added {
			b.ref = append(b.ref, ref)
		} else {
			b.ref[id] = ambiguous
		}
	}
	ix.bySRI = b
}

// personReferrals returns the referrals of a person, in file order, in a slice the
// caller must not change. With org empty it is every referral with that
// LocalPatientId. The persons must have been laid out (index.buildPersons).
func (f *finder) personReferrals(org, lpi string) []int32 {
	ix := f.ix
	if org != "" || ix.nprovs == 1 {
		var prov uint32
		if org != "" {
			p, ok := ix.provIDs[org]
			if !ok {
				return nil
			}
			prov = p
		}
		person, ok := ix.persons.find(f.key(prov, lpi), -1)
		if !ok {
			return nil
		}
		return ix.personRefs[ix.personStart[person]:ix.personStart[person+1]]
	}
	ix.lpiOnce.Do(ix.buildLPI)
	f.buf = append(f.buf[:0], lpi...)
	id, ok := ix.byLPI.ids.find(f.buf, -1)
	if !ok {
		return nil
	}
	var refs []int32
	for person := ix.byLPI.head[id]; person >= 0; person = ix.byLPI.nextSameLPI[person] {
		refs = append(refs, ix.personRefs[ix.personStart[person]:ix.personStart[person+1]]...)
	}
	slices.Sort(refs)
	return refs
}

// buildLPI builds the index of persons by LocalPatientId alone, with the persons in
// order, so the answer never depends on hashing.
func (ix *index) buildLPI() {
	b := &lpiIndex{ids: newIDTable(), nextSameLPI: make([]int32, ix.persons.len())}
	for person := range int32(ix.persons.len()) {
		id, added := b.ids.add(unprefixed(ix.persons.key(person)))
		if added {
			b.head = append(b.head, -1)
		}
		b.nextSameLPI[person] = b.head[id]
		b.head[id] = person
	}
	ix.byLPI = b
}

// buildPersons lays out each person's referrals contiguously (a counting sort).
func (ix *index) buildPersons() {
	if ix.personStart != nil {
		return
	}
	ix.complete()
	np := ix.persons.len()
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
	ix.personOf = nil // laid out in personRefs: at national scale 8 MB less held
}

// releasePersons lets the persons go: only the conditions are found by person, and
// at national scale the persons are a tenth of what a read holds (70 MB of 2 million
// referrals' LocalPatientIds and their hash table), while the scores, read after
// them, need the most.
func (ix *index) releasePersons() {
	ix.complete()
	ix.persons, ix.personStart, ix.personRefs, ix.byLPI = nil, nil, nil, nil
}
