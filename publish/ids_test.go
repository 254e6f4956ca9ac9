package publish

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The pages name measures by measure's constants, never by a string such as "M192": a
// misspelt constant does not compile, a misspelt string would publish an empty cell.
func TestNoMeasureIDLiterals(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"[MX][0-9]{3,4}"`)
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, m := range literal.FindAllIndex(src, -1) {
			line := 1 + strings.Count(string(src[:m[0]]), "\n")
			t.Errorf("%s:%d: measure ID %s written as a string; use the measure package's constant", name, line, src[m[0]:m[1]])
		}
	}
	if checked == 0 {
		t.Fatal("no source files found to check")
	}
}
