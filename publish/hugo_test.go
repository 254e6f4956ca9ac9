package publish

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Hugo runs as a library with its own logger and file systems, so two builds in one
// process may run at the same time, and each gives the same site as the other.
func TestTwoBuildsAtOnceInOneProcess(t *testing.T) {
	slow(t, "builds two sites with Hugo")
	dir := t.TempDir()
	outs := []string{filepath.Join(dir, "a"), filepath.Join(dir, "b")}
	errs := make([]error, len(outs))
	var wg sync.WaitGroup
	for i, out := range outs {
		s := demoSite(t)
		s.NoPDF = true
		s.Generated = map[string][]byte{"static/downloads/check.csv": []byte("a,b\n1,2\n")}
		wg.Go(func() { errs[i] = s.Build(context.Background(), out) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("build %d: %v", i, err)
		}
	}
	a, b := siteFiles(t, outs[0]), siteFiles(t, outs[1])
	if len(a) == 0 {
		t.Fatal("the first build wrote no files")
	}
	for _, want := range []string{"index.html", "downloads/check.csv"} {
		if _, ok := a[want]; !ok {
			t.Errorf("the site has no %s", want)
		}
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between the two builds", name)
		}
	}
	if len(a) != len(b) {
		t.Errorf("the builds wrote %d and %d files", len(a), len(b))
	}
}

// siteFiles reads every file of a built site, by its path below the site.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
