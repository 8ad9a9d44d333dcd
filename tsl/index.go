package tsl

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gostverify/gostverify/internal/diskcache"
)

// IndexFile is the name, in a cache directory, of the parsed list that
// StoreVerified keeps beside a verified list: the same CAs, in a form read
// about ten times faster than the XML, so that a run does not parse tens
// of megabytes each time. The mark holds its SHA-256; ReadStored takes it
// only when the mark matches both the list and the index.
const IndexFile = "tsl.index"

// indexFormat changes whenever the encoded structures do; an index of
// another format is ignored (the list is parsed).
const indexFormat = 1

// indexData is what IndexFile holds, gob-encoded.
type indexData struct {
	Format int
	Header Header
	CAs    []*CA
}

// encodeIndex is the index of a parsed list.
func encodeIndex(l *List) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(indexData{Format: indexFormat, Header: l.Header, CAs: l.CAs}); err != nil {
		return nil, fmt.Errorf("tsl: encoding the index of the list: %w", err)
	}
	return b.Bytes(), nil
}

// writeIndex stores the index of l in dir and returns its SHA-256.
func writeIndex(dir string, l *List) ([32]byte, error) {
	data, err := encodeIndex(l)
	if err != nil {
		return [32]byte{}, err
	}
	if err := diskcache.WriteFile(filepath.Join(dir, IndexFile), data); err != nil {
		return [32]byte{}, fmt.Errorf("tsl: storing the index of the list: %w", err)
	}
	return sha256.Sum256(data), nil
}

// removeIndex removes the index kept in dir, if any.
func removeIndex(dir string) error {
	if err := os.Remove(filepath.Join(dir, IndexFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("tsl: %w", err)
	}
	return nil
}

// readIndex reads the index kept in dir when its SHA-256 is sum, and
// returns the list it holds (without Signature). Any difference (no file,
// other bytes, another format, a header other than want) is an error: the
// caller parses the list instead.
func readIndex(dir string, sum [32]byte, want Header, limits Limits) (*List, error) {
	name := filepath.Join(dir, IndexFile)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	if sha256.Sum256(data) != sum {
		return nil, fmt.Errorf("tsl: %s is not the index the mark names", name)
	}
	var d indexData
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&d); err != nil {
		return nil, fmt.Errorf("tsl: %s: %w", name, err)
	}
	if d.Format != indexFormat {
		return nil, fmt.Errorf("tsl: %s: format %d, want %d", name, d.Format, indexFormat)
	}
	if d.Header.Version != want.Version || !d.Header.Date.Equal(want.Date) {
		return nil, fmt.Errorf("tsl: %s is the index of another edition", name)
	}
	if max := limits.withDefaults().MaxCAs; len(d.CAs) > max {
		return nil, fmt.Errorf("tsl: %s: %d CAs, more than %d", name, len(d.CAs), max)
	}
	for i, ca := range d.CAs {
		if ca == nil {
			return nil, fmt.Errorf("tsl: %s: CA %d is empty", name, i+1)
		}
		ca.timeline = buildTimeline(ca.History, ca.Status)
	}
	return &List{Header: d.Header, CAs: d.CAs}, nil
}

// ReadStored reads the list kept in dir by StoreVerified, the way a run
// takes its list: when the mark (LoadMark) is of exactly these bytes and
// these anchors (AnchorsDigest), the XMLDSig signature is not checked
// again and the CAs come from the index beside the list (IndexFile)
// rather than from parsing the XML; without a usable index the list is
// parsed (ReadMarked); without a matching mark it is Read. Either way
// opts.VerifySigner is asked about the signer, now. The result says which
// way was taken. Without a stored list the error wraps fs.ErrNotExist.
func ReadStored(dir string, anchors [32]byte, opts Options) (*List, StoredRead, error) {
	c, err := Load(dir)
	if err != nil {
		return nil, ReadChecked, err
	}
	m, err := LoadMark(dir)
	if err != nil {
		// No mark, or one that does not parse: the list is checked.
		l, err := Read(c.Data, opts)
		return l, ReadChecked, err
	}
	if m.matches(c.Data, anchors) && m.IndexSHA256 != ([32]byte{}) {
		if l, err := readIndex(dir, m.IndexSHA256, c.Header, opts.Limits); err == nil {
			sig := m.signature()
			if opts.VerifySigner != nil {
				if err := opts.VerifySigner(sig.Certificate, sig.Others); err != nil {
					sigErr := &SignatureError{Reason: SignerRejected, Detail: sig.Subject, Err: err}
					if !opts.AcceptUnsignedList {
						return nil, ReadIndexed, sigErr
					}
					l.SignatureErr = sigErr
					return l, ReadIndexed, nil
				}
			}
			l.Signature = sig
			return l, ReadIndexed, nil
		}
		// An index that cannot be used: the list is parsed.
	}
	l, marked, err := ReadMarked(c.Data, m, anchors, opts)
	if marked {
		return l, ReadMarkedParsed, err
	}
	return l, ReadChecked, err
}

// StoredRead says how ReadStored took a list.
type StoredRead int

const (
	// ReadChecked: the signature was checked and the list parsed.
	ReadChecked StoredRead = iota
	// ReadMarkedParsed: the mark stood for the signature; the list was
	// parsed.
	ReadMarkedParsed
	// ReadIndexed: the mark stood for the signature and the index for the
	// parse.
	ReadIndexed
)
