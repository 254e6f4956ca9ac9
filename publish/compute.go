package publish

import "github.com/iaptpub/iaptpub/evaluation/export"

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
