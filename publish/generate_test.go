package publish

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// Generating while the cost evaluation is still being computed (r.Costs nil) makes
// the files Generate makes from the finished evaluation, byte for byte, waiting for it
// once; and although the cost page is made after the pages that follow it, its charts
// keep their place among the downloads (and so among the workbook's tables, which
// come from the same list): after the waits', before the workforce's.
func TestGenerateWhileCostingIsGenerate(t *testing.T) {
	exportDir := filepath.Join(t.TempDir(), "export")
	if _, err := synth.Generate(exportDir, synth.Options{Referrals: 400, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	computing, _, err := pipeline.Start(exportDir, iaptpub.Sources, export.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if computing.Results.Costs != nil {
		t.Fatal("Start filled in the cost evaluation: it should still be running")
	}
	results := Results{Results: computing.Results, Config: demoSite(t).Config}
	waits := 0
	pending, err := GenerateWhileCosting(results, func() (*pipeline.CostEvaluation, error) {
		waits++
		return computing.Costs()
	})
	if err != nil {
		t.Fatal(err)
	}
	if waits != 1 {
		t.Errorf("the cost evaluation was waited for %d times, want once", waits)
	}
	if results.Costs, err = computing.Costs(); err != nil || results.Costs.Report == nil {
		t.Fatalf("cost evaluation %+v, %v: want one with a report", results.Costs, err)
	}
	whole, err := Generate(results)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range whole {
		if !bytes.Equal(pending[name], data) {
			t.Errorf("%s differs when the costs come last", name)
		}
	}
	for name := range pending {
		if _, ok := whole[name]; !ok {
			t.Errorf("%s made only when the costs come last", name)
		}
	}
	list := string(whole["data/iaptpub/downloads.json"])
	costs, workforce := strings.Index(list, `"/evaluation/costs/"`), strings.Index(list, `"/evaluation/workforce/"`)
	if costs < 0 || workforce < 0 || costs > workforce {
		t.Errorf("downloads list the cost page at %d and the workforce page at %d: want both, costs first", costs, workforce)
	}
}
