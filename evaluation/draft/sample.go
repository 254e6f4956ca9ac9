package draft

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// SampleRows is how many rows of each file are sampled: enough to tell dates from
// codes, few enough that init is instant on a national export.
const SampleRows = 100

// File is a sample of one CSV file of an export.
type File struct {
	Name    string
	Headers []string
	Values  [][]string // per header, its non-empty values in the sampled rows
}

// Sample reads the header and the first SampleRows rows of every CSV file in dir.
func Sample(dir string) ([]File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the export folder: %w", err)
	}
	var files []File
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		f, err := sampleFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no .csv files; --input names the folder of the export's CSV files", dir)
	}
	return files, nil
}

func sampleFile(path string) (File, error) {
	f := File{Name: filepath.Base(path)}
	fh, err := os.Open(path)
	if err != nil {
		return f, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, 4<<20)) // the sampled rows are in the first few MB
	if err != nil {
		return f, fmt.Errorf("reading %s: %w", path, err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return f, fmt.Errorf("%s: cannot read the header row: %w", path, err)
	}
	f.Headers = slices.Clone(header)
	f.Values = make([][]string, len(header))
	for range SampleRows {
		row, err := r.Read()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			continue // a row a sample can do without; validate will report it
		}
		for i, v := range row {
			if i < len(header) && strings.TrimSpace(v) != "" {
				f.Values[i] = append(f.Values[i], v)
			}
		}
	}
	return f, nil
}
