package measure

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
)

const publishedHead = "REPORTING_PERIOD_START,REPORTING_PERIOD_END,ORG_CODE,VARIABLE_TYPE,VARIABLE_A,MEASURE_ID,MEASURE_NAME,MEASURE_VALUE\n"

func TestReadPublished(t *testing.T) {
	in := publishedHead +
		"2024-04-01,2024-04-30,ALL,Total,Total,M001,Count_ReferralsReceived,45\n" +
		"2024-04-01,2024-04-30,ZZA,Age Group,\"18 to 25, inclusive\",M192,Percentage_Recovery,*\n" +
		"2024-04-01,2024-04-30,ALL,Total,Total,M053,Percentage_AccessingServices6WeeksFinishedCourseTreatment,\n" +
		// A group label that looks like a formula was written with an apostrophe
		// in front (package csvsafe); it is read back without it.
		"2024-04-01,2024-04-30,ALL,Provider,'+CMD|x!A0,M001,Count_ReferralsReceived,10\n"
	var got []Published
	err := ReadPublished(strings.NewReader(in), "measures.csv", func(p Published) error {
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Published{
		{"2024-04-01", "2024-04-30", "ALL", "Total", "Total", "M001", "Count_ReferralsReceived", "45"},
		{"2024-04-01", "2024-04-30", "ZZA", "Age Group", "18 to 25, inclusive", "M192", "Percentage_Recovery", "*"},
		{"2024-04-01", "2024-04-30", "ALL", "Total", "Total", "M053", "Percentage_AccessingServices6WeeksFinishedCourseTreatment", ""},
		{"2024-04-01", "2024-04-30", "ALL", "Provider", "+CMD|x!A0", "M001", "Count_ReferralsReceived", "10"},
	}
	if len(got) != len(want) {
		t.Fatalf("read %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
}

func TestReadPublishedErrors(t *testing.T) {
	row := "2024-04-01,2024-04-30,ALL,Total,Total,M001,Count_ReferralsReceived,45\n"
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "measures.csv: the file is empty"},
		{"not measures", "a,b\n1,2\n", "measures.csv:1: the header is"},
		{"bad date", publishedHead + row + "2024-13-01,2024-04-30,ALL,Total,Total,M001,Count_ReferralsReceived,45\n", "measures.csv:3: column REPORTING_PERIOD_START: not a date"},
		{"bad value", publishedHead + row + strings.Replace(row, ",45", ",4 5", 1), "measures.csv:3: column MEASURE_VALUE: not a number, * or empty (\"4 5\")"},
		{"short row", publishedHead + "2024-04-01,2024-04-30,ALL\n", "measures.csv: record on line 2: wrong number of fields"},
	} {
		err := ReadPublished(strings.NewReader(c.in), "measures.csv", func(Published) error { return nil })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	stop := errors.New("stop")
	err := ReadPublished(strings.NewReader(publishedHead+row), "measures.csv", func(Published) error { return stop })
	if !errors.Is(err, stop) || !strings.HasPrefix(err.Error(), "measures.csv:2: ") {
		t.Errorf("error %v, want the callback's, at line 2", err)
	}
}

// Rows are the rows of the CSV WriteCSV writes, in its order, field for field, so a
// table made from them (the workbook's sheet of all measures) holds the CSV's figures.
// Controlled values are plain numbers as strconv writes them, "*" or empty: the
// workbook stores them as numbers without parsing a general number format.
func TestRowsAreTheCSV(t *testing.T) {
	res := synthetic(t, 2000, 3)
	plain := regexp.MustCompile(`^-?(0|[1-9]\d*)(\.\d)?$`)
	for _, controlled := range []bool{true, false} {
		var csv bytes.Buffer
		if err := WriteCSV(&csv, res, controlled, disclosure.Default()); err != nil {
			t.Fatal(err)
		}
		var read []Published
		if err := ReadPublished(&csv, "measures.csv", func(p Published) error {
			read = append(read, p)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		rows := slices.Collect(res.Rows(controlled, disclosure.Default()))
		if len(rows) == 0 || len(rows) != len(read) {
			t.Fatalf("controlled %t: %d rows, and %d in the CSV", controlled, len(rows), len(read))
		}
		stars, blanks := 0, 0
		for i := range rows {
			if rows[i] != read[i] {
				t.Fatalf("controlled %t: row %d = %+v, the CSV's %+v", controlled, i+1, rows[i], read[i])
			}
			switch v := rows[i].Value; {
			case !controlled:
			case v == "*":
				stars++
			case v == "":
				blanks++
			case !plain.MatchString(v):
				t.Errorf("row %d: published value %q is not a plain number, * or empty", i+1, v)
			}
		}
		if controlled && (stars == 0 || blanks == 0) {
			t.Errorf("%d stars and %d blanks: the export does not show both kinds of held-back value", stars, blanks)
		}
	}
	// A consumer may stop early.
	n := 0
	for range res.Rows(true, disclosure.Default()) {
		if n++; n == 3 {
			break
		}
	}
}
