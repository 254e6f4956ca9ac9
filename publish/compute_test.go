package publish

import (
	"io/fs"

	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/pipeline"
)

// compute is what `iaptpub build` computes before it publishes: the pipeline's
// results of the export in dir, the cost evaluation included, as the Results publish
// renders.
func compute(dir string, sources fs.FS, opts export.Options, priceYear string) (Results, *export.Report, error) {
	c, report, err := pipeline.Start(dir, sources, opts, priceYear)
	if err != nil {
		return Results{}, report, err
	}
	if _, err := c.Costs(); err != nil {
		return Results{}, report, err
	}
	return Results{Results: c.Results}, report, nil
}
