package publish

import (
	"io/fs"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
)

// compute is what `iaptpub build` does before it publishes: the pipeline's results of
// the export in dir, as the Results publish renders.
func compute(dir string, sources fs.FS, opts export.Options, priceYear string) (Results, *export.Report, error) {
	computed, report, err := pipeline.Compute(dir, sources, opts, priceYear)
	return Results{Results: computed}, report, err
}
