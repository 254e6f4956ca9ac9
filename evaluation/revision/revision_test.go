package revision

import (
	"slices"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/measure"
)

func row(start, end, org, vt, va, id, value string) measure.Published {
	return measure.Published{Start: start, End: end, Org: org, VariableType: vt, VariableA: va, ID: id, Name: "Name_" + id, Value: value}
}

const apr, aprEnd = "2024-04-01", "2024-04-30"

func TestCompare(t *testing.T) {
	previous := []measure.Published{
		row(apr, aprEnd, "ALL", "Total", "Total", "M001", "45"),                // unchanged
		row(apr, aprEnd, "ALL", "Total", "Total", "M192", "50"),                // revised 50 → 52
		row(apr, aprEnd, "ZZA", "Total", "Total", "M053", "*"),                 // revised * → 10
		row(apr, aprEnd, "ALL", "Total", "Total", "M031", "15"),                // revised 15 → *
		row(apr, aprEnd, "ALL", "Total", "Total", "M049", "12.5"),              // gone
		row(apr, aprEnd, "ALL", "Total", "Total", "M053", ""),                  // unchanged, does not apply
		row("2023-03-01", "2023-03-31", "ALL", "Total", "Total", "M001", "20"), // period no longer covered
	}
	current := []measure.Published{
		row(apr, aprEnd, "ALL", "Total", "Total", "M001", "45"),
		row(apr, aprEnd, "ALL", "Total", "Total", "M031", "*"),
		row(apr, aprEnd, "ALL", "Total", "Total", "M053", ""),
		row(apr, aprEnd, "ALL", "Total", "Total", "M192", "52"),
		row(apr, aprEnd, "ALL", "Age Group", "18 to 25", "M001", "5"), // a new group: not a revision
		row(apr, aprEnd, "ZZA", "Total", "Total", "M053", "10"),
		row("2024-05-01", "2024-05-31", "ALL", "Total", "Total", "M001", "30"), // a new period
	}
	change := func(org, id, was, now string, gone bool) Change {
		return Change{Start: apr, End: aprEnd, Org: org, VariableType: "Total", VariableA: "Total", ID: id, Name: "Name_" + id, Was: was, Now: now, Gone: gone}
	}
	// In the order of the measures CSV: ALL before ZZA, then by measure.
	want := []Change{
		change("ALL", "M031", "15", "*", false),
		change("ALL", "M049", "12.5", "", true),
		change("ALL", "M192", "50", "52", false),
		change("ZZA", "M053", "*", "10", false),
	}
	got := Compare(previous, current)
	if !slices.Equal(got, want) {
		t.Fatalf("Compare =\n%+v\nwant\n%+v", got, want)
	}
	if got[1].NowText() != "not published" || got[0].NowText() != "*" {
		t.Errorf("NowText: %q and %q, want \"not published\" and \"*\"", got[1].NowText(), got[0].NowText())
	}
	if len(Compare(current, current)) != 0 {
		t.Error("a release compared with itself has revisions")
	}
	if len(Compare(nil, current)) != 0 {
		t.Error("a first release has revisions")
	}
}

func TestSummary(t *testing.T) {
	c := Change{Was: "5", Now: "10"}
	gone := Change{Was: "5", Gone: true}
	for _, tc := range []struct {
		changes []Change
		want    string
	}{
		{nil, "No figure published before has changed."},
		{[]Change{c}, "1 figure for earlier periods changed because of late or corrected data."},
		{slices.Repeat([]Change{c}, 12), "12 figures for earlier periods changed because of late or corrected data."},
		{[]Change{c, c, gone}, "3 figures for earlier periods changed because of late or corrected data; 1 of them is no longer published."},
		{[]Change{gone, gone}, "2 figures for earlier periods changed because of late or corrected data; 2 of them are no longer published."},
	} {
		if got := Summary(tc.changes); got != tc.want {
			t.Errorf("Summary of %d changes = %q, want %q", len(tc.changes), got, tc.want)
		}
	}
}

// A previous release is read from its measures CSV, as the site published it.
func TestReadThenCompare(t *testing.T) {
	head := strings.Join(measure.Header, ",") + "\n"
	previous, err := Read(strings.NewReader(head+"2024-04-01,2024-04-30,ALL,Total,Total,M192,Percentage_Recovery,50\n"), "previous/measures.csv")
	if err != nil {
		t.Fatal(err)
	}
	current, err := Read(strings.NewReader(head+"2024-04-01,2024-04-30,ALL,Total,Total,M192,Percentage_Recovery,*\n"), "measures.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := Compare(previous, current)
	if len(got) != 1 || got[0].Was != "50" || got[0].Now != "*" || got[0].Name != "Percentage_Recovery" {
		t.Errorf("Compare = %+v, want M192 was 50, now *", got)
	}
	if _, err := Read(strings.NewReader("x\n"), "previous/measures.csv"); err == nil || !strings.HasPrefix(err.Error(), "previous/measures.csv:1:") {
		t.Errorf("error %v, want one naming the file and line", err)
	}
}
