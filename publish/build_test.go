package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/publish/plainenglish"
)

func demoSite(t *testing.T) *Site {
	t.Helper()
	cfg, err := ParseConfig("demo.toml", iaptpub.DemoConfig)
	if err != nil {
		t.Fatal(err)
	}
	return &Site{Sources: iaptpub.Sources, Config: cfg, Demo: true}
}

func TestBuildWritesSiteAtomically(t *testing.T) {
	slow(t, "builds a site with Hugo")
	out := filepath.Join(t.TempDir(), "public")
	s := demoSite(t)
	if err := s.Build(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), "Demonstration data") {
		t.Error("home page lacks the demonstration notice")
	}
	own := []string{s.Config.Service.Website, s.Config.Service.ReferralURL}
	if refs := externalReferences(t, out, own...); len(refs) > 0 {
		t.Errorf("the site refers to other hosts:\n%s", strings.Join(refs, "\n"))
	}

	// What a killed build left beside the site is cleared by the next build.
	killed := filepath.Join(filepath.Dir(out), ".public.building-killed")
	if err := os.MkdirAll(filepath.Join(killed, "css"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(killed, SiteMarker), []byte(stagingMarkerText), 0o644); err != nil {
		t.Fatal(err)
	}

	// A build that fails (here: a template that does not parse) leaves the previous
	// site exactly as it was.
	broken := &Site{Sources: overlay{iaptpub.Sources, map[string]string{
		"layouts/_default/single.html": "{{ define \"main\" }}{{ .Broken ",
	}}, Config: s.Config, Demo: true}
	if err := broken.Build(context.Background(), out); err == nil {
		t.Fatal("a broken template built without error")
	}
	again, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || string(again) != string(index) {
		t.Fatalf("the previous site was not left as it was (err %v)", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.building-*"))
	if len(leftovers) > 0 {
		t.Errorf("staging folders left behind: %v", leftovers)
	}
}

// A build whose files are generated as it prepares fails with the generation's error
// first, then with the checks', as when the files were made before the build began,
// and either way leaves nothing behind: no staging folder beside the output, no work
// folder, no output (only the output's lock file, which HoldOutput keeps).
func TestBuildWhileGeneratingFails(t *testing.T) {
	genErr := errors.New("the cost evaluation failed")
	good := demoSite(t)
	bad := demoSite(t)
	bad.Sources = overlay{iaptpub.Sources, map[string]string{
		"content/leaflets/_index.md": "+++\ntitle = \"Leaflets\"\n+++\n\nWe help people with MUS.\n",
	}}
	generated := func() (map[string][]byte, error) { return map[string][]byte{}, nil }
	failing := func() (map[string][]byte, error) { return nil, genErr }
	for _, c := range []struct {
		name     string
		site     *Site
		generate func() (map[string][]byte, error)
		want     error
	}{
		{"generation fails", good, failing, genErr},
		{"checks fail", bad, generated, plainenglish.ErrChecksFailed},
		{"both fail", bad, failing, genErr},
	} {
		t.Run(c.name, func(t *testing.T) {
			temp := t.TempDir()
			t.Setenv("TMPDIR", temp)
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			o, err := HoldOutput(out)
			if err != nil {
				t.Fatal(err)
			}
			err = c.site.BuildWhileGenerating(context.Background(), o, c.generate)
			o.Release()
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			for _, dir := range []string{temp, parent} {
				if left, _ := os.ReadDir(dir); len(left) > 0 {
					var names []string
					for _, e := range left {
						if e.Name() != ".public.lock" { // HoldOutput's, kept for the next build
							names = append(names, e.Name())
						}
					}
					if len(names) > 0 {
						t.Errorf("left in %s: %v", dir, names)
					}
				}
			}
		})
	}
}
