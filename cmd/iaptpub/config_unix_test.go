//go:build unix

package main

import (
	"path/filepath"
	"strings"
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

// Every other file a command is given is refused the same way when it is a pipe: the
// national publication, a unit-cost table, a service-cost file, a workforce scenario.
func TestOtherInputsNotRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "input.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	input := badCorpusExport(t, "duplicates.txtar")
	for _, args := range [][]string{
		{"build", "--benchmark", fifo, "--out", filepath.Join(t.TempDir(), "public"), "--no-pdf"},
		{"costs", "--input", input, "--unit-costs", fifo},
		{"costs", "--input", input, "--service-costs", fifo},
		{"workforce", "--scenario", fifo},
	} {
		done := make(chan error, 1)
		go func() {
			_, _, err := run(t, args...)
			done <- err
		}()
		select {
		case err := <-done:
			want := fifo + " is a named pipe (FIFO), not a file; give the path of a file (it is not read)"
			if err == nil || !strings.HasSuffix(err.Error(), want) {
				t.Errorf("%v: error\n got %v\nwant one ending %s", args, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%v did not return within 10 seconds: it is reading the pipe", args)
		}
	}
}
