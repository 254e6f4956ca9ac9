// Package measure computes the published outcome measures of a talking-therapies
// service (shared spec: measures.md, sections 2, 3 and 7): the national M measures
// and iaptpub's own X measures, for every financial year, quarter and month, for each
// provider and all providers together, under every breakdown.
//
// Compute derives each referral's outcome (package outcome) and aggregates them into
// cells; a Result gives each measure's unrounded value (Raw), its published value under
// the disclosure rules (Raw.Controlled), and writes the long-format CSV (WriteCSV). The
// measure IDs, names and formulas are the national definitions and live in the code
// (catalogue.go); thresholds, codes and labels are reference data (package reference).
package measure
