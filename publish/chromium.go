package publish

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds a Chromium to print leaflets with: $IAPTPUB_CHROMIUM when set,
// otherwise the first of the usual names on PATH, otherwise where Chrome, Edge or
// Chromium install themselves on a Mac or a Windows desktop (which rarely put a browser
// on PATH).
func ChromiumPath() (string, bool) {
	if p := os.Getenv("IAPTPUB_CHROMIUM"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	for _, p := range installedBrowsers(runtime.GOOS, os.Getenv) {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// installedBrowsers lists, in order of preference, where Chrome, Chromium and Edge
// install themselves on goos; getenv gives the Windows folders.
func installedBrowsers(goos string, getenv func(string) string) []string {
	switch goos {
	case "darwin":
		return []string{
			"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
			"/Applications/Chromium.app/Contents/MacOS/Chromium",
			"/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
		}
	case "windows":
		var paths []string
		for _, root := range []string{getenv("ProgramFiles"), getenv("ProgramFiles(x86)"), getenv("LocalAppData")} {
			if root == "" {
				continue
			}
			paths = append(paths,
				filepath.Join(root, "Google", "Chrome", "Application", "chrome.exe"),
				filepath.Join(root, "Microsoft", "Edge", "Application", "msedge.exe"),
			)
		}
		return paths
	}
	return nil
}

// startChromium starts a headless Chromium for the life of ctx. The flags keep it from
// reaching for the network on its own (updates, sync, metrics), which a build machine
// may not have and a privacy-minded one must not.
func startChromium(ctx context.Context, path string) (context.Context, context.CancelFunc, error) {
	profile, err := MakeTempDir("chromium")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile.Path),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Pages are served from this machine. Any other host fails to resolve, so a
		// page that asks another host for anything shows it as a console error.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	return bctx, func() {
		cancelBrowser()
		cancelAlloc()
		removeSingletonDir(profile.Path)
		profile.Remove()
	}, nil
}
