package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startBuild starts `iaptpub build` of the demonstration site into out, with its
// temporary folders in tmp, and returns it with a channel that receives its end.
func startBuild(t *testing.T, bin, out, tmp string) (*exec.Cmd, *bytes.Buffer, <-chan error) {
	t.Helper()
	cmd := exec.Command(bin, "build", "--out", out, "--no-pdf")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, &stderr, exited
}

// waitFor polls until cond holds, failing the test after a while or if the build ends.
func waitFor(t *testing.T, exited <-chan error, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(3 * time.Minute)
	for !cond() {
		select {
		case err := <-exited:
			t.Fatalf("the build ended (%v) before %s", err, what)
		case <-deadline:
			t.Fatalf("timed out waiting until %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// exitCode waits for the end of a build, at most a minute.
func exitCode(t *testing.T, exited <-chan error) int {
	t.Helper()
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode() // -1 when a signal killed it
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(time.Minute):
		t.Fatal("the build did not end within a minute")
		return 0
	}
}

// One build at a time writes a site: a second fails at once, naming the folder and the
// first build's process, and takes nothing of the first's. SIGINT and SIGTERM stop a
// build with 130 and 143, leaving the previous site as it was and no staging or
// temporary folder behind.
func TestBuildLockAndSignals(t *testing.T) {
	slow(t, "interrupts builds of the program")
	bin := iaptpubBinary(t)
	root := t.TempDir()
	out := filepath.Join(root, "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{SiteMarker: siteMarkerText, "index.html": "<p>the site as it was</p>\n"} {
		if err := os.WriteFile(filepath.Join(out, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, out)
	staging := func() []string {
		dirs, _ := filepath.Glob(filepath.Join(root, ".public.building-*"))
		return dirs
	}

	lockFile := filepath.Join(root, ".public.lock")
	for _, c := range []struct {
		signal syscall.Signal
		code   int
		when   string
		now    func(pid int) bool // true once the build has reached the moment
	}{
		// While it computes: it holds the folder from the start, for a second build
		// to find.
		{syscall.SIGTERM, 143, "it holds the folder", func(pid int) bool {
			data, _ := os.ReadFile(lockFile)
			return strings.TrimSpace(string(data)) == fmt.Sprint(pid)
		}},
		{syscall.SIGINT, 130, "Hugo writes the site", func(int) bool {
			for _, dir := range staging() {
				if entries, _ := os.ReadDir(dir); len(entries) > 1 {
					return true
				}
			}
			return false
		}},
	} {
		t.Run(c.signal.String(), func(t *testing.T) {
			tmp := t.TempDir()
			first, _, exited := startBuild(t, bin, out, tmp)
			waitFor(t, exited, c.when, func() bool { return c.now(first.Process.Pid) })

			if c.signal == syscall.SIGTERM {
				_, stderr, second := startBuild(t, bin, out, t.TempDir())
				if code := exitCode(t, second); code != 1 {
					t.Errorf("a second build beside the first: exit %d, want 1", code)
				}
				want := fmt.Sprintf("another build (process %d) is writing %s", first.Process.Pid, out)
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("the second build said %q, want %q", stderr.String(), want)
				}
			}

			if err := first.Process.Signal(c.signal); err != nil {
				t.Fatal(err)
			}
			if code := exitCode(t, exited); code != c.code {
				t.Errorf("after %v: exit %d, want %d", c.signal, code, c.code)
			}
			if after := snapshot(t, out); !maps.Equal(after, before) {
				t.Errorf("the previous site changed:\n before %v\n after  %v", before, after)
			}
			if left := staging(); len(left) > 0 {
				t.Errorf("staging folders left: %v", left)
			}
			if left := tempFolders(t, tmp); len(left) > 0 {
				t.Errorf("temporary folders left in $TMPDIR: %v", left)
			}
		})
	}
}

// A symbolic link as --out stays a link: the folder it points to is replaced, and the
// staging folder is made beside that folder.
func TestBuildFollowsALinkedOutput(t *testing.T) {
	slow(t, "builds a site with Hugo")
	root := t.TempDir()
	real := filepath.Join(root, "releases", "site")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "public")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s := demoSite(t)
	for range 2 { // into the empty folder, then over the site the first build made
		if err := s.Build(context.Background(), link); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("--out is no longer a symbolic link (%v, %v)", fi.Mode(), err)
		}
		if _, err := os.Stat(filepath.Join(real, "index.html")); err != nil {
			t.Fatalf("the linked folder holds no site: %v", err)
		}
	}
	if entries := tempFolders(t, filepath.Dir(real)); len(entries) != 2 { // site and its lock
		t.Errorf("beside the linked folder: %v, want the site and its lock file", entries)
	}
}

// Once the new site is in place the build has succeeded, even if the previous site
// cannot be removed: that is a warning, and the new site stays.
func TestBuildWarnsWhenThePreviousSiteStays(t *testing.T) {
	slow(t, "builds a site with Hugo")
	out := filepath.Join(t.TempDir(), "public")
	s := demoSite(t)
	if err := s.Build(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	stuck := filepath.Join(out, "stuck")
	unremovable(t, stuck)

	var logged bytes.Buffer
	s.Log = slog.New(slog.NewTextHandler(&logged, nil))
	if err := s.Build(context.Background(), out); err != nil {
		t.Fatalf("the build failed after the new site was in place: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "stuck")); err == nil {
		t.Error("the previous site is still at --out")
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the new site is not in place: %v", err)
	}
	if !strings.Contains(logged.String(), "the previous one could not be removed") {
		t.Errorf("no warning that the previous site stayed; logged:\n%s", logged.String())
	}
}

// unremovable makes a folder dir that cannot be removed: a mount point when the test
// runs as root (who may remove any file), else a folder with a file in it that the
// folder's mode forbids removing.
func unremovable(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		mountTmpfs(t, dir, "1m")
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
}

// mountTmpfs mounts a tmpfs of the given size at dir until the test ends (it may have
// been moved by then: it is found again by its source name).
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	name := fmt.Sprintf("iaptpub-test-%d", time.Now().UnixNano())
	if msg, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, name, dir).CombinedOutput(); err != nil {
		t.Fatalf("mounting a tmpfs at %s (the test needs root, or a user who may mount): %v\n%s", dir, err, msg)
	}
	t.Cleanup(func() {
		mounts, _ := os.ReadFile("/proc/self/mounts")
		for _, line := range strings.Split(string(mounts), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == name {
				_ = exec.Command("umount", "-l", f[1]).Run()
			}
		}
	})
}

// A build onto a full disk fails within seconds with a clear message, at whichever
// point it runs out of space, and leaves no staging folder. (Hugo v0.165.0 used to
// hang there for ever: see runHugo.)
func TestBuildOntoAFullDisk(t *testing.T) {
	slow(t, "builds the program onto full disks")
	if os.Geteuid() != 0 {
		t.Fatal("this test makes small file systems with mount(8): run it as root (CI does)")
	}
	bin := iaptpubBinary(t)
	for _, size := range []string{"4m", "8m", "10m", "10m", "12m", "16m"} {
		t.Run(size, func(t *testing.T) {
			disk := t.TempDir()
			mountTmpfs(t, disk, size)
			out := filepath.Join(disk, "public")
			began := time.Now()
			_, stderr, exited := startBuild(t, bin, out, t.TempDir())
			code := exitCode(t, exited)
			if code != 1 || !strings.Contains(stderr.String(), "no space left on device") && !strings.Contains(stderr.String(), "is full") {
				t.Errorf("exit %d after %v, stderr:\n%s\nwant exit 1 and a message that the disk is full", code, time.Since(began).Round(time.Second), stderr.String())
			}
			if left := tempFolders(t, disk); len(left) > 1 { // the lock file
				t.Errorf("left on the full disk: %v", left)
			}
		})
	}
	// The same when the temporary folder's disk fills up (the demonstration export and
	// Hugo's work folder are there).
	for _, size := range []string{"6m", "16m", "24m"} {
		t.Run("TMPDIR "+size, func(t *testing.T) {
			tmp := t.TempDir()
			mountTmpfs(t, tmp, size)
			_, stderr, exited := startBuild(t, bin, filepath.Join(t.TempDir(), "public"), tmp)
			code := exitCode(t, exited)
			if code != 1 || !strings.Contains(stderr.String(), "no space left on device") && !strings.Contains(stderr.String(), "is full") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and a message that the disk is full", code, stderr.String())
			}
			if left := tempFolders(t, tmp); len(left) > 0 {
				t.Errorf("left in $TMPDIR: %v", left)
			}
		})
	}
}
