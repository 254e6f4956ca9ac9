package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iaptpub/iaptpub/progress"
	"github.com/iaptpub/iaptpub/publish/figures"
	"github.com/iaptpub/iaptpub/publish/plainenglish"
)

// Site is everything one build needs.
type Site struct {
	// Sources holds content/, layouts/, data/ and assets/: the embedded copy or a
	// service's own folder.
	Sources fs.FS
	Config  Config
	// Demo marks every page "demonstration data — not real patients".
	Demo bool
	// Generated holds the files the build makes from the export, by path below the
	// generated mount: "data/iaptpub/…" for Hugo data, "static/…" for downloads,
	// "content/…" for generated pages. They never land in the hand-written folders.
	Generated map[string][]byte
	Log       *slog.Logger
	// Progress shows running Hugo, indexing and printing as stages; nil is quiet.
	Progress *progress.Meter
	// NoPDF leaves out the leaflets' PDFs even where a Chromium could print them.
	NoPDF bool
	// Inputs are the files and folders the build reads (the export, the
	// configuration): the output folder may not be one of them, nor hold one.
	Inputs []string
	// ReplaceRelease lets the build replace a release the site already has with the
	// same published date (a correction); without it such a build is refused.
	ReplaceRelease bool
}

// Build writes the site to out. It works in a staging folder beside out and replaces
// out only when Hugo has succeeded, so a failed build leaves the previous site as it was.
// out must be a folder a build may replace (see CheckOutput); a symbolic link is
// followed, and the folder it points to is replaced. One build at a time writes to a
// folder: a second fails at once. Build holds out only while it builds; a command that
// does long work first holds it from the start with HoldOutput, and calls BuildInto.
func (s *Site) Build(ctx context.Context, out string) error {
	o, err := HoldOutput(out, s.Inputs...)
	if err != nil {
		return err
	}
	defer o.Release()
	return s.BuildInto(ctx, o)
}

// BuildInto writes the site to an output folder this process holds.
func (s *Site) BuildInto(ctx context.Context, o *Output) error {
	return s.BuildWhileGenerating(ctx, o, func() (map[string][]byte, error) { return s.Generated, nil })
}

// BuildWhileGenerating is BuildInto for a site whose generated files are still being
// made: generate makes them (iaptpub build reads the export and computes everything
// in it; s.Generated is not read), and meanwhile the build checks the leaflets' plain
// English and copies the sources into its work folder. Reading a national export
// leaves a core idle now and then, and that work fills it rather than wait for the
// pages. An error of generate is returned before one of the checks, as when the files
// were made before the build began.
func (s *Site) BuildWhileGenerating(ctx context.Context, o *Output, generate func() (map[string][]byte, error)) error {
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ready := make(chan error, 1)
	var w *workFolders
	go func() {
		var err error
		w, err = s.prepare(o, log)
		ready <- err
	}()
	generated, genErr := generate()
	prepErr := <-ready
	if w != nil {
		defer w.remove()
	}
	if genErr != nil {
		return genErr
	}
	if prepErr != nil {
		return prepErr
	}
	gen := s.generated(generated)
	carried, err := s.archive(o.target, gen, log)
	if err != nil {
		return err
	}
	read, static, err := splitGenerated(gen)
	if err != nil {
		return err
	}
	if err := writeFiles(filepath.Join(w.work.Path, "gen"), read); err != nil {
		return err
	}
	log.Info("running Hugo", "sources", w.work.Path)
	stage := s.Progress.Stage("building the site with Hugo", "", 0)
	if err := runHugo(ctx, w.work.Path, w.staging, static); err != nil {
		return err
	}
	stage.Done(0)
	w.removeWork() // Hugo is done with it: removed while Pagefind indexes the site
	if w.search {
		stage := s.Progress.Stage("indexing the site for search (Pagefind)", "", 0)
		if err := indexForSearch(ctx, w.pagefind, w.staging); err != nil {
			return err
		}
		stage.Done(0)
	}
	if err := s.printPDFs(ctx, w.staging); err != nil {
		return err
	}
	if err := carryReleases(o.target, w.staging, carried); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := writeMarker(w.staging, siteMarkerText); err != nil {
		return err
	}
	if err := os.Chmod(w.staging, 0o755); err != nil {
		return fmt.Errorf("making the new site readable: %w", err)
	}
	return replaceDir(w.staging, o.target, log)
}

// workFolders are a build's own folders: the Hugo project it builds (work) and the
// new site, made beside the output folder (staging), with the Pagefind found to index
// it (search is false when none was).
type workFolders struct {
	work     *TempDir
	staging  string
	pagefind string
	search   bool
	// workGone is closed once work is removed, when removeWork has begun it.
	workGone chan struct{}
}

// removeWork begins removing the work folder, on a goroutine of its own.
func (w *workFolders) removeWork() {
	w.workGone = make(chan struct{})
	go func() {
		w.work.Remove()
		close(w.workGone)
	}()
}

// remove removes the build's folders, or waits for the work folder's removal that
// removeWork began. After a successful build, staging holds the previous site
// (replaceDir).
func (w *workFolders) remove() {
	if w.workGone != nil {
		<-w.workGone
	} else {
		w.work.Remove()
	}
	if w.staging != "" {
		os.RemoveAll(w.staging)
	}
}

// prepare is all of a build that needs no generated file: the checks of the sources,
// the leaflets' plain English among them, and the Hugo project with the sources
// copied in, but for the generated files. On an error, what it made is removed, or
// handed back for the caller to remove.
func (s *Site) prepare(o *Output, log *slog.Logger) (*workFolders, error) {
	if err := checkFrontend(s.Sources); err != nil {
		return nil, err
	}
	// Patient leaflets must pass the plain-English checks before anything is built.
	report, err := plainenglish.CheckSite(s.Sources)
	if err != nil {
		return nil, err
	}
	for _, f := range report.Findings() {
		log.Warn(f.String())
	}
	if err := report.Err(); err != nil {
		return nil, fmt.Errorf("the patient leaflets fail the plain-English checks (iaptpub check-leaflets lists them): %w", err)
	}
	RemoveAbandonedTemp(log)
	parent, base := filepath.Dir(o.target), filepath.Base(o.target)
	removeLeftovers(parent, base, log)

	work, err := MakeTempDir("build")
	if err != nil {
		return nil, err
	}
	w := &workFolders{work: work}
	if err := copySources(s.Sources, filepath.Join(work.Path, "site")); err != nil {
		return w, err
	}
	// The generated files Hugo reads go in gen/, which it mounts whether or not
	// there are any.
	for _, sub := range []string{"content", "data"} {
		if err := os.MkdirAll(filepath.Join(work.Path, "gen", sub), 0o755); err != nil {
			return w, err
		}
	}
	w.pagefind, w.search = pagefindPath()
	if !w.search {
		log.Warn("the site will have no search: Pagefind was not found (make vendor installs it; or set IAPTPUB_PAGEFIND)")
	}
	if err := s.writeHugoConfig(work.Path, w.search); err != nil {
		return w, err
	}
	w.staging, err = os.MkdirTemp(parent, "."+base+".building-")
	if err != nil {
		return w, fmt.Errorf("making a staging folder beside %s: %w", o.name, err)
	}
	return w, writeMarker(w.staging, stagingMarkerText)
}

// writeMarker writes the marker file at the top of a site folder.
func writeMarker(dir, text string) error {
	if err := os.WriteFile(filepath.Join(dir, SiteMarker), []byte(text), 0o644); err != nil {
		return fmt.Errorf("writing the site's marker file: %w", err)
	}
	return nil
}

// generated is the generated files with the stylesheet's icons.
func (s *Site) generated(files map[string][]byte) map[string][]byte {
	gen := make(map[string][]byte, len(files)+8)
	for k, v := range files {
		gen[k] = v
	}
	// The stylesheet's icons, served as plain files (see frontend.go).
	_ = fs.WalkDir(s.Sources, "assets/vendor/images", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if data, err := fs.ReadFile(s.Sources, p); err == nil {
			gen["static/vendor/images/"+path.Base(p)] = data
		}
		return nil
	})
	return gen
}

// copySources copies the site sources into dir, making the NHS.UK stylesheet
// self-contained on the way.
func copySources(src fs.FS, dir string) error {
	for _, top := range []string{"content", "layouts", "data", "assets"} {
		err := fs.WalkDir(src, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			target := filepath.Join(dir, filepath.FromSlash(p))
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := fs.ReadFile(src, p)
			if err != nil {
				return err
			}
			if p == "assets/vendor/nhsuk-frontend.min.css" {
				data = rewriteFrontendCSS(data)
			}
			return os.WriteFile(target, data, 0o644)
		})
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("the site sources have no %s/ folder: --site must point at a folder with content/, layouts/, data/ and assets/", top)
		}
		if err != nil {
			return fmt.Errorf("copying site sources: %w", err)
		}
	}
	return nil
}

// splitGenerated parts the generated files into those Hugo reads (content/ and data/,
// by their path below the generated mount) and the static files, by their path in the
// site, which Hugo would only copy: runHugo writes them into the site as Hugo renders
// it. The pages learn the static files' sizes, for their download links, from
// data/iaptpub/sizes.json, which it adds.
func splitGenerated(gen map[string][]byte) (read, static map[string][]byte, err error) {
	read, static = map[string][]byte{}, map[string][]byte{}
	sizes := map[string]string{}
	for name, data := range gen {
		if rest, ok := strings.CutPrefix(name, "static/"); ok {
			static[rest] = data
			sizes[rest] = figures.FileSize(int64(len(data)))
		} else {
			read[name] = data
		}
	}
	read["data/iaptpub/sizes.json"], err = json.Marshal(sizes)
	return read, static, err
}

// writeFiles writes files into dir by their slash-separated paths below it, none of
// which may leave it.
func writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if strings.Contains(name, "..") || path.IsAbs(name) {
			return fmt.Errorf("generated file name %q leaves the work folder", name)
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeHugoConfig writes the Hugo project's configuration: the service's details as
// site parameters, the three front doors as the menu, and the mounts that put the
// generated files beside the hand-written ones.
func (s *Site) writeHugoConfig(work string, search bool) error {
	c := s.Config
	mount := func(source, target string) map[string]string {
		return map[string]string{"source": source, "target": target}
	}
	// Menu entries name pages, not addresses, so their links follow the base URL.
	menu := func(name, page string, weight int) map[string]any {
		return map[string]any{"name": name, "pageRef": page, "weight": weight}
	}
	cfg := map[string]any{
		"baseURL":      c.Site.BaseURL,
		"title":        c.Service.Name,
		"locale":       "en-GB",
		"disableKinds": []string{"taxonomy", "term", "rss", "sitemap", "robotstxt"},
		"timeZone":     "Europe/London",
		"params": map[string]any{
			"demo":      s.Demo,
			"search":    search,
			"published": c.Site.Published,
			"pdfs":      s.printsPDFs(),
			"reports":   reportFiles(c),
			"service": map[string]any{
				"name":          c.Service.Name,
				"phone":         c.Service.Phone,
				"phone_text":    c.Service.Phone,
				"email":         c.Service.Email,
				"website":       c.Service.Website,
				"referral_url":  c.Service.ReferralURL,
				"address":       c.Service.Address,
				"opening_hours": c.Service.OpeningHours,
				"gp_sharing":    c.Service.GPSharing,
			},
			"leaflets": map[string]any{
				"last_reviewed": c.Leaflets.LastReviewed,
				"next_review":   c.Leaflets.NextReview,
			},
		},
		"menus": map[string]any{
			"main": []any{
				menu("Get help", "/leaflets/", 1),
				menu("Our outcomes", "/outcomes/", 2),
				menu("For commissioners", "/evaluation/", 3),
			},
			"footer": []any{
				menu("How we work out our figures", "/methodology/", 1),
				menu("Download our figures", "/downloads/", 2),
				menu("Past releases and revisions", "/releases/", 3),
			},
		},
		"markup": map[string]any{
			"goldmark": map[string]any{"renderer": map[string]any{"unsafe": false}},
		},
		"module": map[string]any{
			"mounts": []any{
				mount("site/content", "content"),
				mount("gen/content", "content"),
				mount("site/layouts", "layouts"),
				// Hugo reads TOML, YAML and JSON as data; the CSV tables and notes there are
				// read by the analysis, and reach the site through generated data.
				map[string]any{"source": "site/data", "target": "data", "files": []string{"**.{toml,yaml,yml,json}"}},
				mount("gen/data", "data"),
				mount("site/assets", "assets"),
				// The generated static files (the downloads) are written into the site by
				// runHugo.
			},
		},
	}
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(work, "hugo.json"), data, 0o644)
}

// replaceDir puts the finished site at out. Where the system can, the two folders
// swap places in one step (exchangeDirs), so out is always a whole site, the old or the
// new; elsewhere the old site is moved aside first and removed only once the new one
// is in place. Once the new site is in place the build has succeeded: a previous site
// that cannot be removed is a warning.
func replaceDir(staging, out string, log *slog.Logger) error {
	if _, err := os.Stat(out); err != nil {
		if err := os.Rename(staging, out); err != nil {
			return fmt.Errorf("putting the new site in place: %w", err)
		}
		return nil
	}
	old := staging // after the exchange, the previous site
	if exchangeDirs(staging, out) != nil {
		old = staging + ".previous"
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("moving the previous site aside: %w", err)
		}
		if err := os.Rename(staging, out); err != nil {
			_ = os.Rename(old, out)
			return fmt.Errorf("putting the new site in place: %w", err)
		}
	}
	// Marked as a leftover first, so that the next build removes it should this fail
	// or be cut short.
	_ = writeMarker(old, stagingMarkerText)
	if err := os.RemoveAll(old); err != nil {
		log.Warn("the new site is in place, but the previous one could not be removed: remove it by hand", "folder", old, "error", err)
	}
	return nil
}

// removeLeftovers removes the staging folders that builds killed part-way left beside
// the site (".public.building-…"): only those that carry the marker, so only folders a
// build made. The caller holds the output's lock, so none of them is in use.
func removeLeftovers(parent, base string, log *slog.Logger) {
	leftovers, _ := filepath.Glob(filepath.Join(parent, "."+base+".building-*"))
	for _, dir := range leftovers {
		if _, err := os.Lstat(filepath.Join(dir, SiteMarker)); err != nil {
			continue
		}
		log.Warn("removing what an interrupted build left", "folder", dir)
		_ = os.RemoveAll(dir)
	}
}
