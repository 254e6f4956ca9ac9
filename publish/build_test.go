package publish

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub"
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
