package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/internal/ctxio"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/poa"
	"github.com/gostverify/gostverify/tsl"
)

// MaxSignatureSize caps a signature file (attached content included): it
// is read into memory to be parsed, unlike detached documents, which are
// streamed.
const MaxSignatureSize = 256 << 20

// Options configure a Verifier: what it trusts, where it may look for
// certificates and revocation data, and the validation time. Every field is
// optional; the zero Options verify the cryptography only and never give a
// valid verdict (no trust anchors).
type Options struct {
	// Roots are the trust anchors. Without them the chain is not checked
	// and no verdict can be valid.
	Roots *chain.Store
	// Certificates are extra certificates to find signers and
	// intermediates in, as --certs gives them.
	Certificates []*x509.Certificate
	// Time is the validation time: certificate paths are validated at it,
	// and revocation data must speak for it (issued after it, or current
	// at it). Zero means the moment New is called, so that every signature
	// of a run is judged at the same instant.
	Time time.Time
	// AIA, when set, downloads missing issuers from the certificates' "CA
	// Issuers" URLs (and keeps them in its CacheDir).
	AIA *chain.AIA
	// RevocationOff reports that revocation checking was turned off on
	// purpose (--revocation none); verdicts say so.
	RevocationOff bool
	// OCSP checks the signer certificate's status when revocation is on;
	// nil means OCSP is not to be used. The Verifier uses a copy, given
	// the run's own answer memo when it has none.
	OCSP *ocspclient.Client
	// OCSPURL, when set, replaces the certificates' OCSP URLs.
	OCSPURL string
	// CRL checks certificates against CRLs (after OCSP, when both are
	// set); nil means CRLs are not to be used. Copied like OCSP.
	CRL *ocspclient.CRLChecker
	// NetworkBudget bounds the time all network requests for one
	// signature file may take together (issuer downloads, OCSP, CRLs),
	// whatever each request's own timeout: 20 slow URLs cost one budget,
	// not 20 timeouts. Zero means DefaultNetworkBudget; negative, none.
	NetworkBudget time.Duration
	// Policy is the validation policy: PolicyQualified (the default: the
	// Russian rules, each signature's qualified status decided) or
	// PolicyBasic (the cryptography, the chain and revocation only).
	Policy Policy
	// Registry asks the FNS registry about powers of attorney (LoadPOA);
	// nil: not asked, and no power of attorney is then valid.
	Registry *poa.Registry
	// TSL is the Минцифры list of accredited CAs the qualified status is
	// decided with; without it the status is "unknown".
	TSL *tsl.List
	// Lang is the language of the reports' reasons, notes and warnings
	// (Report.Localize changes it later); default English.
	Lang i18n.Lang
	// Now is the real clock, read by New when Time is zero and by the
	// checks of revocation data a signature carries (a thisUpdate in the
	// future is refused); default time.Now.
	Now func() time.Time
}

// DefaultNetworkBudget is the network time one signature file may take
// when Options.NetworkBudget is zero.
const DefaultNetworkBudget = 60 * time.Second

// Verifier verifies signature files. It is one run: it owns every cache
// shared between the signatures it verifies — parsed certificates and
// their keys, link signature checks, certificate descriptions and OCSP and
// CRL answers — all keyed by content, so signatures parsed anywhere share
// them. It is safe for concurrent use.
type Verifier struct {
	opts  Options
	extra []*x509.Certificate // where signer certificates are sought besides the signature
	ocsp  *ocspclient.Client
	crl   *ocspclient.CRLChecker
	certs cms.CertificateCache
	cache cache
	memo  ocspclient.Memo

	listOnce sync.Once
	list     *ListInfo // the trusted list the run decides with
	registry sync.Map  // МЧД number → *POARegistry: the registry asked once per run
}

// New returns a Verifier for one run with opts.
func New(opts Options) *Verifier {
	v := &Verifier{opts: opts}
	// The signer certificate may come with the extra certificates or,
	// self-signed, as a trust anchor.
	v.extra = append(v.extra, opts.Certificates...)
	if opts.Roots != nil {
		for _, a := range opts.Roots.Anchors() {
			v.extra = append(v.extra, a.Cert)
		}
	}
	if v.opts.Policy == "" {
		v.opts.Policy = PolicyQualified
	}
	if v.opts.Time.IsZero() {
		now := time.Now
		if opts.Now != nil {
			now = opts.Now
		}
		v.opts.Time = now()
	}
	if opts.OCSP != nil {
		c := *opts.OCSP
		if c.Memo == nil {
			c.Memo = &v.memo
		}
		v.ocsp = &c
	}
	if opts.CRL != nil {
		c := *opts.CRL
		if c.Memo == nil {
			c.Memo = &v.memo
		}
		v.crl = &c
	}
	return v
}

func (v *Verifier) now() time.Time {
	if v.opts.Now != nil {
		return v.opts.Now()
	}
	return time.Now()
}

func (v *Verifier) networkBudget() time.Duration {
	if v.opts.NetworkBudget == 0 {
		return DefaultNetworkBudget
	}
	return v.opts.NetworkBudget
}

// Time is the validation time of the run.
func (v *Verifier) Time() time.Time { return v.opts.Time }

// Input is one signature file to verify.
type Input struct {
	// Name names the signature file in the report.
	Name string
	// Data is the signature file as read (DER, BER, PEM or base64); Signed
	// may carry it already parsed by Parse instead.
	Data   []byte
	Signed *cms.SignedData
	// Document is the signed document: required for a detached signature.
	// For an attached signature a Document that is Named must be the
	// content the signature carries, or the verdict is invalid; one that
	// is not Named (a file beside the signature) is only compared, and
	// the report says whether it is that content.
	Document *Document
	// Digests are digests of the detached Document that the caller has
	// computed already (batch, pairing a signature with its document by
	// digest): the document is then read only for an algorithm missing
	// here, and not opened at all when none is.
	Digests map[gost.Hash][]byte
	// POAs are powers of attorney (LoadPOA) to judge each signature by:
	// the one naming the signer as representative, else the first — or,
	// with POAMatchOnly (powers found beside many signatures), only one
	// naming the signer.
	POAs         []*POA
	POAMatchOnly bool
	// PDF, instead of Data, is a PDF whose signatures are verified, each
	// over the bytes its /ByteRange covers.
	PDF *PDFFile
}

// Document is a document to check a signature against.
type Document struct {
	Name string
	// Open opens the document; it is called at most once per Verify, and
	// only when the document is needed.
	Open func() (io.ReadCloser, error)
	// Named is set when the user named this document explicitly.
	Named bool
}

// ErrNoDocument is returned by Verify for a detached signature given no
// Document.
var ErrNoDocument = errors.New("verify: a detached signature needs its document")

// Parse reads a signature file as Verify does, sharing the run's parsed
// certificates: a caller that needs to look at the signature first (is it
// attached? what digest does it sign?) parses it once and passes it as
// Input.Signed.
func (v *Verifier) Parse(data []byte) (*cms.SignedData, error) {
	return cms.ParseShared(data, &v.certs)
}

// Verify verifies one signature file: every signer's signature, the
// content digest, the signer certificate's path to a trust anchor at the
// validation time and its revocation status. A file that is not a
// signature gives a Report with FORMAT_FAILURE. The error is for what
// leaves no verdict: a detached signature without its document
// (ErrNoDocument), a document that cannot be read, or ctx ending while the
// document is read.
func (v *Verifier) Verify(ctx context.Context, in Input) (*Report, error) {
	if in.PDF != nil {
		return v.verifyPDF(ctx, in)
	}
	sd := in.Signed
	if sd == nil {
		var err error
		if sd, err = v.Parse(in.Data); err != nil {
			r := NotASignature(in.Name, err)
			r.Localize(v.opts.Lang)
			return r, nil
		}
	}
	r := &Report{SchemaVersion: SchemaVersion, File: in.Name, Policy: v.opts.Policy, Signatures: []SignatureReport{}, built: true}
	enc := sd.Encoding // a copy: a report must not keep the parsed signature alive
	r.Encoding = &enc
	for i, c := range sd.Certificates {
		if c.ParseError != nil {
			r.warnings = append(r.warnings, msgNote(i18n.WarnUnreadableCert, i+1, unreadableCertificate{c.ParseError}))
		}
	}
	if sd.OtherCertificates > 0 {
		r.warnings = append(r.warnings, msgNote(i18n.WarnOtherCertificates, sd.OtherCertificates))
	}

	var content io.Reader
	if sd.Content == nil {
		if in.Document == nil {
			return nil, ErrNoDocument
		}
		doc := &lazyDocument{ctx: ctx, doc: in.Document}
		defer doc.close()
		r.Content = in.Document.Name
		content = doc
	} else if in.Document != nil {
		same, err := carries(ctx, sd.Content, in.Document)
		switch {
		case same:
			r.Content = in.Document.Name
		case in.Document.Named:
			if err != nil {
				return nil, fmt.Errorf("verify: the document %s: %w", in.Document.Name, err)
			}
			r.Status, r.SubIndication = Invalid, HashFailure
			r.Cause = &DocumentMismatchError{Document: in.Document.Name}
		case err == nil:
			r.warnings = append(r.warnings, msgNote(i18n.WarnDocumentBeside, in.Document.Name))
		}
	}

	// An archive-time-stamp-v2 of a detached signature hashes the document
	// itself: keep it while it is read, when it is small enough.
	var kept *keptContent
	if content != nil && archivesContent(sd) {
		kept = &keptContent{r: content}
		content = kept
	}
	results, err := sd.Verify(content, cms.Options{ExtraCertificates: v.extra, Digests: in.Digests})
	var oe *openError
	switch {
	case errors.As(err, &oe):
		return nil, fmt.Errorf("verify: the document %s: %w", in.Document.Name, oe.err)
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return nil, fmt.Errorf("verify: reading the document %s: %w", r.Content, err)
	}
	// The budget starts once the document is hashed: it bounds the
	// network, not the reading of a large document.
	netCtx := ctx
	if budget := v.networkBudget(); budget > 0 {
		var cancel context.CancelFunc
		netCtx, cancel = context.WithTimeout(ctx, budget)
		defer cancel()
	}
	j := &job{v: v, ctx: netCtx, sd: sd, inside: sd.ParsedCertificates(), crls: sd.CRLs}
	if kept != nil && kept.complete() {
		j.content = kept.buf
	}
	status := Valid
	for _, res := range results {
		s := j.signature(res)
		if netCtx.Err() != nil && ctx.Err() == nil {
			s.warnings = append(s.warnings, msgNote(i18n.WarnBudgetSpent, v.networkBudget()))
		}
		s.cert = res.Certificate
		r.Signatures = append(r.Signatures, s)
		status = Worst(status, s.Status)
	}
	if len(in.POAs) > 0 {
		v.applyPOAs(r, in.POAs, in.POAMatchOnly)
	}
	if r.SubIndication == "" {
		r.Status = status
	}
	r.Localize(v.opts.Lang)
	return r, nil
}

// archivesContent reports whether a signer of sd has an
// archive-time-stamp-v2, whose imprint covers a detached document itself.
func archivesContent(sd *cms.SignedData) bool {
	for _, si := range sd.Signers {
		for _, a := range si.UnsignedAttrs {
			if a.Type.Equal(cms.OIDArchiveTimeStampV2) {
				return true
			}
		}
	}
	return false
}

// keptContent keeps what is read through it, up to maxArchiveContent.
type keptContent struct {
	r        io.Reader
	buf      []byte
	eof, big bool
}

func (k *keptContent) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if !k.big {
		if len(k.buf)+n > maxArchiveContent {
			k.big, k.buf = true, nil
		} else {
			k.buf = append(k.buf, p[:n]...)
		}
	}
	if err == io.EOF {
		k.eof = true
	}
	return n, err
}

// complete reports whether the whole document was read and kept.
func (k *keptContent) complete() bool { return k.eof && !k.big }

// lazyDocument reads a Document, opening it at the first Read: a document
// whose digests the caller gave is never opened.
type lazyDocument struct {
	ctx context.Context
	doc *Document
	rc  io.ReadCloser
	r   io.Reader
}

// openError is a document that could not be opened.
type openError struct{ err error }

func (e *openError) Error() string { return e.err.Error() }
func (e *openError) Unwrap() error { return e.err }

func (d *lazyDocument) Read(p []byte) (int, error) {
	if d.r == nil {
		rc, err := d.doc.Open()
		if err != nil {
			return 0, &openError{err}
		}
		d.rc, d.r = rc, ctxio.Reader(d.ctx, rc)
	}
	return d.r.Read(p)
}

func (d *lazyDocument) close() {
	if d.rc != nil {
		d.rc.Close()
	}
}

// carries reports whether doc holds exactly content; err says why doc
// could not be compared.
func carries(ctx context.Context, content []byte, doc *Document) (bool, error) {
	rc, err := doc.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	buf := make([]byte, 32<<10)
	r := ctxio.Reader(ctx, rc)
	for {
		n, err := io.ReadFull(r, buf)
		if n > len(content) || !bytes.Equal(buf[:n], content[:n]) {
			return false, nil
		}
		content = content[n:]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return len(content) == 0, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// NotASignature is the report on a file that cannot be read as a CMS
// signature: invalid, FORMAT_FAILURE, with the parse error as its cause.
func NotASignature(name string, err error) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion, File: name, Signatures: []SignatureReport{},
		Status: Invalid, SubIndication: FormatFailure, Cause: &FormatError{Err: err}, built: true,
		Error: err.Error(),
	}
	r.Localize(i18n.English)
	return r
}

// DocumentName is the document a detached signature file named
// doc.ext.sig (.sgn, .p7s, .p7m; any case) belongs to: doc.ext; "" for any
// other name.
func DocumentName(signature string) string {
	lower := strings.ToLower(signature)
	for _, ext := range SignatureExtensions {
		if strings.HasSuffix(lower, ext) && len(signature) > len(ext) {
			return signature[:len(signature)-len(ext)]
		}
	}
	return ""
}

// SignatureExtensions are the file name extensions of signature files, in
// lower case.
var SignatureExtensions = []string{".sig", ".sgn", ".p7s", ".p7m"}
