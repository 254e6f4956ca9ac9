package figures

import "testing"

func TestFileSize(t *testing.T) {
	for _, c := range []struct {
		bytes int64
		want  string
	}{
		{0, "0 KB"},
		{1, "1 KB"},          // rounded up: never "0 KB" for a file with something in it
		{1024, "1 KB"},       // exactly one kilobyte
		{1025, "2 KB"},       // a byte over
		{1048575, "1024 KB"}, // a byte under a megabyte
		{1048576, "1.0 MB"},
		{7348224, "7.0 MB"}, // 7,176 KB: the demo's workbook
		{1572864, "1.5 MB"},
	} {
		if got := FileSize(c.bytes); got != c.want {
			t.Errorf("FileSize(%d) = %q, want %q", c.bytes, got, c.want)
		}
	}
}
