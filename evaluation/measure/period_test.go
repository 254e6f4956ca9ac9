package measure

import (
	"testing"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

func TestPeriods(t *testing.T) {
	d := export.DateOf
	for _, tc := range []struct {
		day        export.Date
		kind       PeriodKind
		start, end export.Date
		label      string
	}{
		{d(2024, time.May, 17), Year, d(2024, time.April, 1), d(2025, time.March, 31), "2024-25"},
		{d(2025, time.March, 31), Year, d(2024, time.April, 1), d(2025, time.March, 31), "2024-25"},
		{d(2025, time.April, 1), Year, d(2025, time.April, 1), d(2026, time.March, 31), "2025-26"},
		{d(1999, time.June, 1), Year, d(1999, time.April, 1), d(2000, time.March, 31), "1999-00"},
		{d(2024, time.April, 1), Quarter, d(2024, time.April, 1), d(2024, time.June, 30), "2024-25 Q1"},
		{d(2024, time.September, 30), Quarter, d(2024, time.July, 1), d(2024, time.September, 30), "2024-25 Q2"},
		{d(2024, time.December, 31), Quarter, d(2024, time.October, 1), d(2024, time.December, 31), "2024-25 Q3"},
		{d(2025, time.February, 10), Quarter, d(2025, time.January, 1), d(2025, time.March, 31), "2024-25 Q4"},
		{d(2024, time.February, 10), Month, d(2024, time.February, 1), d(2024, time.February, 29), "February 2024"},
		{d(2024, time.December, 1), Month, d(2024, time.December, 1), d(2024, time.December, 31), "December 2024"},
	} {
		p := periodOf(tc.kind, monthOf(tc.day))
		want := Period{Kind: tc.kind, Start: tc.start, End: tc.end, Label: tc.label}
		if p != want {
			t.Errorf("%v %s: %+v (%v to %v), want %+v (%v to %v)", tc.day, tc.kind, p, p.Start, p.End, want, want.Start, want.End)
		}
	}
}

func TestParsePeriodKinds(t *testing.T) {
	for s, want := range map[string][]PeriodKind{"all": {Year, Quarter, Month}, "year": {Year}, "Quarter": {Quarter}, "month": {Month}} {
		got, err := ParsePeriodKinds(s)
		if err != nil || len(got) != len(want) || got[0] != want[0] {
			t.Errorf("ParsePeriodKinds(%q) = %v %v, want %v", s, got, err, want)
		}
	}
	if _, err := ParsePeriodKinds("week"); err == nil {
		t.Error("week accepted")
	}
}

func TestCatalogue(t *testing.T) {
	ids := map[string]bool{}
	for _, m := range Catalogue() {
		if ids[m.ID] || m.Name == "" || m.Description == "" || m.raw == nil {
			t.Errorf("measure %+v: repeated or incomplete", m)
		}
		ids[m.ID] = true
	}
	// measures.md section 2 lists 36 measures; section 4 adds X010, X011, X020–X022.
	if len(ids) != 41 {
		t.Errorf("%d measures, want 41", len(ids))
	}
	// The national standards name measures of the catalogue, of the right kind.
	for _, s := range loadRef(t).Standards {
		if m, ok := Lookup(s.Measure); !ok || m.Kind != Percent {
			t.Errorf("standard %s names %s, which is not a percentage of the catalogue", s.Key, s.Measure)
		}
	}
}
