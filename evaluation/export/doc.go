// Package export reads a service's CSV export as the data contract describes
// (shared/spec/data-contract.md): five tables and the optional utilisation.csv, streamed
// row by row, every row checked, and every row that fails a check counted and reported by
// file, physical line and column rather than dropped silently.
//
// Open a folder, read the referrals first (they build the index through which contacts,
// scores, complaints, conditions and healthcare use find their referral), then the other
// tables in any order. Report says what was read, accepted and left out, and why. Check
// does all of that for a data-quality report, adding how complete the export is.
//
// A file is read on every core: one goroutine splits it into batches (runs of lines
// without quotes as blocks of text; rows with quotes through encoding/csv, RFC 4180,
// behind a reader that checks UTF-8, drops a byte-order mark, caps the size of a row
// and keeps the physical line of every row), workers check the batches' rows field by
// field so that an error can name its column, and the calling goroutine applies the
// checked rows in file order (duplicates, the index, the report, the caller's
// function), so the answer does not depend on the number of cores. gocsv reads the
// header; rows are not decoded through its reflection, which allocated once per field
// and was the largest cost at national scale.
package export
