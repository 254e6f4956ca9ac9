package publish

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// pagefindPath finds Pagefind, which builds the site's search index: $IAPTPUB_PAGEFIND
// when set, then pagefind on PATH, then node_modules/.bin/pagefind in the working
// folder or one above it (where make vendor installs it).
func pagefindPath() (string, bool) {
	if p := os.Getenv("IAPTPUB_PAGEFIND"); p != "" {
		_, err := os.Stat(p)
		return p, err == nil
	}
	if p, err := exec.LookPath("pagefind"); err == nil {
		return p, true
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, "node_modules", ".bin", "pagefind")
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// indexForSearch writes the search index of the built site into its pagefind/ folder.
// The index is made from the pages themselves, so it holds nothing the pages do not.
func indexForSearch(ctx context.Context, pagefind, site string) error {
	cmd := exec.CommandContext(ctx, pagefind, "--site", site, "--output-subdir", "pagefind", "--silent")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the search index with %s: %w\n%s", pagefind, err, stderr.String())
	}
	return nil
}
