// Package export reads a service's CSV export as the data contract describes
// (shared/spec/data-contract.md): five tables and the optional utilisation.csv, streamed
// row by row, every row checked, and every row that fails a check counted and reported by
// file, physical line and column rather than dropped silently.
package export
