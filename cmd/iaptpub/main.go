// Command iaptpub turns a talking-therapies service's CSV export into its published
// outcomes, patient leaflets, implementation guide and evaluation reports: one static
// website built by Hugo. This package holds flags and wiring only; the analysis lives in
// evaluation/ and the website in publish/.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

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
		Version:       version,
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
		newServeCmd(),
		newInitCmd(),
	)
	root.PersistentPreRun = func(c *cobra.Command, _ []string) { running.Store(c) }
	// Run, so that cobra checks the arguments of the command line with no command.
	root.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	root.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageError("unknown command %q (see iaptpub --help)", args[0])
		}
		return nil
	}
	// A wrong argument is a usage error, whichever command and check finds it.
	for _, c := range append(root.Commands(), root) {
		if check := c.Args; check != nil {
			c.Args = func(c *cobra.Command, args []string) error {
				err := check(c, args)
				var ee exitError
				if err != nil && !errors.As(err, &ee) {
					return exitError{code: 2, err: fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
				}
				return err
			}
		}
	}
	return root
}

func main() {
	ctx, stopped := stopOnSignal()
	err := newRootCmd().ExecuteContext(ctx)
	if sig := stopped(); sig != nil && err != nil {
		// The command has removed what it was making; the status says why it ended,
		// as a shell's does for a process the signal killed (128 + its number). A
		// command that finished before it saw the signal has succeeded.
		fmt.Fprintf(os.Stderr, "iaptpub: stopped by %s; nothing was left half-made\n", sig)
		os.Exit(128 + int(sig.(syscall.Signal)))
	}
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

// stopsCleanly is the annotation of the commands that stop when their context is
// cancelled and remove what they were making (build, synth). On SIGINT or SIGTERM the
// others end at once, as a program does by default: they have nothing half-made to
// remove.
const stopsCleanly = "stops-cleanly"

// running is the command being run, once cobra has chosen it.
var running atomic.Pointer[cobra.Command]

// stopOnSignal returns a context that SIGINT (Ctrl-C) or SIGTERM cancels, so that a
// command stops, removes its staging and temporary folders on the way out, and exits
// with 130 or 143; and a function saying which signal, if any, arrived. A second signal
// ends the process at once.
func stopOnSignal() (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var (
		mu       sync.Mutex
		received os.Signal
	)
	go func() {
		sig := <-signals
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		if c := running.Load(); c == nil || c.Annotations[stopsCleanly] == "" {
			os.Exit(128 + int(sig.(syscall.Signal)))
		}
		mu.Lock()
		received = sig
		mu.Unlock()
		cancel()
	}()
	return ctx, func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return received
	}
}
