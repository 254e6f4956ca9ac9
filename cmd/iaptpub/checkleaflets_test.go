package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/publish/plainenglish"
)

func runCheckLeaflets(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(append([]string{"check-leaflets"}, args...))
	err := root.Execute()
	return out.String(), err
}

func TestCheckLeafletsBuiltIn(t *testing.T) {
	out, err := runCheckLeaflets(t)
	if err != nil {
		t.Fatalf("the built-in leaflets fail: %v\n%s", err, out)
	}
	// The list page and the nine leaflets.
	if !strings.Contains(out, "10 pages checked: 0 error(s), 0 warning(s)") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(out, "content/leaflets/me-cfs/index.md: SMOG ") {
		t.Errorf("no score for the ME/CFS leaflet:\n%s", out)
	}
}

func TestCheckLeafletsSite(t *testing.T) {
	dir := t.TempDir()
	rules, err := fs.ReadFile(iaptpub.Sources, plainenglish.RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/writing.toml", string(rules))
	write("content/leaflets/_index.md", "+++\ntitle = \"Leaflets\"\n+++\n\nWe help people with MUS.\n")

	out, err := runCheckLeaflets(t, "--site", dir)
	if !errors.Is(err, plainenglish.ErrChecksFailed) {
		t.Fatalf("error %v, want ErrChecksFailed\n%s", err, out)
	}
	var ee exitError
	if errors.As(err, &ee) {
		t.Errorf("a failed check is exit status 1, not %d", ee.code)
	}
	want := filepath.Join(dir, "content", "leaflets", "_index.md") + `:5: error: "MUS" is on the list of words to avoid`
	if !strings.Contains(out, want) {
		t.Errorf("output does not name the file and line:\n%s\nwant a line starting %s", out, want)
	}

	// Fixed, it passes.
	write("content/leaflets/_index.md", "+++\ntitle = \"Leaflets\"\n+++\n\nWe help people with symptoms that last a long time.\n")
	if out, err := runCheckLeaflets(t, "--site", dir); err != nil {
		t.Errorf("fixed page: %v\n%s", err, out)
	}
}

func TestCheckLeafletsNoSite(t *testing.T) {
	_, err := runCheckLeaflets(t, "--site", filepath.Join(t.TempDir(), "missing"))
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Errorf("error %v, want a usage error (exit status 2)", err)
	}
}
