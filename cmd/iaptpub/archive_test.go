package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// archiveExport writes the CSV files of the archive testdata/<path...> to a folder of
// its own, and returns the folder and the archive's other sections (such as "want") by
// name.
func archiveExport(t *testing.T, path ...string) (dir string, sections map[string]string) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join(append([]string{"..", "..", "testdata"}, path...)...))
	if err != nil {
		t.Fatal(err)
	}
	dir, sections = t.TempDir(), map[string]string{}
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".csv") {
			sections[f.Name] = string(f.Data)
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, sections
}
