package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iaptpub/iaptpub"
)

// serve builds the demonstration site with a service's own copy of the sources, answers
// on its port, builds again when a content file changes, keeps the last good site while
// a build fails, and leaves nothing behind when it stops. Each build of the
// demonstration takes half a minute or more, hence the long waits.
func TestServeRebuildsWhenAContentFileChanges(t *testing.T) {
	slow(t, "builds the demonstration site with Hugo, twice")
	site := filepath.Join(t.TempDir(), "my site")
	if err := os.CopyFS(site, iaptpub.Sources); err != nil {
		t.Fatal(err)
	}
	// Every temporary folder that serve and the builds it runs make is made here, so
	// that the test can see them all gone when serve stops.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stderr lockedBuffer
	root := newRootCmd()
	root.SetOut(io.Discard)
	root.SetErr(&stderr)
	root.SetArgs([]string{"serve", "--site", site, "--no-pdf", "--port", "0"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

	address := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/`)
	var home string
	waitFor(t, "serve to print its address", 30*time.Second, &stderr, func() bool {
		home = address.FindString(stderr.String())
		return home != ""
	})

	const before, after = "Feeling low, worried or stressed?", "Changed while serving: feeling low?"
	waitFor(t, "the first build", 5*time.Minute, &stderr, func() bool {
		status, body := get(t, home)
		return status == http.StatusOK && strings.Contains(body, before)
	})

	index := filepath.Join(site, "content", "_index.md")
	edit(t, index, before, after)
	waitFor(t, "the build after the change", 5*time.Minute, &stderr, func() bool {
		_, body := get(t, home)
		return strings.Contains(body, after)
	})

	// Front matter that is not TOML fails the build: the changed site is still served.
	if err := os.WriteFile(index, []byte("+++\ntitle =\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the failed build to be reported", 5*time.Minute, &stderr, func() bool {
		return strings.Contains(stderr.String(), "the build failed; still serving the last good site")
	})
	if status, body := get(t, home); status != http.StatusOK || !strings.Contains(body, after) {
		t.Errorf("after a failed build, GET %s: status %d, want 200 and the last good page", home, status)
	}

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("serve did not stop within 2 minutes of being told to\n%s", stderr.String())
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("serve left %d temporary folders, first %s", len(left), left[0].Name())
	}
	if _, err := http.Get(home); err == nil {
		t.Errorf("%s still answers after serve stopped", home)
	}
}

// waitFor polls done every half second until it is true, and fails the test with
// serve's output when timeout passes first.
func waitFor(t *testing.T, what string, timeout time.Duration, stderr *lockedBuffer, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !done(); time.Sleep(500 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s; serve printed:\n%s", timeout, what, stderr.String())
		}
	}
}

// get returns the status and body of url, or status 0 when nothing answers.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// edit replaces old with new in the file, which must hold old.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lockedBuffer is a buffer that serve writes to while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A site whose site.base_url has a path is served below that path, as on its web host,
// so that its links work in the preview; the root leads there. Before the first build
// succeeds, every page says why there is nothing to see yet.
func TestServeBelowTheBasePath(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "service.toml")
	if err := os.WriteFile(config, []byte("[service]\nname = \"Test service\"\n[site]\npublished = \"2025-06-12\"\nbase_url = \"https://talk.example.org/therapies\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	flags := newServeCmd().Flags()
	if err := flags.Set("config", config); err != nil {
		t.Fatal(err)
	}
	p := &preview{dir: dir, flags: flags}
	base, err := p.configBasePath()
	if err != nil || base != "/therapies/" {
		t.Fatalf("base path %q, %v; want /therapies/", base, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("the home page"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		built      bool
		failure    string
		path       string
		wantStatus int
		wantBody   string
	}{
		{false, "", "/therapies/", http.StatusServiceUnavailable, "The site is being built"},
		{false, "hugo: a broken template", "/therapies/", http.StatusServiceUnavailable, "hugo: a broken template"},
		{true, "", "/therapies/", http.StatusOK, "the home page"},
		{true, "", "/", http.StatusFound, ""},
		{true, "", "/elsewhere/", http.StatusNotFound, ""},
	} {
		p.built, p.basePath, p.failure = c.built, base, c.failure
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.path, nil))
		if rec.Code != c.wantStatus || !strings.Contains(rec.Body.String(), c.wantBody) {
			t.Errorf("built %v, GET %s: %d %q; want %d and %q", c.built, c.path, rec.Code, rec.Body.String(), c.wantStatus, c.wantBody)
		}
		if c.wantStatus == http.StatusFound && rec.Header().Get("Location") != "/therapies/" {
			t.Errorf("GET / leads to %q, want /therapies/", rec.Header().Get("Location"))
		}
	}
}
