package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

func newWorkforceCmd() *cobra.Command {
	var files []string
	var siteDir string
	cmd := &cobra.Command{
		Use:   "workforce [--scenario FILE]...",
		Short: "Work out how many low- and high-intensity practitioners local need calls for",
		Long: `Workforce runs the workforce capacity model on one or more scenario files (TOML)
and prints, for each scenario and role, the episodes of care, contacts, whole-time
equivalents (WTE) required, current WTE, the gap, and the cost of the WTE required.

With no --scenario it runs the scenarios shipped in data/workforce: the outline
business case defaults, the lower-contact alternative and a diabetes pathway. Copy
one of them to model your own area.

Episodes and contacts are rounded to whole numbers, WTE to two decimals and cost to
whole pounds a year. COST is empty for a role whose salary is not entered (0).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("workforce takes no arguments (got %q): give each scenario file with --scenario", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			scenarios, err := loadScenarios(files, siteDir)
			if err != nil {
				return err
			}
			results := make([]workforce.Result, len(scenarios))
			for i, s := range scenarios {
				results[i] = workforce.Compute(s)
			}
			return workforce.WriteCSV(cmd.OutOrStdout(), results)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&files, "scenario", nil, "a scenario file (TOML); repeat for several (default: the shipped scenarios)")
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
		data, err := os.ReadFile(name)
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
