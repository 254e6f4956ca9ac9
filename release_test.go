package iaptpub_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// make release replaces dist/ only when it made it (the folder carries its marker
// .iaptpub-release): a folder with someone's files in it, or a file where dist should
// be, is refused before any work, exit 2, and left as it was. (It once began with
// rm -rf dist.)
func TestReleaseRefusesAFolderItDidNotMake(t *testing.T) {
	root := t.TempDir()
	foreign := filepath.Join(root, "mine")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(foreign, "notes.txt")
	if err := os.WriteFile(notes, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "a-file")
	if err := os.WriteFile(file, []byte("keep me too"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dist, says string }{
		{foreign, "holds 1 entry this script did not make (notes.txt)"},
		{file, "is not a folder this script made"},
	} {
		cmd := exec.Command("bash", filepath.Join("scripts", "release.sh"))
		cmd.Env = append(os.Environ(), "DIST="+c.dist)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Errorf("DIST=%s: %v, want exit 2\n%s", c.dist, err, out)
		}
		if !strings.Contains(string(out), c.says) {
			t.Errorf("DIST=%s: the message does not say %q:\n%s", c.dist, c.says, out)
		}
	}
	for path, want := range map[string]string{notes: "keep me", file: "keep me too"} {
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Errorf("%s after the refusal: %q, %v; want it as it was", path, got, err)
		}
	}
}
