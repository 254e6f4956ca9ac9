package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

func runInit(t *testing.T, args ...string) (stderr string, err error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"init"}, args...))
	err = root.Execute()
	return errOut.String(), err
}

// initExport writes the CSV files of testdata/init/name to a folder, and returns it
// with the archive's "want" section.
func initExport(t *testing.T, name string) (string, string) {
	t.Helper()
	dir, sections := archiveExport(t, "init", name)
	return dir, sections["want"]
}

// guesses transcribes a drafted mapping into the compact form of the archives' "want":
// one line per key, prefixed with its table, each TODO, and the files left unused.
func guesses(mapping string) string {
	var b strings.Builder
	table := ""
	for _, line := range strings.Split(mapping, "\n") {
		switch {
		case strings.HasPrefix(line, "["):
			table = strings.Trim(line, "[]")
		case strings.HasPrefix(line, "# TODO: "):
			b.WriteString(strings.TrimPrefix(line, "# ") + "\n")
		case strings.HasPrefix(line, "# Files of the export not placed"):
			b.WriteString(strings.TrimPrefix(line, "# ") + "\n")
		case strings.HasPrefix(line, "# file = ") && strings.HasSuffix(line, "(the contract's name already)"):
			b.WriteString("[" + table + "] (the contract's file name)\n")
		case strings.HasPrefix(line, "file = "):
			b.WriteString("[" + table + "] " + line + "\n")
		case line != "" && !strings.HasPrefix(line, "#"):
			prefix := strings.TrimSuffix(table, ".columns") + "."
			if strings.Contains(table, ".values.") {
				prefix = table + " "
			}
			b.WriteString(prefix + line + "\n")
		}
	}
	return b.String()
}

// init on three differently shaped exports: each guess (worked out by hand in the
// archive) and each TODO, and the draft is a mapping validate reads.
func TestInitGuesses(t *testing.T) {
	for _, name := range []string{"labels.txtar", "snake.txtar", "confusable.txtar"} {
		t.Run(name, func(t *testing.T) {
			dir, want := initExport(t, name)
			out := t.TempDir()
			if _, err := runInit(t, "--input", dir, "--out", out); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(out, "mapping.toml"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := export.ParseMapping("mapping.toml", data); err != nil {
				t.Fatalf("the draft is not a mapping: %v\n%s", err, data)
			}
			if got := guesses(string(data)); got != want {
				t.Errorf("guesses:\n%s\nwant\n%s\ndiff:\n%s\nmapping.toml:\n%s", got, want, lineDiff(got, want), data)
			}
		})
	}
}

// validate with the draft says what is left to do: here, the one label with no code.
func TestInitThenValidate(t *testing.T) {
	dir, _ := initExport(t, "labels.txtar")
	out := t.TempDir()
	if _, err := runInit(t, "--input", dir, "--out", out); err != nil {
		t.Fatal(err)
	}
	mapping := filepath.Join(out, "mapping.toml")
	report, err := runValidate(t, "--input", dir, "--mapping", mapping)
	want := `Appointments.csv:5: column Attendance: a value the mapping ` + mapping +
		` does not give a code for; add it to [care_contacts.values.AttendOrDNACode] there, or correct the row ("Rescheduled")`
	if exitCode(err) != 1 || !strings.Contains(report, want) || strings.Count(report, " left out\n") != 5 {
		t.Errorf("validate: %v\n%s", err, report)
	}
	// The draft configuration names the mapping, and refuses to be used until the
	// service has given its name.
	_, err = runValidate(t, "--input", dir, "--config", filepath.Join(out, "service.toml"))
	if err == nil || !strings.Contains(err.Error(), "service.name is missing") {
		t.Errorf("validate with the draft configuration: %v", err)
	}
}

// init never overwrites a file: with either draft there already, it writes nothing.
func TestInitRefusesToOverwrite(t *testing.T) {
	dir, _ := initExport(t, "labels.txtar")
	out := t.TempDir()
	config := filepath.Join(out, "service.toml")
	if err := os.WriteFile(config, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := runInit(t, "--input", dir, "--out", out)
	want := config + " exists already; init never overwrites a file: move it away, or give another --out"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if b, _ := os.ReadFile(config); string(b) != "mine" {
		t.Errorf("service.toml was overwritten: %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "mapping.toml")); err == nil {
		t.Error("mapping.toml was written although service.toml was refused")
	}
	if _, err := runInit(t, "--out", out); exitCode(err) != 2 {
		t.Errorf("no --input: %v, want a usage error", err)
	}
}
