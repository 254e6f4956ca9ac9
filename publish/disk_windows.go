package publish

import "golang.org/x/sys/windows"

// diskFull reports whether the drive holding dir has less than fullBelow bytes left
// for this process to write.
func diskFull(dir string) bool {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return false
	}
	var free uint64
	if windows.GetDiskFreeSpaceEx(p, &free, nil, nil) != nil {
		return false
	}
	return free < fullBelow
}
