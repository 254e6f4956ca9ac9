package figures

import "fmt"

// FileSize writes the size of a download as GOV.UK does beside a link: whole
// kilobytes below a megabyte, rounded up so that a small file is never "0 KB", and
// megabytes to one decimal place above ("7.0 MB", not "7176 KB").
func FileSize(bytes int64) string {
	const kb, mb = 1024, 1024 * 1024
	if bytes < mb {
		return fmt.Sprintf("%d KB", (bytes+kb-1)/kb)
	}
	return fmt.Sprintf("%.1f MB", float64(bytes)/mb)
}
