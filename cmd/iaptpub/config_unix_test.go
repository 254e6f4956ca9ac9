//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A --config that is a named pipe is refused at once, not read (which would wait for a
// writer for ever).
func TestConfigNotARegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "service.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	input := badCorpusExport(t, "duplicates.txtar")
	for _, args := range [][]string{
		{"validate", "--input", input, "--config", fifo},
		{"build", "--input", input, "--config", fifo, "--out", filepath.Join(t.TempDir(), "public")},
	} {
		command := args[0]
		done := make(chan error, 1)
		go func() {
			_, _, err := run(t, args...)
			done <- err
		}()
		select {
		case err := <-done:
			want := "reading configuration: " + fifo + " is a named pipe (FIFO), not a file; give the path of a file (it is not read)"
			if err == nil || err.Error() != want {
				t.Errorf("%s: error\n got %v\nwant %s", command, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s did not return within 10 seconds: it is reading the pipe", command)
		}
	}
}
