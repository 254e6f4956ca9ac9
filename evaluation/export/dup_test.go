package export

import (
	"runtime"
	"strconv"
	"testing"
)

// The first copy is named by its own line whatever lies between: rows of other
// referrals, lines not remembered (rows left out, rows over several lines), and rows of
// the same referral in more than one run.
func TestDupSetNamesTheFirstCopy(t *testing.T) {
	d := newDupSet(3)
	steps := []struct {
		ref   int32
		line  int
		key   string
		first int
	}{
		{0, 2, "a", 0},
		{0, 3, "b", 0},
		{1, 4, "a", 0}, // same key, another referral
		{2, 9, "c", 0}, // lines 5-8 not remembered
		{0, 10, "c", 0},
		{0, 12, "a", 2}, // back to referral 0 in a new run
		{1, 13, "a", 4},
		{2, 14, "c", 9},
		{0, 15, "c", 10},
		{0, 16, "b", 3},
		{1, 20, "b", 0},
		{1, 21, "b", 20},
	}
	for _, s := range steps {
		if got := d.add(s.ref, s.line, d.hash([]byte(s.key))); got != s.first {
			t.Errorf("add(referral %d, line %d, %q) = %d, want %d", s.ref, s.line, s.key, got, s.first)
		}
	}
}

// At national scale (20 million scores, about ten a referral, listed together) the set
// must cost little more than its 8-byte hash a row; with a line and a link kept per row
// it cost 16.
func TestDupSetMemoryPerRow(t *testing.T) {
	const referrals, perReferral = 1 << 16, 10
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d := newDupSet(referrals)
	key := []byte(nil)
	line := 2
	for ref := range int32(referrals) {
		for k := range perReferral {
			key = strconv.AppendInt(key[:0], int64(k), 10)
			if first := d.add(ref, line, d.hash(key)); first != 0 {
				t.Fatalf("line %d: a duplicate of line %d found among distinct rows", line, first)
			}
			line++
		}
	}
	runtime.ReadMemStats(&after)
	perRow := float64(after.TotalAlloc-before.TotalAlloc) / (referrals * perReferral)
	if perRow > 11 {
		t.Errorf("the duplicate check takes %.1f bytes a row; want at most 11", perRow)
	}
	runtime.KeepAlive(d)
}
