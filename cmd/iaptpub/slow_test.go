package main

import "testing"

// slow skips t under `go test -short`. Every test that builds a site with Hugo,
// compiles the program or signals a process calls it first, so that the quick run
// stays under a minute and the rule is one grep away (`grep -rn 'slow(t' .`);
// `make test` runs them all. why names what the test needs.
func slow(t *testing.T, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip(why + ": make test runs it")
	}
}
