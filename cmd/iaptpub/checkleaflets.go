package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/publish/plainenglish"
)

func newCheckLeafletsCmd() *cobra.Command {
	var siteDir string
	cmd := &cobra.Command{
		Use:   "check-leaflets",
		Short: "Check the patient leaflets against the writing rules, as the build does",
		Long: `Check-leaflets runs the build's plain-English checks on the patient leaflets alone,
so a service changing their wording can check it before building: the readability
(SMOG grade) of each page, the longest sentence and paragraph, words patients must
never be given, and the parts every leaflet must have. The limits and the word list
are in data/writing.toml.

With --site it checks DIR/content/leaflets against DIR/data/writing.toml; without,
the leaflets built into iaptpub. Every problem is printed with its file and line.
It exits with status 1 when any rule marked "error" is broken; warnings are printed
but do not fail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if siteDir != "" {
				if fi, err := os.Stat(siteDir); err != nil || !fi.IsDir() {
					return usageError("--site %s: not a folder (give the folder that holds content/ and data/)", siteDir)
				}
			}
			site := siteSources(siteDir)
			rules, err := plainenglish.LoadRules(site, plainenglish.RulesFile)
			if err != nil {
				return err
			}
			rep, err := rules.CheckDir(site, plainenglish.LeafletDir)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, p := range rep.Pages {
				// Paths a service's editor can open; the built-in ones are only names.
				name := p.Page
				if siteDir != "" {
					name = filepath.Join(siteDir, filepath.FromSlash(p.Page))
				}
				fmt.Fprintf(out, "%s: SMOG %.1f (ceiling %g), %d words, %d sentences, longest %d words\n",
					name, p.Score.SMOG, rules.Readability.SMOGCeiling, p.Score.Words, p.Score.Sentences, p.Score.LongestSentence)
				for _, f := range p.Findings {
					f.Page = name
					fmt.Fprintln(out, f)
				}
			}
			fmt.Fprintf(out, "%d pages checked: %d error(s), %d warning(s)\n",
				len(rep.Pages), rep.Count(plainenglish.Error), rep.Count(plainenglish.Warning))
			return rep.Err()
		},
	}
	cmd.Flags().StringVar(&siteDir, "site", "", "a folder with the service's own content/leaflets and data/writing.toml (default: the ones built in)")
	return cmd
}
