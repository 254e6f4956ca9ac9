package export

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// idTable numbers distinct byte strings 0, 1, 2, … in the order they are first added.
//
// It replaces map[string]int32 for the index's millions of identifiers. A Go map of
// strings holds a pointer per key and a separate allocation per key string, and the
// garbage collector walks all of them on every cycle: at national scale that was a
// third of the run. Here the keys lie end to end in one byte slice and the hash table
// is a slice of integers, so the collector has nothing to walk, and a key costs its
// bytes plus about 24 bytes of table.
type idTable struct {
	seed  maphash.Seed
	arena []byte   // every key, end to end, in order of id
	ends  []int    // key id is arena[ends[id-1]:ends[id]] (from 0 for id 0)
	slots []uint64 // open addressing, linear probing: hash tag << 32 | id+1; 0 is empty
	mask  uint64
}

// guesses is how many ids from its guess find compares before hashing: keys side by
// side in memory cost far less to compare than a miss of the caches.
const guesses = 4

func newIDTable() *idTable {
	return &idTable{seed: maphash.MakeSeed()}
}

// len is the number of keys.
func (t *idTable) len() int { return len(t.ends) }

// key returns key id. It shares the table's memory: the caller must not keep it past
// the next add.
func (t *idTable) key(id int32) []byte {
	start := 0
	if id > 0 {
		start = t.ends[id-1]
	}
	return t.arena[start:t.ends[id]]
}

// find returns the id of key, or ok=false. It looks first at ids guess to
// guess+guesses-1 (none when guess < 0): a hash lookup among millions of keys misses
// the processor's caches, and the caller often knows which keys are likely - the
// referral after the last one, or one of the next few when those had no rows.
func (t *idTable) find(key []byte, guess int32) (id int32, ok bool) {
	if guess >= 0 {
		for id := guess; id < guess+guesses && int(id) < len(t.ends); id++ {
			if bytes.Equal(t.key(id), key) {
				return id, true
			}
		}
	}
	if len(t.slots) == 0 {
		return -1, false
	}
	h := maphash.Bytes(t.seed, key)
	tag := h >> 32
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return -1, false
		}
		if s>>32 == tag {
			id := int32(uint32(s) - 1)
			if bytes.Equal(t.key(id), key) {
				return id, true
			}
		}
	}
}

// add returns the id of key, adding it when it is new (added=true). The caller keeps
// the number of keys below 2³¹.
func (t *idTable) add(key []byte) (id int32, added bool) {
	// Grow before the table is three-quarters full, so that probes stay short.
	if 4*(len(t.ends)+1) > 3*len(t.slots) {
		t.grow()
	}
	h := maphash.Bytes(t.seed, key)
	tag := h >> 32
	i := h & t.mask
	for ; t.slots[i] != 0; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s>>32 == tag {
			id := int32(uint32(s) - 1)
			if bytes.Equal(t.key(id), key) {
				return id, false
			}
		}
	}
	id = int32(len(t.ends))
	t.arena = append(t.arena, key...)
	t.ends = append(t.ends, len(t.arena))
	t.slots[i] = tag<<32 | uint64(id+1)
	return id, true
}

// reserve makes room for n keys, so that adding them does not grow the table.
func (t *idTable) reserve(n int) {
	t.ends = slices.Grow(t.ends, n)
	slots := 1024
	for 4*n > 3*slots {
		slots *= 2
	}
	if slots > len(t.slots) {
		t.resize(slots)
	}
}

// grow doubles the hash table.
func (t *idTable) grow() { t.resize(max(2*len(t.slots), 1024)) }

// resize makes the hash table n slots (a power of two) and places every key again.
func (t *idTable) resize(n int) {
	t.slots = make([]uint64, n)
	t.mask = uint64(n - 1)
	for id := range int32(len(t.ends)) {
		h := maphash.Bytes(t.seed, t.key(id))
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = h>>32<<32 | uint64(id+1)
	}
}
