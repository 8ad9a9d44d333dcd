package chain

import (
	"crypto/x509"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// Anchor is a trusted certificate and where it came from.
type Anchor struct {
	Cert *x509.Certificate
	// Source is "embedded:<file>" for a root shipped in the binary (file is
	// its name in roots/), else the path of the file it was loaded from.
	Source string
}

// Store is a set of trust anchors: a path is trusted when it ends at one of
// them. Build one with DefaultStore (the Russian roots plus the user's
// own), LoadStore (exactly the files given, as with --roots) or NewStore.
// A Store holds each certificate once and does not change after it is
// built, so it is safe for concurrent use. Anchors are trusted as given:
// their validity, extensions and self-signature are not checked here.
type Store struct {
	anchors   []*Anchor
	byRaw     map[string]*Anchor
	bySKI     map[string][]*Anchor
	bySubject map[string][]*Anchor
}

//go:embed roots/*.der
var rootFiles embed.FS

// embeddedRoots parses rootFiles once. The files are part of the source
// tree and TestEmbeddedRoots parses each of them, so a failure is a build
// defect.
var embeddedRoots = sync.OnceValue(func() []*Anchor {
	entries, err := rootFiles.ReadDir("roots")
	if err != nil {
		panic("chain: embedded roots: " + err.Error())
	}
	anchors := make([]*Anchor, 0, len(entries))
	for _, e := range entries {
		name := path.Join("roots", e.Name())
		der, err := rootFiles.ReadFile(name)
		if err != nil {
			panic("chain: embedded roots: " + err.Error())
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			panic(fmt.Sprintf("chain: embedded root %s: %v", name, err))
		}
		anchors = append(anchors, &Anchor{Cert: cert, Source: "embedded:" + e.Name()})
	}
	return anchors
})

// EmbeddedRoots returns the root certificates of the Russian
// qualified-signature PKI that are built into the binary: every
// self-signed certificate of Минцифры России, Минкомсвязь России and its
// Головной удостоверяющий центр, with GOST R 34.10-2001 and 2012 keys.
// chain/roots/README.md lists them with fingerprints and origin. Several
// share one subject name with different keys. The anchors are shared
// between calls and must not be modified.
func EmbeddedRoots() []*Anchor {
	return slices.Clone(embeddedRoots())
}

// DefaultStore returns the trust anchors used when no --roots is given: the
// embedded roots (EmbeddedRoots) plus every certificate in the user's
// directory gostverify/roots under os.UserConfigDir, that is
// $XDG_CONFIG_HOME/gostverify/roots or ~/.config/gostverify/roots on Linux
// and BSD, ~/Library/Application Support/gostverify/roots on macOS and
// %AppData%\gostverify\roots on Windows.
//
// The directory is read as LoadCertificates reads one: its regular files,
// with its subdirectories; PEM, DER and .p7b bundles; files holding no certificate
// are skipped. A missing directory is not an error; a file that cannot be
// read or parsed is, and the error names it.
func DefaultStore() (*Store, error) {
	anchors := EmbeddedRoots()
	dir, err := os.UserConfigDir()
	if err != nil {
		// No home directory: nothing but the embedded roots to trust.
		return NewStore(anchors...), nil
	}
	dir = filepath.Join(dir, "gostverify", "roots")
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return NewStore(anchors...), nil
	}
	user, err := loadAnchors(dir)
	if err != nil {
		return nil, err
	}
	return NewStore(append(anchors, user...)...), nil
}

// NewStore builds a store from anchors, keeping the first of any that hold
// byte-identical certificates. Every anchor must have a Cert.
func NewStore(anchors ...*Anchor) *Store {
	s := &Store{
		byRaw:     make(map[string]*Anchor, len(anchors)),
		bySKI:     make(map[string][]*Anchor),
		bySubject: make(map[string][]*Anchor),
	}
	for _, a := range anchors {
		raw := string(a.Cert.Raw)
		if _, dup := s.byRaw[raw]; dup {
			continue
		}
		s.byRaw[raw] = a
		s.anchors = append(s.anchors, a)
		if ski := a.Cert.SubjectKeyId; len(ski) > 0 {
			s.bySKI[string(ski)] = append(s.bySKI[string(ski)], a)
		}
		s.bySubject[string(a.Cert.RawSubject)] = append(s.bySubject[string(a.Cert.RawSubject)], a)
	}
	return s
}

// LoadStore builds a store from the --roots paths, which replace the
// defaults: nothing is trusted but the certificates found there. Each path
// is a certificate file, a bundle (PEM with several certificates, or a
// .p7b) or a directory of such files, read as LoadCertificates reads it;
// each anchor's Source is the file it came from. A path that holds no
// certificate is an error.
func LoadStore(paths []string) (*Store, error) {
	var anchors []*Anchor
	for _, p := range paths {
		found, err := loadAnchors(p)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, &FileError{Path: p, Reason: NoCertificate}
		}
		anchors = append(anchors, found...)
	}
	return NewStore(anchors...), nil
}

// loadAnchors reads the certificates at p, a file or a directory (with its
// subdirectories), following LoadCertificates but one file at a time, so that each anchor names the
// file it came from.
func loadAnchors(p string) ([]*Anchor, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	files := []string{p}
	if info.IsDir() {
		// The files LoadCertificates reads: recursively, links once.
		if files, err = certificateFiles(p); err != nil {
			return nil, err
		}
	}
	var anchors []*Anchor
	for _, f := range files {
		certs, err := LoadCertificates(f)
		if info.IsDir() && notCertificateFile(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, c := range certs {
			anchors = append(anchors, &Anchor{Cert: c, Source: f})
		}
	}
	return anchors, nil
}

// Anchors returns every anchor, in the order they were added.
func (s *Store) Anchors() []*Anchor {
	return slices.Clone(s.anchors)
}

// Contains reports whether cert, byte for byte, is one of the anchors. A
// certificate with an anchor's name and key but other bytes (a
// cross-certificate, a reissue) is not.
func (s *Store) Contains(cert *x509.Certificate) bool {
	return cert != nil && s.byRaw[string(cert.Raw)] != nil
}

// BySubjectKeyID returns the anchors whose subject key identifier is ski:
// the candidates for the issuer of a certificate whose authority key
// identifier is ski. It returns nil for an empty ski.
func (s *Store) BySubjectKeyID(ski []byte) []*Anchor {
	return slices.Clone(s.bySKI[string(ski)])
}

// BySubject returns the anchors whose DER subject is rawSubject (compare
// x509.Certificate.RawIssuer). Several anchors may share a name with
// different keys, so each candidate's signature must be tried.
func (s *Store) BySubject(rawSubject []byte) []*Anchor {
	return slices.Clone(s.bySubject[string(rawSubject)])
}
