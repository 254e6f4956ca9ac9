package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

// The bad-export corpus, testdata/bad: one broken export per archive, each with what
// `iaptpub validate` prints for it, worked out by hand (the working is in each
// archive's comment). Unlike the fixtures in testdata/export, an archive is the whole
// export folder: a table it leaves out is missing. A line "cut: FILE …" in the comment
// names files whose last line has no line ending (txtar cannot hold such a file); a
// line "published: YYYY-MM-DD" gives the publication date (site.published) and a line
// "providers: CODE …" the providers published (service.ods_codes), as `validate
// --config` would.

var badDir = filepath.Join("..", "..", "testdata", "bad")

func TestBadExports(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(badDir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no archives in %s (%v)", badDir, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			fsys, want, opts := badExport(t, file)
			dir := writeExport(t, fsys)
			rep, err := Check(dir, testInstruments{}, "PHQ9", opts)
			got := checkOutput(t, dir, rep, err)
			if got != want {
				t.Errorf("got\n%s\nwant\n%s\ndiff:\n%s", got, want, lineDiff(got, want))
			}
			if rep != nil {
				checkCounts(t, rep)
			}
		})
	}
}

// badExport reads an archive of testdata/bad into an export folder, its want and the
// options its comment asks for.
func badExport(t testing.TB, file string) (fstest.MapFS, string, Options) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := map[string]bool{}
	var opts Options
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if names, ok := strings.CutPrefix(line, "cut: "); ok {
			for _, name := range strings.Fields(names) {
				cut[name] = true
			}
		}
		if day, ok := strings.CutPrefix(line, "published: "); ok {
			d, ok := parseDate(day)
			if !ok {
				t.Fatalf("%s: published: not a date %q", file, day)
			}
			opts.Published = d
		}
		if codes, ok := strings.CutPrefix(line, "providers: "); ok {
			opts.Providers = strings.Fields(codes)
		}
	}
	fsys := fstest.MapFS{}
	want := ""
	for _, f := range ar.Files {
		switch {
		case f.Name == "want":
			want = string(f.Data)
		case cut[f.Name]:
			fsys[f.Name] = &fstest.MapFile{Data: bytes.TrimSuffix(f.Data, []byte("\n"))}
			delete(cut, f.Name)
		default:
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	if len(cut) > 0 {
		t.Fatalf("%s: cut names files the archive lacks: %v", file, cut)
	}
	return fsys, want, opts
}

// checkOutput is what validate shows: the error, then the report, with the temporary
// folder's name replaced by "export".
func checkOutput(t *testing.T, dir string, rep *Report, err error) string {
	t.Helper()
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error: %s\n", strings.ReplaceAll(err.Error(), dir, "export"))
	} else {
		b.WriteString("error: none\n")
	}
	if rep == nil {
		b.WriteString("report: none\n")
		return b.String()
	}
	rep.Folder = "export"
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkCounts: in every file, rows read = accepted + left out + set aside (rows of other
// providers), and the rows left out are exactly those counted under the kinds of error.
// Nothing is lost without a trace.
func checkCounts(t testing.TB, rep *Report) {
	t.Helper()
	for _, f := range rep.Files {
		if f.Read != f.Accepted+f.LeftOut+f.OtherProviders {
			t.Errorf("%s: %d read ≠ %d accepted + %d left out + %d set aside", f.File, f.Read, f.Accepted, f.LeftOut, f.OtherProviders)
		}
		var n int64
		for _, p := range f.Errors {
			n += p.Count
		}
		if n != f.LeftOut {
			t.Errorf("%s: errors count %d rows, but %d were left out", f.File, n, f.LeftOut)
		}
	}
}

// TestHugeField: a 10 MB field (a pasted document, or a quote never closed) stops the
// file at the row's first line, naming the likely causes; the row before is accepted.
// It is made here rather than kept in testdata.
func TestHugeField(t *testing.T) {
	contacts := CON + "C1,R1,2024-01-11,02,5\nC2,R1,2024-01-11,02," + strings.Repeat("5", 10<<20) + "\nC3,R1,2024-01-12,02,5\n"
	fsys := fstest.MapFS{
		ReferralsFile: {Data: []byte("ServiceRequestId,LocalPatientId,OrgIDProv,ReferralRequestReceivedDate\nR1,P1,RX1,2024-01-10\n")},
		ContactsFile:  {Data: []byte(contacts)},
	}
	addDefaults(fsys)
	r, err := openFS(fsys, "export", testInstruments{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var lines []int
	err = r.Contacts(func(_ int, x Contact) error { lines = append(lines, x.Line); return nil })
	want := `care_contacts.csv:3: the row starting on this line is longer than 1 MiB, so the file is probably damaged: ` +
		`look for a quote (") that is opened but never closed, or for line endings that are a lone carriage return ` +
		`(save the file again with Windows or Unix line endings)`
	if err == nil || err.Error() != want {
		t.Fatalf("error\n got %v\nwant %s", err, want)
	}
	if len(lines) != 1 || lines[0] != 2 {
		t.Errorf("accepted contacts on lines %v, want [2]", lines)
	}
	checkCounts(t, r.Report())
}

// CON is the header of care_contacts.csv with its required columns only.
const CON = "CareContactId,ServiceRequestId,CareContDate,AppType,AttendOrDNACode\n"

// TestGarbage: a gigabyte of garbage, made as it is read and never held, is rejected
// with the heap staying small whatever the garbage is like: random bytes (not UTF-8),
// text without a line ending (a row over the cap), and text lines under a valid header.
// The last is read to the end, every row checked and left out one at a time; 128 MiB
// (3.5 million rows) of it shows the heap does not grow with the rows, and a gigabyte
// would take a minute on two busy cores.
func TestGarbage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		size   int64
		gen    func(p []byte, rng *rand.Rand)
		want   string // the start of the error; "" for none
	}{
		{"random bytes", "", 1 << 30, randomBytes, `care_contacts.csv:1: the file is not UTF-8 text`},
		{"one endless line", "", 1 << 30, letters, `care_contacts.csv:1: the row starting on this line is longer than 1 MiB`},
		{"lines of text", CON, 128 << 20, textLines, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				ReferralsFile: {Data: []byte("ServiceRequestId,LocalPatientId,OrgIDProv,ReferralRequestReceivedDate\nR1,P1,RX1,2024-01-10\n")},
			}
			addDefaults(fsys)
			garbage := &garbageFS{MapFS: fsys, name: ContactsFile, header: tc.header, size: tc.size, gen: tc.gen}
			r, err := openFS(garbage, "export", testInstruments{}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
				t.Fatal(err)
			}
			peak := watchHeap(t)
			err = r.Contacts(func(int, Contact) error { return errors.New("a row of garbage was accepted") })
			heap := peak()
			switch {
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
				t.Errorf("error %v, want one starting %q", err, tc.want)
			case tc.want == "" && err != nil:
				t.Errorf("error %v, want every row left out", err)
			}
			rep := r.Report()
			checkCounts(t, rep)
			f := rep.Files[1]
			if tc.want == "" && (f.Read < 1000 || f.Accepted != 0 || garbage.read.Load() != tc.size+int64(len(tc.header))) {
				t.Errorf("%d rows read, %d accepted, %d of %d bytes: want many rows, none accepted, all bytes",
					f.Read, f.Accepted, garbage.read.Load(), tc.size+int64(len(tc.header)))
			}
			t.Logf("%d bytes read, %d rows, peak heap %d MB", garbage.read.Load(), f.Read, heap>>20)
			if heap > 64<<20 {
				t.Errorf("peak heap %d MB while reading garbage, want under 64 MB", heap>>20)
			}
		})
	}
}

func randomBytes(p []byte, rng *rand.Rand) {
	for i := range p {
		p[i] = byte(rng.Uint32())
	}
}

// letters writes letters, digits, spaces and commas: no quote, no line ending.
func letters(p []byte, rng *rand.Rand) {
	const set = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,"
	for i := range p {
		p[i] = set[rng.IntN(len(set))]
	}
}

// textLines writes printable ASCII with commas, quotes and line endings sprinkled in.
func textLines(p []byte, rng *rand.Rand) {
	for i := range p {
		switch n := rng.IntN(100); {
		case n < 3:
			p[i] = '\n'
		case n < 12:
			p[i] = ','
		case n < 13:
			p[i] = '"'
		default:
			p[i] = byte(' ' + rng.IntN(95))
		}
	}
}

// garbageFS serves one file of generated garbage (after an optional header) over an
// in-memory export, so that a gigabyte is read without being stored.
type garbageFS struct {
	fstest.MapFS
	name, header string
	size         int64
	gen          func([]byte, *rand.Rand)
	block        []byte
	read         atomic.Int64
}

func (g *garbageFS) Open(name string) (fs.File, error) {
	if name != g.name {
		return g.MapFS.Open(name)
	}
	if g.block == nil {
		// Made once and served over and over, from a shifting start: making a
		// gigabyte a byte at a time would take longer than reading it.
		g.block = make([]byte, 4<<20+1)
		g.gen(g.block, rand.New(rand.NewPCG(1, 2)))
	}
	return &garbageFile{g: g, header: g.header, left: g.size}, nil
}

func (g *garbageFS) Stat(name string) (fs.FileInfo, error) {
	if name != g.name {
		return fs.Stat(g.MapFS, name)
	}
	return garbageInfo{g}, nil
}

type garbageFile struct {
	g      *garbageFS
	header string
	left   int64
	at     int
}

func (f *garbageFile) Stat() (fs.FileInfo, error) { return garbageInfo{f.g}, nil }
func (f *garbageFile) Close() error               { return nil }

func (f *garbageFile) Read(p []byte) (int, error) {
	if f.header != "" {
		n := copy(p, f.header)
		f.header = f.header[n:]
		f.g.read.Add(int64(n))
		return n, nil
	}
	if f.left == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), f.left)]
	for i := 0; i < len(p); {
		n := copy(p[i:], f.g.block[f.at:])
		i += n
		f.at = (f.at + n) % len(f.g.block)
	}
	f.left -= int64(len(p))
	f.g.read.Add(int64(len(p)))
	return len(p), nil
}

type garbageInfo struct{ g *garbageFS }

func (i garbageInfo) Name() string       { return i.g.name }
func (i garbageInfo) Size() int64        { return i.g.size + int64(len(i.g.header)) }
func (i garbageInfo) Mode() fs.FileMode  { return 0o444 }
func (i garbageInfo) ModTime() time.Time { return time.Time{} }
func (i garbageInfo) IsDir() bool        { return false }
func (i garbageInfo) Sys() any           { return nil }

// watchHeap samples the heap every few milliseconds until the returned function is
// called, which returns the largest live heap seen: what the last garbage collection
// found still in use. (The heap with garbage not yet swept depends on how soon the
// collector gets a core, and on a busy machine it ran to 97 MB while the live heap
// stayed at 14.) A reader that held the file would grow the live heap with it.
func watchHeap(t *testing.T) (peak func() uint64) {
	t.Helper()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var max atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > max.Load() {
				max.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return max.Load()
	}
}

// TestBadCorpusOnDisk guards the corpus itself: the not-UTF-8 archive must still hold
// its raw byte (an editor saving it as UTF-8 would quietly mend it).
func TestBadCorpusOnDisk(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(badDir, "not-utf8.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("5\xA3\n")) {
		t.Error("not-utf8.txtar has lost its Windows-1252 byte 0xA3")
	}
}
