package main

import (
	"os"
	"os/exec"
	"testing"
)

// The releases for Windows and macOS (make release) compile: a file that only builds on
// Linux, without its fallback for other systems, fails here and not on an analyst's
// desktop. With a warm build cache each target takes seconds; the first time, minutes.
func TestCompilesForWindowsAndMacOS(t *testing.T) {
	slow(t, "compiles the program for two other systems")
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to cross-compile: %v", err)
	}
	for _, target := range []struct{ goos, goarch string }{
		{"windows", "amd64"},
		{"darwin", "arm64"},
	} {
		t.Run(target.goos+"-"+target.goarch, func(t *testing.T) {
			cmd := exec.Command(gotool, "build", "-trimpath", "-o", os.DevNull, ".")
			cmd.Env = append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("GOOS=%s GOARCH=%s go build: %v\n%s", target.goos, target.goarch, err, out)
			}
		})
	}
}
