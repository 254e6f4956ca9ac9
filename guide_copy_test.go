package iaptpub

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The implementation guide is written afresh from three source documents (the national
// set-up guide, the royal colleges' position statement and a pilot report): their facts
// carry over, their sentences do not. This test holds the guide to that: no run of
// ngramSize words from the sources may appear anywhere in the guide's text.
//
// The sources are not part of the repository (they are not ours to republish), so the
// test compares fingerprints: testdata/guide-source-10grams.txt holds a 64-bit FNV-1a
// hash of every normalised 10-word run of the three documents. Regenerate it, if the
// sources ever change, with
//
//	go test -run TestGuideCopiesNoSourceRun -guide-sources=/path/to/reference
const (
	ngramSize  = 10
	ngramsFile = "testdata/guide-source-10grams.txt"
)

// guideSources are the three documents the guide is written from, in the reference folder.
var guideSources = []string{
	"001_f322d01a6ebf46a2.txt", // national set-up guide for integrated services
	"000_2cb56f386194fc57.txt", // position statement PS02/2015 of the royal colleges
	"004_26215641f05b55c8.txt", // pilot report, north-east London
}

var guideSourcesDir = flag.String("guide-sources", "",
	"folder holding the guide's source documents: rewrite "+ngramsFile+" from them before testing")

// guideText lists the files whose words make up the guide: its pages, its templates
// and the readiness check's text.
func guideText(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, root := range []string{"content/guide", "layouts/guide", "layouts/shortcodes/readiness.html", "data/readiness.toml"} {
		err := fs.WalkDir(Sources, root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(Sources, path)
			files[path] = string(b)
			return err
		})
		if err != nil {
			t.Fatalf("reading the guide: %v", err)
		}
	}
	return files
}

// words normalises text for comparison: lower case, and every run of characters that
// are not letters or digits (punctuation, markup, white space) is one word break.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func ngramHash(ws []string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(ws, " ")))
	return h.Sum64()
}

// ngramHashes returns the hash of every run of ngramSize consecutive words of text.
func ngramHashes(text string) []uint64 {
	ws := words(text)
	var hs []uint64
	for i := 0; i+ngramSize <= len(ws); i++ {
		hs = append(hs, ngramHash(ws[i:i+ngramSize]))
	}
	return hs
}

// copiedRuns returns, for each run of ngramSize words of text whose hash is in source,
// the run itself, so a failure shows what to rewrite.
func copiedRuns(text string, source map[uint64]bool) []string {
	ws := words(text)
	var runs []string
	for i := 0; i+ngramSize <= len(ws); i++ {
		if source[ngramHash(ws[i:i+ngramSize])] {
			runs = append(runs, strings.Join(ws[i:i+ngramSize], " "))
		}
	}
	return runs
}

func writeNgrams(dir string) error {
	set := map[uint64]bool{}
	for _, name := range guideSources {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("reading a source of the guide: %w", err)
		}
		for _, h := range ngramHashes(string(b)) {
			set[h] = true
		}
	}
	hs := make([]uint64, 0, len(set))
	for h := range set {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# FNV-1a 64-bit hashes of every %d-word run of the implementation guide's sources\n", ngramSize)
	fmt.Fprintf(&buf, "# (%s), words lower-cased and split at anything not a letter or digit.\n", strings.Join(guideSources, ", "))
	fmt.Fprintf(&buf, "# Made by guide_copy_test.go with -guide-sources; do not edit by hand.\n")
	for _, h := range hs {
		fmt.Fprintf(&buf, "%016x\n", h)
	}
	return os.WriteFile(ngramsFile, buf.Bytes(), 0o644)
}

func readNgrams(t *testing.T) map[uint64]bool {
	t.Helper()
	f, err := os.Open(ngramsFile)
	if err != nil {
		t.Fatalf("the fingerprints of the guide's sources: %v", err)
	}
	defer f.Close()
	set := map[uint64]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		h, err := strconv.ParseUint(text, 16, 64)
		if err != nil {
			t.Fatalf("%s:%d: not a hash: %v", ngramsFile, line, err)
		}
		set[h] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading %s: %v", ngramsFile, err)
	}
	return set
}

func TestGuideCopiesNoSourceRun(t *testing.T) {
	if *guideSourcesDir != "" {
		if err := writeNgrams(*guideSourcesDir); err != nil {
			t.Fatal(err)
		}
	}
	source := readNgrams(t)
	// The three documents hold about 4,300 words; an empty or truncated fingerprint
	// file would let anything pass.
	if len(source) < 3500 {
		t.Fatalf("%s holds %d fingerprints; the sources have over 3,500 ten-word runs: regenerate it", ngramsFile, len(source))
	}
	files := guideText(t)
	if _, ok := files["content/guide/_index.md"]; !ok || len(files) < 10 {
		t.Fatalf("found %d guide files, without content/guide/_index.md; is the guide embedded?", len(files))
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, run := range copiedRuns(files[name], source) {
			t.Errorf("%s copies %d words from a source document: %q", name, ngramSize, run)
		}
	}
}

// The comparison itself: case, punctuation, markup and line breaks must not hide a
// copied run, and nine shared words in a row are allowed.
func TestCopiedRuns(t *testing.T) {
	source := map[uint64]bool{}
	for _, h := range ngramHashes("Co-location is absolutely essential in integrating the care within physical health, they said.") {
		source[h] = true
	}
	// words: co location is absolutely essential in integrating the care within
	// physical health they said: 14 words, 5 runs of 10.
	if len(source) != 5 {
		t.Fatalf("%d runs in the source sentence, want 5", len(source))
	}
	copied := "Our view: **CO-LOCATION** is absolutely\nessential, in *integrating* the care (within) physical health."
	runs := copiedRuns(copied, source)
	want := []string{
		"co location is absolutely essential in integrating the care within",
		"location is absolutely essential in integrating the care within physical",
		"is absolutely essential in integrating the care within physical health",
	}
	if !slices.Equal(runs, want) {
		t.Errorf("copied runs %q, want %q", runs, want)
	}
	// Nine words in common, then a different word: no run of ten.
	if runs := copiedRuns("is absolutely essential in integrating the care within physical wellbeing", source); len(runs) != 0 {
		t.Errorf("nine shared words reported as a copy: %q", runs)
	}
	if got := words("People’s long-term (LTC) care—2017/18"); !slices.Equal(got, []string{"people", "s", "long", "term", "ltc", "care", "2017", "18"}) {
		t.Errorf("words: %q", got)
	}
}
