package export

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The benchmarks read synthetic exports at a fraction of national scale (2 million
// referrals, 12 million contacts, 20 million scores) and report rows per second and
// allocations per row, from which the national figures can be scaled.
//
//	go test ./evaluation/export -run '^$' -bench . -benchtime 1x

const benchReferrals = 200_000

// writeBenchExport writes an export of benchReferrals referrals, contacts contacts and
// scores scores, spread evenly over the referrals and, as in real exports, listed
// referral by referral.
func writeBenchExport(b *testing.B, contacts, scores int) string {
	b.Helper()
	dir := b.TempDir()
	write := func(name, header string, n int, row func(w *bufio.Writer, i int)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString(header + "\n")
		for i := range n {
			row(w, i)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	write(ReferralsFile, strings.Join(referralsSpec.columns, ","), benchReferrals, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "R%07d,P%07d,RX1,15N,2024-01-05,B1,2024-12-30,10,%d,2,A,%d\n", i, i/2, 18+i%60, 1+i%10)
	})
	write(ContactsFile, strings.Join(contactsSpec.columns, ","), contacts, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "C%08d,R%07d,RX1,2024-%02d-%02d,02,5,01,N,60,HI\n", i, i*benchReferrals/contacts, 2+i%10, 1+i%28)
	})
	write(AssessmentsFile, strings.Join(assessmentsSpec.columns, ","), scores, func(w *bufio.Writer, i int) {
		tool := "720433000"
		if i%2 == 1 {
			tool = "GAD7"
		}
		fmt.Fprintf(w, "R%07d,RX1,C%08d,2024-%02d-%02d,%s,%d\n", i*benchReferrals/scores, i/2, 2+i%10, 1+i%28, tool, i%22)
	})
	for _, spec := range []*tableSpec{complaintsSpec, conditionsSpec} {
		write(spec.file, strings.Join(spec.columns, ","), 0, nil)
	}
	return dir
}

// benchRead times read over b.N runs and reports rows/s, allocations and bytes per row.
func benchRead(b *testing.B, dir string, read func(r *Reader) (rows int64, err error)) {
	r, err := Open(dir, testInstruments{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var rows int64
	for range b.N {
		n, err := read(r)
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(rows), "allocs/row")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(rows), "B/row")
}

func BenchmarkContacts(b *testing.B) {
	dir := writeBenchExport(b, 1_000_000, 0)
	benchRead(b, dir, func(r *Reader) (int64, error) {
		var n int64
		err := r.Contacts(func(int, Contact) error { n++; return nil })
		return n, err
	})
}

func BenchmarkAssessments(b *testing.B) {
	dir := writeBenchExport(b, 0, 2_000_000)
	benchRead(b, dir, func(r *Reader) (int64, error) {
		var n int64
		err := r.Assessments(func(int, Assessment) error { n++; return nil })
		return n, err
	})
}

// BenchmarkReferrals reports the index's memory per referral (live heap after reading),
// the figure that matters against the 1.5 GB budget at 2 million referrals.
func BenchmarkReferrals(b *testing.B) {
	dir := writeBenchExport(b, 0, 0)
	var rows int64
	var heap float64
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, err := Open(dir, testInstruments{}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Referrals(func(int, Referral) error { return nil }); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc) - float64(before.HeapAlloc)
		rows += int64(r.NumReferrals())
		runtime.KeepAlive(r)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(heap/benchReferrals, "index-B/referral")
}

// BenchmarkSplitText splits 64 KiB blocks of score rows, the workers' first step.
func BenchmarkSplitText(b *testing.B) {
	var text strings.Builder
	for i := 0; text.Len() < 64<<10; i++ {
		fmt.Fprintf(&text, "R%07d,RX1,C%08d,2024-%02d-%02d,720433000,%d\n", i/8, i/2, 2+i%10, 1+i%28, i%22)
	}
	batch := rowBatch{text: text.String(), firstLine: 2}
	b.SetBytes(int64(text.Len()))
	for b.Loop() {
		batch.rows, batch.fields = batch.rows[:0], batch.fields[:0]
		batch.splitText(6)
	}
	if len(batch.rows) == 0 || batch.rows[0].err != nil {
		b.Fatalf("rows: %v", batch.rows[:1])
	}
}
