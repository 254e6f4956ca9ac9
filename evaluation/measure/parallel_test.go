package measure

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/outcome"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// TestWorkersAgree checks that sharing the aggregation among workers changes nothing:
// every unrounded value, to the last digit written, and the periods in their order,
// are those of one worker. The export spans three years, so that every kind of
// period has several, and its size is no multiple of anything, so that the workers'
// shares and the median's batches differ in length.
func TestWorkersAgree(t *testing.T) {
	dir := t.TempDir()
	const n = 4001
	if _, err := synth.Generate(dir, synth.Options{Referrals: n, Seed: 11, Years: 3}); err != nil {
		t.Fatal(err)
	}
	set, _ := computeDirSet(t, dir)
	for _, kinds := range [][]PeriodKind{PeriodKinds, {Year}, {Month, Quarter}} {
		one := aggregateCSV(t, set, kinds, 1)
		if bytes.Count(one.csv, []byte("\n")) < 10_000 {
			t.Fatalf("%v: only %d rows with one worker", kinds, bytes.Count(one.csv, []byte("\n")))
		}
		for _, workers := range []int{2, 3, 4, 7} {
			got := aggregateCSV(t, set, kinds, workers)
			if !bytes.Equal(got.csv, one.csv) {
				t.Errorf("%v, %d workers: the measures differ from one worker's", kinds, workers)
			}
			if !slices.Equal(got.periods, one.periods) {
				t.Errorf("%v, %d workers: periods %v, want %v", kinds, workers, got.periods, one.periods)
			}
		}
	}
}

type aggregated struct {
	csv     []byte
	periods []Period
}

func aggregateCSV(t *testing.T, set *outcome.Set, kinds []PeriodKind, workers int) aggregated {
	t.Helper()
	res, err := aggregate(set, Options{Periods: kinds}, workers)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, res, false, disclosure.Default()); err != nil {
		t.Fatal(err)
	}
	return aggregated{buf.Bytes(), res.Periods()}
}

// BenchmarkAggregate aggregates the derived outcomes of a generated export of 200,000
// referrals (about a ninth of England's year), with one worker and with two.
func BenchmarkAggregate(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: 200_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	set, _ := computeDirSet(b, dir)
	for _, kinds := range [][]PeriodKind{PeriodKinds, {Year}} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("periods=%d/workers=%d", len(kinds), workers), func(b *testing.B) {
				for range b.N {
					if _, err := aggregate(set, Options{Periods: kinds}, workers); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
