package tsl

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/diskcache"
)

// DefaultURL is where Минцифры publishes the current list
// (e-trust.gosuslugi.ru).
const DefaultURL = "https://e-trust.gosuslugi.ru/app/scc/portal/api/v1/portal/ca/getxml"

// The bounds of Fetch when the client leaves them zero: the list is tens
// of megabytes, more than the fetch defaults allow.
const (
	FetchMaxSize = 128 << 20
	FetchTimeout = 5 * time.Minute
)

// Fetch downloads a list with client (nil: a default client), and returns
// its bytes, unchecked: pass them to Read. A zero client.MaxSize or
// client.Timeout is FetchMaxSize or FetchTimeout instead of the fetch
// defaults. Failures are a *fetch.Error; the Attempt says what was fetched
// with what result either way.
func Fetch(ctx context.Context, client *fetch.Client, url string) ([]byte, fetch.Attempt, error) {
	c := fetch.Client{}
	if client != nil {
		c = *client
	}
	if c.MaxSize == 0 {
		c.MaxSize = FetchMaxSize
	}
	if c.Timeout == 0 {
		c.Timeout = FetchTimeout
	}
	return c.Get(ctx, url)
}

// File is the name of the list in a cache directory.
const File = "tsl.xml"

// Cached is a list kept in a cache directory.
type Cached struct {
	Header
	Data   []byte    // the list as fetched
	Stored time.Time // when it was stored (the file's modification time)
}

// StaleError is Store's refusal to replace a list with an older edition.
type StaleError struct {
	Stored, New Header
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("tsl: the cached list (version %d of %s) is newer than this one (version %d of %s)",
		e.Stored.Version, e.Stored.Date.Format(time.RFC3339), e.New.Version, e.New.Date.Format(time.RFC3339))
}

// Store keeps data, a list that Read accepted, as dir/tsl.xml, written
// atomically so that concurrent readers see the old list or the new one.
// It refuses (*StaleError) to replace a list with a lower version; the
// same version is written again. It returns the list's header.
func Store(dir string, data []byte) (Header, error) {
	h, err := readHeader(data)
	if err != nil {
		return Header{}, err
	}
	if old, err := os.ReadFile(filepath.Join(dir, File)); err == nil {
		if oh, err := readHeader(old); err == nil && oh.Version > h.Version {
			return h, &StaleError{Stored: oh, New: h}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return h, fmt.Errorf("tsl: %w", err)
	}
	if err := diskcache.WriteFile(filepath.Join(dir, File), data); err != nil {
		return h, fmt.Errorf("tsl: storing the list: %w", err)
	}
	return h, nil
}

// Load reads the list kept in dir by Store, with its version and date.
// Without one the error wraps fs.ErrNotExist. The bytes are not checked:
// pass Data to Read.
func Load(dir string) (*Cached, error) {
	name := filepath.Join(dir, File)
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	if fi.Size() > DefaultMaxBytes {
		return nil, &ParseError{Reason: TooLarge, Err: fmt.Errorf("%s is larger than %d bytes", name, DefaultMaxBytes)}
	}
	data := make([]byte, fi.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	h, err := readHeader(data)
	if err != nil {
		return nil, err
	}
	return &Cached{Header: h, Data: data, Stored: fi.ModTime()}, nil
}

// errHeaderRead stops a scan once the header is read.
var errHeaderRead = errors.New("header read")

// readHeader reads the version and date of a list. They come first, so
// the scan stops at the first CA when both are read; a list that has them
// after its CAs is read through.
func readHeader(data []byte) (Header, error) {
	h, err := Scan(bytes.NewReader(data), Limits{}, func(*CA) error { return errHeaderRead })
	if err == errHeaderRead {
		if h.Version != 0 && !h.Date.IsZero() {
			return h, nil
		}
		return Scan(bytes.NewReader(data), Limits{}, func(*CA) error { return nil })
	}
	return h, err
}

// MarkFile is the name, in a cache directory, of the record that the
// list stored beside it had its signature verified (StoreVerified).
const MarkFile = "tsl.verified.json"

// maxMarkBytes bounds the mark file: a few certificates.
const maxMarkBytes = 1 << 20

// Mark records that a list's XMLDSig signature was verified: the SHA-256
// of the list's bytes, who signed them, the trust anchors the signer was
// checked against (AnchorsDigest) and when. ReadMarked takes it in place
// of checking the signature again, for exactly those bytes and anchors.
//
// A mark is only as trustworthy as the directory it is kept in: whoever
// can write there can write a list and a mark that matches it. The cache
// directory is the user's own; a list from elsewhere (--tsl FILE) is
// read with Read, never with a mark.
type Mark struct {
	ListSHA256    [32]byte
	AnchorsSHA256 [32]byte
	// Signer is the signer's certificate and Others the other
	// certificates KeyInfo carried, parsed from their DER.
	Signer *x509.Certificate
	Others []*x509.Certificate
	// Method and DigestMethod are the signature's algorithm URIs.
	Method, DigestMethod string
	Verified             time.Time
	// IndexSHA256 is the SHA-256 of the index kept beside the list
	// (IndexFile); zero when there is none.
	IndexSHA256 [32]byte
}

// signature is the Signature the mark stands for.
func (m *Mark) signature() *Signature {
	return &Signature{Certificate: m.Signer, Subject: subjectName(m.Signer), Others: m.Others,
		Method: m.Method, DigestMethod: m.DigestMethod, CheckedAt: m.Verified}
}

// markJSON is a Mark as stored: hashes in hex, certificates in base64 DER.
type markJSON struct {
	ListSHA256    string    `json:"list_sha256"`
	AnchorsSHA256 string    `json:"anchors_sha256"`
	Signer        []byte    `json:"signer"`
	Others        [][]byte  `json:"others,omitempty"`
	Method        string    `json:"method"`
	DigestMethod  string    `json:"digest_method"`
	Verified      time.Time `json:"verified"`
	IndexSHA256   string    `json:"index_sha256,omitempty"`
}

// AnchorsDigest is the SHA-256 of a set of trust anchors: of the sorted
// SHA-256 digests of their DER, each once, so that neither the order nor
// a repeated certificate changes it.
func AnchorsDigest(anchors []*x509.Certificate) [32]byte {
	sums := make([][32]byte, 0, len(anchors))
	for _, c := range anchors {
		sums = append(sums, sha256.Sum256(c.Raw))
	}
	slices.SortFunc(sums, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	sums = slices.Compact(sums)
	h := sha256.New()
	for _, s := range sums {
		h.Write(s[:])
	}
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// StoreVerified stores data as Store does and, when l (read from data by
// Read) has a signature that holds, writes beside it the parsed list
// (IndexFile) and a Mark of that verification against anchors
// (AnchorsDigest) at the time at. A list accepted without a valid
// signature gets neither, and an older mark and index are removed. When Store refuses a stale edition, the stored list and its
// mark are left as they were.
func StoreVerified(dir string, data []byte, l *List, anchors [32]byte, at time.Time) (Header, error) {
	h, err := Store(dir, data)
	if err != nil {
		return h, err
	}
	name := filepath.Join(dir, MarkFile)
	if l == nil || l.Signature == nil || l.SignatureErr != nil || l.Signature.Certificate == nil {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return h, fmt.Errorf("tsl: %w", err)
		}
		return h, removeIndex(dir)
	}
	sig := l.Signature
	sum := sha256.Sum256(data)
	m := markJSON{ListSHA256: hex.EncodeToString(sum[:]), AnchorsSHA256: hex.EncodeToString(anchors[:]),
		Signer: sig.Certificate.Raw, Method: sig.Method, DigestMethod: sig.DigestMethod, Verified: at.UTC()}
	// The index first: a mark never names an index that is not there.
	// Without one the list is parsed, as before.
	if isum, err := writeIndex(dir, l); err == nil {
		m.IndexSHA256 = hex.EncodeToString(isum[:])
	} else if err := removeIndex(dir); err != nil {
		return h, err
	}
	for _, c := range sig.Others {
		m.Others = append(m.Others, c.Raw)
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return h, fmt.Errorf("tsl: %w", err)
	}
	if err := diskcache.WriteFile(name, append(out, '\n')); err != nil {
		return h, fmt.Errorf("tsl: storing the mark of the list's signature: %w", err)
	}
	return h, nil
}

// LoadMark reads the Mark kept in dir by StoreVerified. Without one the
// error wraps fs.ErrNotExist; a mark that does not parse is an error too.
// Either way the caller reads the list with Read.
func LoadMark(dir string) (*Mark, error) {
	name := filepath.Join(dir, MarkFile)
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxMarkBytes+1))
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	if len(data) > maxMarkBytes {
		return nil, fmt.Errorf("tsl: %s is larger than %d bytes", name, maxMarkBytes)
	}
	var j markJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("tsl: %s: %w", name, err)
	}
	m := &Mark{Method: j.Method, DigestMethod: j.DigestMethod, Verified: j.Verified}
	if err := decodeSum(&m.ListSHA256, j.ListSHA256); err != nil {
		return nil, fmt.Errorf("tsl: %s: list_sha256: %w", name, err)
	}
	if err := decodeSum(&m.AnchorsSHA256, j.AnchorsSHA256); err != nil {
		return nil, fmt.Errorf("tsl: %s: anchors_sha256: %w", name, err)
	}
	if j.IndexSHA256 != "" {
		if err := decodeSum(&m.IndexSHA256, j.IndexSHA256); err != nil {
			return nil, fmt.Errorf("tsl: %s: index_sha256: %w", name, err)
		}
	}
	if m.Signer, err = x509.ParseCertificate(j.Signer); err != nil {
		return nil, fmt.Errorf("tsl: %s: signer: %w", name, err)
	}
	for i, der := range j.Others {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("tsl: %s: other certificate %d: %w", name, i+1, err)
		}
		m.Others = append(m.Others, c)
	}
	return m, nil
}

func decodeSum(dst *[32]byte, s string) error {
	b, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	if len(b) != len(dst) {
		return fmt.Errorf("%d bytes, want %d", len(b), len(dst))
	}
	copy(dst[:], b)
	return nil
}

// matches reports whether m is a mark of data verified against anchors.
func (m *Mark) matches(data []byte, anchors [32]byte) bool {
	if m == nil || m.Signer == nil {
		return false
	}
	sum := sha256.Sum256(data)
	return sum == m.ListSHA256 && anchors == m.AnchorsSHA256
}
