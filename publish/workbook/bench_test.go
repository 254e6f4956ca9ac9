package workbook

import (
	"fmt"
	"io"
	"iter"
	"testing"
)

// BenchmarkWriteNational writes a workbook the size of a national build's: 149
// small tables of the charts, and all the measures, 200,000 rows of seven texts and
// a figure.
func BenchmarkWriteNational(b *testing.B) {
	wb := nationalWorkbook(149, 200_000)
	b.ResetTimer()
	for range b.N {
		if err := Write(io.Discard, wb); err != nil {
			b.Fatal(err)
		}
	}
}

// nationalWorkbook is a workbook of charts small tables, and measures rows of
// measure figures as the measures CSV has them.
func nationalWorkbook(charts, measures int) *Workbook {
	wb := &Workbook{Title: "Published figures", Notes: []string{"[c] means held back."}}
	for i := range charts {
		wb.Tables = append(wb.Tables, Table{
			Sheet: fmt.Sprintf("Table_%d", i+1), Title: fmt.Sprintf("Chart %d", i+1),
			Head: []string{"Category", "Recovery (%)", "95% interval, lower (%)", "95% interval, upper (%)", "Finished a course (count)"},
			Rows: func(yield func([]Cell, error) bool) {
				for r := range 12 {
					row := []Cell{Text(fmt.Sprintf("Group %d", r)), Number(46, 0), Number(40, 0), Number(52, 0), Number(float64(255+r*5), 0)}
					if !yield(row, nil) {
						return
					}
				}
			},
		})
	}
	wb.Tables = append(wb.Tables, Table{
		Sheet: "All_measures", Title: "All outcome measures",
		Head: []string{"REPORTING_PERIOD_START", "REPORTING_PERIOD_END", "ORG_CODE", "VARIABLE_TYPE", "VARIABLE_A", "MEASURE_ID", "MEASURE_NAME", "MEASURE_VALUE"},
		Rows: measureRows(measures),
	})
	return wb
}

func measureRows(n int) iter.Seq2[[]Cell, error] {
	names := []string{"Count_ReferralsReceived", "Percentage_Recovery", "Mean_WaitFirstTreatment", "Percentage_AccessingServices6WeeksFinishedCourseTreatment"}
	// The texts are made once, so that the benchmark times the writing alone.
	var orgs, groups, ids []string
	for i := range 10 {
		orgs = append(orgs, fmt.Sprintf("R%02d", i))
	}
	for i := range 7 {
		groups = append(groups, fmt.Sprintf("%d to %d", 18+i*10, 27+i*10))
	}
	for i := range 200 {
		ids = append(ids, fmt.Sprintf("M%03d", i))
	}
	return func(yield func([]Cell, error) bool) {
		for i := range n {
			var v Cell
			switch i % 5 {
			case 0:
				v = Text(Confidential)
			case 1:
				v = Text(NotAvailable)
			case 2:
				v = Number(float64(i%1000)+0.5, 1)
			default:
				v = Number(float64(i%10000), 0)
			}
			row := []Cell{
				Text("2024-04-01"), Text("2025-03-31"), Text(orgs[i*len(orgs)/n]), Text("Age Group"),
				Text(groups[i%len(groups)]), Text(ids[i%len(ids)]), Text(names[i%len(names)]), v,
			}
			if !yield(row, nil) {
				return
			}
		}
	}
}
