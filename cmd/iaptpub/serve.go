package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/iaptpub/iaptpub/publish"
)

// watchedFlags name the build flags whose files or folders serve watches: a change to
// any file below them rebuilds the site. A name build does not have is passed over, so
// the column mapping (issue 16, item 1) is watched from the day build takes --mapping.
var watchedFlags = []string{"site", "config", "input", "benchmark", "mapping"}

// pollInterval is how often serve looks for changes. Polling modification times works
// the same on every system and in folders shared over a network, where change
// notifications often do not arrive; a site's sources are a few hundred files.
const pollInterval = time.Second

func newServeCmd() *cobra.Command {
	var port int
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Build the site and show it on this computer, rebuilding it when its sources change",
		Long: `Serve builds the site as build does (with no --input: the demonstration site) into a
temporary folder of its own and serves it at http://127.0.0.1:1313/ for this computer
only. When a file of --site, the --config file or the --input export changes, it builds
the site again; reload the page to see it. While a build fails, the last good site is
still served and the error is printed. The output folder of build is never touched.
Ctrl-C stops it and removes the temporary folder.

It takes build's flags, except --out.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve(ctx, cmd.Flags(), port, cmd.ErrOrStderr())
		},
	}
	// Every rebuild runs the build command itself, so serve takes build's flags (all but
	// --out, and --replace-release, which every rebuild gives) and hands on the ones
	// given; a flag added to build is a flag of serve too.
	newBuildCmd().Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "out" && f.Name != "replace-release" {
			cmd.Flags().AddFlag(f)
		}
	})
	cmd.Flags().IntVar(&port, "port", 1313, "the port to serve on, at 127.0.0.1 (0: any free port)")
	return cmd
}

// serve runs until ctx is done: it builds the site into a temporary folder, serves it,
// and builds it again when a watched file changes.
func serve(ctx context.Context, flags *pflag.FlagSet, port int, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "iaptpub-serve-")
	if err != nil {
		return fmt.Errorf("making a folder for the preview: %w", err)
	}
	defer os.RemoveAll(tmp)
	p := &preview{dir: filepath.Join(tmp, "site"), flags: flags, stderr: stderr}

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("serving on port %d: %w (choose another with --port)", port, err)
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	p.addr = "http://" + ln.Addr().String()
	fmt.Fprintf(stderr, "serving the site at %s/ (building it now; Ctrl-C stops)\n", p.addr)

	watched := p.watched()
	if len(watched) == 0 {
		fmt.Fprintln(stderr, "nothing to watch: give --site, --config or --input to rebuild on change")
	}
	seen := snapshot(watched)
	if err := p.rebuild(ctx); err != nil {
		return err
	}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(stderr, "stopped")
			return nil
		case err := <-served:
			return fmt.Errorf("serving the site: %w", err)
		case <-tick.C:
			now := snapshot(watched)
			if slices.Equal(now, seen) {
				continue
			}
			seen = now
			fmt.Fprintln(stderr, "a source changed: building the site again")
			if err := p.rebuild(ctx); err != nil {
				return err
			}
		}
	}
}

// preview is the site being served: the folder the last good build wrote, and the
// address path it is served below.
type preview struct {
	dir    string
	addr   string
	flags  *pflag.FlagSet
	stderr io.Writer

	mu       sync.RWMutex
	built    bool
	basePath string // the path of site.base_url, "/" or "/sub-folder/"
	failure  string // the last build's error, shown until there is a site
}

// rebuild runs the build command into p.dir. A failed build is printed and the last
// good site stays; only a mistake in the command line, which no edit of a file can
// mend, stops serve.
func (p *preview) rebuild(ctx context.Context) error {
	build := newBuildCmd()
	build.SilenceUsage, build.SilenceErrors = true, true
	build.SetOut(p.stderr)
	build.SetErr(p.stderr)
	// The preview's folder is serve's own: an edit that changes the figures replaces its
	// release of the same published date, as a correction of a real one would.
	args := []string{"--out", p.dir, "--replace-release"}
	p.flags.Visit(func(f *pflag.Flag) {
		if build.Flags().Lookup(f.Name) != nil {
			args = append(args, "--"+f.Name+"="+f.Value.String())
		}
	})
	build.SetArgs(args)
	err := build.ExecuteContext(ctx)
	if ctx.Err() != nil {
		return nil
	}
	var usage exitError
	if errors.As(err, &usage) && usage.code == 2 {
		return err
	}
	var base string
	if err == nil {
		base, err = p.configBasePath()
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "the build failed; still serving the last good site:\n%v\n", err)
		p.mu.Lock()
		p.failure = err.Error()
		p.mu.Unlock()
		return nil
	}
	p.mu.Lock()
	p.built, p.basePath, p.failure = true, base, ""
	p.mu.Unlock()
	fmt.Fprintf(p.stderr, "site built: reload %s%s\n", p.addr, base)
	return nil
}

// configBasePath is the path of the configuration's site.base_url: pages link to each
// other below it, so the preview serves the site there too.
func (p *preview) configBasePath() (string, error) {
	cfgPath, _ := p.flags.GetString("config")
	if cfgPath == "" {
		return "/", nil
	}
	data, err := readFile(cfgPath)
	if err != nil {
		return "", fmt.Errorf("reading configuration: %w", err)
	}
	cfg, err := publish.ParseConfig(cfgPath, data)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(cfg.Site.BaseURL)
	if err != nil || u.Path == "" {
		return "/", nil
	}
	return strings.TrimSuffix(u.Path, "/") + "/", nil
}

func (p *preview) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.RLock()
	built, base, failure := p.built, p.basePath, p.failure
	p.mu.RUnlock()
	w.Header().Set("Cache-Control", "no-store")
	if !built {
		w.WriteHeader(http.StatusServiceUnavailable)
		if failure != "" {
			fmt.Fprintf(w, "The site could not be built:\n\n%s\n\nThe site is built again when a source changes.\n", failure)
			return
		}
		fmt.Fprintln(w, "The site is being built. Reload this page in a minute.")
		return
	}
	if base != "/" && (r.URL.Path == "/" || !strings.HasPrefix(r.URL.Path, base)) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		http.NotFound(w, r)
		return
	}
	http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(p.dir))).ServeHTTP(w, r)
}

// watched is the files and folders given to the watched flags.
func (p *preview) watched() []string {
	var paths []string
	for _, name := range watchedFlags {
		if f := p.flags.Lookup(name); f != nil && f.Value.String() != "" {
			paths = append(paths, f.Value.String())
		}
	}
	return paths
}

// fileState is what serve compares to see that a file has changed.
type fileState struct {
	path    string
	size    int64
	modTime int64 // nanoseconds since 1970
}

// snapshot lists every file below paths with its size and modification time, in a
// fixed order. Hidden files (an editor's swap files, .git) are left out; a path that
// cannot be read is listed with size -1, so that its coming back is a change too.
func snapshot(paths []string) []fileState {
	var files []fileState
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != root && strings.HasPrefix(path.Base(filepath.ToSlash(p)), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			files = append(files, fileState{p, info.Size(), info.ModTime().UnixNano()})
			return nil
		})
		if err != nil {
			files = append(files, fileState{path: root, size: -1})
		}
	}
	return files
}
