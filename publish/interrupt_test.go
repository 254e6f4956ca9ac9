package publish

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestInterruptedBuild kills a real `iaptpub build` process (SIGKILL: no deferred
// clean-up runs) while it computes and while Hugo writes the site, and checks that the
// previous site is still there byte for byte each time. A last build is let finish, to
// show that the site is replaced when a build succeeds, so the comparison can fail.
//
// The builds' temporary folders go to a $TMPDIR of the test's own: the killed builds'
// work folders there are removed by the last build, and nothing else there is touched.
func TestInterruptedBuild(t *testing.T) {
	slow(t, "interrupts builds of the program")
	bin := iaptpubBinary(t)
	tmp := t.TempDir()
	foreign := []string{"iaptpub-build-not-ours", "someone-elses"}
	for _, name := range foreign {
		if err := os.MkdirAll(filepath.Join(tmp, name, "keep"), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	root := t.TempDir()
	out := filepath.Join(root, "public")
	previous := map[string]string{
		SiteMarker:               siteMarkerText, // a site a build made, which the next may replace
		"index.html":             "<p>the site as it was</p>\n",
		"outcomes/index.html":    "<p>last month's figures</p>\n",
		"downloads/measures.csv": strings.Repeat("2024-04-01,2025-03-31,ALL,Total,Total,M001,Count_ReferralsReceived,1235\n", 20000),
	}
	for name, text := range previous {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, out)

	staging := func() []string {
		dirs, _ := filepath.Glob(filepath.Join(root, ".public.building-*"))
		return slices.DeleteFunc(dirs, func(d string) bool { return strings.HasSuffix(d, ".previous") })
	}
	var started time.Time
	for _, stage := range []struct {
		name string
		now  func() bool // true once the build has reached the moment to kill it
	}{
		{"while computing", func() bool { return time.Since(started) > 500*time.Millisecond }},
		{"while Hugo writes", func() bool {
			for _, dir := range staging() {
				if entries, _ := os.ReadDir(dir); len(entries) > 0 {
					return true
				}
			}
			return false
		}},
	} {
		t.Run(stage.name, func(t *testing.T) {
			cmd := exec.Command(bin, "build", "--out", out, "--no-pdf")
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			started = time.Now()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			deadline := time.After(5 * time.Minute)
		wait:
			for !stage.now() {
				select {
				case err := <-exited:
					t.Fatalf("the build ended (%v) before it could be interrupted %s", err, stage.name)
				case <-deadline:
					break wait
				case <-time.After(2 * time.Millisecond):
				}
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-exited
			if after := snapshot(t, out); !maps.Equal(after, before) {
				t.Errorf("the previous site changed:\n before %v\n after  %v", before, after)
			}
		})
	}

	// Killed builds leave their staging and work folders behind (nothing runs on
	// SIGKILL); the next build removes them, and only them.
	if len(staging()) == 0 || len(tempFolders(t, tmp)) == len(foreign) {
		t.Fatal("the killed builds left nothing behind: were they killed while working?")
	}
	last := exec.Command(bin, "build", "--out", out, "--no-pdf")
	last.Env = append(os.Environ(), "TMPDIR="+tmp)
	if msg, err := last.CombinedOutput(); err != nil {
		t.Fatalf("a build let finish failed: %v\n%s", err, msg)
	}
	if left := staging(); len(left) > 0 {
		t.Errorf("staging folders left beside the site: %v", left)
	}
	if left := tempFolders(t, tmp); !slices.Equal(left, foreign) {
		t.Errorf("temporary folders after the last build: %v, want only %v", left, foreign)
	}
	after := snapshot(t, out)
	if maps.Equal(after, before) {
		t.Fatal("a finished build left the previous site in place")
	}
	if _, ok := after["index.html"]; !ok {
		t.Error("the new site has no index.html")
	}
}

// tempFolders lists the names in dir, sorted.
func tempFolders(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// iaptpubBinary builds the iaptpub command, for the tests that run it as a user would
// and signal or kill it.
func iaptpubBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "iaptpub")
	gobuild := exec.Command("go", "build", "-o", bin, "../cmd/iaptpub")
	gobuild.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := gobuild.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	return bin
}

// snapshot maps every file below dir to its size and SHA-256.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = fmt.Sprintf("%d bytes %x", len(data), sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatalf("reading the site in %s: %v", dir, err)
	}
	return files
}
