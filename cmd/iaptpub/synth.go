package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

func newSynthCmd() *cobra.Command {
	var (
		referrals int
		seed      uint64
		out       string
		start     string
		years     int
	)
	cmd := &cobra.Command{
		Use:         "synth --out DIR [--referrals N] [--seed S] [--start YYYY-MM-DD] [--years Y]",
		Annotations: map[string]string{stopsCleanly: "yes"},
		Short:       "Write a synthetic export (all six CSV files) for demos, tests and benchmarks",
		Long: `Synth writes a folder of the six CSV files of the data contract, filled with
invented people and care whose outcomes follow England's published 2024-25 figures
(finished courses, caseness, recovery, reliable improvement and deterioration, waits),
across three fictional providers and every long-term-condition pathway.

The same --seed and options always give the same bytes. Referrals are received from
--start for --years years; what would happen after the end of the period has not
happened yet, so some referrals are still open. About 20,000 referrals make a good demo;
2,000,000 make a national-scale benchmark (about 1.5 GB). At most 10,000,000 (about
7.5 GB), so that a mistyped number cannot fill the disk.

--out must be a new or empty folder, or one synth wrote before (it holds a
.iaptpub-synth file): synth never writes over a service's own export.

None of it is real: never mix it with a service's own export.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("synth takes no arguments (got %q): give the folder with --out", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError("synth needs --out DIR, the folder to write the export into")
			}
			if referrals < 1 || referrals > synth.MaxReferrals {
				return usageError("--referrals must be 1 to %d (got %d)", synth.MaxReferrals, referrals)
			}
			if years < 1 || years > 20 {
				return usageError("--years must be 1 to 20 (got %d)", years)
			}
			first, err := time.Parse("2006-01-02", start)
			if err != nil {
				return usageError("--start %q is not a date: write it as YYYY-MM-DD, e.g. 2023-04-01", start)
			}
			if err := checkSynthOut(out); err != nil {
				return usageError("%w", err)
			}
			opts := synth.Options{
				Done:      cmd.Context().Done(),
				Referrals: referrals,
				Seed:      seed,
				Start:     export.DateOf(first.Year(), first.Month(), first.Day()),
				Years:     years,
			}
			began := time.Now()
			if isTerminal(os.Stderr) {
				opts.Progress = func(n int) {
					rate := float64(n) / time.Since(began).Seconds()
					fmt.Fprintf(os.Stderr, "\rsynth: %d of %d referrals (%.0f a second)   ", n, referrals, rate)
				}
			}
			sum, err := synth.Generate(out, opts)
			if opts.Progress != nil {
				fmt.Fprintln(os.Stderr)
			}
			if err != nil {
				return fmt.Errorf("writing the synthetic export to %s: %w", out, err)
			}
			printSynthSummary(cmd.OutOrStdout(), out, sum, time.Since(began))
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&referrals, "referrals", 20000, "number of referrals to generate (at most 10,000,000)")
	f.Uint64Var(&seed, "seed", 1, "random seed: the same seed gives the same files")
	f.StringVar(&out, "out", "", "folder to write the six CSV files into (created if needed)")
	f.StringVar(&start, "start", "2023-04-01", "first day referrals are received")
	f.IntVar(&years, "years", 2, "length of the period in years")
	return cmd
}

func printSynthSummary(w io.Writer, dir string, s synth.Summary, took time.Duration) {
	fmt.Fprintf(w, "synth: wrote %s (%s to %s, %.1f MB in %s)\n", dir, s.Start, s.End,
		float64(s.Bytes)/1e6, took.Round(time.Millisecond))
	fmt.Fprintf(w, "  %d referrals of %d people, %d appointments, %d scores, %d presenting complaints,\n",
		s.Referrals, s.People, s.Contacts, s.Assessments, s.Complaints)
	fmt.Fprintf(w, "  %d long-term-condition rows, %d utilisation rows\n", s.Conditions, s.UtilisationRows)
}
