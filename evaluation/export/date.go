package export

import (
	"strings"
	"time"
)

// Date is a calendar day with no time zone: the number of days since 1 January 1970,
// plus one, so that the zero value means "no date". It is four bytes, which matters when
// millions of referrals are held at once.
type Date int32

// DateOf returns the Date of a calendar day.
func DateOf(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix()/86400 + 1)
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == 0 }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d-1)*86400, 0).UTC() }

// String writes d as YYYY-MM-DD, or "" for no date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// Parts returns the year, month and day of d.
func (d Date) Parts() (int, time.Month, int) { return d.Time().Date() }

// ParseDate reads a date as the data contract writes it, YYYY-MM-DD or DD/MM/YYYY,
// around spaces.
func ParseDate(s string) (Date, bool) { return parseDate(strings.TrimSpace(s)) }
