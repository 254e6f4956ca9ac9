package main

import (
	"io"
	"os"
	"runtime/debug"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// isTerminal reports whether f is a terminal: long work shows progress there and is
// quiet when its output goes to a file or another program.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// exportOptions are the export reader's options of a command: progress on stderr when
// it is a terminal, and --strict.
func exportOptions(stderr io.Writer, strict bool) export.Options {
	opts := export.Options{Strict: strict}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		opts.Progress = f
	}
	return opts
}

// limitMemory sets a soft memory limit of 1 GiB unless GOMEMLIMIT sets one. A national
// export keeps about 600 MB live; left alone, the garbage collector lets the heap grow
// to twice that. The limit keeps the peak near 1 GB (the budget is 1.5 GB) for a
// little more collection work.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}
