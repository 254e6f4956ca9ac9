package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/reference"
)

func newValidateCmd() *cobra.Command {
	var (
		input, format, site, configPath, mappingPath string
		strict                                       bool
		maxLeftOut                                   share
	)
	cmd := &cobra.Command{
		Use:   "validate --input DIR [--config FILE] [--format text|json] [--strict] [--max-left-out 1%] [--site DIR]",
		Short: "Check an export against the data contract and report its data quality",
		Long: `Validate reads every file of a service's export (the folder of CSV files of the
data contract) and writes a data-quality report to standard output: for each file, the
rows read, accepted and left out; every kind of problem with how often it occurs and
where it first does (file:line: column Name: what is wrong ("value")); warnings (unknown
columns, contacts and scores dated outside their referral); and how complete the fields
the measures rely on are (ethnicity stated, long-term-condition status, paired PHQ-9).

The report quotes identifiers from the export: it is for the service's own analysts and
must never be published.

The exit status is 0 when every row was accepted, 1 when rows were left out or a file
could not be read, and 2 when the command line is wrong; when more of a file was left
out than --max-left-out allows (1% of its lines by default), the message says so, as
build would refuse to publish it. --strict stops at the first row the data contract
does not allow. With --config, only the rows of the service's own providers
(service.ods_codes) are checked, the others counted and set aside, and a date after
site.published is a row error, as in build. Instrument codes and ranges come from the
reference data in data/ (built in, or the service's own copy with --site).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("validate takes no arguments (got %q): give the export folder with --input", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if input == "" {
				return usageError("validate needs --input DIR, the folder holding referrals.csv and the other files of the export")
			}
			if format != "text" && format != "json" {
				return usageError("--format must be text or json (got %q)", format)
			}
			ref, err := reference.Load(siteSources(site))
			if err != nil {
				return fmt.Errorf("reading the reference data: %w", err)
			}
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			opts, err := exportOptions(cmd, strict, cfg, mappingPath)
			if err != nil {
				return err
			}
			rep, readErr := export.Check(input, ref.Instruments, ref.Depression, opts)
			if rep == nil {
				return readErr
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				err = enc.Encode(rep)
			} else {
				err = rep.WriteText(out)
			}
			if err != nil {
				return fmt.Errorf("writing the report: %w", err)
			}
			if readErr != nil {
				return fmt.Errorf("the export could not be checked to the end: %w", readErr)
			}
			if err := rep.TooMuchLeftOut(float64(maxLeftOut)); err != nil {
				return err
			}
			switch n := rep.LeftOut(); {
			case n > 0:
				return fmt.Errorf("%d rows were left out; the report above says which and why", n)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&input, "input", "", "the export folder (referrals.csv, care_contacts.csv, …)")
	f.StringVar(&format, "format", "text", "the report's format: text (to read) or json (for scripts)")
	f.BoolVar(&strict, "strict", false, "stop at the first row the data contract does not allow")
	f.StringVar(&site, "site", "", "a site folder whose data/ replaces the built-in reference data")
	configFlag(cmd, &configPath)
	mappingFlag(cmd, &mappingPath)
	maxLeftOutFlag(cmd, &maxLeftOut)
	return cmd
}
