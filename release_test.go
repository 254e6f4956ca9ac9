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

// make clean removes public/ and dist/ only when iaptpub made them: a public/ holding
// someone's files is left as it was, with a message and exit 2, while what the
// Makefile made goes. (It once began with rm -rf public dist.)
func TestCleanLeavesFoldersItDidNotMake(t *testing.T) {
	root := t.TempDir()
	script, err := os.ReadFile(filepath.Join("scripts", "clean.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for path, body := range map[string]string{
		"scripts/clean.sh":            string(script),
		"public/index.html":           "someone's page",
		"dist/.iaptpub-release":       "made by make release",
		"dist/iaptpub-linux.tar.gz":   "a release",
		"iaptpub":                     "the binary",
		"assets/vendor/echarts.js":    "a copy",
		"node_modules/x/package.json": "{}",
	} {
		p := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("bash", filepath.Join(root, "scripts", "clean.sh")).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Errorf("clean with someone's public/: %v, want exit 2\n%s", err, out)
	}
	if says := "left public/ as it is: it is a folder holding 1 entry (index.html) without iaptpub's .iaptpub-site"; !strings.Contains(string(out), says) {
		t.Errorf("the message does not say %q:\n%s", says, out)
	}
	if got, err := os.ReadFile(filepath.Join(root, "public", "index.html")); err != nil || string(got) != "someone's page" {
		t.Errorf("public/index.html after make clean: %q, %v; want it as it was", got, err)
	}
	for _, gone := range []string{"dist", "iaptpub", "assets/vendor", "node_modules"} {
		if _, err := os.Stat(filepath.Join(root, gone)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after make clean (%v)", gone, err)
		}
	}
	// A site iaptpub built goes.
	if err := os.WriteFile(filepath.Join(root, "public", ".iaptpub-site"), []byte("made"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("bash", filepath.Join(root, "scripts", "clean.sh")).CombinedOutput(); err != nil {
		t.Errorf("clean with iaptpub's public/: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("public/ with its marker is still there after make clean (%v)", err)
	}
}
