package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/progress"
	"github.com/iaptpub/iaptpub/publish"
)

// isTerminal reports whether f is a terminal: long work shows progress there and is
// quiet when its output goes to a file or another program.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// meter is where a command shows the progress of long work: standard error, redrawn
// in place on a terminal and a line per stage elsewhere; nil (quiet) with --quiet.
func meter(cmd *cobra.Command) *progress.Meter {
	if quiet, _ := cmd.Flags().GetBool("quiet"); quiet {
		return nil
	}
	w := cmd.ErrOrStderr()
	f, ok := w.(*os.File)
	return progress.New(w, ok && isTerminal(f))
}

// exportOptions are the export reader's options of a command: its progress (meter),
// --strict, the mapping of the export's own names and codes (--mapping, else the
// configuration's mapping key), and from the service's configuration, when the command
// has one, the providers whose rows are read (service.ods_codes) and the publication
// date after which no date can be (site.published).
func exportOptions(cmd *cobra.Command, strict bool, cfg *publish.Config, mappingPath string) (export.Options, error) {
	opts := export.Options{Strict: strict, Progress: meter(cmd)}
	var err error
	if opts.Mapping, err = exportMapping(mappingPath, cfg); err != nil {
		return opts, err
	}
	if cfg == nil {
		return opts, nil
	}
	opts.Providers = cfg.Service.ODSCodes
	if p := cfg.Site.Published; p != "" {
		day, err := time.Parse(time.DateOnly, p)
		if err != nil {
			return opts, fmt.Errorf("site.published: not a day of the calendar (%q)", p)
		}
		opts.Published = export.DateOf(day.Date())
	}
	return opts, nil
}

// exportMapping reads the mapping of the export's own names and codes onto the
// contract's: the file of --mapping, or else the configuration's mapping key; nil
// when there is neither.
func exportMapping(flag string, cfg *publish.Config) (*export.Mapping, error) {
	path := flag
	if path == "" && cfg != nil {
		path = cfg.Mapping
	}
	if path == "" {
		return nil, nil
	}
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the mapping: %w", err)
	}
	return export.ParseMapping(path, data)
}

// mappingFlag is the --mapping of the commands that read an export.
func mappingFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "mapping", "", "a mapping file (TOML) naming the export's own files, headers and code labels "+
		"for the data contract's (default: the configuration's mapping key); draft one with iaptpub init")
}

// loadConfig reads the configuration of a command's optional --config; nil without one.
func loadConfig(path string) (*publish.Config, error) {
	if path == "" {
		return nil, nil
	}
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	cfg, err := publish.ParseConfig(path, data)
	if err != nil {
		return nil, err
	}
	return &cfg, nil
}

// readFile reads a file named on the command line, refusing at once what is not a
// regular file: reading a named pipe would wait for ever for a writer, and a device
// may never end.
func readFile(path string) ([]byte, error) {
	if err := regularFile(path); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// regularFile refuses a path that is not a regular file before anything opens it: a
// named pipe would block the command for ever, a device or folder means a wrong path.
func regularFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a file; give the path of a file (it is not read)", path, export.FileKind(fi.Mode()))
	}
	return nil
}

// configFlag is the --config of the commands that read an export but build no site.
func configFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "config", "", "the service's configuration (TOML): read only the rows of its providers "+
		"(service.ods_codes), and refuse dates after its publication date (site.published)")
}

// share is a flag holding a percentage, written "1%" or "1", kept as a share (0.01).
type share float64

func (s *share) String() string { return export.Percent(float64(*s)) }
func (s *share) Type() string   { return "percent" }

func (s *share) Set(v string) error {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), "%"), 64)
	if err != nil || f < 0 || f > 100 {
		return fmt.Errorf("not a percentage from 0%% to 100%% (%q)", v)
	}
	*s = share(f / 100)
	return nil
}

// maxLeftOutFlag is --max-left-out, the gate of Report.TooMuchLeftOut.
func maxLeftOutFlag(cmd *cobra.Command, s *share) {
	*s = export.DefaultMaxLeftOut
	cmd.Flags().Var(s, "max-left-out", "the share of a file's lines that may be left out (rows that break the data contract) before the run fails")
}

// limitMemory sets a soft memory limit of limit bytes unless GOMEMLIMIT sets one. Left
// alone, the garbage collector lets the heap grow to twice what is live; the limit
// keeps the peak near it for a little more collection work. Beyond the limit the
// collector works harder (at most half the processor), it never fails the run.
func limitMemory(limit int64) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}

// Soft memory limits. `measures` keeps at most about 500 MB live on a national export
// (2 million referrals of make bench, at the end of the scores: each referral's derived
// state, the index of referrals and the duplicate check of the scores, none of it
// scanned by the collector), so 540 MiB costs no measurable collection work there
// (12.0–12.5 s of CPU at 540 and 560 MiB, 13.0 s at 520 MiB, where it starts to), and
// keeps its peak (with the binary's own pages, about 45 MB) under half of DuckDB's on
// the same files. A build also holds Hugo's site and the evaluations: 1 GiB.
const (
	measuresMemory = 540 << 20
	buildMemory    = 1 << 30
)
