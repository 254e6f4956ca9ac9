package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/iaptpub/iaptpub/progress"
)

// The files of an export folder.
const (
	ReferralsFile   = "referrals.csv"
	ContactsFile    = "care_contacts.csv"
	AssessmentsFile = "assessments.csv"
	ComplaintsFile  = "presenting_complaints.csv"
	ConditionsFile  = "long_term_conditions.csv"
	UtilisationFile = "utilisation.csv"
)

// requiredFiles are the tables every export has, in the order they are read.
var requiredFiles = []string{ReferralsFile, ContactsFile, AssessmentsFile, ComplaintsFile, ConditionsFile}

// fileOrder is the order of files in a report.
var fileOrder = append(slices.Clone(requiredFiles), UtilisationFile)

// Instruments is how the reader checks scores; the reference data implements it.
type Instruments interface {
	// Lookup maps CodedAssToolType (SNOMED CT code or short name, trimmed) to the
	// instrument's scale; ok=false for an unknown instrument.
	Lookup(tool string) (s Scale, ok bool)
}

// Scale is what the reader checks a score against.
type Scale struct {
	Name     string // the instrument's short name
	Min, Max float64
	Decimals bool // totals may have decimals (mean item scores); otherwise whole numbers only
}

// Options change how an export is read. The zero value reads quietly and leaves bad
// rows out.
type Options struct {
	// Progress shows each file's reading as a stage (rows, rate, time left); nil is
	// quiet.
	Progress *progress.Meter
	// Strict makes the first row error end the read, with that error.
	Strict bool
	// Published is the day the figures are published (the configuration's
	// site.published); zero when not known. A date after it, in any column, is a row
	// error: it has not happened yet, and would add a period to every trend.
	Published Date
	// Providers are the ODS codes of the providers whose rows are read (the
	// configuration's service.ods_codes); empty means every provider. Rows of other
	// providers, in every file, are set aside and counted, not reported as errors.
	Providers []string
	// Mapping reads an export that uses its own file names, headers and code labels as
	// if it used the contract's (see ParseMapping); nil reads the contract's.
	Mapping *Mapping
}

// Reader reads one export folder. Referrals must be read first: they build the index
// through which every other table finds its referral. The other tables may then be read
// in any order, each as often as needed but the conditions, which are read once (the
// index of persons is let go after them). A Reader is not safe for concurrent use.
//
// Each table method streams its file, handing every accepted row to fn. The strings in a
// record share memory with their row, so a caller keeping one for long should
// strings.Clone it. A row that fails a check is counted, reported (see Report) and left
// out, unless Options.Strict is set. A non-nil error from fn stops the read and is
// returned, prefixed with the file and line. Reading also stops at an error that makes
// the rest of the file unreadable (not UTF-8, a row over MaxRowBytes, an I/O error);
// the rows before it have been handed on by then.
type Reader struct {
	fsys        fs.FS
	folder      string
	instruments Instruments
	opts        Options
	hasUse      bool

	ix    *index
	provs *providers // nil: every provider is read
	stats map[string]*fileStats
	notes []string
}

// Open prepares to read the export in dir. It fails when dir is not a folder or one of
// the five required tables is missing; utilisation.csv is optional and its absence is
// noted in the report.
func Open(dir string, instruments Instruments, opts Options) (*Reader, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("opening the export: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("opening the export: %s is not a folder; --input names the folder holding %s and the other files", dir, ReferralsFile)
	}
	return openFS(os.DirFS(dir), dir, instruments, opts)
}

// openFS opens an export held in any file system; the tests use it with in-memory ones.
func openFS(fsys fs.FS, folder string, instruments Instruments, opts Options) (*Reader, error) {
	r := &Reader{fsys: fsys, folder: folder, instruments: instruments, opts: opts,
		provs: newProviders(opts.Providers), stats: make(map[string]*fileStats)}
	for _, contract := range fileOrder {
		name := opts.Mapping.File(contract)
		fi, err := fs.Stat(fsys, name)
		switch {
		case err == nil && !fi.Mode().IsRegular():
			return nil, notRegular(folder, name, fi.Mode())
		case err == nil:
			if contract == UtilisationFile {
				r.hasUse = true
			}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("opening the export: %s in %s: %w", name, folder, err)
		case contract == UtilisationFile:
			r.notes = append(r.notes, name+" is not in the export, so there is no healthcare-use data for the cost-saving evaluation")
		case name != contract:
			return nil, fmt.Errorf("opening the export: %s is missing from %s%s; the mapping %s names it as the export's %s",
				name, folder, nearName(fsys, name), opts.Mapping.Name(), contract)
		default:
			return nil, fmt.Errorf("opening the export: %s is missing from %s%s; every export needs %s",
				name, folder, nearName(fsys, name), strings.Join(requiredFiles, ", "))
		}
	}
	return r, nil
}

// notRegular refuses an export file that is not a regular file. Reading a named pipe
// would wait for a writer that may never come, a device could be endless, and a
// folder has no rows: none of them is an export someone saved.
func notRegular(folder, name string, mode fs.FileMode) error {
	return fmt.Errorf("opening the export: %s in %s is %s, not a file; save the table as an ordinary CSV file there (it is not read)",
		name, folder, FileKind(mode))
}

// FileKind names what a file that is not a regular file is, for messages: "a folder",
// "a named pipe (FIFO)", "a device", "a socket".
func FileKind(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return "a regular file"
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// nearName points at a file whose name differs only in capitals ("Referrals.csv"), the
// usual reason a file that is there is not found.
func nearName(fsys fs.FS, name string) string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if strings.EqualFold(e.Name(), name) {
			return fmt.Sprintf(" (there is a %s: file names are matched exactly, so rename it to %s)", e.Name(), name)
		}
	}
	return ""
}

// NumReferrals is the number of referrals accepted so far.
func (r *Reader) NumReferrals() int {
	if r.ix == nil {
		return 0
	}
	return r.ix.len()
}

// FileName is the export's name for a file of the contract (ReferralsFile, …): the
// one the mapping gives, or the contract's own. Reports name files by it.
func (r *Reader) FileName(contractFile string) string { return r.opts.Mapping.File(contractFile) }

// HasUtilisation reports whether the export has the optional utilisation.csv.
func (r *Reader) HasUtilisation() bool { return r.hasUse }

// Report returns everything counted so far, as a copy.
func (r *Reader) Report() *Report {
	rep := &Report{Folder: r.folder, Files: []FileReport{}, Notes: slices.Clone(r.notes), SetAside: r.provs.counts()}
	if rep.Notes == nil {
		rep.Notes = []string{}
	}
	for _, name := range fileOrder {
		if s, ok := r.stats[name]; ok {
			rep.Files = append(rep.Files, s.snapshot())
		}
	}
	return rep
}

// errNoReferrals is returned by the other tables' methods when Referrals has not been
// read: without the index no row could find its referral.
var errNoReferrals = errors.New("export: read the referrals before the other tables (Reader.Referrals first)")

// errConditionsRead is returned by a second Conditions: the persons it finds rows by
// were let go after the first.
var errConditionsRead = errors.New("export: the conditions have been read already (Reader.Conditions reads them once)")
