package iaptpub_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// make test runs the suite through scripts/test-leaves-no-temp.sh, which must fail when
// the command leaves anything in $TMPDIR and say what, pass on a command that leaves
// nothing, keep a failing command's exit status, and remove its own folder each time.
func TestLeavesNoTempCanFail(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, c := range []struct {
		name   string
		script string
		status int
		say    string
	}{
		{"leaves a folder", `mkdir "$TMPDIR/iaptpub-demo-site-1"`, 1, "./iaptpub-demo-site-1"},
		{"leaves a file", `touch "$TMPDIR/.hidden"`, 1, "./.hidden"},
		{"leaves nothing", `mkdir "$TMPDIR/x" && rmdir "$TMPDIR/x"`, 0, "left $TMPDIR empty"},
		{"fails, leaving nothing", `exit 3`, 3, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := exec.Command("scripts/test-leaves-no-temp.sh", "sh", "-c", c.script).CombinedOutput()
			status := 0
			if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
				status = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != c.status || !strings.Contains(string(out), c.say) {
				t.Errorf("exit status %d, output:\n%s\nwant status %d and %q", status, out, c.status, c.say)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("the script left its own folder %s", left[0].Name())
			}
		})
	}
}
