package publish

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// pagefindPath finds Pagefind, which builds the site's search index: $IAPTPUB_PAGEFIND
// when set, then beside the iaptpub program itself (where a release archive puts it),
// then pagefind on PATH, then in node_modules in the working folder or one above it
// (where make vendor installs it; npmPagefind).
func pagefindPath() (string, bool) {
	if p := os.Getenv("IAPTPUB_PAGEFIND"); p != "" {
		_, err := os.Stat(p)
		return p, err == nil
	}
	if exe, err := os.Executable(); err == nil {
		if p, ok := pagefindIn(filepath.Dir(exe)); ok {
			return p, true
		}
	}
	if p, err := exec.LookPath("pagefind"); err == nil {
		return p, true
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if p, ok := npmPagefind(filepath.Join(dir, "node_modules")); ok {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// npmPagefind finds Pagefind in the npm packages of nodeModules: the program itself,
// from the package of this system's platform, as npm's launcher (.bin/pagefind) would
// choose it, and only then the launcher. The launcher starts Node.js to start the
// program, a tenth of a second of every build.
func npmPagefind(nodeModules string) (string, bool) {
	cpu := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	bin := filepath.Join(nodeModules, "@pagefind", runtime.GOOS+"-"+cpu, "bin")
	for _, name := range []string{"pagefind_extended", "pagefind"} {
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		if fi, err := os.Stat(filepath.Join(bin, name)); err == nil && fi.Mode().IsRegular() {
			return filepath.Join(bin, name), true
		}
	}
	return pagefindIn(filepath.Join(nodeModules, ".bin"))
}

// pagefindIn finds Pagefind's program in dir, by its name on this system: pagefind,
// or on Windows pagefind.exe (a release) or pagefind.cmd (npm's launcher).
func pagefindIn(dir string) (string, bool) {
	names := []string{"pagefind"}
	if runtime.GOOS == "windows" {
		names = []string{"pagefind.exe", "pagefind.cmd"}
	}
	for _, name := range names {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// indexForSearch writes the search index of the built site into its pagefind/ folder.
// The index is made from the pages themselves, so it holds nothing the pages do not.
func indexForSearch(ctx context.Context, pagefind, site string) error {
	cmd := exec.CommandContext(ctx, pagefind, "--site", site, "--output-subdir", "pagefind", "--silent")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the search index with %s: %w\n%s", pagefind, err, stderr.String())
	}
	return nil
}
