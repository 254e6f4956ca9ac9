package publish

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
)

// runHugo renders the Hugo project in work into dest through Hugo's own library:
// each run has its own logger and file systems, so nothing of the process (its
// standard output, a global lock) is borrowed, and two builds may run side by side.
//
// Hugo's command line would also copy the static files; the only static mount of the
// project is the generated one (work/gen/static), which is copied here after Hugo has
// rendered the pages.
func runHugo(ctx context.Context, work, dest string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Hugo's progress and information lines mean nothing to a service's analyst; its
	// warnings and errors are kept and returned with the error when the build fails.
	var logged bytes.Buffer
	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		StdOut:        &logged,
		StdErr:        &logged,
		DistinctLevel: logg.LevelWarn,
	})
	flags := config.New()
	flags.Set("workingDir", work)
	flags.Set("publishDir", dest)
	flags.Set("cacheDir", filepath.Join(work, ".cache"))
	osfs := afero.NewOsFs()
	res, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Flags:  flags,
		Fs:     osfs,
		Logger: logger,
		// No HUGO_ variables of the analyst's shell change the site.
		Environ: []string{},
	})
	if err != nil {
		return hugoError(fmt.Errorf("reading the Hugo configuration: %w", err), &logged)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  res,
		Fs:       hugofs.NewFrom(osfs, res.LoadingInfo.BaseConfig),
		LogLevel: logger.Level(),
		StdErr:   logger.StdErr(),
	})
	if err != nil {
		return hugoError(err, &logged)
	}
	defer sites.Close()
	if err := sites.Build(hugolib.BuildCfg{NoBuildLock: true}); err != nil {
		return hugoError(err, &logged)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.CopyFS(dest, os.DirFS(filepath.Join(work, "gen", "static"))); err != nil {
		return fmt.Errorf("copying the downloads into the site: %w", err)
	}
	return nil
}

// hugoError adds Hugo's logged errors and warnings to err: they name the template
// or page that failed.
func hugoError(err error, logged *bytes.Buffer) error {
	var lines []string
	for _, line := range strings.Split(logged.String(), "\n") {
		if strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "WARN") {
			lines = append(lines, line)
		}
	}
	if len(lines) > 0 {
		return fmt.Errorf("%w:\n%s", err, strings.Join(lines, "\n"))
	}
	return err
}
