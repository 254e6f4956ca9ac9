// Package xlsxtest reads an XLSX file back with the standard library alone
// (archive/zip and encoding/xml), so that tests check a workbook with a reader other
// than the library that wrote it.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
)

// File is a workbook as stored.
type File struct {
	// Sheets are in the workbook's order.
	Sheets []Sheet
	// Parts are the raw bytes of every part of the package, by name.
	Parts map[string][]byte
}

// Sheet is one worksheet.
type Sheet struct {
	Name string
	// XML is the worksheet part as stored.
	XML []byte
	// Cells are by reference ("A1").
	Cells map[string]Cell
}

// Cell is one stored cell.
type Cell struct {
	// Type is the cell's t attribute: "" (a number), "s" (a shared string),
	// "inlineStr", "str", "b" or "e".
	Type string
	// Value is the cell's text: the number as stored, or the string (shared strings
	// looked up).
	Value string
}

// Sheet returns the sheet of that name, or nil.
func (f *File) Sheet(name string) *Sheet {
	for i := range f.Sheets {
		if f.Sheets[i].Name == name {
			return &f.Sheets[i]
		}
	}
	return nil
}

// Read reads an XLSX file.
func Read(data []byte) (*File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	f := &File{Parts: map[string][]byte{}}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		f.Parts[zf.Name] = b
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(f.Parts["xl/workbook.xml"], &book); err != nil {
		return nil, fmt.Errorf("xl/workbook.xml: %w", err)
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(f.Parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		target[r.ID] = path.Join("xl", r.Target)
	}
	var shared []string
	if b, ok := f.Parts["xl/sharedStrings.xml"]; ok {
		var sst struct {
			SI []struct {
				T string   `xml:"t"`
				R []string `xml:"r>t"`
			} `xml:"si"`
		}
		if err := xml.Unmarshal(b, &sst); err != nil {
			return nil, fmt.Errorf("xl/sharedStrings.xml: %w", err)
		}
		for _, si := range sst.SI {
			s := si.T
			for _, r := range si.R {
				s += r
			}
			shared = append(shared, s)
		}
	}
	for _, s := range book.Sheets {
		name := target[s.RID]
		raw, ok := f.Parts[name]
		if !ok {
			return nil, fmt.Errorf("sheet %q: no part %q", s.Name, name)
		}
		var ws struct {
			C []struct {
				R  string `xml:"r,attr"`
				T  string `xml:"t,attr"`
				V  string `xml:"v"`
				IS string `xml:"is>t"`
			} `xml:"sheetData>row>c"`
		}
		if err := xml.Unmarshal(raw, &ws); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sh := Sheet{Name: s.Name, XML: raw, Cells: map[string]Cell{}}
		for _, c := range ws.C {
			v := c.V
			switch c.T {
			case "s":
				i, err := strconv.Atoi(c.V)
				if err != nil || i < 0 || i >= len(shared) {
					return nil, fmt.Errorf("%s: cell %s: no shared string %q", name, c.R, c.V)
				}
				v = shared[i]
			case "inlineStr":
				v = c.IS
			}
			sh.Cells[c.R] = Cell{Type: c.T, Value: v}
		}
		f.Sheets = append(f.Sheets, sh)
	}
	return f, nil
}
