package chain

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/gostverify/gostverify/gost"
)

// Candidate is an untrusted certificate that may extend a path, with where
// it came from: "signature", "certs", "cache", or the URL it was
// downloaded from.
type Candidate struct {
	Cert   *x509.Certificate
	Source string
}

// Options for Build.
type Options struct {
	// Roots are the trust anchors. Required.
	Roots *Store
	// Intermediates are untrusted candidates: the certificates inside the
	// signature, --certs, the cache.
	Intermediates []Candidate
	// Time is the validation time. Required: callers pass --at or now.
	Time time.Time
	// FetchIssuers, when set, is asked for more candidates for a
	// certificate whose issuer is not among the known ones (AIA "CA
	// Issuers"). What it returns is only ever a candidate, never trusted.
	FetchIssuers func(cert *x509.Certificate) []Candidate
	// Leaf says how the first certificate is used, for its key usage:
	// LeafSigning requires digitalSignature or nonRepudiation.
	Leaf LeafUsage
	// MaxDepth caps the path length (default 10) and MaxSignatureChecks
	// the work spent on candidates (default 100).
	MaxDepth, MaxSignatureChecks int
	// Signatures, when set, shares link signature checks between Builds.
	Signatures *SignatureCache
}

// LeafUsage is what the end certificate of a path is checked for.
type LeafUsage int

const (
	// LeafAny checks no key usage of the first certificate.
	LeafAny LeafUsage = iota
	// LeafSigning requires keyUsage digitalSignature or nonRepudiation.
	LeafSigning
)

// Link is one certificate of a built path.
type Link struct {
	Cert   *x509.Certificate
	Source string // "roots" for the anchor, else the candidate's source
}

// Result is the outcome of Build.
type Result struct {
	// Path runs from the certificate given to a trust anchor; empty when
	// no valid path was found.
	Path []Link
	// Rejected lists every candidate tried and why it was rejected.
	Rejected []Rejection
	// AnchorWithoutCA is set when the path ends at an anchor without
	// basicConstraints, accepted as a CA only because it was given as a
	// trust anchor. Warnings says it in English.
	AnchorWithoutCA bool
	Warnings        []string
	// Err is nil when Path is valid, else a *Error.
	Err error
}

type builder struct {
	opts    Options
	keys    map[*x509.Certificate]*gost.PublicKey
	checks  int
	result  *Result
	fetched map[*x509.Certificate]bool
	// broken is set by a link that is broken or violates a constraint: an
	// issuer whose signature verifies but may not issue here, or one
	// matched by key identifier whose signature does not verify.
	broken bool
}

// Build finds a path from cert to a trust anchor and validates it at
// opts.Time. It tries every candidate issuer — matched by authority and
// subject key identifiers first, then by name, since several real roots
// share one name — and reports each rejected one. A certificate that is
// itself a trust anchor makes a path of one. Build does no I/O itself:
// opts.FetchIssuers only adds candidates.
func Build(cert *x509.Certificate, opts Options) *Result {
	if opts.Roots == nil {
		opts.Roots = NewStore()
	}
	if opts.MaxDepth == 0 {
		opts.MaxDepth = 10
	}
	if opts.MaxSignatureChecks == 0 {
		opts.MaxSignatureChecks = 100
	}
	b := &builder{opts: opts, keys: map[*x509.Certificate]*gost.PublicKey{}, result: &Result{}, fetched: map[*x509.Certificate]bool{}}
	leaf := Candidate{Cert: cert, Source: "certificate"}
	if err := b.checkLeaf(cert); err != nil {
		b.result.Err = &Error{Reason: Constraints, Cert: cert, Errs: []error{err}}
		return b.result
	}
	if path := b.extend([]Link{{Cert: leaf.Cert, Source: leaf.Source}}); path != nil {
		b.result.Path = path
		b.result.Warnings = append(b.result.Warnings, b.anchorWarnings(path)...)
		return b.result
	}
	reason := NoPath
	if b.broken {
		reason = Constraints
	}
	var errs []error
	for _, r := range b.result.Rejected {
		errs = append(errs, &r)
	}
	b.result.Err = &Error{Reason: reason, Cert: cert, Errs: errs}
	return b.result
}

// extend returns a valid path continuing path, or nil. Known candidates
// are tried first; when none of them leads to a path, the certificate's
// issuers are downloaded (once) and tried.
func (b *builder) extend(path []Link) []Link {
	cur := path[len(path)-1].Cert
	if b.opts.Roots.Contains(cur) {
		path[len(path)-1].Source = "roots"
		return path
	}
	if len(path) > b.opts.MaxDepth {
		return nil
	}
	known := make([]Candidate, 0, len(b.opts.Intermediates))
	for _, a := range b.opts.Roots.BySubject(cur.RawIssuer) {
		known = append(known, Candidate{Cert: a.Cert, Source: "roots"})
	}
	known = append(known, b.opts.Intermediates...)
	if p := b.try(path, issuerCandidates(cur, known)); p != nil {
		return p
	}
	if b.opts.FetchIssuers == nil || b.fetched[cur] {
		return nil
	}
	b.fetched[cur] = true
	fetched := b.opts.FetchIssuers(cur)
	b.opts.Intermediates = append(b.opts.Intermediates, fetched...)
	return b.try(path, issuerCandidates(cur, fetched))
}

// try extends path with each candidate in turn.
func (b *builder) try(path []Link, cands []Candidate) []Link {
	cur := path[len(path)-1].Cert
	for _, cand := range cands {
		if inPath(path, cand.Cert) {
			continue // a loop
		}
		if b.checks >= b.opts.MaxSignatureChecks {
			b.reject(cur, cand, &LinkError{Reason: TooManyChecks})
			return nil
		}
		b.checks++
		if err := b.opts.Signatures.check(cur, cand.Cert, func() error { return checkSignature(cur, cand.Cert, b.keys) }); err != nil {
			b.reject(cur, cand, &LinkError{Reason: BadSignature, Err: err})
			if len(cur.AuthorityKeyId) > 0 && bytes.Equal(cur.AuthorityKeyId, cand.Cert.SubjectKeyId) {
				b.broken = true
			}
			continue
		}
		if err := b.checkIssuer(cand, cur, len(path)-1); err != nil {
			b.reject(cur, cand, err)
			b.broken = true
			continue
		}
		if p := b.extend(append(path[:len(path):len(path)], Link(cand))); p != nil {
			return p
		}
	}
	return nil
}

func inPath(path []Link, c *x509.Certificate) bool {
	for _, l := range path {
		if bytes.Equal(l.Cert.Raw, c.Raw) {
			return true
		}
	}
	return false
}

func (b *builder) reject(subject *x509.Certificate, cand Candidate, err error) {
	b.result.Rejected = append(b.result.Rejected, Rejection{Subject: subject, Candidate: cand.Cert, Source: cand.Source, Err: err})
}

// issuerCandidates returns the candidates that may have issued cert, in
// order: those whose subject key identifier is cert's authority key
// identifier, then those matched by name alone (when either identifier is
// missing). A name match with a different key identifier is not a
// candidate: several real CAs share one name across re-keying.
func issuerCandidates(cert *x509.Certificate, all []Candidate) []Candidate {
	var byKey, byName []Candidate
	for _, c := range all {
		if !bytes.Equal(c.Cert.RawSubject, cert.RawIssuer) {
			continue
		}
		switch {
		case len(cert.AuthorityKeyId) > 0 && len(c.Cert.SubjectKeyId) > 0:
			if bytes.Equal(cert.AuthorityKeyId, c.Cert.SubjectKeyId) {
				byKey = append(byKey, c)
			}
		default:
			byName = append(byName, c)
		}
	}
	return append(byKey, byName...)
}

// checkLeaf checks the first certificate's key usage for its purpose. Its
// validity period is the caller's to judge against the signing time.
func (b *builder) checkLeaf(cert *x509.Certificate) error {
	if err := unknownCritical(cert); err != nil {
		return err
	}
	if b.opts.Leaf == LeafSigning && cert.KeyUsage != 0 &&
		cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return &LinkError{Reason: LeafKeyUsage}
	}
	return nil
}

// checkIssuer checks that cand may issue certificates at this depth
// (depth 0 issues the leaf) at the validation time.
func (b *builder) checkIssuer(cand Candidate, child *x509.Certificate, depth int) error {
	c := cand.Cert
	anchor := b.opts.Roots.Contains(c)
	t := b.opts.Time
	if t.Before(c.NotBefore) {
		return &LinkError{Reason: NotYetValid, Time: c.NotBefore}
	}
	if t.After(c.NotAfter) {
		return &LinkError{Reason: Expired, Time: c.NotAfter}
	}
	if err := unknownCritical(c); err != nil {
		return err
	}
	switch {
	case c.BasicConstraintsValid && !c.IsCA:
		return &LinkError{Reason: NotCA}
	case !c.BasicConstraintsValid && !anchor:
		return &LinkError{Reason: NoBasicConstraints}
	}
	if c.KeyUsage != 0 && c.KeyUsage&x509.KeyUsageCertSign == 0 {
		return &LinkError{Reason: NoCertSign}
	}
	if c.BasicConstraintsValid && (c.MaxPathLen > 0 || c.MaxPathLenZero) && depth > c.MaxPathLen {
		return &LinkError{Reason: PathLenExceeded, MaxPathLen: c.MaxPathLen, Depth: depth}
	}
	return nil
}

// unknownCritical rejects a certificate with a critical extension that
// neither crypto/x509 nor this package interprets.
func unknownCritical(c *x509.Certificate) error {
	if len(c.UnhandledCriticalExtensions) > 0 {
		return &LinkError{Reason: UnknownCritical, Extension: c.UnhandledCriticalExtensions[0].String()}
	}
	return nil
}

// anchorWarnings notes anchors accepted despite lacking CA markings.
func (b *builder) anchorWarnings(path []Link) []string {
	var w []string
	anchor := path[len(path)-1].Cert
	if len(path) > 1 && !anchor.BasicConstraintsValid {
		b.result.AnchorWithoutCA = true
		w = append(w, fmt.Sprintf("trust anchor %s has no basicConstraints; it is accepted as a CA only because it was given as a trust anchor", displayName(anchor)))
	}
	return w
}

// displayName names a certificate in messages: its common name, else its
// whole subject.
func displayName(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}
