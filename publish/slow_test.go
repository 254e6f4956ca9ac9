package publish

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// slow skips t under `go test -short`. Every test that builds a site with Hugo, starts
// Chromium or interrupts a build calls it first, so that the quick run stays under a
// minute and the rule is one grep away (`grep -rn 'slow(t' .`); `make test` runs them
// all. why names what the test needs.
func slow(t *testing.T, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip(why + ": make test runs it")
	}
}

// slowCalls are the helpers of this package's tests that take seconds: the shared
// demonstration site, a browser, the program built to be signalled. A Build method
// (Site.Build runs Hugo) counts too, and so does any function that calls one of them.
var slowCalls = []string{"demoOutput", "startChromium", "iaptpubBinary"}

// Every test of the package that builds a site, starts Chromium or runs the program,
// directly or through a helper, begins with slow(t, why): a new test that forgets would
// make `go test -short` slow again without anyone noticing.
func TestSlowTestsBeginWithSlow(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*ast.FuncDecl{}
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil {
				funcs[fd.Name.Name] = fd
			}
		}
	}
	isSlow := map[string]bool{}
	for _, name := range slowCalls {
		isSlow[name] = true
	}
	callsSlow := func(fd *ast.FuncDecl) (found bool) {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					found = found || isSlow[fn.Name]
				case *ast.SelectorExpr:
					found = found || fn.Sel.Name == "Build"
				}
			}
			return !found
		})
		return found
	}
	for changed := true; changed; {
		changed = false
		for name, fd := range funcs {
			if !isSlow[name] && callsSlow(fd) {
				isSlow[name], changed = true, true
			}
		}
	}
	checked := 0
	for name, fd := range funcs {
		if !strings.HasPrefix(name, "Test") || !isSlow[name] {
			continue
		}
		checked++
		if !beginsWithSlow(fd) {
			t.Errorf("%s: %s builds a site, starts Chromium or runs the program: begin it with slow(t, why)", fset.Position(fd.Pos()), name)
		}
	}
	if checked < 10 {
		t.Fatalf("found %d slow tests among %d functions in %d files: the check missed them", checked, len(funcs), len(names))
	}
}

// beginsWithSlow reports whether the first statement of fd is a call of slow.
func beginsWithSlow(fd *ast.FuncDecl) bool {
	if len(fd.Body.List) == 0 {
		return false
	}
	stmt, ok := fd.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := stmt.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := call.Fun.(*ast.Ident)
	return ok && fn.Name == "slow"
}
