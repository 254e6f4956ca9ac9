package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
)

// How long a full disk may last while Hugo runs before the build gives up on it.
// Hugo v0.165.0 can hang for ever once it has failed to write ten pages: its page
// walker blocks handing a page to render workers that have all stopped
// (hugolib.(*Site).renderPages). A full disk is the usual way to get there, so the
// build watches the disk and does not wait for Hugo once it has stayed full.
const (
	fullFor   = 3 * time.Second
	fullBelow = 1 << 20 // bytes
)

// runHugo renders the Hugo project in work into dest through Hugo's own library:
// each run has its own logger and file systems, so nothing of the process (its
// standard output, a global lock) is borrowed, and two builds may run side by side.
// The static files, by their path in the site, are written into dest meanwhile.
//
// The project has no static mount: its only static files are generated (the
// downloads, 60 MB at national scale), and Hugo would only copy them. Written
// straight into the site as the pages are rendered, they are written once and cost
// the build no time of its own. runHugo returns once they are written, even when it
// gives up on Hugo, so that nothing writes into dest after it.
func runHugo(ctx context.Context, work, dest string, static map[string][]byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	written := make(chan error, 1)
	go func() { written <- writeFiles(dest, static) }()
	err := watchHugo(work, dest)
	if werr := <-written; werr != nil {
		err = errors.Join(err, fmt.Errorf("writing the downloads into the site: %w", werr))
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}

// watchHugo renders the project in work into dest, and gives up on Hugo once the disk
// it writes to has stayed full (fullFor).
func watchHugo(work, dest string) error {
	// Hugo's progress and information lines mean nothing to a service's analyst; its
	// warnings and errors are kept and returned with the error when the build fails.
	// The buffer is read only once Hugo has returned.
	var logged bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- renderSite(work, dest, &logged) }()
	tick := time.NewTicker(fullFor / 6)
	defer tick.Stop()
	var fullSince time.Time
	for {
		select {
		case err := <-done:
			if err != nil {
				return fmt.Errorf("hugo: %w", hugoError(err, &logged))
			}
			return nil
		case now := <-tick.C:
			// Hugo writes the site to dest and its caches to the work folder.
			full := ""
			for _, dir := range []string{dest, work} {
				if diskFull(dir) {
					full = filepath.Dir(dir)
				}
			}
			if full == "" {
				fullSince = time.Time{}
				continue
			}
			if fullSince.IsZero() {
				fullSince = now
			}
			if now.Sub(fullSince) >= fullFor {
				return fmt.Errorf("the disk that holds %s is full: free some space there and build again", full)
			}
		}
	}
}

// renderSite is one Hugo build of the project in work into dest, logging to logged.
func renderSite(work, dest string, logged *bytes.Buffer) error {
	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		StdOut:        logged,
		StdErr:        logged,
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
		return fmt.Errorf("reading the Hugo configuration: %w", err)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  res,
		Fs:       hugofs.NewFrom(osfs, res.LoadingInfo.BaseConfig),
		LogLevel: logger.Level(),
		StdErr:   logger.StdErr(),
	})
	if err != nil {
		return err
	}
	defer sites.Close()
	return sites.Build(hugolib.BuildCfg{NoBuildLock: true})
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
