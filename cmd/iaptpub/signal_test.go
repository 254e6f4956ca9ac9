package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C stops synth with exit status 130 and leaves no file behind: neither the
// temporary files it was writing nor half an export.
func TestSynthStopsCleanlyOnInterrupt(t *testing.T) {
	slow(t, "compiles the program and interrupts it")
	bin := filepath.Join(t.TempDir(), "iaptpub")
	gobuild := exec.Command("go", "build", "-o", bin, ".")
	gobuild.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := gobuild.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	out := filepath.Join(t.TempDir(), "synthetic")
	cmd := exec.Command(bin, "synth", "--out", out, "--referrals", "2000000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if tmp, _ := filepath.Glob(filepath.Join(out, "*.tmp")); len(tmp) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("synth wrote no files within a minute")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Errorf("synth after Ctrl-C: %v, want exit status 130", err)
	}
	if left, _ := os.ReadDir(out); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("synth left %v in %s", names, out)
	}
}
