package publish

import (
	"fmt"
	"io/fs"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/export"
	"github.com/iaptpub/iaptpub/evaluation/measure"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/reference"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

// Compute reads the export in dir and computes everything the site publishes, with
// the reference data and disclosure rules of sources, every pound at priceYear ("" for
// prices.DefaultYear). The report says what was read and what was left out.
func Compute(dir string, sources fs.FS, opts export.Options, priceYear string) (Results, *export.Report, error) {
	if priceYear == "" {
		priceYear = prices.DefaultYear
	}
	ref, rules, err := LoadReference(sources)
	if err != nil {
		return Results{}, nil, err
	}
	// A wrong price year fails before the export is read.
	index, err := prices.Load(sources, prices.File)
	if err != nil {
		return Results{}, nil, err
	}
	if err := index.Check(priceYear); err != nil {
		return Results{}, nil, fmt.Errorf("evaluation.price_year: %w", err)
	}
	r, err := export.Open(dir, ref.Instruments, opts)
	if err != nil {
		return Results{}, nil, err
	}
	res, err := measure.Compute(r, ref, measure.Options{Progress: opts.Progress})
	if err != nil {
		return Results{}, r.Report(), fmt.Errorf("computing the measures of %s: %w", dir, err)
	}
	report := r.Report()
	ev, use, err := computeCosts(dir, sources, ref, opts, index, priceYear)
	if use != nil {
		report.Files = append(report.Files, *use)
	}
	if err != nil {
		return Results{}, report, err
	}
	// The workforce figures read the referrals and contacts once more, on their own
	// reader, like the cost evaluation.
	wr, err := export.Open(dir, ref.Instruments, opts)
	if err != nil {
		return Results{}, report, err
	}
	delivered, err := workforce.FromExport(wr, ref)
	if err != nil {
		return Results{}, report, fmt.Errorf("the workforce figures of %s: %w", dir, err)
	}
	return Results{Measures: res, Reference: ref, Rules: rules, Sources: sources, Costs: ev,
		Prices: index, PriceYear: priceYear, Workforce: delivered}, report, nil
}

// LeftOut is a file of which more than the allowed share was left out, published
// anyway (build --allow-partial). The methodology page says so. Only the share is
// published: the report's counts and examples are for the analyst.
type LeftOut struct {
	File    string `json:"file"`
	Percent string `json:"percent"` // of the file's lines, "2.5%"
}

// OverLeftOut lists the files of rep of which more than max (a share) was left out.
func OverLeftOut(rep *export.Report, max float64) []LeftOut {
	var out []LeftOut
	for _, f := range rep.OverLeftOut(max) {
		out = append(out, LeftOut{File: f.File, Percent: export.Percent(f.LeftOutShare())})
	}
	return out
}

// LoadReference reads the reference data and the disclosure rules of sources: what
// every command that reads an export needs first.
func LoadReference(sources fs.FS) (*reference.Data, disclosure.Rules, error) {
	ref, err := reference.Load(sources)
	if err != nil {
		return nil, disclosure.Rules{}, fmt.Errorf("reading the reference data: %w", err)
	}
	rules, err := disclosure.Load(sources)
	if err != nil {
		return nil, disclosure.Rules{}, fmt.Errorf("reading the disclosure rules: %w", err)
	}
	return ref, rules, nil
}
