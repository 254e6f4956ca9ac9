package export

import (
	"strconv"
	"testing"
)

// TestIDTable: ids follow the order keys are first added, through many growths of the
// table; every key is found again, with or without a guess, wrong guesses included; keys
// never added are not found, however alike they look.
func TestIDTable(t *testing.T) {
	tab := newIDTable()
	const n = 100_000
	key := func(i int) []byte { return []byte("R" + strconv.Itoa(i)) }
	if _, ok := tab.find(key(0), -1); ok {
		t.Fatal("found a key in an empty table")
	}
	for i := range n {
		id, added := tab.add(key(i))
		if !added || id != int32(i) {
			t.Fatalf("add %s: id %d, added %t; want %d, true", key(i), id, added, i)
		}
	}
	if id, added := tab.add([]byte{}); !added || id != n {
		t.Errorf("empty key: id %d, added %t", id, added)
	}
	for i := range n {
		for _, guess := range []int32{-1, int32(i), int32(i + 1), n + 5} {
			if id, ok := tab.find(key(i), guess); !ok || id != int32(i) {
				t.Fatalf("find %s (guess %d): %d, %t", key(i), guess, id, ok)
			}
		}
		if id, added := tab.add(key(i)); added || id != int32(i) {
			t.Fatalf("adding %s again: id %d, added %t", key(i), id, added)
		}
		if string(tab.key(int32(i))) != string(key(i)) {
			t.Fatalf("key %d is %q", i, tab.key(int32(i)))
		}
	}
	for _, absent := range []string{"R", "R100000", "r1", "R1 ", "R01"} {
		if id, ok := tab.find([]byte(absent), 1); ok {
			t.Errorf("found %q, never added, as %d", absent, id)
		}
	}
	if tab.len() != n+1 {
		t.Errorf("len %d, want %d", tab.len(), n+1)
	}
}

// A table reserved for n keys takes them without placing any key twice.
func TestIDTableReserve(t *testing.T) {
	const n = 100_000
	tab := newIDTable()
	tab.reserve(n)
	slots := len(tab.slots)
	for i := range n {
		if id, added := tab.add([]byte(strconv.Itoa(i))); !added || id != int32(i) {
			t.Fatalf("key %d: id %d, added %v", i, id, added)
		}
	}
	if len(tab.slots) != slots {
		t.Errorf("the table grew from %d to %d slots after reserving room for %d keys", slots, len(tab.slots), n)
	}
	if 4*n > 3*slots {
		t.Errorf("%d slots for %d keys: more than three-quarters full", slots, n)
	}
}

// find answers from its guesses and from the hash table alike.
func TestIDTableFindNearGuess(t *testing.T) {
	tab := newIDTable()
	for i := range 100 {
		tab.add([]byte(strconv.Itoa(i)))
	}
	for _, c := range []struct {
		key   string
		guess int32
		id    int32
		ok    bool
	}{
		{"10", 10, 10, true}, {"13", 10, 13, true}, {"14", 10, 14, true}, {"9", 10, 9, true},
		{"99", 98, 99, true}, {"0", -1, 0, true}, {"100", 97, -1, false}, {"x", -1, -1, false},
	} {
		if id, ok := tab.find([]byte(c.key), c.guess); id != c.id || ok != c.ok {
			t.Errorf("find(%q, %d) = %d, %v; want %d, %v", c.key, c.guess, id, ok, c.id, c.ok)
		}
	}
}
