package publish

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium, once stopped, leaves nothing in $TMPDIR: neither its profile nor the
// org.chromium.Chromium.* folders it makes for itself, which every printed build would
// otherwise add to an analyst's temporary folder.
func TestChromiumLeavesNothingInTMPDIR(t *testing.T) {
	slow(t, "starts Chromium")
	chromium, ok := ChromiumPath()
	if !ok {
		t.Fatal("no Chromium found: install it (make browser-deps) — browser tests do not skip")
	}
	// Not t.TempDir(): its long name would make Chromium's socket path longer than a
	// Unix socket's 108 bytes, and Chromium would not start.
	tmp, err := os.MkdirTemp("", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bctx, stop, err := startChromium(ctx, chromium)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		stop()
		t.Fatal(err)
	}
	stop()
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left in $TMPDIR: %s", e.Name())
	}
}
