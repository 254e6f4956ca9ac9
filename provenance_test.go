package iaptpub_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/costs"
	"github.com/iaptpub/iaptpub/evaluation/prices"
	"github.com/iaptpub/iaptpub/evaluation/workforce"
)

// provenance lists what a commissioner could not trace in the reference data of fsys:
// a unit cost, index or workforce assumption with no source, a unit cost with no price
// year or reliability, and any file in data/ that says its figures are "from memory".
func provenance(fsys fs.FS) []string {
	var problems []string
	fail := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	err := fs.WalkDir(fsys, "data", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if strings.Contains(strings.ToLower(string(data)), "from memory") {
			fail("%s: says \"from memory\": every figure needs a source a reader can check", name)
		}
		return nil
	})
	if err != nil {
		fail("reading data/: %v", err)
	}
	// ParseUnitCosts refuses a row with no source, or a cost with no price year.
	unit, err := costs.LoadUnitCosts(fsys, costs.UnitCostsFile)
	if err != nil {
		fail("%v", err)
	}
	for _, c := range unit {
		if c.Reliability == "" {
			fail("%s: %s: no Reliability", costs.UnitCostsFile, c.Item)
		}
	}
	if _, err := costs.LoadAliases(fsys, costs.AliasesFile); err != nil {
		fail("%v", err)
	}
	if _, err := prices.Load(fsys, prices.File); err != nil {
		fail("%v", err)
	}
	scenarios, err := workforce.LoadAll(fsys, "data/workforce")
	if err != nil {
		fail("%v", err)
	}
	for _, s := range scenarios {
		for _, a := range workforce.Compute(s, nil).Assumptions {
			if a.Source == "" && !a.NotUsed {
				fail("%s: %s has no source", s.File, a.Key)
			}
		}
	}
	return problems
}

// Every reference value the cost and workforce reports use carries its source.
func TestProvenance(t *testing.T) {
	for _, p := range provenance(iaptpub.Sources) {
		t.Error(p)
	}
}

// The check fails on each kind of untraceable value: a copy of the shipped data with one
// thing taken away must be caught.
func TestProvenanceCanFail(t *testing.T) {
	shipped := fstest.MapFS{}
	err := fs.WalkDir(iaptpub.Sources, "data", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(iaptpub.Sources, name)
		shipped[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const ae = `ae_attendance,"A&E attendance (emergency care), national average over all emergency care attendances",273,2023/24,`
	for _, c := range []struct {
		name, file, old, new, want string
	}{
		{"a unit cost with no source", costs.UnitCostsFile,
			ae + `"NHS England, National Cost Collection 2023/24, as printed in PSSRU Unit Costs of Health and Social Care 2024 Manual, Table 6.1.1 Unit costs for hospital services: Emergency care"`,
			ae + `""`, "column Source: missing value"},
		{"a unit cost with no price year", costs.UnitCostsFile, ae, strings.Replace(ae, "2023/24", "", 1),
			"column PriceYear: missing value"},
		{"a unit cost with no reliability", costs.UnitCostsFile, `Emergency care",PRIMARY`, `Emergency care",`,
			"ae_attendance: no Reliability"},
		{"an index with no source", prices.File, "\nsource = ", "\n# source = ", `key "source": missing`},
		{"a workforce assumption with no source", "data/workforce/01-outline-business-case.toml",
			"\nworking_days = \"PSSRU", "\n# working_days = \"PSSRU", "working_days has no source"},
		{"from memory", "data/workforce/02-lower-contact-alternative.toml", "\nname = ", "\n# Salaries entered from memory.\nname = ",
			`says "from memory"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			changed := fstest.MapFS{}
			for k, v := range shipped {
				changed[k] = v
			}
			text := string(shipped[c.file].Data)
			if !strings.Contains(text, c.old) {
				t.Fatalf("%s does not hold %q", c.file, c.old)
			}
			changed[c.file] = &fstest.MapFile{Data: []byte(strings.Replace(text, c.old, c.new, 1))}
			problems := strings.Join(provenance(changed), "\n")
			if !strings.Contains(problems, c.want) {
				t.Errorf("not caught: want %q among\n%s", c.want, problems)
			}
		})
	}
}
