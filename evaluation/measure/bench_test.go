package measure

import (
	"io"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// BenchmarkCompute reads, derives, aggregates and writes the measures of a generated
// export of 200,000 referrals (about a ninth of England's year).
func BenchmarkCompute(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: 200_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	ref := loadRef(b)
	b.ResetTimer()
	for range b.N {
		r, err := export.Open(dir, ref.Instruments, export.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Compute(r, ref, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteCSV(io.Discard, res, true, disclosure.Default()); err != nil {
			b.Fatal(err)
		}
	}
}
