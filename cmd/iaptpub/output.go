package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// A command writes over a file or folder only when it can prove it wrote it before:
// anything else may be the service's export or the analyst's own work.

// checkMeasuresOut accepts a path for measures --out where there is nothing yet, or a
// measures CSV, recognised by its exact header line.
func checkMeasuresOut(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("--out %s is not a file: name the CSV file to write", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	defer f.Close()
	first, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	if strings.TrimRight(first, "\r\n") != strings.Join(measure.Header, ",") {
		return fmt.Errorf("--out %s is a file iaptpub measures did not write (its first line is not the measures header), and this would overwrite it: name a new file, or move that one away first", path)
	}
	return nil
}

// checkSynthOut accepts a folder for synth --out that does not exist, is empty, or
// holds a synthetic export (it carries synth.Marker).
func checkSynthOut(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--out %s is a file, not a folder: name a folder for the export", dir)
	}
	if _, err := os.Lstat(filepath.Join(dir, synth.Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	return fmt.Errorf("--out %s holds %d files and folders (%s, …) but no %s file, so it is not an export synth wrote: it may be a service's own, which synth would overwrite; name a new or empty folder",
		dir, len(entries), entries[0].Name(), synth.Marker)
}
