package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// RowError is one row that failed a check of the data contract and was left out.
type RowError struct {
	File    string
	Line    int    // physical line where the row starts; 0 for the header
	Column  string // empty for a row that could not be split into columns
	Kind    string // what is wrong, without the row's values: rows are grouped by it
	Message string // file:line: column Name: what is wrong ("value")
}

func (e *RowError) Error() string { return e.Message }

// fault is what is wrong with a row, kept in parts: the message is written only when the
// report keeps it (the first MaxExamples of each kind), so a file with a million bad
// dates does not format a million messages.
type fault struct {
	file   string
	line   int
	column string
	kind   string
	text   string // what is wrong, in full
	value  string // the value at fault; empty when there is none to show
}

func (f *fault) message() string {
	var b strings.Builder
	b.WriteString(f.file)
	if f.line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.line))
	}
	b.WriteString(": ")
	if f.column != "" {
		b.WriteString("column ")
		b.WriteString(f.column)
		b.WriteString(": ")
	}
	b.WriteString(f.text)
	if f.value != "" {
		b.WriteString(" (")
		b.WriteString(strconv.Quote(shorten(f.value)))
		b.WriteString(")")
	}
	return b.String()
}

func (f *fault) rowError() *RowError {
	return &RowError{File: f.file, Line: f.line, Column: f.column, Kind: f.kind, Message: f.message()}
}

// rowCheck converts the string fields of one row, keeping the first thing wrong with it.
// Once a check has failed, later checks do nothing, so a row reports one error: the one
// an analyst would meet first reading it left to right. The fault lives in the rowCheck
// so that a row error costs no allocation.
type rowCheck struct {
	file      string
	published Date              // Options.Published
	headers   map[string]string // contract column → the export's header, where a Mapping renames it
	line      int
	f         fault
	err       *fault // &f once a check has failed
	days      *dayCache
	scales    *scaleCache
}

func (c *rowCheck) reset(line int) {
	c.line = line
	c.err = nil
}

func (c *rowCheck) failed() bool { return c.err != nil }

// fail records what is wrong with column col. text is the full description; kind the
// part that groups rows in the report. A non-empty value is quoted after the text.
func (c *rowCheck) fail(col, kind, text, value string) {
	if c.err != nil {
		return
	}
	c.f = fault{file: c.file, line: c.line, column: c.header(col), kind: kind, text: text, value: value}
	c.err = &c.f
}

// header is the export's name for contract column col, for messages.
func (c *rowCheck) header(col string) string {
	if h, ok := c.headers[col]; ok {
		return h
	}
	return col
}

// shorten keeps messages readable when a field holds something long (a pasted note, or a
// whole line swallowed by a stray quote).
func shorten(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// required returns the trimmed value, failing when it is empty.
func (c *rowCheck) required(col, v string) string {
	v = trim(v)
	if v == "" {
		c.fail(col, "missing value", "missing value (the column is required)", "")
	}
	return v
}

// trim is strings.TrimSpace, answering the usual field, with no space at either end,
// without a call: it is small enough to be inlined, and it runs on every field of
// every row.
func trim(v string) string {
	// b-'!' >= 0x5F: b is a space, a control character or not ASCII.
	if n := len(v); n > 0 && (v[0]-'!' >= 0x5F || v[n-1]-'!' >= 0x5F) {
		v = strings.TrimSpace(v)
	}
	return v
}

// upper returns v trimmed and in upper case; it allocates only when v has lower case.
func upper(v string) string { return strings.ToUpper(trim(v)) }

// date parses an optional date; "" gives the zero Date.
func (c *rowCheck) date(col, v string) Date {
	v = trim(v)
	if v == "" || c.err != nil {
		return 0
	}
	d, ok := c.days.parse(v)
	if !ok {
		c.fail(col, "not a date", "not a date", v)
		return 0
	}
	if d < firstDay || d > lastDay {
		c.fail(col, "date out of range", fmt.Sprintf("date out of range: the year must be %d to %d", minYear, maxYear), v)
		return 0
	}
	if c.published != 0 && d > c.published {
		c.fail(col, "after the publication date",
			"after the publication date "+c.published.String()+" (site.published): a day that has not come yet", v)
		return 0
	}
	return d
}

// firstReferralDay is the earliest referral date taken: talking-therapies services
// began in 2008, so an earlier date is a slip or a placeholder (1900-01-01), and taken
// as given it would start every trend decades early.
var firstReferralDay = DateOf(1990, time.January, 1)

// referralDate parses a required referral date, no earlier than firstReferralDay.
func (c *rowCheck) referralDate(col, v string) Date {
	d := c.requiredDate(col, v)
	if d != 0 && d < firstReferralDay {
		c.fail(col, "before 1990",
			"before "+firstReferralDay.String()+": earlier than any talking-therapies referral (a slip, or a placeholder date)", strings.TrimSpace(v))
		return 0
	}
	return d
}

// odsCode reads an optional provider code: ODS codes are 3 to 6 letters and digits
// (RX1, R1A2B). Anything else is a slip, and as the provider's name in the published
// figures it must not carry punctuation such as "../".
func (c *rowCheck) odsCode(col, v string) string {
	v = upper(v)
	if v == "" || c.err != nil {
		return v
	}
	if !isODSCode(v) {
		c.fail(col, "not an ODS code", "not an ODS code (expected 3 to 6 letters and digits, such as RX1)", v)
		return ""
	}
	return v
}

// requiredDate parses a date that must be there.
func (c *rowCheck) requiredDate(col, v string) Date {
	if c.required(col, v) == "" {
		return 0
	}
	return c.date(col, v)
}

// Years outside this span are typing slips (0224, 2204) rather than service dates.
const (
	minYear = 1900
	maxYear = 2100
)

// The span's first and last days: comparing with them costs less than working out a
// date's year, which every date of the export would pay.
var (
	firstDay = DateOf(minYear, time.January, 1)
	lastDay  = DateOf(maxYear, time.December, 31)
)

// dayCache remembers the days last read, by their text: the rows of a batch hold few
// distinct days, and looking one up costs a quarter of reading it. A rowCheck gets its
// own (nil is none), as it is used on one goroutine.
type dayCache [256]struct {
	text [10]byte // not a string: it would keep the whole block of rows it is cut from
	day  Date
}

// parse is parseDate, through the cache.
func (dc *dayCache) parse(s string) (Date, bool) {
	if dc == nil || len(s) != 10 {
		return parseDate(s)
	}
	// The day's digits, the month's last and the year's last, in either layout.
	e := &dc[(uint(s[9])+uint(s[8])*10+uint(s[6])*31+uint(s[3])*113+uint(s[1])*7)%uint(len(dc))]
	if string(e.text[:]) == s && e.day != 0 {
		return e.day, true
	}
	d, ok := parseDate(s)
	if ok {
		copy(e.text[:], s)
		e.day = d
	}
	return d, ok
}

// scaleCache remembers the instruments last looked up, by the export's name for them:
// an export names a few instruments over and over, and the catalogue's lookup (a call
// through an interface into a map) cost a fifth of checking a score. Like dayCache it
// is one goroutine's (nil is none).
type scaleCache [16]struct {
	tool  string // a copy, so as not to keep the block of rows it was cut from
	scale Scale
}

// lookup is in.Lookup(tool), through the cache.
func (sc *scaleCache) lookup(in Instruments, tool string) (Scale, bool) {
	if sc == nil || tool == "" {
		return in.Lookup(tool)
	}
	e := &sc[(len(tool)*7+int(tool[0])+3*int(tool[len(tool)-1]))%len(sc)]
	if e.tool == tool {
		return e.scale, true
	}
	s, ok := in.Lookup(tool)
	if ok {
		e.tool, e.scale = strings.Clone(tool), s
	}
	return s, ok
}

// parseDate reads YYYY-MM-DD or DD/MM/YYYY (the UK Excel format), exactly ten characters,
// and only real calendar days (not 2024-02-30).
func parseDate(s string) (Date, bool) {
	if len(s) != 10 {
		return 0, false
	}
	var y, m, d int
	var ok1, ok2, ok3 bool
	switch {
	case s[4] == '-' && s[7] == '-':
		y, ok1 = digits(s[0:4])
		m, ok2 = digits(s[5:7])
		d, ok3 = digits(s[8:10])
	case s[2] == '/' && s[5] == '/':
		d, ok1 = digits(s[0:2])
		m, ok2 = digits(s[3:5])
		y, ok3 = digits(s[6:10])
	default:
		return 0, false
	}
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return civil(y, m, d), true
}

// digits reads a string of ASCII digits only (no sign, no spaces), at most 18 of them
// so that the value cannot overflow.
func digits(s string) (int, bool) {
	if len(s) > 18 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < '0' || ch > '9' {
			return 0, false
		}
		n = n*10 + int(ch-'0')
	}
	return n, len(s) > 0
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civil turns a calendar day into a Date without going through time.Date, which matters
// at tens of millions of rows. It is Howard Hinnant's days-from-civil algorithm; a test
// checks it against DateOf.
func civil(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := y / 400 // y ≥ minYear-1 > 0, so no floor correction is needed
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := era*146097 + doe - 719468 // days since 1970-01-01
	return Date(days + 1)
}

// twoDigitCodes holds "00".."99" so that normalising a code never allocates.
var twoDigitCodes = func() [100]string {
	var t [100]string
	for i := range t {
		t[i] = fmt.Sprintf("%02d", i)
	}
	return t
}()

// twoDigit normalises an optional numeric code to two digits: "1", "01" and "001" are
// all "01". Anything but a number from 0 to 99 fails.
func (c *rowCheck) twoDigit(col, v string) string {
	v = trim(v)
	if v == "" || c.err != nil {
		return ""
	}
	n, ok := digits(v)
	if !ok || n > 99 {
		c.fail(col, "not a code", "not a code (expected a number of one or two digits)", v)
		return ""
	}
	return twoDigitCodes[n]
}

// attendCode normalises AttendOrDNACode without leading zeros: "05" is "5".
func (c *rowCheck) attendCode(col, v string) string {
	v = c.required(col, v)
	if c.err != nil {
		return ""
	}
	n, ok := digits(v)
	if !ok || n > 99 {
		c.fail(col, "not a code", "not a code (expected a number such as 5)", v)
		return ""
	}
	s := twoDigitCodes[n]
	if n < 10 {
		s = s[1:]
	}
	return s
}

// wholeNumber reads an optional whole number within [min, max]; it returns -1 when
// empty. "34.0" is accepted as 34 (spreadsheets write whole numbers that way).
func (c *rowCheck) wholeNumber(col, v string, min, max int) int {
	v = trim(v)
	if v == "" || c.err != nil {
		return -1
	}
	f, ok := decimal(v)
	switch {
	case !ok || f != float64(int64(f)):
		c.fail(col, "not a whole number", "not a whole number", v)
	case f < float64(min) || f > float64(max):
		c.fail(col, "out of range", fmt.Sprintf("out of range (expected %d to %d)", min, max), v)
	default:
		return int(f)
	}
	return -1
}

// nonNegative reads a required non-negative number (counts, window lengths).
func (c *rowCheck) nonNegative(col, v string) float64 {
	v = c.required(col, v)
	if c.err != nil {
		return 0
	}
	f, ok := decimal(v)
	switch {
	case !ok:
		c.fail(col, "not a number", "not a number", v)
	case f < 0:
		c.fail(col, "negative", "negative (expected 0 or more)", v)
	}
	return f
}

// decimal reads a plain decimal number: optional sign, digits, optional fraction. It
// refuses what strconv.ParseFloat would also take but no export should hold: "NaN",
// "Inf", "1e3", "0x1p4", "1_000".
func decimal(s string) (float64, bool) {
	sign := 0
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		sign = 1
	}
	i := sign
	intDigits, fracDigits := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		intDigits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			fracDigits++
		}
	}
	if i != len(s) || intDigits+fracDigits == 0 {
		return 0, false
	}
	if intDigits == len(s)-sign && intDigits <= 15 {
		// A whole number, as nearly every score is: exact in a float64 below 10¹⁵,
		// and read without strconv's general path.
		n, _ := digits(s[sign:])
		f := float64(n)
		if s[0] == '-' {
			f = -f // -0 too, as strconv reads it
		}
		return f, true
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// indicator reads an optional Y/N flag.
func (c *rowCheck) indicator(col, v string) bool {
	v = trim(v)
	switch v {
	case "Y", "y":
		return true
	case "", "N", "n":
		return false
	}
	c.fail(col, "not Y or N", "not Y or N", v)
	return false
}

// oneOf reads an optional value that must be one of choices, compared without regard
// to case; it returns the matching choice, or "" when empty.
func (c *rowCheck) oneOf(col, v string, choices ...string) string {
	v = trim(v)
	if v == "" || c.err != nil {
		return ""
	}
	for _, ch := range choices {
		if strings.EqualFold(v, ch) {
			return ch
		}
	}
	c.fail(col, "not an allowed value", "not one of "+strings.Join(choices, ", "), v)
	return ""
}

// complaintCode normalises a presenting complaint: ICD-10 upper-cased without its dot
// ("f41.0" → "F410"), or a SNOMED CT code.
func (c *rowCheck) complaintCode(col, v string) string {
	v = c.required(col, v)
	if c.err != nil {
		return ""
	}
	code := v
	if strings.IndexByte(code, '.') >= 0 {
		code = strings.ReplaceAll(code, ".", "")
	}
	code = strings.ToUpper(code)
	if !isICD10(code) && !isSNOMED(code) {
		c.fail(col, "not a code", "not an ICD-10 or SNOMED CT code", v)
		return ""
	}
	return code
}

// snomed reads a required SNOMED CT code.
func (c *rowCheck) snomed(col, v string) string {
	v = c.required(col, v)
	if c.err != nil {
		return ""
	}
	if !isSNOMED(v) {
		c.fail(col, "not a code", "not a SNOMED CT code", v)
		return ""
	}
	return v
}

// isICD10 accepts a letter, two digits and up to three more letters or digits (the dot
// already removed): F32, F410, K580, G933, F43.1.
func isICD10(s string) bool {
	if len(s) < 3 || len(s) > 6 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	if _, ok := digits(s[1:3]); !ok {
		return false
	}
	for i := 3; i < len(s); i++ {
		ch := s[i]
		if (ch < '0' || ch > '9') && (ch < 'A' || ch > 'Z') {
			return false
		}
	}
	return true
}

// isSNOMED accepts a SNOMED CT identifier: 6 to 18 digits.
func isSNOMED(s string) bool {
	_, ok := digits(s)
	return ok && len(s) >= 6 && len(s) <= 18
}
