package progress

import (
	"bytes"
	"strings"
	"testing"
)

func TestStageLines(t *testing.T) {
	var b bytes.Buffer
	m := New(&b, false)
	s := m.Stage("reading referrals.csv", "rows", 100)
	s.Advance(50, 50)
	s.Done(100)
	m.Stage("building the site with Hugo", "", 0).Done(0)
	if want := "iaptpub: reading referrals.csv\niaptpub: building the site with Hugo\n"; b.String() != want {
		t.Errorf("off a terminal: %q, want %q", b.String(), want)
	}

	b.Reset()
	m = New(&b, true)
	m.Stage("printing the 9 leaflets to PDF", "leaflets", 9).Done(9)
	got := b.String()
	if !strings.HasPrefix(got, "\rprinting the 9 leaflets to PDF…\x1b[K\rprinting the 9 leaflets to PDF: 9 leaflets in ") || !strings.HasSuffix(got, "\x1b[K\n") {
		t.Errorf("on a terminal: %q", got)
	}

	var quiet *Meter
	quiet.Stage("anything", "rows", 0).Done(1) // a nil Meter is quiet, and does not panic
}

func TestApprox(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 9_999: "9999", 12_345: "12.3 thousand", 123_456: "123 thousand", 999_499: "999 thousand",
		999_500: "1.00 million", 2_012_345: "2.01 million", 45_600_000: "45.6 million",
	} {
		if got := approx(n); got != want {
			t.Errorf("approx(%d) = %q, want %q", n, got, want)
		}
	}
}
