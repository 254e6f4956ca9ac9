package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A build replaces its output folder whole, so it must never be pointed at anything
// else: the user's own files, the export it reads, a home folder. It replaces only a
// folder it can prove it made (one holding the marker file), an empty folder, or none.

// SiteMarker is the file every site iaptpub builds carries, at its top. Its presence is
// the build's permission to replace the folder.
const SiteMarker = ".iaptpub-site"

// siteMarkerText is the marker of a finished site.
const siteMarkerText = "Made by iaptpub build: the next build replaces this whole folder. Remove this file to keep the next build from doing so.\n"

// stagingMarkerText is the marker of a site being built: a staging folder beside the
// site that carries it is what a build left, and the next build removes it.
const stagingMarkerText = "A site being built by iaptpub build: if no build is running, the next build removes this folder.\n"

// Output is a site folder held by this process for one build: no other build may
// write it until Release.
type Output struct {
	name   string // as the user gave it
	target string // the folder to replace: name made absolute, links followed
	lock   *lock
}

// HoldOutput checks that a build may write its site to out (see CheckOutput) and holds
// the folder for this process. A folder another build holds is an error at once, which
// names that build's process.
func HoldOutput(out string, inputs ...string) (*Output, error) {
	target, err := CheckOutput(out, inputs...)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("making %s: %w", parent, err)
	}
	// The lock is a file beside the folder, not in it: the folder itself is replaced.
	lockPath := filepath.Join(parent, "."+filepath.Base(target)+".lock")
	held, err := lockFile(lockPath)
	if errors.Is(err, errHeld) {
		return nil, lockError(out, lockPath)
	}
	if err != nil {
		return nil, fmt.Errorf("holding %s for this build: %w", out, err)
	}
	return &Output{name: out, target: target, lock: held}, nil
}

// Release lets other builds write the folder.
func (o *Output) Release() { o.lock.release() }

// CheckOutput says whether a build may write its site to out, and returns the folder
// it will replace: out itself, or the folder a symbolic link out points to. inputs are
// the files and folders the build reads (the export, the configuration): out may be
// none of them, nor hold them. Nothing is changed.
func CheckOutput(out string, inputs ...string) (string, error) {
	if strings.TrimSpace(out) == "" {
		return "", errors.New("--out is empty: name the folder to write the site to (an unset variable?)")
	}
	target, err := resolve(out)
	if err != nil {
		return "", fmt.Errorf("--out %s: %w", out, err)
	}
	if filepath.Dir(target) == target {
		return "", fmt.Errorf("--out %s is the root of a file system: name a folder of its own for the site, such as %s", out, filepath.Join(target, "public"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		if home, err := resolve(home); err == nil && home == target {
			return "", fmt.Errorf("--out %s is your home folder: name a folder of its own for the site, such as %s", out, filepath.Join(target, "public"))
		}
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		in, err := resolve(in)
		if err != nil {
			continue // an input that does not exist fails where it is read
		}
		if in == target || within(in, target) {
			return "", fmt.Errorf("--out %s holds %s, which the build reads: write the site to a folder of its own", out, in)
		}
	}
	if err := checkReplaceable(out, target); err != nil {
		return "", err
	}
	return target, nil
}

// checkReplaceable accepts a folder that does not exist, is empty, or holds the marker.
func checkReplaceable(out, target string) error {
	fi, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", out, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--out %s is a file, not a folder: name a folder for the site", out)
	}
	if _, err := os.Lstat(filepath.Join(target, SiteMarker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return fmt.Errorf("--out %s: %w", out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	names := make([]string, 0, 3)
	for _, e := range entries[:min(3, len(entries))] {
		names = append(names, e.Name())
	}
	return fmt.Errorf("--out %s holds %d files and folders that iaptpub did not write (%s…) and a build would replace them all: "+
		"name a new or empty folder, or move them away first (a site iaptpub built carries a %s file)",
		out, len(entries), strings.Join(names, ", "), SiteMarker)
}

// resolve makes path absolute and follows symbolic links, in the path itself where it
// exists and in its parent folders otherwise.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		return real, nil
	}
	if fi, lerr := os.Lstat(abs); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return "", fmt.Errorf("a symbolic link that cannot be followed: %w", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return abs, nil
	}
	p, err := resolve(parent)
	if err != nil {
		return "", err
	}
	return filepath.Join(p, filepath.Base(abs)), nil
}

// within reports whether path lies below dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
