package publish

import (
	"io/fs"
	"testing/fstest"
)

// overlay is an fs.FS with some files replaced or added, for tests that need the
// shipped sources with one change.
type overlay struct {
	base  fs.FS
	files map[string]string
}

func (o overlay) Open(name string) (fs.File, error) {
	if body, ok := o.files[name]; ok {
		return fstest.MapFS{name: {Data: []byte(body)}}.Open(name)
	}
	return o.base.Open(name)
}
