package measure

import (
	"fmt"
	"strings"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// PeriodKind is a kind of reporting period.
type PeriodKind uint8

const (
	Year    PeriodKind = iota // financial year, 1 April to 31 March: "2024-25"
	Quarter                   // quarter of a financial year: "2024-25 Q1" is April to June
	Month                     // calendar month: "April 2024"
)

// PeriodKinds are all the kinds, in the order used when none is chosen.
var PeriodKinds = []PeriodKind{Year, Quarter, Month}

func (k PeriodKind) String() string {
	switch k {
	case Year:
		return "year"
	case Quarter:
		return "quarter"
	case Month:
		return "month"
	}
	return fmt.Sprintf("PeriodKind(%d)", uint8(k))
}

// ParsePeriodKinds reads the --period flag: year, quarter, month or all.
func ParsePeriodKinds(s string) ([]PeriodKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "all", "":
		return PeriodKinds, nil
	case "year":
		return []PeriodKind{Year}, nil
	case "quarter":
		return []PeriodKind{Quarter}, nil
	case "month":
		return []PeriodKind{Month}, nil
	}
	return nil, fmt.Errorf("unknown period %q: use year, quarter, month or all", s)
}

// Period is one reporting period, Start to End inclusive.
type Period struct {
	Kind       PeriodKind
	Start, End export.Date
	Label      string
}

// monthKey numbers calendar months: year×12 + month−1.
type monthKey int32

func monthOf(d export.Date) monthKey {
	y, m, _ := d.Parts()
	return monthKey(y*12 + int(m) - 1)
}

// periodOf returns the period of kind k holding month mk.
func periodOf(k PeriodKind, mk monthKey) Period {
	y, m := int(mk)/12, time.Month(int(mk)%12+1)
	fy := y // the financial year starting 1 April of fy
	if m < time.April {
		fy--
	}
	var p Period
	switch k {
	case Year:
		p = Period{Start: export.DateOf(fy, time.April, 1), End: export.DateOf(fy+1, time.April, 1) - 1,
			Label: fmt.Sprintf("%d-%02d", fy, (fy+1)%100)}
	case Quarter:
		q := (int(m)+8)%12/3 + 1 // April–June 1, July–September 2, October–December 3, January–March 4
		start := time.Month(int(m) - (int(m)-1)%3)
		first := export.DateOf(y, start, 1)
		p = Period{Start: first, End: export.DateOf(y, start+3, 1) - 1,
			Label: fmt.Sprintf("%d-%02d Q%d", fy, (fy+1)%100, q)}
	default:
		p = Period{Start: export.DateOf(y, m, 1), End: export.DateOf(y, m+1, 1) - 1,
			Label: fmt.Sprintf("%s %d", m, y)}
	}
	p.Kind = k
	return p
}
