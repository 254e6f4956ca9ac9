package publish

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/iaptpub/iaptpub/evaluation/csvsafe"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/revision"
	"github.com/iaptpub/iaptpub/publish/figures"
)

// The release archive. A service publishes every month, and a commissioner who took
// last month's figures to a board must still find them, and be told which of them
// later data changed. So every build keeps the releases the site already has and adds
// its own under /releases/<published date>/: the measures CSV, the headline figures,
// the workbook, and the figures of earlier periods that changed since the release
// before (revisions.csv). Those files are carried from build to build byte for byte:
// a release, once published, is never changed, except on purpose (ReplaceRelease).
//
// The pages of the archive (/releases/, each release's page and its revisions page)
// are not part of a release: every build renders them afresh from the files, so they
// wear the current site's style and menus and their links keep working.

// releasesDir is the folder of the archive, at the top of the site.
const releasesDir = "releases"

// The files of a release, besides the workbook.
const (
	releaseMeasures  = "measures.csv"
	releaseHeadline  = "headline.csv"
	releaseRevisions = "revisions.csv"
)

// revisionsHeader is the header row of revisions.csv: the group and measure columns of
// the measures CSV, then the figure as the previous release published it and as this
// one does.
var revisionsHeader = append(slices.Clone(measure.Header[:7]), "PREVIOUS_VALUE", "REVISED_VALUE")

// headlineTable is the headline figures of all referrals in the latest year, as the
// outcomes page shows them.
type headlineTable struct {
	Year, Group string
	Figures     []headlineFigure
}

// release writes this build's own files of the archive, below
// static/releases/<published date>/: the measures CSV and the workbook as the site
// offers them, and the headline figures. The revisions are added by the build, which
// can read the previous release (Site.archive).
func (g *generator) release(cfg Config) error {
	if cfg.Site.Published == "" {
		return nil // an undated build (ParseConfig requires the date) is no release
	}
	dir := "static/" + releasesDir + "/" + cfg.Site.Published + "/"
	g.files[dir+releaseMeasures] = g.files["static/downloads/measures.csv"]
	wb := workbookFile(cfg)
	g.files[dir+path.Base(wb)] = g.files["static/"+wb]

	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	rows := [][]string{{"Period", "Group", "Measure ID", "Measure", "Percentage (%)", "95% interval, lower (%)", "95% interval, upper (%)"}}
	for _, f := range g.headline.Figures {
		rows = append(rows, []string{g.headline.Year, g.headline.Group, f.ID, f.Name, f.Text, f.Low, f.High})
	}
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("writing the headline figures of the release: %w", err)
	}
	g.files[dir+releaseHeadline] = buf.Bytes()
	return nil
}

// releaseFile is one file of a release, as its page lists it.
type releaseFile struct {
	Name string `json:"name"`
	Size string `json:"size"` // figures.FileSize: "84 KB", "7.0 MB"
}

// releaseChange is one revision as the revisions page lists it.
type releaseChange struct {
	Measure string `json:"measure"`
	Period  string `json:"period"`
	Group   string `json:"group"`
	Was     string `json:"was"`
	Now     string `json:"now"`
}

// releaseEntry is one release of the archive, for its pages (data/iaptpub/releases.json).
type releaseEntry struct {
	Date     string          `json:"date"`
	DateText string          `json:"date_text"`
	Current  bool            `json:"current"`
	Files    []releaseFile   `json:"files"`
	Previous string          `json:"previous,omitempty"` // the date of the release compared with
	Summary  string          `json:"summary,omitempty"`
	Changes  []releaseChange `json:"changes,omitempty"`
}

// archive prepares this build's part of the release archive. It reads the releases
// the site at target already has (only a site iaptpub built), refuses to change one
// of them unless s.ReplaceRelease, compares this release's measures with the release
// before it, and adds to gen the revisions and the pages of every release. It returns
// the releases to carry forward from target (carryReleases copies them).
func (s *Site) archive(target string, gen map[string][]byte, log *slog.Logger) ([]string, error) {
	past, err := pastReleases(target)
	if err != nil {
		return nil, err
	}
	date := s.Config.Site.Published
	prefix := "static/" + releasesDir + "/" + date + "/"
	measures, ok := gen[prefix+releaseMeasures]
	if !ok {
		// A site without figures has no release of its own; it keeps the others.
		return past, s.archivePages(target, past, nil, gen)
	}
	carried := slices.DeleteFunc(slices.Clone(past), func(d string) bool { return d == date })
	var previous string
	for _, d := range carried {
		if d < date {
			previous = d
		}
	}
	own := releaseEntry{Date: date, Current: true, Summary: "This is the first release in the archive: there is no earlier one to compare it with."}
	if previous != "" {
		changes, err := compareReleases(filepath.Join(target, releasesDir, previous, releaseMeasures), measures)
		if err != nil {
			return nil, err
		}
		csvData, err := revisionsCSV(changes)
		if err != nil {
			return nil, err
		}
		gen[prefix+releaseRevisions] = csvData
		own.Previous, own.Summary = previous, revision.Summary(changes)
		own.Changes = listChanges(changes)
		if err := putJSON(gen, "data/iaptpub/revisions.json", map[string]string{
			"summary": own.Summary, "previous": figures.LongDate(previous), "url": "/" + releasesDir + "/" + date + "/revisions/",
		}); err != nil {
			return nil, err
		}
	}
	if len(carried) < len(past) {
		same, err := sameRelease(filepath.Join(target, releasesDir, date), gen, prefix)
		if err != nil {
			return nil, err
		}
		switch {
		case same:
			// The same export built again: the release is unchanged.
		case !s.ReplaceRelease:
			return nil, fmt.Errorf("the site already has a release published on %s (%s), and this build's figures differ from it: "+
				"a release, once published, is never changed. Set site.published to this release's own date, "+
				"or build with --replace-release to replace the release of %s on purpose",
				date, filepath.Join(target, releasesDir, date), date)
		default:
			log.Warn("replacing the release published on "+date+" (--replace-release): its files change", "folder", filepath.Join(target, releasesDir, date))
		}
	}
	return carried, s.archivePages(target, carried, &own, gen)
}

// archivePages adds to gen the pages of the archive and the data they read: own (nil
// when the build makes no release) and the releases carried from target, newest first.
func (s *Site) archivePages(target string, carried []string, own *releaseEntry, gen map[string][]byte) error {
	var entries []releaseEntry
	for i, d := range carried {
		e := releaseEntry{Date: d, Summary: "This is the first release in the archive: there is no earlier one to compare it with."}
		dir := filepath.Join(target, releasesDir, d)
		files, err := releaseFiles(dir)
		if err != nil {
			return err
		}
		for _, f := range files {
			e.Files = append(e.Files, releaseFile{Name: f.name, Size: figures.FileSize(f.size)})
		}
		changes, compared, err := readRevisions(filepath.Join(dir, releaseRevisions))
		if err != nil {
			return err
		}
		if compared && i > 0 {
			e.Previous, e.Summary, e.Changes = carried[i-1], revision.Summary(changes), listChanges(changes)
		}
		entries = append(entries, e)
	}
	if own != nil {
		prefix := "static/" + releasesDir + "/" + own.Date + "/"
		for _, name := range sortedKeys(gen) {
			if rest, ok := strings.CutPrefix(name, prefix); ok {
				own.Files = append(own.Files, releaseFile{Name: rest, Size: figures.FileSize(int64(len(gen[name])))})
			}
		}
		entries = append(entries, *own)
	}
	slices.SortFunc(entries, func(a, b releaseEntry) int { return strings.Compare(b.Date, a.Date) })
	for i := range entries {
		e := &entries[i]
		e.DateText = figures.LongDate(e.Date)
		title := "Release of " + e.DateText
		gen["content/"+releasesDir+"/"+e.Date+"/_index.md"] = []byte(fmt.Sprintf(
			"+++\ntitle = %q\ndescription = %q\nlayout = \"release\"\ndate_key = %q\nweight = %d\n+++\n",
			title, "The figures as they were published on "+e.DateText+", kept unchanged.", e.Date, i+1))
		gen["content/"+releasesDir+"/"+e.Date+"/revisions/index.md"] = []byte(fmt.Sprintf(
			"+++\ntitle = %q\ndescription = %q\nlayout = \"revisions\"\ndate_key = %q\n+++\n",
			"Revisions in the release of "+e.DateText, "The figures for earlier periods that changed in the release of "+e.DateText+".", e.Date))
	}
	return putJSON(gen, "data/iaptpub/releases.json", entries)
}

// pastReleases lists the releases the site at target has, oldest first: the folders
// releases/YYYY-MM-DD/ of a folder that carries the site marker. Anything else there
// is not a release, and is not carried forward.
func pastReleases(target string) ([]string, error) {
	if _, err := os.Lstat(filepath.Join(target, SiteMarker)); err != nil {
		return nil, nil
	}
	entries, err := os.ReadDir(filepath.Join(target, releasesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the releases the site already has: %w", err)
	}
	var dates []string
	for _, e := range entries {
		if _, err := time.Parse(time.DateOnly, e.Name()); err == nil && e.IsDir() {
			dates = append(dates, e.Name())
		}
	}
	return dates, nil // os.ReadDir sorts by name, which for dates is by date
}

// archivedFile is one file of a release in a site folder.
type archivedFile struct {
	name string // slash-separated, below the release's folder
	size int64
}

// releaseFiles lists the files of the release in dir: every regular file but the
// pages the build renders (index.html), which are not part of the release.
func releaseFiles(dir string) ([]archivedFile, error) {
	var files []archivedFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || d.Name() == "index.html" {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, archivedFile{filepath.ToSlash(rel), fi.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the release in %s: %w", dir, err)
	}
	return files, nil
}

// sameRelease reports whether the release in dir holds exactly the files gen holds
// below prefix, byte for byte.
func sameRelease(dir string, gen map[string][]byte, prefix string) (bool, error) {
	files, err := releaseFiles(dir)
	if err != nil {
		return false, err
	}
	n := 0
	for name := range gen {
		if strings.HasPrefix(name, prefix) {
			n++
		}
	}
	if n != len(files) {
		return false, nil
	}
	for _, f := range files {
		want, ok := gen[prefix+f.name]
		if !ok {
			return false, nil
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.name)))
		if err != nil {
			return false, fmt.Errorf("reading the release in %s: %w", dir, err)
		}
		if !bytes.Equal(got, want) {
			return false, nil
		}
	}
	return true, nil
}

// carryReleases copies the releases the site at target has into the new site in
// staging, byte for byte. The pages of the archive are the new build's own.
func carryReleases(target, staging string, dates []string) error {
	for _, d := range dates {
		from, to := filepath.Join(target, releasesDir, d), filepath.Join(staging, releasesDir, d)
		files, err := releaseFiles(from)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := copyFile(filepath.Join(from, filepath.FromSlash(f.name)), filepath.Join(to, filepath.FromSlash(f.name))); err != nil {
				return fmt.Errorf("carrying the release of %s into the new site: %w", d, err)
			}
		}
	}
	return nil
}

// copyFile copies a file to a new file.
func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// compareReleases lists the revisions between the previous release's measures CSV, in
// the file previous, and this release's.
func compareReleases(previous string, current []byte) ([]revision.Change, error) {
	f, err := os.Open(previous)
	if err != nil {
		return nil, fmt.Errorf("reading the previous release to find what changed: %w", err)
	}
	defer f.Close()
	was, err := revision.Read(f, previous)
	if err != nil {
		return nil, err
	}
	now, err := revision.Read(bytes.NewReader(current), "this release's "+releaseMeasures)
	if err != nil {
		return nil, err
	}
	return revision.Compare(was, now), nil
}

// revisionsCSV writes the revisions as revisions.csv.
func revisionsCSV(changes []revision.Change) ([]byte, error) {
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	rows := [][]string{revisionsHeader}
	for _, c := range changes {
		rows = append(rows, []string{c.Start, c.End, c.Org, c.VariableType, c.VariableA, c.ID, c.Name, c.Was, c.NowText()})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("writing the revisions: %w", err)
	}
	return buf.Bytes(), nil
}

// readRevisions reads back the revisions.csv of a release; compared is false when
// it has none (the first release of the archive).
func readRevisions(name string) (changes []revision.Change, compared bool, err error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], revisionsHeader) {
		return nil, false, fmt.Errorf("%s: not a revisions file (its header is not %s)", name, strings.Join(revisionsHeader, ","))
	}
	for _, r := range rows[1:] {
		c := revision.Change{Start: r[0], End: r[1], Org: r[2], VariableType: r[3], VariableA: r[4], ID: r[5], Name: r[6], Was: r[7], Now: r[8]}
		if c.Now == "not published" {
			c.Now, c.Gone = "", true
		}
		changes = append(changes, c)
	}
	return changes, true, nil
}

// listChanges puts the revisions as the revisions page shows them.
func listChanges(changes []revision.Change) []releaseChange {
	out := make([]releaseChange, 0, len(changes))
	for _, c := range changes {
		group := c.VariableA
		if c.VariableType != "" && c.VariableType != c.VariableA {
			group = c.VariableType + ": " + c.VariableA
		}
		if c.Org != measure.AllOrgs {
			group += " (provider " + c.Org + ")"
		}
		out = append(out, releaseChange{
			Measure: c.ID + " " + c.Name,
			Period:  figures.LongDate(c.Start) + " to " + figures.LongDate(c.End),
			Group:   group, Was: shownValue(c.Was), Now: shownValue(c.NowText()),
		})
	}
	return out
}

// shownValue is a figure as a reader is told it: "blank" where the site leaves it empty.
func shownValue(v string) string {
	if v == "" {
		return "blank (does not apply)"
	}
	return v
}

func putJSON(gen map[string][]byte, name string, v any) error {
	data, err := marshal(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	gen[name] = data
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
