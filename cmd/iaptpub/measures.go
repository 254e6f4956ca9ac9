package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
)

func newMeasuresCmd() *cobra.Command {
	var (
		input, period, out, site, configPath, mappingPath string
		unsuppressed, strict                              bool
	)
	cmd := &cobra.Command{
		Use:   "measures --input DIR [--config FILE] [--period year|quarter|month|all] [--unsuppressed] [--out FILE] [--strict] [--site DIR]",
		Short: "Compute the national outcome measures of an export and write them as one CSV",
		Long: `Measures reads a service's export (the folder of CSV files of the data contract),
computes the NHS Talking Therapies outcome measures for every financial year, quarter
and month, for each provider and all providers together, under every breakdown, and
writes them in long format (REPORTING_PERIOD_START, …, MEASURE_VALUE) to standard
output or to --out.

Values are disclosure-controlled, as published: counts below 5 are "*", other counts
are rounded to the nearest 5, percentages are whole numbers and means one decimal.
--unsuppressed writes the exact values instead, for the service's own analysts only:
never publish that file.

Rows the data contract does not allow are left out, counted and reported on standard
error; --strict makes any such row fail the run. With --config, only the rows of the
service's own providers (service.ods_codes) are counted, and a date after
site.published is a row error, as in build. Thresholds, codes and labels come from
the reference data in data/ (built in, or the service's own copy with --site).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("measures takes no arguments (got %q): give the export folder with --input", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if input == "" {
				return usageError("measures needs --input DIR, the folder holding referrals.csv and the other files of the export")
			}
			if out != "" {
				if err := checkMeasuresOut(out); err != nil {
					return usageError("%w", err)
				}
			}
			kinds, err := measure.ParsePeriodKinds(period)
			if err != nil {
				return usageError("--period: %v", err)
			}
			stderr := cmd.ErrOrStderr()
			fsys := siteSources(site)
			ref, rules, err := pipeline.LoadReference(fsys)
			if err != nil {
				return err
			}
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			opts, err := exportOptions(cmd, strict, cfg, mappingPath)
			if err != nil {
				return err
			}
			limitMemory(measuresMemory)
			defer profile(stderr)()
			e, err := pipeline.Open(input, ref, opts)
			if err != nil {
				return err
			}
			d, err := e.Derive(0)
			if err != nil {
				return err
			}
			res, err := d.Measures(measure.Options{Periods: kinds, Progress: opts.Progress})
			if err != nil {
				return err
			}
			reportLeftOut(stderr, e.Report(), res)
			if unsuppressed {
				fmt.Fprintln(stderr, "iaptpub: WARNING: these are unsuppressed figures for the service's own analysts; they must not be published")
			}
			write := func(w io.Writer) error { return measure.WriteCSV(w, res, !unsuppressed, rules) }
			if out == "" {
				return write(cmd.OutOrStdout())
			}
			return writeFileAtomically(out, write)
		},
	}
	f := cmd.Flags()
	f.StringVar(&input, "input", "", "the export folder (referrals.csv, care_contacts.csv, …)")
	f.StringVar(&period, "period", "all", "the periods to compute: year, quarter, month or all")
	f.BoolVar(&unsuppressed, "unsuppressed", false, "write exact values, without disclosure control (never publish them)")
	f.StringVar(&out, "out", "", "write the CSV to this file instead of standard output")
	f.BoolVar(&strict, "strict", false, "fail on the first row the data contract does not allow, instead of leaving it out")
	f.StringVar(&site, "site", "", "a site folder whose data/ replaces the built-in reference data")
	configFlag(cmd, &configPath)
	mappingFlag(cmd, &mappingPath)
	return cmd
}

// reportLeftOut tells the analyst, on standard error, what was read but not counted.
func reportLeftOut(w io.Writer, rep *export.Report, res *measure.Result) {
	if s := rep.SetAsideText(); s != "" {
		fmt.Fprintf(w, "iaptpub: %s\n", s)
	}
	for _, f := range rep.Files {
		if f.Failed != "" {
			fmt.Fprintf(w, "iaptpub: %s could not be read to the end: %s\n", f.File, f.Failed)
		}
		if f.LeftOut == 0 {
			continue
		}
		fmt.Fprintf(w, "iaptpub: %s: %d of %d rows left out\n", f.File, f.LeftOut, f.Read)
		for _, p := range f.Errors {
			what := p.Kind
			if p.Column != "" {
				what = "column " + p.Column + ": " + p.Kind
			}
			example := ""
			if len(p.Examples) > 0 {
				example = "; first: " + p.Examples[0]
			}
			fmt.Fprintf(w, "  %d × %s%s\n", p.Count, what, example)
		}
	}
	if res == nil {
		return
	}
	if q := res.Warnings(); q.ContactsOutsideWindow > 0 || q.ScoresOutsideWindow > 0 {
		fmt.Fprintf(w, "iaptpub: not counted, dated outside their referral (before it was received or after discharge): %d contacts, %d scores\n",
			q.ContactsOutsideWindow, q.ScoresOutsideWindow)
	}
}

// writeFileAtomically writes path through a temporary file in the same folder, so a
// failed run never leaves half a file where the last good one was. The file gets the
// usual mode of a new file (0644 less the umask), not the temporary file's 0600.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := createBeside(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// createBeside creates a new hidden file with a random name in path's folder. Unlike
// os.CreateTemp (always 0600), it asks for 0644, which the umask then trims.
func createBeside(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}
