package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/benchmark"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/evaluation/synth"
	"github.com/iaptpub/iaptpub/publish"
)

// The demonstration site is built from this many synthetic referrals, made with this
// seed, so that every demonstration build is the same.
const (
	demoReferrals = 20000
	demoSeed      = 2024
)

func newBuildCmd() *cobra.Command {
	var input, out, configPath, mappingPath, siteDir, benchmarkFile string
	var strict, noPDF, allowPartial, replaceRelease bool
	var maxLeftOut share
	cmd := &cobra.Command{
		Use:         "build",
		Annotations: map[string]string{stopsCleanly: "yes"},
		Short:       "Build the website from an export (with no --input: the demonstration site)",
		Long: `Build reads a service's export, computes its published outcomes and evaluations,
and writes the complete static website to --out (default public/). The folder is
replaced only when the build has succeeded, so a failed build leaves the previous
site as it was. Every site carries a .iaptpub-site file; --out must be a new or empty
folder or one holding that file, and never the export, the configuration, a folder
holding them, / or your home folder. A symbolic link is followed. One build at a time
writes a folder; Ctrl-C stops a build (exit 130, 143 for SIGTERM) and leaves the
previous site as it was.

With no --input it builds the demonstration site from synthetic data, and every
page says "demonstration data — not real patients".

Only the rows of the configuration's service.ods_codes are read, and no date may be
after its site.published. When more than --max-left-out (1%) of any file's lines were
left out, nothing is published unless --allow-partial, and the methodology page then
says how much of which file was left out.

Every build keeps the releases the site already has, byte for byte, and adds its own
under releases/<site.published>/ with what changed since the release before. A
release once published is never changed: a build with the published date of a
release the site has, and different figures, is refused unless --replace-release.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("build takes no arguments (got %q): give the export folder with --input and the site's folder with --out", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The output folder is checked and held before any work, so that a wrong
			// --out, or another build writing it, costs nothing.
			inputs := []string{input, configPath, benchmarkFile}
			if _, err := publish.CheckOutput(out, inputs...); err != nil {
				return usageError("%w", err)
			}
			output, err := publish.HoldOutput(out, inputs...)
			if err != nil {
				return err
			}
			defer output.Release()
			cfgName, cfgData := "the demonstration configuration", iaptpub.DemoConfig
			if configPath != "" {
				data, err := readFile(configPath)
				if err != nil {
					return fmt.Errorf("reading configuration: %w", err)
				}
				cfgName, cfgData = configPath, data
			} else if input != "" {
				return usageError("--config is required with --input: the site needs the service's name and contact details (copy config/demo.toml and change it)")
			}
			cfg, err := publish.ParseConfig(cfgName, cfgData)
			if err != nil {
				return err
			}
			sources := siteSources(siteDir)
			// The national publication is read before the export, so that a wrong file
			// fails the build at once.
			national, err := loadBenchmark(sources, benchmarkFile, cfg.Site.Benchmark, configPath)
			if err != nil {
				return err
			}
			stderr := cmd.ErrOrStderr()
			demo := input == ""
			if demo {
				dir, err := publish.MakeTempDir("demo-export")
				if err != nil {
					return err
				}
				defer dir.Remove()
				stage := meter(cmd).Stage(fmt.Sprintf("making the demonstration export (%d synthetic referrals)", demoReferrals), "", 0)
				opts := synth.Options{Referrals: demoReferrals, Seed: demoSeed, Done: cmd.Context().Done()}
				if _, err := synth.Generate(dir.Path, opts); err != nil {
					return fmt.Errorf("making the demonstration export: %w", err)
				}
				stage.Done(0)
				input = dir.Path
			}
			if err := cmd.Context().Err(); err != nil {
				return err
			}
			opts, err := exportOptions(cmd, strict, &cfg, mappingPath)
			if err != nil {
				return err
			}
			limitMemory(buildMemory)
			defer profile(stderr)()
			site := &publish.Site{
				Sources:        sources,
				Config:         cfg,
				Demo:           demo,
				Log:            slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
				NoPDF:          noPDF,
				Progress:       opts.Progress,
				ReplaceRelease: replaceRelease,
			}
			// The build prepares its folders while the export is read, and the site's
			// pages are made while the cost evaluation goes on (GenerateWhileCosting).
			err = site.BuildWhileGenerating(cmd.Context(), output, func() (map[string][]byte, error) {
				computing, report, err := pipeline.Start(input, sources, opts, cfg.Evaluation.PriceYear)
				if report != nil {
					var res *measure.Result
					if computing != nil {
						res = computing.Measures
					}
					reportLeftOut(stderr, report, res)
				}
				if err != nil {
					return nil, err
				}
				results := publish.Results{Results: computing.Results}
				if err := report.TooMuchLeftOut(float64(maxLeftOut)); err != nil {
					if !allowPartial {
						return nil, err
					}
					fmt.Fprintf(stderr, "iaptpub: WARNING: publishing anyway (--allow-partial): %v\n", err)
					results.LeftOut = publish.OverLeftOut(report, float64(maxLeftOut))
				}
				results.Benchmark = national
				results.Config = cfg
				return publish.GenerateWhileCosting(results, computing.Costs)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "site written to %s\n", out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&input, "input", "", "the export folder (CSV files of the data contract); none: the demonstration")
	f.StringVar(&out, "out", "public", "the folder to write the site to: new, empty, or a site iaptpub built")
	f.StringVar(&configPath, "config", "", "the service's configuration file (TOML)")
	mappingFlag(cmd, &mappingPath)
	f.BoolVar(&strict, "strict", false, "fail on the first row the data contract does not allow, instead of leaving it out")
	f.BoolVar(&noPDF, "no-pdf", false, "do not print the leaflets to PDF (they are printed when Chromium is installed)")
	f.StringVar(&benchmarkFile, "benchmark", "", "the national annual publication CSV to compare with (default: site.benchmark, else the 2024-25 file built in)")
	f.StringVar(&siteDir, "site", "", "a folder with the service's own content/, layouts/, data/ and assets/ (default: the ones built in)")
	maxLeftOutFlag(cmd, &maxLeftOut)
	f.BoolVar(&replaceRelease, "replace-release", false, "replace the release the site already has with the same site.published date (a correction); it says so")
	f.BoolVar(&allowPartial, "allow-partial", false, "publish even when more than --max-left-out of a file was left out; the methodology page then says so")
	return cmd
}

// loadBenchmark reads the national publication the site compares the service with:
// the --benchmark file, else the configuration's site.benchmark (a path relative to
// the configuration file), else the one the site sources ship with.
func loadBenchmark(sources fs.FS, flagFile, configFile, configPath string) (*benchmark.Publication, error) {
	if flagFile != "" {
		if err := regularFile(flagFile); err != nil {
			return nil, fmt.Errorf("--benchmark: %w", err)
		}
		return benchmark.Load(sources, flagFile)
	}
	if configFile == "" {
		return benchmark.Load(sources, "")
	}
	if configPath != "" && !filepath.IsAbs(configFile) {
		configFile = filepath.Join(filepath.Dir(configPath), configFile)
	}
	if err := regularFile(configFile); err != nil {
		return nil, fmt.Errorf("site.benchmark of %s: %w", configPath, err)
	}
	p, err := benchmark.Load(sources, configFile)
	if err != nil {
		return nil, fmt.Errorf("site.benchmark of %s: %w", configPath, err)
	}
	return p, nil
}
