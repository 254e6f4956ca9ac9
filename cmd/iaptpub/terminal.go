package main

import (
	"io"
	"os"

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
