package publish

import (
	"path/filepath"
	"slices"
	"testing"
)

// On a Mac or a Windows desktop, where browsers are rarely on PATH, the PDFs are
// printed with Chrome or Edge from where they install themselves.
func TestInstalledBrowsers(t *testing.T) {
	env := map[string]string{`ProgramFiles`: `C:\Program Files`, `ProgramFiles(x86)`: `C:\Program Files (x86)`}
	windows := installedBrowsers("windows", func(k string) string { return env[k] })
	for _, want := range []string{
		filepath.Join(`C:\Program Files`, "Google", "Chrome", "Application", "chrome.exe"),
		filepath.Join(`C:\Program Files (x86)`, "Microsoft", "Edge", "Application", "msedge.exe"),
	} {
		if !slices.Contains(windows, want) {
			t.Errorf("Windows: %q not among %q", want, windows)
		}
	}
	if len(windows) != 4 {
		t.Errorf("Windows: %d places, want 4 (no LocalAppData given, so none below it)", len(windows))
	}
	mac := installedBrowsers("darwin", nil)
	if len(mac) == 0 || mac[0] != "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" {
		t.Errorf("Mac: %q, want Chrome first", mac)
	}
	if got := installedBrowsers("linux", nil); got != nil {
		t.Errorf("Linux: %q, want none (Chromium is on PATH)", got)
	}
}
