package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

func newWorkforceCmd() *cobra.Command {
	var files []string
	var siteDir, input, priceYear, configPath, mappingPath string
	cmd := &cobra.Command{
		Use:   "workforce [--scenario FILE]... [--input DIR [--config FILE]] [--price-year YYYY/YY]",
		Short: "Work out how many low- and high-intensity practitioners local need calls for",
		Long: `Workforce runs the workforce capacity model on one or more scenario files (TOML)
and prints, for each scenario and role, the episodes of care, contacts, whole-time
equivalents (WTE) required, current WTE and where it comes from, the gap, and the cost
of the WTE required: salary and on-costs, and the full cost with overheads.

With no --scenario it runs the scenarios shipped in data/workforce: the outline
business case defaults, the lower-contact alternative and a diabetes pathway, with the
published prevalence (APMS 2023/4), working days and staff costs (PSSRU Unit Costs
2024, Table 8.2.1). Copy one of them to model your own area.

Current staff come from a scenario's current_wte when it is entered. Otherwise, with
--input, they are the staff that the export's contacts of the last year imply (the
care contacts' Intensity, LI or HI, says which role); without either they are not
known and CURRENT_FROM, WTE_CURRENT and WTE_GAP are empty.

Costs are at --price-year prices (default 2023/24), restated with the NHS Cost
Inflation Index. Episodes and contacts are rounded to whole numbers, WTE to two
decimals and costs to whole pounds a year. A cost is empty for a role whose salary
(or full cost) is not entered.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("workforce takes no arguments (got %q): give each scenario file with --scenario", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			fsys := siteSources(siteDir)
			scenarios, err := loadScenarios(files, siteDir)
			if err != nil {
				return err
			}
			index, err := prices.Load(fsys, prices.File)
			if err != nil {
				return err
			}
			var recs *workforce.Records
			if input != "" {
				ref, _, err := pipeline.LoadReference(fsys)
				if err != nil {
					return err
				}
				cfg, err := loadConfig(configPath)
				if err != nil {
					return err
				}
				opts, err := exportOptions(cmd, false, cfg, mappingPath)
				if err != nil {
					return err
				}
				e, err := pipeline.Open(input, ref, opts)
				if err != nil {
					return err
				}
				d, err := e.Derive(pipeline.WantWorkforce)
				if err != nil {
					return err
				}
				if recs, err = d.Workforce(); err != nil {
					return err
				}
				if !recs.All.HasIntensity {
					fmt.Fprintf(cmd.ErrOrStderr(), "iaptpub workforce: the care contacts of %s have no Intensity (LI or HI), so the staff they imply cannot be worked out: current staff are those the scenarios enter\n", input)
				}
			}
			results := make([]workforce.Result, len(scenarios))
			for i, s := range scenarios {
				if s, err = s.At(index, priceYear); err != nil {
					return err
				}
				d, err := recs.For(s)
				if err != nil {
					return err
				}
				results[i] = workforce.Compute(s, d)
			}
			return workforce.WriteCSV(cmd.OutOrStdout(), results)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&files, "scenario", nil, "a scenario file (TOML); repeat for several (default: the shipped scenarios)")
	f.StringVar(&input, "input", "", "an export folder: its contacts of the last year stand in for current staff a scenario does not enter")
	f.StringVar(&priceYear, "price-year", prices.DefaultYear, "the price year of the costs, e.g. 2021/22")
	configFlag(cmd, &configPath)
	mappingFlag(cmd, &mappingPath)
	f.StringVar(&siteDir, "site", "", "a folder with the service's own data/ (default: the one built in)")
	return cmd
}

// loadScenarios reads the named files, or the shipped scenarios when none are named.
func loadScenarios(files []string, siteDir string) ([]workforce.Scenario, error) {
	if len(files) == 0 {
		return workforce.LoadAll(siteSources(siteDir), "data/workforce")
	}
	scenarios := make([]workforce.Scenario, 0, len(files))
	for _, name := range files {
		data, err := readFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading workforce scenario: %w", err)
		}
		s, err := workforce.Parse(name, data)
		if err != nil {
			return nil, err
		}
		scenarios = append(scenarios, s)
	}
	return scenarios, workforce.CheckNames(scenarios)
}
