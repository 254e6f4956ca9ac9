// Package synth writes synthetic service exports: folders of the six CSV files of the
// data contract (shared/spec/data-contract.md), realistic enough to build the demo site
// and large enough, on request, to benchmark the program at national scale.
//
// The people and their care are invented. Their shares (age, gender, ethnic group,
// deprivation, long-term conditions, presenting complaints) and the outcomes they reach
// (finished courses, caseness, recovery, reliable improvement and deterioration, waits)
// are calibrated to NHS Talking Therapies' national figures for 2024-25, so that the
// real measures engine computes England-like results from them. Every row is valid under
// the data contract; a few are deliberately awkward but legal (scores dated outside the
// referral, missed appointments, codes written with and without dots).
//
// The same options and seed give the same bytes: one PCG stream drives everything, and
// no map order or clock is consulted. Referrals are generated one person at a time and
// written straight out, so memory does not grow with the number of referrals.
package synth

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// Options say what to generate.
type Options struct {
	Referrals int         // number of referrals (rows of referrals.csv); at least 1
	Seed      uint64      // the same seed gives the same files
	Start     export.Date // first day a referral can be received; zero means 2023-04-01
	Years     int         // length of the period in years; zero means 2
	// Progress, when set, is called with the number of referrals written so far, every
	// ProgressEvery referrals and once at the end.
	Progress func(referrals int)
	// Done, when closed, stops the run with ErrStopped (pass a context's Done()).
	Done <-chan struct{}
}

// MaxReferrals bounds Options.Referrals: five times England's referrals in a year
// (about 1.8 million), some 7.5 GB of CSV, more than any benchmark needs and little
// enough that a mistyped number does not fill the disk.
const MaxReferrals = 10_000_000

// ErrStopped is the error of a run stopped through Options.Done.
var ErrStopped = errors.New("stopped before the export was finished")

// Marker is the file Generate writes beside the six CSV files, so that a synthetic
// export can be told from a service's own, and overwritten where a real one must not be.
const Marker = ".iaptpub-synth"

// ProgressEvery is how many referrals pass between calls of Options.Progress.
const ProgressEvery = 50_000

// Summary counts what was written.
type Summary struct {
	Start, End      export.Date // the period: referrals received and care given in it
	People          int
	Referrals       int
	Contacts        int
	Assessments     int
	Complaints      int
	Conditions      int
	UtilisationRows int
	Bytes           int64 // all six files together
}

// The six files of an export, with their headers exactly as in the data contract.
const (
	ReferralsFile   = "referrals.csv"
	ContactsFile    = "care_contacts.csv"
	AssessmentsFile = "assessments.csv"
	ComplaintsFile  = "presenting_complaints.csv"
	ConditionsFile  = "long_term_conditions.csv"
	UtilisationFile = "utilisation.csv"
)

var headers = [...]string{
	"ServiceRequestId,LocalPatientId,OrgIDProv,OrgIDComm,ReferralRequestReceivedDate,SourceOfReferralIAPT,ServDischDate,EndCode,AgeServReferRecDate,Gender,EthnicCategory,IMDDecile",
	"CareContactId,ServiceRequestId,OrgIDProv,CareContDate,AppType,AttendOrDNACode,ConsMechanism,IAPTLTCServiceInd,ClinContDurOfCareCont,Intensity",
	"ServiceRequestId,OrgIDProv,CareContactId,AssToolCompDate,CodedAssToolType,PersScore",
	"ServiceRequestId,OrgIDProv,PresComp,PresCompCodSig,PresCompDate",
	"LocalPatientId,OrgIDProv,LongTermConditionCode",
	"ServiceRequestId,OrgIDProv,Group,Pathway,Window,WindowMonths,Item,Count",
}

var fileNames = [...]string{ReferralsFile, ContactsFile, AssessmentsFile, ComplaintsFile, ConditionsFile, UtilisationFile}

// Header returns the header row (without line end) that the generator writes to the
// named file, and false for a name that is not one of the six files.
func Header(file string) (string, bool) {
	for i, n := range fileNames {
		if n == file {
			return headers[i], true
		}
	}
	return "", false
}

// Writers receive the six files of an export.
type Writers struct {
	Referrals, Contacts, Assessments, Complaints, Conditions, Utilisation io.Writer
}

// Generate writes an export into dir (created if needed). Each file is written under a
// temporary name and renamed when complete, so an interrupted run leaves no file that
// looks finished.
func Generate(dir string, opts Options) (Summary, error) {
	if err := opts.check(); err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("creating the export folder %s: %w", dir, err)
	}
	var files [len(fileNames)]*os.File
	closeAll := func() {
		for _, f := range files {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}
	for i, n := range fileNames {
		f, err := os.Create(filepath.Join(dir, n+".tmp"))
		if err != nil {
			closeAll()
			return Summary{}, fmt.Errorf("creating %s in %s: %w", n, dir, err)
		}
		files[i] = f
	}
	sum, err := Write(Writers{files[0], files[1], files[2], files[3], files[4], files[5]}, opts)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, Marker), []byte("Synthetic export made by iaptpub synth: invented people, not a service's data.\n"), 0o644)
	}
	if err != nil {
		closeAll()
		return sum, err
	}
	// Close every file before renaming any, so that a failure leaves no finished file.
	for i, f := range files {
		if err := f.Close(); err != nil {
			files[i] = nil
			os.Remove(f.Name())
			closeAll()
			return sum, fmt.Errorf("finishing %s in %s: %w", fileNames[i], dir, err)
		}
	}
	for i, f := range files {
		if err := os.Rename(f.Name(), filepath.Join(dir, fileNames[i])); err != nil {
			for _, f := range files[i:] {
				os.Remove(f.Name())
			}
			return sum, fmt.Errorf("finishing %s in %s: %w", fileNames[i], dir, err)
		}
	}
	return sum, nil
}

// Write generates an export into w.
func Write(w Writers, opts Options) (Summary, error) {
	if err := opts.check(); err != nil {
		return Summary{}, err
	}
	if w.Referrals == nil || w.Contacts == nil || w.Assessments == nil || w.Complaints == nil || w.Conditions == nil || w.Utilisation == nil {
		return Summary{}, errNoWriter
	}
	g := newGenerator(w, opts)
	for g.sum.Referrals < opts.Referrals {
		g.person()
		if g.err() != nil {
			break
		}
		if opts.Done != nil && stopped(opts.Done) {
			return g.summary(), ErrStopped
		}
		if opts.Progress != nil && g.sum.Referrals >= g.nextProgress {
			opts.Progress(g.sum.Referrals)
			g.reported = g.sum.Referrals
			g.nextProgress += ProgressEvery
		}
	}
	for _, t := range g.tables {
		t.flush()
	}
	if err := g.err(); err != nil {
		return g.summary(), err
	}
	if opts.Progress != nil && g.sum.Referrals != g.reported {
		opts.Progress(g.sum.Referrals)
	}
	return g.summary(), nil
}

// stopped reports whether done is closed.
func stopped(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

func (o *Options) check() error {
	if o.Referrals < 1 || o.Referrals > MaxReferrals {
		return fmt.Errorf("the number of referrals must be 1 to %d (got %d)", MaxReferrals, o.Referrals)
	}
	if o.Years < 0 || o.Years > 20 {
		return fmt.Errorf("the period must be 1 to 20 years (got %d)", o.Years)
	}
	return nil
}

// generator holds the state of one run. Per-referral buffers are reused, so memory stays
// the same however many referrals are written.
type generator struct {
	r          *rand.Rand
	opts       Options
	start, end export.Date
	days       []export.Date // every day of the period, for drawing referral dates
	dayCum     []float64     // cumulative weight of days
	tables     [len(fileNames)]*table
	sum        Summary

	nextPerson, nextReferral, nextContact, nextComparison int
	nextProgress, reported                                int // referrals at the next and the last progress call

	contacts []contact // the current referral's appointments
}

// Table indexes, in the order of fileNames.
const (
	tReferrals = iota
	tContacts
	tAssessments
	tComplaints
	tConditions
	tUtilisation
)

// pcgStream is the second half of the PCG seed: any fixed value works, as long as it
// never changes (changing it changes every export).
const pcgStream = 0x1a9f_7b3c_5d2e_8410

func newGenerator(w Writers, opts Options) *generator {
	if opts.Start.IsZero() {
		opts.Start = export.DateOf(2023, time.April, 1)
	}
	if opts.Years == 0 {
		opts.Years = 2
	}
	y, m, d := opts.Start.Parts()
	end := export.DateOf(y+opts.Years, m, d) - 1
	g := &generator{
		r:            rand.New(rand.NewPCG(opts.Seed, pcgStream)),
		opts:         opts,
		start:        opts.Start,
		end:          end,
		nextProgress: ProgressEvery,
		contacts:     make([]contact, 0, 64),
	}
	g.sum.Start, g.sum.End = g.start, g.end
	// Scores can be dated up to a month before a referral; nothing is dated after the end.
	dates := newDateCache(g.start-40, g.end)
	for i, w := range []io.Writer{w.Referrals, w.Contacts, w.Assessments, w.Complaints, w.Conditions, w.Utilisation} {
		g.tables[i] = newTable(w, headers[i], dates)
	}
	g.referralDays()
	return g
}

// referralDays weights every day of the period for drawing referral dates.
func (g *generator) referralDays() {
	n := int(g.end - g.start + 1)
	g.days = make([]export.Date, n)
	g.dayCum = make([]float64, n)
	total := 0.0
	for i := range n {
		d := g.start + export.Date(i)
		_, m, _ := d.Parts()
		growth := 1 + 0.1*float64(i)/float64(n)
		total += growth * monthFactor[m-1] * weekdayFactor[weekday(d)]
		g.days[i] = d
		g.dayCum[i] = total
	}
}

// drawDay draws a referral date.
func (g *generator) drawDay() export.Date {
	x := g.r.Float64() * g.dayCum[len(g.dayCum)-1]
	lo, hi := 0, len(g.dayCum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if g.dayCum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return g.days[lo]
}

func (g *generator) err() error {
	for i, t := range g.tables {
		if t.err != nil {
			return fmt.Errorf("writing %s: %w", fileNames[i], t.err)
		}
	}
	return nil
}

func (g *generator) summary() Summary {
	s := g.sum
	s.Contacts = g.tables[tContacts].rows
	s.Assessments = g.tables[tAssessments].rows
	s.Complaints = g.tables[tComplaints].rows
	s.Conditions = g.tables[tConditions].rows
	s.UtilisationRows = g.tables[tUtilisation].rows
	for _, t := range g.tables {
		s.Bytes += t.bytes
	}
	return s
}

// weekday returns 0 for Sunday to 6 for Saturday. Date 1 is Thursday 1 January 1970.
func weekday(d export.Date) int { return int((d + 3) % 7) }

// workday moves a weekend date to the Monday after.
func workday(d export.Date) export.Date {
	switch weekday(d) {
	case 6:
		return d + 2
	case 0:
		return d + 1
	}
	return d
}

// errNoWriter is returned by Write when one of the writers is missing.
var errNoWriter = errors.New("synth: every file needs a writer")
