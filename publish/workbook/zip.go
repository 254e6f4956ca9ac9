package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
)

// sortedZip is the ZIP writer excelize writes the workbook with (File.SetZipWriter).
// It writes the parts in name order at Close: excelize writes streamed sheets in the
// order of a Go map, which changes from run to run; in name order the bytes depend on
// the content alone. Each part is compressed as it is written, on every core at once
// when it is long (the sheet of all measures of a national build is 100 MB of XML).
type sortedZip struct {
	w     io.Writer
	parts []*zipPart
	// rows are the tables' rows of data by the sheet part they go in, at the end of
	// its sheetData: excelize writes a table's sheet without them (writer.addRow).
	rows map[string]*rowsXML
}

// zipPart is one part of the package, compressed.
type zipPart struct {
	name string
	deflater
	// sheet is what excelize wrote of a sheet whose rows of data come apart, and
	// rows those rows: the part is compressed when it ends.
	sheet bytes.Buffer
	rows  *rowsXML
}

// Create starts a part. excelize writes each part whole before it starts the next.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finishLast(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name, rows: z.rows[name]}
	z.parts = append(z.parts, p)
	if p.rows != nil {
		return &p.sheet, nil
	}
	return &p.deflater, nil
}

// AddFS is part of excelize's ZipWriter; excelize does not call it when it writes.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("workbook: adding a file system to the workbook is not supported")
}

func (z *sortedZip) finishLast() error {
	if len(z.parts) == 0 {
		return nil
	}
	p := z.parts[len(z.parts)-1]
	if p.rows != nil {
		if err := p.spliceRows(); err != nil {
			return err
		}
	}
	return p.close()
}

// spliceRows compresses the sheet excelize wrote with the rows of data put at the
// end of its sheetData.
func (p *zipPart) spliceRows() error {
	sheet := p.sheet.Bytes()
	end := bytes.LastIndex(sheet, []byte("</sheetData>"))
	if end < 0 {
		return fmt.Errorf("workbook: %s has no sheetData to put the rows of its table in", p.name)
	}
	if _, err := p.deflater.Write(sheet[:end]); err != nil {
		return err
	}
	if err := p.rows.writeTo(&p.deflater); err != nil {
		return err
	}
	if _, err := p.deflater.Write(sheet[end:]); err != nil {
		return err
	}
	p.sheet, p.rows = bytes.Buffer{}, nil
	return nil
}

// Close writes the parts in name order ([Content_Types].xml first) and the ZIP's
// directory.
func (z *sortedZip) Close() error {
	if err := z.finishLast(); err != nil {
		return err
	}
	slices.SortFunc(z.parts, func(a, b *zipPart) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(z.w)
	for _, p := range z.parts {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(p.out.Len()), UncompressedSize64: p.size,
		})
		if err != nil {
			return err
		}
		if _, err := p.out.WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}

// chunkSize is how much of a part one compressor takes at a time: large beside the
// window, so that cutting the part into chunks hardly lengthens it (and few
// compressors are made), and small enough that several chunks in memory at once do
// not matter. Tests make it smaller.
var chunkSize = 4 << 20

const (
	// window is how far back deflate looks for a match.
	window = 32 << 10
	// level is klauspost/compress's level that makes the national workbook as small
	// as archive/zip's own Deflate, which excelize used, made it (7.51 MB against
	// 7.52 for the sheet of all measures), in less than half the time (0.27 s
	// against 0.62 on one core); the standard library's BestSpeed made it a fifth
	// larger.
	level = 6
)

// deflater compresses a part as pigz does: in chunks, several at once. Each chunk is
// compressed on its own, with the window before it as its dictionary, and ends on a
// byte boundary (a sync flush), so that the chunks joined are one deflate stream, of
// nearly the size one compressor would make. The chunks are fixed, so the bytes are
// the same however the work falls across the cores.
//
// A chunk is handed to a compressor of its own as soon as it is whole, and Write goes
// on taking the part meanwhile: waiting for a batch of chunks before taking more left
// a core idle for a third of the national workbook's sheet of all measures.
type deflater struct {
	out  bytes.Buffer // compressed, once close has joined the chunks
	crc  uint32
	size uint64
	// buf is input not yet handed to a compressor, and dict the window before it.
	buf  []byte
	dict []byte
	// chunks are being compressed or are, in order.
	chunks []*chunk
}

// chunk is one chunk's compression: out once done is closed.
type chunk struct {
	out  bytes.Buffer
	err  error
	done chan struct{}
}

// compressing bounds the chunks compressed at once, whichever parts they are of, to
// the cores Go runs on; a Write that would start one more waits for a place.
var compressing = make(chan struct{}, runtime.GOMAXPROCS(0))

// buffers are the chunks' memory, for the next chunks once compressed.
var buffers = sync.Pool{New: func() any { return make([]byte, 0, chunkSize) }}

// Write takes more of the part. It keeps a full chunk back until more follows, so
// that the last chunk, which ends the stream, is compressed at close.
func (d *deflater) Write(p []byte) (int, error) {
	d.crc = crc32.Update(d.crc, crc32.IEEETable, p)
	d.size += uint64(len(p))
	n := len(p)
	for len(p) > 0 {
		if len(d.buf) == chunkSize {
			d.start(false)
		}
		if d.buf == nil {
			d.buf = buffers.Get().([]byte)[:0]
		}
		k := min(len(p), chunkSize-len(d.buf))
		d.buf = append(d.buf, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// start hands buf to a compressor of its own, which ends the stream when final, and
// otherwise keeps the window at its end as the next chunk's dictionary.
func (d *deflater) start(final bool) {
	data, dict := d.buf, d.dict
	c := &chunk{done: make(chan struct{})}
	d.chunks = append(d.chunks, c)
	d.buf = nil
	if !final {
		d.dict = append([]byte(nil), tail(data)...)
	}
	compressing <- struct{}{}
	go func() {
		defer close(c.done)
		defer func() { <-compressing }()
		c.err = compress(&c.out, data, dict, final)
		if cap(data) == chunkSize {
			buffers.Put(data[:0])
		}
	}()
}

// close compresses what is left, ending the stream, joins the chunks in order, and
// lets go of all but the compressed part.
func (d *deflater) close() error {
	d.start(true)
	var errs []error
	for _, c := range d.chunks {
		<-c.done
		errs = append(errs, c.err)
		d.out.Write(c.out.Bytes())
	}
	d.buf, d.dict, d.chunks = nil, nil, nil
	return errors.Join(errs...)
}

// compress writes data compressed into out, primed with dict, ending the stream when
// final and on a byte boundary otherwise.
func compress(out *bytes.Buffer, data, dict []byte, final bool) error {
	fw, err := compressor(out, dict)
	if err != nil {
		return err
	}
	if _, err = fw.Write(data); err == nil && final {
		err = fw.Close()
	} else if err == nil {
		err = fw.Flush()
	}
	if len(dict) == 0 {
		compressors.Put(fw)
	}
	return err
}

// compressors are kept for reuse, as archive/zip keeps its own: a compressor is most
// of a megabyte, and a workbook has hundreds of parts, nearly all short. Only the
// first chunk of a part can use one: flate cannot reset a compressor to another
// dictionary.
var compressors = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, level) // level is valid
	return fw
}}

// compressor is a compressor writing to w, primed with dict.
func compressor(w io.Writer, dict []byte) (*flate.Writer, error) {
	if len(dict) > 0 {
		return flate.NewWriterDict(w, level, dict)
	}
	fw := compressors.Get().(*flate.Writer)
	fw.Reset(w)
	return fw, nil
}

// tail is the window at the end of b, or all of b when it is shorter.
func tail(b []byte) []byte { return b[max(0, len(b)-window):] }
