package benchmark

import "testing"

func BenchmarkReadTmp(b *testing.B) {
	for b.Loop() {
		if _, err := ReadFile("../../data/benchmarks/nhs-talking-therapies-annual-2024-25.csv"); err != nil {
			b.Fatal(err)
		}
	}
}
