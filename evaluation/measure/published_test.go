package measure

import (
	"errors"
	"strings"
	"testing"
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
