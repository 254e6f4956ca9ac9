package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/iaptpub/iaptpub/evaluation/draft"
)

// The files init writes, in --out.
const (
	draftMapping = "mapping.toml"
	draftConfig  = "service.toml"
)

func newInitCmd() *cobra.Command {
	var input, out, site string
	cmd := &cobra.Command{
		Use:   "init --input DIR [--out DIR] [--site DIR]",
		Short: "Draft the mapping of an export's own column names, and a service configuration",
		Long: `Init reads the header and the first rows of every CSV file in --input, an export
from the service's own case-management system, and drafts in --out (default: the
current folder) two files to check and complete:

  mapping.toml  which of the export's files, headers and labels is which of the data
                contract's: each guess with its evidence (the name, and what the sampled
                values look like), and a TODO for each required column it could not place
  service.toml  the service's configuration, naming the mapping; the keys only the
                service can fill in are TODOs

It never overwrites a file: when either exists, it writes nothing. Then
  iaptpub validate --input DIR --mapping mapping.toml
says what is left to do. Other names for the contract's columns and codes come from
data/contract-names.toml (built in, or the service's own copy with --site).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError("init takes no arguments (got %q): give the export folder with --input", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if input == "" {
				return usageError("init needs --input DIR, the folder of the export's CSV files")
			}
			names, err := draft.LoadNames(siteSources(site))
			if err != nil {
				return err
			}
			mapping, config := filepath.Join(out, draftMapping), filepath.Join(out, draftConfig)
			for _, p := range []string{mapping, config} {
				if _, err := os.Lstat(p); err == nil {
					return fmt.Errorf("%s exists already; init never overwrites a file: move it away, or give another --out", p)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return err
				}
			}
			files, err := draft.Sample(input)
			if err != nil {
				return err
			}
			d := draft.Make(files, names)
			var m, c bytes.Buffer
			if err := d.WriteMapping(&m, input); err != nil {
				return err
			}
			if err := d.WriteConfig(&c, draftMapping); err != nil {
				return err
			}
			if err := writeNew(mapping, m.Bytes()); err != nil {
				return err
			}
			if err := writeNew(config, c.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "iaptpub init: wrote %s and %s, drafts with %d TODOs; check every guess, then run:\n  iaptpub validate --input %s --mapping %s\n",
				mapping, config, d.TODOs(), input, mapping)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&input, "input", "", "the export folder, as the service's system writes it")
	f.StringVar(&out, "out", ".", "the folder to write mapping.toml and service.toml in")
	f.StringVar(&site, "site", "", "a site folder whose data/contract-names.toml replaces the built-in one")
	return cmd
}

// writeNew writes a file that must not exist yet: O_EXCL, so that a file made between
// the check and the write is not overwritten either.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing the draft: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
