package export

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Mapping says how a service's own export differs from the data contract: its file
// names, its column headers and the labels it writes for codes. A mapped file, header
// or value is read as if the export used the contract's; every message still names
// the export's own file and header, so the analyst can find the row.
//
// It is configuration, not code (as dbt maps a messy source onto a model), so that a
// service whose case-management system writes "Referral ID" and "DNA" need not rewrite
// its export every month. The file is TOML, every part optional:
//
//	[referrals]
//	file = "Referrals Export.csv"
//	[referrals.columns]
//	ServiceRequestId = "Referral ID"
//	[care_contacts.values.AttendOrDNACode]
//	"5" = ["Attended", "Attended on time"]
//	"3" = ["DNA", "Did not attend"]
//
// A nil *Mapping maps nothing.
type Mapping struct {
	name   string                   // the mapping file, for messages
	tables map[string]*tableMapping // by contract file name (referrals.csv)
}

// tableMapping is the mapping of one contract file.
type tableMapping struct {
	table   string            // the mapping's table name (referrals), for messages
	file    string            // the export's file name; "" means the contract's
	columns map[string]string // contract column → the export's header
	// values maps, per contract column, the export's value (trimmed, lower case)
	// to the contract's code.
	values map[string]map[string]string
}

// mappingTables are the mapping file's tables: the contract file names without ".csv".
var mappingTables = map[string]*tableSpec{
	"referrals":             referralsSpec,
	"care_contacts":         contactsSpec,
	"assessments":           assessmentsSpec,
	"presenting_complaints": complaintsSpec,
	"long_term_conditions":  conditionsSpec,
	"utilisation":           useSpec,
}

// mappingFile is the TOML shape of one table of the mapping file.
type mappingFile struct {
	File    string                         `toml:"file"`
	Columns map[string]string              `toml:"columns"`
	Values  map[string]map[string][]string `toml:"values"`
}

// ParseMapping reads a mapping file's bytes; name (its path) is used in messages.
// Every refusal names the file, the line and what to write instead.
func ParseMapping(name string, data []byte) (*Mapping, error) {
	var raw map[string]mappingFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	at := func(key ...string) string {
		if n := keyLine(data, key); n > 0 {
			return fmt.Sprintf("%s:%d", name, n)
		}
		return name
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		k := keys[0][:min(2, len(keys[0]))] // [table, key]: what follows the key is not read
		return nil, fmt.Errorf("%s: unknown key %q; a table of the mapping has only file, columns and values",
			at(k...), k.String())
	}
	m := &Mapping{name: name, tables: make(map[string]*tableMapping, len(raw))}
	for _, table := range slices.Sorted(maps.Keys(raw)) {
		spec, ok := mappingTables[table]
		if !ok {
			return nil, fmt.Errorf("%s: unknown table [%s]; the tables are the contract's files: %s",
				at(table), table, strings.Join(slices.Sorted(maps.Keys(mappingTables)), ", "))
		}
		f := raw[table]
		tm := &tableMapping{table: table, file: strings.TrimSpace(f.File), columns: f.Columns,
			values: make(map[string]map[string]string, len(f.Values))}
		if md.IsDefined(table, "file") && tm.file == "" {
			return nil, fmt.Errorf("%s: [%s] file is empty; give the name of the export's file, or leave the key out", at(table, "file"), table)
		}
		if strings.ContainsAny(tm.file, `/\`) || tm.file == "." || tm.file == ".." {
			return nil, fmt.Errorf("%s: [%s] file = %q: give the name of a file in the export folder (--input), not a path",
				at(table, "file"), table, tm.file)
		}
		headers := make(map[string]string, len(f.Columns))
		for _, col := range slices.Sorted(maps.Keys(f.Columns)) {
			h := f.Columns[col]
			if !slices.Contains(spec.columns, col) {
				return nil, fmt.Errorf("%s: [%s.columns] %s is not a column of %s; its columns are %s",
					at(table, "columns", col), table, col, spec.file, strings.Join(spec.columns, ", "))
			}
			if strings.TrimSpace(h) == "" {
				return nil, fmt.Errorf("%s: [%s.columns] %s is empty; give the export's header for it, or leave the key out",
					at(table, "columns", col), table, col)
			}
			if other, dup := headers[h]; dup {
				return nil, fmt.Errorf("%s: [%s.columns] %s and %s are both %q; one header can be one column only",
					at(table, "columns", col), table, other, col, h)
			}
			headers[h] = col
		}
		for _, col := range slices.Sorted(maps.Keys(f.Values)) {
			if !slices.Contains(spec.codes, col) {
				return nil, fmt.Errorf("%s: [%s.values.%s]: values can be mapped only for the code columns of %s: %s",
					at(table, "values", col), table, col, spec.file, strings.Join(spec.codes, ", "))
			}
			vm := make(map[string]string)
			for _, code := range slices.Sorted(maps.Keys(f.Values[col])) {
				for _, v := range f.Values[col][code] {
					key := valueKey(v)
					if other, dup := vm[key]; dup && other != code {
						return nil, fmt.Errorf("%s: [%s.values.%s] %q is given for both %q and %q; a value can stand for one code only",
							at(table, "values", col, code), table, col, v, other, code)
					}
					vm[key] = code
				}
			}
			tm.values[col] = vm
		}
		m.tables[spec.file] = tm
	}
	return m, nil
}

// valueKey is how an export's value is matched against a mapping's: trimmed, and
// without regard to capitals ("DNA" and "dna" are one label).
func valueKey(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

// keyLine finds the first line of the mapping file on which a key is set or a table
// opened, or a key or table under it, for messages; 0 when not found. The TOML decoder does not report where a key it
// accepted stands, and a refused key is named most usefully by its line. It reads the
// file as the mapping is written (one key or table header a line); a key it cannot
// find is named without a line.
func keyLine(data []byte, key []string) int {
	want := strings.Join(key, "\x00")
	table := []string(nil)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		var path []string
		switch {
		case strings.HasPrefix(line, "["):
			end := strings.Index(line, "]")
			if end < 0 {
				continue
			}
			table = splitKey(line[1:end])
			path = table
		case strings.Contains(line, "="):
			path = append(slices.Clone(table), splitKey(line[:strings.Index(line, "=")])...)
		default:
			continue
		}
		if p := strings.Join(path, "\x00"); p == want || strings.HasPrefix(p, want+"\x00") {
			return n
		}
	}
	return 0
}

// splitKey splits a TOML dotted key ("care_contacts.values.AttendOrDNACode",
// `"5"`) into its parts, unquoting quoted ones.
func splitKey(s string) []string {
	var parts []string
	for s = strings.TrimSpace(s); s != ""; {
		var part string
		if s[0] == '"' || s[0] == '\'' {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return nil
			}
			part = s[1 : end+1]
			if s[0] == '"' {
				if u, err := strconv.Unquote(s[:end+2]); err == nil {
					part = u
				}
			}
			s = strings.TrimSpace(s[end+2:])
		} else {
			end := strings.IndexByte(s, '.')
			if end < 0 {
				end = len(s)
			}
			part, s = strings.TrimSpace(s[:end]), s[end:]
		}
		parts = append(parts, part)
		s = strings.TrimSpace(strings.TrimPrefix(s, "."))
	}
	return parts
}

// Name is the mapping file's path, as given.
func (m *Mapping) Name() string {
	if m == nil {
		return ""
	}
	return m.name
}

// table is the mapping of a contract file; nil when there is none.
func (m *Mapping) table(file string) *tableMapping {
	if m == nil {
		return nil
	}
	return m.tables[file]
}

// File is the name of the export's file that holds the contract file: the mapped
// name, or the contract's own.
func (m *Mapping) File(contractFile string) string {
	if tm := m.table(contractFile); tm != nil && tm.file != "" {
		return tm.file
	}
	return contractFile
}

// Table is one file of the data contract as a mapping names it, for tools that work on
// an export's shape (iaptpub init drafts a mapping from one).
type Table struct {
	Name     string   // the mapping's table name: referrals, care_contacts, …
	File     string   // the contract's file name: referrals.csv, …
	Columns  []string // in the contract's order
	Required []string
	Codes    []string // the columns holding codes, whose values a mapping may map
}

// Contract returns the tables of the data contract, in the order they are read.
func Contract() []Table {
	byFile := make(map[string]string, len(mappingTables))
	for name, spec := range mappingTables {
		byFile[spec.file] = name
	}
	var out []Table
	for _, file := range fileOrder {
		name := byFile[file]
		spec := mappingTables[name]
		out = append(out, Table{Name: name, File: file, Columns: slices.Clone(spec.columns),
			Required: slices.Clone(spec.required), Codes: slices.Clone(spec.codes)})
	}
	return out
}
