//go:build unix

package export

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestNotRegularFiles: a named pipe, a device or a folder where a table should be is
// refused when the export is opened, never read. Reading a pipe with no writer would
// wait for ever (the tester's build hung), so the test fails rather than hangs.
func TestNotRegularFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		make func(path string) error
		what string
	}{
		{"fifo", ContactsFile, func(p string) error { return syscall.Mkfifo(p, 0o600) }, "a named pipe (FIFO)"},
		{"folder", ReferralsFile, func(p string) error { return os.Mkdir(p, 0o700) }, "a folder"},
		{"device", UtilisationFile, func(p string) error { return os.Symlink("/dev/zero", p) }, "a device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range requiredFiles {
				if name == tc.file {
					continue
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte("x\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := tc.make(filepath.Join(dir, tc.file)); err != nil {
				t.Fatalf("making the %s: %v", tc.name, err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := Open(dir, testInstruments{}, Options{})
				done <- err
			}()
			select {
			case err := <-done:
				want := "opening the export: " + tc.file + " in " + dir + " is " + tc.what +
					", not a file; save the table as an ordinary CSV file there (it is not read)"
				if err == nil || err.Error() != want {
					t.Errorf("error\n got %v\nwant %s", err, want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Open did not return within 10 seconds: it is reading the file")
			}
		})
	}
}
