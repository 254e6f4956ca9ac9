// Command iaptpub turns a talking-therapies service's CSV export into its published
// outcomes, patient leaflets, implementation guide and evaluation reports: one static
// website built by Hugo. This package holds flags and wiring only; the analysis lives in
// evaluation/ and the website in publish/.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// exitError carries an exit status other than 1 (for example 2 for usage errors) from
// a command to main.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// usageError marks an error in the command line itself (exit status 2).
func usageError(format string, a ...any) error {
	return exitError{code: 2, err: fmt.Errorf(format, a...)}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "iaptpub",
		Short:         "Publish a talking-therapies service's outcomes, leaflets, guide and evaluations as a website",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().Bool("quiet", false, "show no progress on standard error (warnings and errors still show)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return exitError{code: 2, err: fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
	})
	// Each command lives in its own file of this package.
	root.AddCommand(
		newBuildCmd(),
		newWorkforceCmd(),
		newCostsCmd(),
		newSynthCmd(),
		newMeasuresCmd(),
		newCheckLeafletsCmd(),
		newValidateCmd(),
		newInitCmd(),
	)
	return root
}

func main() {
	err := newRootCmd().Execute()
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "iaptpub:", err)
	var ee exitError
	if errors.As(err, &ee) {
		os.Exit(ee.code)
	}
	os.Exit(1)
}
