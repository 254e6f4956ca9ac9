// Package progress shows how long work is getting on, on standard error. On a terminal
// each stage is one line, redrawn as the work goes (rows, rows a second, time left), so
// that a national-scale build does not look hung. Elsewhere (a log file, a scheduler's
// mail) each stage writes one line as it starts, so a log says what a run was doing
// when it stopped. A nil *Meter is quiet (--quiet).
package progress

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// Meter writes the progress of one run's stages. Stages may run at once (a build
// reads utilisation.csv while it aggregates the measures): each write is whole, and on
// a terminal the shared line shows whichever stage drew last.
type Meter struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool // w is a terminal: redraw lines in place
}

// printf writes one whole line or redraw.
func (m *Meter) printf(format string, a ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(m.w, format, a...)
}

// New returns a Meter writing to w; terminal says whether w is a terminal.
func New(w io.Writer, terminal bool) *Meter { return &Meter{w: w, terminal: terminal} }

// Stage is one stage of the work, such as reading a file or running Hugo.
type Stage struct {
	m           *Meter
	name, unit  string
	size        int64 // the work in the units of Advance's done; 0 when not known
	start, last time.Time
}

// Stage starts a stage, named as a log line would say it ("reading referrals.csv").
// unit is what it counts ("rows", "leaflets"); "" for a stage that counts nothing.
// size is the amount of work in the units Advance counts done in (a file's bytes); 0
// when it is not known.
func (m *Meter) Stage(name, unit string, size int64) *Stage {
	if m == nil {
		return nil
	}
	now := time.Now()
	s := &Stage{m: m, name: name, unit: unit, size: size, start: now, last: now}
	if m.terminal {
		m.printf("\r%s…%s", name, clear)
	} else {
		m.printf("iaptpub: %s\n", name)
	}
	return s
}

// clear rubs out what is left of a longer line drawn before.
const clear = "\x1b[K"

// Advance reports count units done so far, and done of the stage's size. On a terminal
// it redraws the line, at most four times a second; elsewhere it writes nothing. It
// looks at the clock: call it every few thousand rows, not every row.
func (s *Stage) Advance(count, done int64) {
	if s == nil || !s.m.terminal {
		return
	}
	now := time.Now()
	if now.Sub(s.last) < 250*time.Millisecond {
		return
	}
	s.last = now
	secs := now.Sub(s.start).Seconds()
	left := ""
	if s.size > 0 && done > 0 {
		rest := time.Duration(secs * float64(s.size-done) / float64(done) * float64(time.Second))
		left = fmt.Sprintf(", %d%%, about %s left", 100*done/s.size, rest.Round(time.Second))
	}
	s.m.printf("\r%s: %s %s, %s a second%s%s", s.name, approx(count), s.unit, approx(int64(float64(count)/secs)), left, clear)
}

// Done ends the stage, having done count units. On a terminal its line is left saying
// how much was done and in what time.
func (s *Stage) Done(count int64) {
	if s == nil || !s.m.terminal {
		return
	}
	took := time.Since(s.start).Round(10 * time.Millisecond)
	if s.unit == "" {
		s.m.printf("\r%s: done in %s%s\n", s.name, took, clear)
		return
	}
	s.m.printf("\r%s: %s %s in %s%s\n", s.name, approx(count), s.unit, took, clear)
}

// approx writes a count for a line that changes as it is read: exact below ten
// thousand, then to about three figures ("12.3 thousand", "2.01 million").
func approx(n int64) string {
	if n < 10_000 {
		return strconv.FormatInt(n, 10)
	}
	v, unit := float64(n)/1e3, " thousand"
	if n >= 999_500 {
		v, unit = float64(n)/1e6, " million"
	}
	prec := 0
	switch {
	case v < 10:
		prec = 2
	case v < 100:
		prec = 1
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + unit
}
