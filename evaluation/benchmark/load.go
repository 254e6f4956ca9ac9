package benchmark

import (
	"fmt"
	"io/fs"
)

// Shipped is the national annual publication the site sources ship with: the
// benchmarking page compares the service with it unless --benchmark or
// site.benchmark names another file.
const Shipped = "data/benchmarks/nhs-talking-therapies-annual-2024-25.csv"

// Load reads the national annual publication at file, or, when file is "", Shipped
// from the site sources. Its year comes from the file's name (YearFromName) and is ""
// when the name does not say. Errors name the file, and for a file that cannot be read
// as the publication, the line and column.
func Load(sources fs.FS, file string) (*Publication, error) {
	if file != "" {
		return ReadFile(file)
	}
	f, err := sources.Open(Shipped)
	if err != nil {
		return nil, fmt.Errorf("reading the national publication the site sources ship with: %w (give one with --benchmark FILE or site.benchmark)", err)
	}
	defer f.Close()
	p, err := Read(f, Shipped)
	if err != nil {
		return nil, err
	}
	p.Year, _ = YearFromName(Shipped)
	return p, nil
}
