//go:build linux || darwin

package publish

import "golang.org/x/sys/unix"

// diskFull reports whether the file system holding dir has less than fullBelow bytes
// left for this process to write.
func diskFull(dir string) bool {
	var st unix.Statfs_t
	if unix.Statfs(dir, &st) != nil {
		return false
	}
	free := st.Bavail
	if unix.Geteuid() == 0 {
		free = st.Bfree // root may write into the blocks kept back for it
	}
	return free*uint64(st.Bsize) < fullBelow
}
