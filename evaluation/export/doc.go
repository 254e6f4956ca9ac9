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
// The files are parsed by encoding/csv (RFC 4180) behind a reader that checks UTF-8,
// drops a byte-order mark, caps the size of a row and keeps the physical line of every
// row, on a goroutine of its own so that a read uses two cores. gocsv reads the header;
// each row's fields are copied by column position into a raw row of strings, which this
// package then checks one field at a time so that an error can name its column.
// (gocsv's own row decoding, through reflection, allocated once per field and was the
// largest cost at national scale.)
package export
