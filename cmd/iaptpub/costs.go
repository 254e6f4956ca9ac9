package main

import (
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/stats"
)

func newCostsCmd() *cobra.Command {
	var (
		input, unitCostsFile, serviceCostsFile, table, site, priceYear, configPath, mappingPath string
		unsuppressed, strict                                                                    bool
		seed                                                                                    uint64
		resamples                                                                               int
	)
	cmd := &cobra.Command{
		Use:   "costs --input DIR [--config FILE] [--unit-costs FILE] [--service-costs FILE] [--price-year YYYY/YY] [--table changes|savings|unit-costs] [--unsuppressed] [--seed N]",
		Short: "Evaluate the change in healthcare costs before and after treatment",
		Long: `Costs reads an export with utilisation.csv (healthcare use of each person in a
window before treatment and one of the same length after), costs it with the
unit-cost table, and prints CSV.

--table changes (the default): for all people and each pathway, by item of care
(All = the total), the mean cost per person before and after, in pounds over the
window, and the mean change with its 95% bootstrap interval; for the treated group,
the comparison group if there is one, their difference (difference in differences),
and those who recovered and did not.

--table savings: the saving a year (−mean change × people, × 12 ÷ window months), the
cost of the service, the net saving and the return on investment (net saving per
pound spent), each with its interval; before and after, and net of the comparison
group when there is one.

--table unit-costs: the unit-cost table used, each cost at the price year beside the
figure its source gives, with the source, its reliability and the inflation factor.

Every pound is at one price year, 2023/24 unless --price-year says otherwise: unit
costs and the cost of the service are restated with the NHS Cost Inflation Index
(data/nhs-cost-inflation-index.toml, from PSSRU Unit Costs 2024 Table 12.1.1).

The shipped unit costs are national averages from PSSRU Unit Costs 2024 and the
National Cost Collection 2023/24; a service may replace them with its own
(--unit-costs). Items with no published cost (a GP telephone consultation, a
practice-nurse consultation, an excess bed day) have none: their rows are left out
until the service enters a cost. The shipped cost of the service (--service-costs) is
not entered, so net saving and return on investment stay empty until it is.

Figures are disclosure-controlled by default: a group of fewer than 5 people shows
"*". --unsuppressed shows everything, for the service's own analysts only. Intervals
come from resampling people (at least 2,000 times) with a fixed --seed, so the same
input gives the same output. With --config, only the service's own providers' rows
(service.ods_codes) are read, and a date after site.published is a row error.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("costs takes no arguments (got %q): give the export folder with --input", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if input == "" {
				return usageError("costs needs --input DIR, the folder holding referrals.csv, utilisation.csv and the other files of the export")
			}
			switch table {
			case "changes", "savings", "unit-costs":
			default:
				return usageError("--table %q: choose changes, savings or unit-costs", table)
			}
			if resamples < costs.MinResamples {
				return usageError("--resamples %d: use at least %d", resamples, costs.MinResamples)
			}
			fsys := siteSources(site)
			unit, err := loadWith(fsys, costs.UnitCostsFile, unitCostsFile, costs.ParseUnitCosts)
			if err != nil {
				return err
			}
			service, err := loadWith(fsys, costs.ServiceCostsFile, serviceCostsFile, costs.ParseServiceCosts)
			if err != nil {
				return err
			}
			index, err := prices.Load(fsys, prices.File)
			if err != nil {
				return err
			}
			if unit, service, err = costs.Restate(unit, service, index, priceYear); err != nil {
				return err
			}
			if table == "unit-costs" {
				return costs.WriteUnitCosts(cmd.OutOrStdout(), unit, index.Name)
			}
			aliases, err := costs.LoadAliases(fsys, costs.AliasesFile)
			if err != nil {
				return err
			}
			ref, rules, err := pipeline.LoadReference(fsys)
			if err != nil {
				return err
			}
			stderr := cmd.ErrOrStderr()
			cfg, err := loadConfig(configPath)
			if err != nil {
				return err
			}
			opts, err := exportOptions(cmd, strict, cfg, mappingPath)
			if err != nil {
				return err
			}
			e, err := pipeline.Open(input, ref, opts)
			if err != nil {
				return err
			}
			if !e.HasUtilisation() {
				return fmt.Errorf("%s has no %s: the cost evaluation needs each person's healthcare use before and after treatment (see the data contract)", input, e.FileName(export.UtilisationFile))
			}
			d, err := e.Derive(pipeline.WantCosts)
			if err != nil {
				return err
			}
			col, err := d.Costs(unit, aliases)
			if err != nil {
				return err
			}
			reportUtilisation(stderr, e.Report(), e.FileName(export.UtilisationFile), col)
			if strict && col.ErrorCount > 0 {
				return col.Errors[0]
			}
			rep, err := costs.Evaluate(col.Persons, unit, service, costs.Options{
				Bootstrap: stats.Bootstrap{Resamples: resamples, Seed: seed},
				Pathways:  costs.PathwaysOf(ref), Core: ref.Breakdowns.Pathway.None,
				PriceYear: priceYear, PriceIndex: index.Name,
			})
			if err != nil {
				return err
			}
			explainCosts(stderr, rep, unsuppressed)
			out := costs.Output{Rules: rules, Unsuppressed: unsuppressed}
			if table == "savings" {
				return costs.WriteSavings(cmd.OutOrStdout(), rep, out)
			}
			return costs.WriteChanges(cmd.OutOrStdout(), rep, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&input, "input", "", "the export folder, with utilisation.csv")
	f.StringVar(&unitCostsFile, "unit-costs", "", "the unit-cost table (CSV: Item,Description,UnitCost,PriceYear,Source; default: the shipped national figures)")
	f.StringVar(&serviceCostsFile, "service-costs", "", "the cost of the service (TOML; default: the shipped file, with nothing entered)")
	f.StringVar(&table, "table", "changes", "what to print: changes, savings or unit-costs")
	f.StringVar(&priceYear, "price-year", prices.DefaultYear, "the price year of every pound in the report, e.g. 2021/22")
	f.BoolVar(&unsuppressed, "unsuppressed", false, "show groups of any size, without disclosure control (never publish this)")
	f.Uint64Var(&seed, "seed", 1, "seed of the bootstrap resampling")
	f.IntVar(&resamples, "resamples", costs.MinResamples, "bootstrap resamples (at least 2000)")
	f.BoolVar(&strict, "strict", false, "fail on the first row the data contract or the evaluation does not allow, instead of leaving it out")
	f.StringVar(&site, "site", "", "a site folder whose data/ replaces the built-in reference data")
	configFlag(cmd, &configPath)
	mappingFlag(cmd, &mappingPath)
	return cmd
}

// loadWith reads the file named on the command line, or else the shipped one from the
// site sources.
func loadWith[T any](fsys fs.FS, shipped, named string, parse func(string, []byte) (T, error)) (T, error) {
	name, data, err := shipped, []byte(nil), error(nil)
	if named == "" {
		data, err = fs.ReadFile(fsys, shipped)
	} else {
		name = named
		data, err = readFile(named)
	}
	if err != nil {
		var zero T
		return zero, fmt.Errorf("reading %s: %w", name, err)
	}
	return parse(name, data)
}

// reportUtilisation tells the analyst, on standard error, which rows and people of the
// healthcare-use data were left out.
func reportUtilisation(w io.Writer, rep *export.Report, useFile string, col costs.Collected) {
	if s := rep.SetAsideText(); s != "" {
		fmt.Fprintf(w, "iaptpub costs: %s\n", s)
	}
	for _, f := range rep.Files {
		if f.File == useFile && f.LeftOut > 0 {
			fmt.Fprintf(w, "iaptpub costs: %s: %d of %d rows left out by the data contract's checks\n", f.File, f.LeftOut, f.Read)
			for _, p := range f.Errors {
				if len(p.Examples) > 0 {
					fmt.Fprintf(w, "  %d × %s; first: %s\n", p.Count, p.Kind, p.Examples[0])
				}
			}
		}
	}
	if col.ErrorCount > 0 {
		fmt.Fprintf(w, "iaptpub costs: %s: %d rows left out by the cost evaluation's checks\n", useFile, col.ErrorCount)
		for _, e := range col.Errors[:min(len(col.Errors), 10)] {
			fmt.Fprintf(w, "  %s\n", e.Message)
		}
	}
	for _, u := range col.Renamed {
		fmt.Fprintf(w, "iaptpub costs: %s: %d rows of the old item %s read as %s\n", useFile, u.Rows, u.Item, u.NewItem)
	}
	if len(col.Uncosted) > 0 {
		var items []string
		for _, u := range col.Uncosted {
			items = append(items, fmt.Sprintf("%s (%d rows)", u.Item, u.Rows))
		}
		fmt.Fprintf(w, "iaptpub costs: %s: not costed, because the unit-cost table has no published cost for them: %s. Enter a local cost for each in a copy of %s (with its price year and source) and give it with --unit-costs\n",
			useFile, strings.Join(items, ", "), costs.UnitCostsFile)
	}
	if col.OneWindow > 0 || col.UnequalWindows > 0 {
		fmt.Fprintf(w, "iaptpub costs: people left out: %d with only one window, %d with windows of unequal length\n", col.OneWindow, col.UnequalWindows)
	}
}

// explainCosts says on standard error what a reader of the figures must know.
func explainCosts(w io.Writer, rep costs.Report, unsuppressed bool) {
	fmt.Fprintf(w, "iaptpub costs: every pound is at %s prices, restated where needed with the %s\n", rep.PriceYear, rep.PriceIndex)
	if !rep.HasComparison {
		fmt.Fprintln(w, "iaptpub costs: there is no comparison group: a before-and-after comparison cannot separate the effect of treatment from regression to the mean (people are often referred when their use of services is at a peak)")
	}
	if !rep.Service.Entered() {
		fmt.Fprintln(w, "iaptpub costs: the cost of the service is not entered, so net saving and return on investment are left empty (enter it in a copy of data/service-costs.toml and give that with --service-costs)")
	}
	if n := rep.Pathways[0].UncostedAppointments; n > 0 {
		fmt.Fprintf(w, "iaptpub costs: %d treatment appointments have no Intensity (LI or HI) in care_contacts.csv, so the cost per appointment was not applied to them: the cost of the service is understated\n", n)
	}
	if len(rep.WindowMonths) > 1 {
		fmt.Fprintf(w, "iaptpub costs: windows differ between people (%v months): means are over each person's own window; savings are scaled to a year person by person\n", rep.WindowMonths)
	}
	if unsuppressed {
		fmt.Fprintln(w, "iaptpub costs: WARNING: these are unsuppressed figures for the service's own analysts; they must not be published")
	}
}
