package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"testing"
)

// zipOf writes parts (name, content) through sortedZip, each in writes of step bytes.
func zipOf(t *testing.T, step int, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := &sortedZip{w: &buf}
	for _, p := range parts {
		w, err := z.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		for s := p[1]; s != ""; s = s[min(step, len(s)):] {
			if _, err := io.WriteString(w, s[:min(step, len(s))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheetLike is n bytes of worksheet XML: repetitive, as a sheet of figures is.
func sheetLike(n int) string {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>2024-04-01</t></is></c><c r="H%d" s="%d"><v>%d</v></c></row>`, i, i, i, i%3, i*7%1000)
	}
	return b.String()[:n]
}

// A part longer than a chunk is compressed in chunks, several at once; read back
// with archive/zip (which checks each part's CRC-32) it is what was written, in
// parts sorted by name, and the bytes are the same however many cores compress them
// and however the part arrives.
func TestSortedZip(t *testing.T) {
	defer func(n int) { chunkSize = n }(chunkSize)
	chunkSize = 64 << 10
	long := sheetLike(5*chunkSize + 1234)
	parts := [][2]string{
		{"xl/worksheets/sheet2.xml", long},
		{"xl/worksheets/sheet10.xml", sheetLike(chunkSize)},
		{"[Content_Types].xml", "<Types/>"},
		{"xl/empty.xml", ""},
	}
	data := zipOf(t, 32<<10, parts...)
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		i := slices.IndexFunc(parts, func(p [2]string) bool { return p[0] == f.Name })
		if string(got) != parts[i][1] {
			t.Errorf("%s reads back as %d bytes that differ from the %d written", f.Name, len(got), len(parts[i][1]))
		}
	}
	want := []string{"[Content_Types].xml", "xl/empty.xml", "xl/worksheets/sheet10.xml", "xl/worksheets/sheet2.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("parts %q, want them in name order %q", names, want)
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if !bytes.Equal(zipOf(t, 1000, parts...), data) {
		t.Error("compressed on one core, in writes of another size, the bytes differ")
	}

	// Cut into chunks, the part is hardly longer than one compressor makes it.
	var one bytes.Buffer
	zw := zip.NewWriter(&one)
	w, _ := zw.Create("x")
	io.WriteString(w, long)
	zw.Close()
	var chunked bytes.Buffer
	z := &sortedZip{w: &chunked}
	w, _ = z.Create("x")
	io.WriteString(w, long)
	z.Close()
	if n, m := chunked.Len(), one.Len(); float64(n) > 1.01*float64(m) {
		t.Errorf("in chunks %d bytes, in one %d: more than 1%% longer", n, m)
	}
}
