package export

import (
	"hash/maphash"
	"math"
)

// dupSet finds rows repeated within a referral: the same appointment or the same score
// twice, as when a file is appended to itself or an export is run twice into one file.
// Counted twice, they would add courses of treatment that never happened.
//
// A row is remembered by a 64-bit hash of what identifies it, on a list of its
// referral's rows. At national scale (12 million appointments, 20 million scores) a
// map of strings would hold a pointer and a string per row for the garbage collector
// to walk; here a row costs 16 bytes in chunks the collector does not look into, plus
// 4 bytes per referral, and the set is dropped when the file has been read. Exports
// list a referral's rows together, so its list is short and in the processor's cache.
// Two different rows of one referral share a hash with odds of about 1 in 10¹⁸.
type dupSet struct {
	seed   maphash.Seed
	last   []int32 // per referral: its latest row remembered, or -1
	chunks [][]dupRow
	n      int32
}

type dupRow struct {
	hash uint64
	line int32
	prev int32 // the referral's row before this one, or -1
}

const dupChunk = 1 << 16 // rows per chunk: 1 MiB

func newDupSet(referrals int) *dupSet {
	d := &dupSet{seed: maphash.MakeSeed(), last: make([]int32, referrals)}
	for i := range d.last {
		d.last[i] = -1
	}
	return d
}

// add remembers the row at line of referral ref, identified by key. It returns the
// line of an earlier row of the referral with the same key, or 0.
func (d *dupSet) add(ref int32, line int, key []byte) (first int) {
	sum := maphash.Bytes(d.seed, key)
	for i := d.last[ref]; i >= 0; {
		r := &d.chunks[i/dupChunk][i%dupChunk]
		if r.hash == sum {
			return int(r.line)
		}
		i = r.prev
	}
	if d.n == math.MaxInt32 {
		return 0 // beyond 2³¹ rows nothing more is remembered; no export comes near
	}
	if d.n%dupChunk == 0 {
		d.chunks = append(d.chunks, make([]dupRow, dupChunk))
	}
	d.chunks[d.n/dupChunk][d.n%dupChunk] = dupRow{hash: sum, line: int32(line), prev: d.last[ref]}
	d.last[ref] = d.n
	d.n++
	return 0
}
