package publish

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Temporary folders (the build's work folder, Chromium's profile, the demonstration
// export) each hold a lock file for the life of the process that made them. A process
// that is killed cannot remove its folders, but the system releases its lock, so the
// next build can tell an abandoned folder (its lock is free) from one still in use, and
// remove only the first.

// tempPrefix begins the name of every temporary folder iaptpub makes.
const tempPrefix = "iaptpub-"

// ownerFile is the lock file in a temporary folder.
const ownerFile = ".iaptpub-owner"

// TempDir is a temporary folder this process made and holds.
type TempDir struct {
	Path string
	lock *lock
}

// MakeTempDir makes a temporary folder named iaptpub-<purpose>-… in the system's
// temporary folder, held by this process until Remove.
func MakeTempDir(purpose string) (*TempDir, error) {
	dir, err := os.MkdirTemp("", tempPrefix+purpose+"-")
	if err != nil {
		return nil, fmt.Errorf("making a temporary folder: %w", err)
	}
	l, err := lockFile(filepath.Join(dir, ownerFile))
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("making a temporary folder: %w", err)
	}
	return &TempDir{Path: dir, lock: l}, nil
}

// Remove removes the folder and everything in it.
func (t *TempDir) Remove() {
	t.lock.release() // first: Windows cannot remove an open file
	os.RemoveAll(t.Path)
}

// RemoveAbandonedTemp removes the temporary folders that iaptpub processes killed
// part-way left behind: those that hold an owner file no process holds any more.
// Folders of running builds, and anything iaptpub did not make, are left alone.
func RemoveAbandonedTemp(log *slog.Logger) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, dir := range dirs {
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() || !strings.HasPrefix(fi.Name(), tempPrefix) {
			continue
		}
		owner := filepath.Join(dir, ownerFile)
		if _, err := os.Lstat(owner); err != nil {
			continue // not ours, or being made this moment
		}
		l, err := lockFile(owner)
		if err != nil {
			continue // its process is still running
		}
		l.release()
		log.Info("removing what a killed build left", "folder", dir)
		_ = os.RemoveAll(dir)
	}
}

// removeSingletonDir removes the folder a stopped Chromium made in $TMPDIR for the
// socket that keeps one browser to a profile (org.chromium.Chromium.…, or
// com.google.Chrome.… for Chrome). Chromium removes it when it exits by itself, but
// cancelling its context kills it, so every printed build would leave one behind. The
// profile's SingletonSocket link names the folder, which proves it is this browser's;
// anything else it might name is left alone.
func removeSingletonDir(profile string) {
	socket, err := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	if err != nil {
		return
	}
	dir := filepath.Dir(socket)
	name := filepath.Base(dir)
	if filepath.Dir(dir) != filepath.Clean(os.TempDir()) ||
		!strings.HasPrefix(name, "org.chromium.Chromium.") && !strings.HasPrefix(name, "com.google.Chrome.") {
		return
	}
	_ = os.RemoveAll(dir)
}
