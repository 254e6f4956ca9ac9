package main

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runStatus runs iaptpub with args as main would (see run), and returns its error and
// the exit status main would give it.
func runStatus(t *testing.T, args ...string) (error, int) {
	t.Helper()
	_, _, err := run(t, args...)
	if err == nil {
		return nil, 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return err, ee.code
	}
	return err, 1
}

// files maps every file below dir to its contents.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		m[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A build replaces its output folder whole, so it refuses, before doing any work and
// with a usage error (2), every --out that is not a folder it made, an empty one or a
// new one: the user's own files are all still there afterwards.
func TestBuildRefusesAnOutputItDidNotMake(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	t.Setenv("HOME", home)
	write(t, filepath.Join(home, "letters", "to-the-gp.txt"), "Dear Dr\n")
	own := filepath.Join(root, "own")
	write(t, filepath.Join(own, "notes.txt"), "mine\n")
	write(t, filepath.Join(own, "plan.docx"), "also mine\n")
	work := filepath.Join(root, "work")
	export := filepath.Join(work, "export")
	write(t, filepath.Join(export, "referrals.csv"), "ServiceRequestId\n")
	config := filepath.Join(root, "service", "service.toml")
	write(t, config, "[service]\nname = \"Test service\"\n")
	report := filepath.Join(root, "report.xlsx")
	write(t, report, "a spreadsheet\n")
	before := files(t, root)

	withInput := []string{"--input", export, "--config", config}
	for _, c := range []struct {
		name string
		args []string
		want string // in the error
	}{
		{"a folder of the user's files", []string{"--out", own}, "holds 2 files and folders that iaptpub did not write (notes.txt, plan.docx…)"},
		{"the current folder", []string{"--out", "."}, "that iaptpub did not write"},
		{"an empty --out", []string{"--out", ""}, "--out is empty"},
		{"the export", append([]string{"--out", export}, withInput...), "which the build reads"},
		{"a parent of the export", append([]string{"--out", work}, withInput...), "which the build reads"},
		{"a parent of the configuration", append([]string{"--out", filepath.Dir(config)}, withInput...), "which the build reads"},
		{"a file", []string{"--out", report}, "is a file, not a folder"},
		{"the home folder", []string{"--out", home}, "is your home folder"},
		{"the root", []string{"--out", "/"}, "root of a file system"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(own)
			err, code := runStatus(t, append([]string{"build", "--no-pdf"}, c.args...)...)
			if err == nil || code != 2 || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, exit %d; want exit 2 and an error saying %q", err, code, c.want)
			}
			if after := files(t, root); !maps.Equal(after, before) {
				t.Errorf("files changed:\n before %v\n after  %v", before, after)
			}
		})
	}
}

// Every command stops on an argument it does not take, or one it does not know, with
// exit status 2, as a usage error.
func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"build", "extra"},
		{"check-leaflets", "extra"},
		{"measures", "extra"},
		{"costs", "extra"},
		{"synth", "extra"},
		{"validate", "extra"},
		{"workforce", "extra"},
		{"frobnicate"},
		{"build", "--frobnicate"},
	} {
		if err, code := runStatus(t, args...); code != 2 {
			t.Errorf("iaptpub %s: exit %d (%v), want 2", strings.Join(args, " "), code, err)
		}
	}
}

// measures --out writes over a measures CSV it wrote before, but not over the export's
// own files or any other file, and gives the file the usual mode (0644 less the umask).
func TestMeasuresOutOwnership(t *testing.T) {
	dir := measuresExport(t)
	before := files(t, dir)
	for _, name := range []string{"referrals.csv", "care_contacts.csv"} {
		err, code := runStatus(t, "measures", "--input", dir, "--out", filepath.Join(dir, name))
		if code != 2 || !strings.Contains(err.Error(), "did not write") {
			t.Errorf("measures --out %s: exit %d (%v), want 2 and a refusal", name, code, err)
		}
	}
	notes := filepath.Join(t.TempDir(), "notes.csv")
	write(t, notes, "my,own,figures\n")
	if _, code := runStatus(t, "measures", "--input", dir, "--out", notes); code != 2 {
		t.Errorf("measures --out over a file of the user's: exit %d, want 2", code)
	}
	if after := files(t, dir); !maps.Equal(after, before) {
		t.Error("the export changed")
	}

	out := filepath.Join(t.TempDir(), "measures.csv")
	for range 2 { // the second time over the file the first wrote
		if err, _ := runStatus(t, "measures", "--input", dir, "--out", out); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := os.FileMode(0o644) &^ umask(t); fi.Mode().Perm() != want {
		t.Errorf("measures --out wrote mode %v, want %v", fi.Mode().Perm(), want)
	}
}

// synth --out writes into a new or empty folder, or over an export synth wrote, but not
// over a service's own export, and has an upper bound on --referrals.
func TestSynthOutOwnership(t *testing.T) {
	real := t.TempDir()
	write(t, filepath.Join(real, "referrals.csv"), "a service's own referrals\n")
	before := files(t, real)
	if err, code := runStatus(t, "synth", "--out", real, "--referrals", "10"); code != 2 || !strings.Contains(err.Error(), "not an export synth wrote") {
		t.Errorf("synth over a real export: exit %d (%v), want 2 and a refusal", code, err)
	}
	if after := files(t, real); !maps.Equal(after, before) {
		t.Error("synth changed a real export")
	}

	out := filepath.Join(t.TempDir(), "synthetic")
	for range 2 { // the second time over its own export
		if err, _ := runStatus(t, "synth", "--out", out, "--referrals", "10"); err != nil {
			t.Fatal(err)
		}
	}
	if err, code := runStatus(t, "synth", "--out", t.TempDir(), "--referrals", "10000001"); code != 2 || !strings.Contains(err.Error(), "1 to 10000000") {
		t.Errorf("synth --referrals 10000001: exit %d (%v), want 2", code, err)
	}
}

// umask is the process's file mode creation mask, read from the mode a new file gets.
func umask(t *testing.T) os.FileMode {
	t.Helper()
	f, err := os.OpenFile(t.TempDir()+"/probe", os.O_CREATE|os.O_WRONLY, 0o777)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ fi.Mode().Perm()
}
