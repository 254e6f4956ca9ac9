package publish

import (
	"os"
	"testing"
)

// TestMain removes the demonstration export and site that demoOutput makes once for all
// the package's tests, so that the tests leave nothing in $TMPDIR.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoRoot != "" {
		os.RemoveAll(demoRoot)
	}
	os.Exit(code)
}
