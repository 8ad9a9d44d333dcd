package tsl

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
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
const indexFormat = 2

// indexHead is the first gob value of IndexFile; the CAs follow, one
// value each (one value for the whole list would be decoded from a
// buffer grown to its size).
type indexHead struct {
	Format int
	Header Header
	CAs    int
}

// encodeIndex is the index of a parsed list.
func encodeIndex(l *List) ([]byte, error) {
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	if err := enc.Encode(indexHead{Format: indexFormat, Header: l.Header, CAs: len(l.CAs)}); err != nil {
		return nil, fmt.Errorf("tsl: encoding the index of the list: %w", err)
	}
	for _, ca := range l.CAs {
		if err := enc.Encode(ca); err != nil {
			return nil, fmt.Errorf("tsl: encoding the index of the list: %w", err)
		}
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
// other bytes, another format) is an error: the caller parses the list
// instead.
func readIndex(dir string, sum [32]byte, limits Limits) (*List, error) {
	name := filepath.Join(dir, IndexFile)
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	defer f.Close()
	// Decoded as it is hashed; the result counts only if the whole file
	// is the index the mark names.
	h := sha256.New()
	lim := limits.withDefaults()
	r := io.TeeReader(io.LimitReader(f, lim.MaxBytes+1), h)
	dec := gob.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	var head indexHead
	if err := dec.Decode(&head); err != nil {
		return nil, fmt.Errorf("tsl: %s: %w", name, err)
	}
	if head.Format != indexFormat {
		return nil, fmt.Errorf("tsl: %s: format %d, want %d", name, head.Format, indexFormat)
	}
	if head.CAs < 0 || head.CAs > lim.MaxCAs {
		return nil, fmt.Errorf("tsl: %s: %d CAs, more than %d", name, head.CAs, lim.MaxCAs)
	}
	l := &List{Header: head.Header, CAs: make([]*CA, 0, head.CAs)}
	for i := 0; i < head.CAs; i++ {
		ca := new(CA)
		if err := dec.Decode(ca); err != nil {
			return nil, fmt.Errorf("tsl: %s: CA %d: %w", name, i+1, err)
		}
		ca.timeline = buildTimeline(ca.History, ca.Status)
		l.CAs = append(l.CAs, ca)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, fmt.Errorf("tsl: %s: %w", name, err)
	}
	var got [32]byte
	if h.Sum(got[:0]); got != sum {
		return nil, fmt.Errorf("tsl: %s is not the index the mark names", name)
	}
	return l, nil
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
	m, err := LoadMark(dir)
	if err == nil && m.AnchorsSHA256 == anchors && m.IndexSHA256 != ([32]byte{}) {
		// The list is hashed as it is read, not kept: the index stands
		// for its contents.
		if sum, err := hashFile(filepath.Join(dir, File), opts.Limits.withDefaults().MaxBytes); err == nil && sum == m.ListSHA256 {
			if l, err := readIndex(dir, m.IndexSHA256, opts.Limits); err == nil {
				return signedByMark(l, m, opts)
			}
		}
		// An index that cannot be used: the list is parsed.
	}
	c, lerr := Load(dir)
	if lerr != nil {
		return nil, ReadChecked, lerr
	}
	if err != nil {
		// No mark, or one that does not parse: the list is checked.
		l, err := Read(c.Data, opts)
		return l, ReadChecked, err
	}
	l, marked, err := ReadMarked(c.Data, m, anchors, opts)
	if marked {
		return l, ReadMarkedParsed, err
	}
	return l, ReadChecked, err
}

// signedByMark gives l, read from the index, the signature m stands for,
// once opts.VerifySigner accepts its signer now, as Read would ask.
func signedByMark(l *List, m *Mark, opts Options) (*List, StoredRead, error) {
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

// hashFile is the SHA-256 of a file of at most max bytes, read as a
// stream.
func hashFile(name string, max int64) ([32]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, max+1))
	if err != nil {
		return [32]byte{}, err
	}
	if n > max {
		return [32]byte{}, fmt.Errorf("tsl: %s is larger than %d bytes", name, max)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
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
