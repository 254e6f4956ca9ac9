package export

import (
	"hash/maphash"
	"math"
	"sort"
)

// dupSet finds rows repeated within a referral: the same appointment or the same score
// twice, as when a file is appended to itself or an export is run twice into one file.
// Counted twice, they would add courses of treatment that never happened.
//
// A row is remembered by a 64-bit hash of what identifies it, and nothing else: 8 bytes
// a row, in chunks the garbage collector does not look into, so that the 20 million
// scores of a national export cost 160 MB while the file is read (the set is dropped
// after it). Two different rows of one referral share a hash with odds of about 1 in
// 10¹⁸.
//
// What links a row to its referral is kept per run, not per row: exports list a
// referral's rows together, so a run of consecutive rows of one referral records where
// it starts and the referral's run before it. A file in no order costs a run per row
// (8 bytes more), still no more than a row cost before. The line of a row, needed only
// to name the first copy of a duplicate, is its position among the rows remembered
// plus a shift that changes only where a row is not remembered (a row left out, a row
// spanning several lines), so only those changes are kept.
type dupSet struct {
	seed   maphash.Seed
	last   []int32 // per referral: its latest run, or -1
	runs   []dupRun
	sums   [][]uint64 // per row remembered, in chunks of dupChunk
	shifts []lineShift
	n      int32 // rows remembered
}

// dupRun is a run of consecutive rows of one referral: rows start up to the next run's
// start.
type dupRun struct {
	start int32
	prev  int32 // the referral's run before this one, or -1
}

// lineShift says that from row from on, a row's line is its position plus shift, up
// to the next lineShift.
type lineShift struct{ from, shift int32 }

const dupChunk = 1 << 17 // rows per chunk: 1 MiB

func newDupSet(referrals int) *dupSet {
	// One run per referral is all an export in order needs.
	d := &dupSet{seed: maphash.MakeSeed(), last: make([]int32, referrals), runs: make([]dupRun, 0, referrals)}
	for i := range d.last {
		d.last[i] = -1
	}
	return d
}

// hash is what the set remembers of a row identified by key. It is safe to call from
// several goroutines at once.
func (d *dupSet) hash(key []byte) uint64 { return maphash.Bytes(d.seed, key) }

// add remembers the row at line of referral ref, whose key hashes to sum. It returns
// the line of an earlier row of the referral with the same key, or 0. Lines must come
// in increasing order.
func (d *dupSet) add(ref int32, line int, sum uint64) (first int) {
	for r := d.last[ref]; r >= 0; r = d.runs[r].prev {
		end := d.n
		if int(r)+1 < len(d.runs) {
			end = d.runs[r+1].start
		}
		for i := end - 1; i >= d.runs[r].start; i-- {
			if d.sums[i/dupChunk][i%dupChunk] == sum {
				return d.line(i)
			}
		}
	}
	if d.n == math.MaxInt32 || line > math.MaxInt32 {
		return 0 // beyond 2³¹ rows nothing more is remembered; no export comes near
	}
	if r := d.last[ref]; r < 0 || int(r) != len(d.runs)-1 {
		d.runs = append(d.runs, dupRun{start: d.n, prev: r})
		d.last[ref] = int32(len(d.runs) - 1)
	}
	if shift := int32(line) - d.n; len(d.shifts) == 0 || d.shifts[len(d.shifts)-1].shift != shift {
		d.shifts = append(d.shifts, lineShift{from: d.n, shift: shift})
	}
	if d.n%dupChunk == 0 {
		d.sums = append(d.sums, make([]uint64, dupChunk))
	}
	d.sums[d.n/dupChunk][d.n%dupChunk] = sum
	d.n++
	return 0
}

// line returns the line of row i.
func (d *dupSet) line(i int32) int {
	k := sort.Search(len(d.shifts), func(k int) bool { return d.shifts[k].from > i }) - 1
	return int(i + d.shifts[k].shift)
}
