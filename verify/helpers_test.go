package verify

import (
	"bytes"
	"context"
	"io"

	"github.com/gostverify/gostverify/cms"
)

// File verifies one signature file in a run of its own: the tests'
// shorthand for New(opts).Verify. content is the detached document (nil
// when the signature carries it), named contentName.
func File(name string, data []byte, contentName string, content io.Reader, opts Options) (*Report, error) {
	return New(opts).Verify(context.Background(), Input{Name: name, Data: data, Document: readerDocument(contentName, content)})
}

// Signed is File for a signature already parsed.
func Signed(name string, sd *cms.SignedData, contentName string, content io.Reader, opts Options) (*Report, error) {
	return New(opts).Verify(context.Background(), Input{Name: name, Signed: sd, Document: readerDocument(contentName, content)})
}

// readerDocument is a Document read from r; nil for a nil r.
func readerDocument(name string, r io.Reader) *Document {
	if r == nil {
		return nil
	}
	return &Document{Name: name, Named: true, Open: func() (io.ReadCloser, error) { return io.NopCloser(r), nil }}
}

// bytesDocument is a Document holding b.
func bytesDocument(name string, b []byte) *Document {
	return readerDocument(name, bytes.NewReader(b))
}
