package publish

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// errHeld is why lockFile fails when another process holds the lock.
var errHeld = errors.New("held by another process")

// lock is an exclusive hold on a file, kept for as long as the process needs it and
// released by the system when the process ends, however it ends (even SIGKILL). The
// file holds the holder's process id, so the one who waits can be told whom it waits for.
type lock struct{ f *os.File }

// lockFile takes the lock on path (creating the file), or fails at once with errHeld
// when another process has it: a build never waits silently for another.
func lockFile(path string) (*lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		f.Close()
		return nil, err
	}
	// Only the holder writes: the file says who holds it now.
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
		f.Close()
		return nil, err
	}
	return &lock{f}, nil
}

// holder is the process id written in a lock file, or "unknown".
func holder(path string) string {
	data, err := os.ReadFile(path)
	if pid := strings.TrimSpace(string(data)); err == nil && pid != "" {
		return pid
	}
	return "unknown"
}

// release gives the lock up. The file stays: removing it would let a third process
// lock a new file of the same name while a second still holds the old one.
func (l *lock) release() {
	if l != nil {
		l.f.Close()
	}
}

// lockError says which build holds a lock and what to do.
func lockError(out, path string) error {
	return fmt.Errorf("another build (process %s) is writing %s: wait for it to finish, or stop it, and build again", holder(path), out)
}
