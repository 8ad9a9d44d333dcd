package cms

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	_ "crypto/sha1" // ESS signingCertificate (v1) references certificates by SHA-1
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"sync"
	"time"

	"github.com/gostverify/gostverify/gost"
)

// Reason classifies why a signer's cryptographic check failed.
type Reason int

const (
	// Malformed: the SignerInfo or one of its attributes cannot be read, or
	// a mandatory attribute is missing.
	Malformed Reason = iota + 1
	// UnsupportedAlgorithm: a digest or signature algorithm this package
	// does not implement, or one that does not fit the signer's key.
	UnsupportedAlgorithm
	// NoSignerCertificate: no certificate matches the signer identifier.
	NoSignerCertificate
	// BadSignerKey: the signer certificate's public key cannot be used.
	BadSignerKey
	// ContentTypeMismatch: the contentType attribute differs from eContentType.
	ContentTypeMismatch
	// DigestMismatch: the messageDigest attribute differs from the digest of
	// the content — the document was changed after signing.
	DigestMismatch
	// SignatureInvalid: the signature value does not verify.
	SignatureInvalid
	// SigningCertificateMismatch: an ESS signingCertificate(V2) attribute
	// names another certificate than the signer's.
	SigningCertificateMismatch
)

var reasonText = map[Reason]string{
	Malformed:                  "malformed signer",
	UnsupportedAlgorithm:       "unsupported algorithm",
	NoSignerCertificate:        "signer certificate not found",
	BadSignerKey:               "unusable signer key",
	ContentTypeMismatch:        "content type mismatch",
	DigestMismatch:             "message digest mismatch",
	SignatureInvalid:           "signature does not verify",
	SigningCertificateMismatch: "signing certificate attribute does not match the signer certificate",
}

func (r Reason) String() string {
	if s, ok := reasonText[r]; ok {
		return s
	}
	return "unknown reason"
}

// SignerError is the failure of one signer's check. Signer is the signer's
// position, 1-based, with countersigners as "2.1".
type SignerError struct {
	Signer string
	Reason Reason
	Err    error // detail, may be nil
}

func (e *SignerError) Error() string {
	msg := "cms: signer " + e.Signer + ": " + e.Reason.String()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *SignerError) Unwrap() error { return e.Err }

// SignerResult is the outcome of checking one signer: the signature value,
// the content digest and the signed attributes. It says nothing of the
// certificate's trust, validity or revocation.
type SignerResult struct {
	// Position is "1", "2", … for signers and "1.1", … for countersigners.
	Position string
	Signer   *SignerInfo
	// Certificate is the signer certificate found, nil if none.
	Certificate *x509.Certificate
	// Key is the signer's GOST public key, nil if it could not be parsed
	// or is RSA or ECDSA (then Certificate.PublicKey).
	Key *gost.PublicKey
	// Hash is the GOST digest algorithm used, zero if unsupported or for
	// an RSA or ECDSA signer (whose hash is ForeignHash()).
	Hash gost.Hash
	// An RSA or ECDSA signer's hash and RSASSA-PSS salt length (pss), in
	// the padding after Hash: a GOST signer's result is no larger for them.
	foreignHash uint8 // a crypto.Hash; 0 for a GOST signer
	pss         bool
	pssSalt     int32
	// ContentDigest is the digest computed over the content (for a
	// countersigner: over the countersigned signature value).
	ContentDigest []byte
	SigningTime   *time.Time
	// UnknownAttributes lists signed attributes this package does not
	// interpret; they are covered by the signature but otherwise ignored.
	UnknownAttributes []asn1.ObjectIdentifier
	// TimeStampTokens counts RFC 3161 timestamp tokens in the unsigned
	// attributes; they are not verified here.
	TimeStampTokens int
	Countersigners  []*SignerResult
	// Quirks are the departures from the standard, made by named real
	// producers, that were tolerated; Warnings says them in English.
	Quirks   []Quirk
	Warnings []string
	// Err is nil when every check passed, else a *SignerError.
	Err error

	cache *CertificateCache // the signature's, for certificate digests
}

// ForeignHash is the digest algorithm of an RSA or ECDSA signer: SHA-256,
// SHA-384 or SHA-512; zero for a GOST signer (see Hash) or when the
// algorithms are not supported.
func (r *SignerResult) ForeignHash() crypto.Hash { return crypto.Hash(r.foreignHash) }

// Options for Verify.
type Options struct {
	// ExtraCertificates are searched for signer certificates after the ones
	// inside the signature (e.g. from --certs).
	ExtraCertificates []*x509.Certificate
	// Digests are digests of the content the caller has computed already
	// (a document read once for several purposes): an algorithm found here
	// is not computed again, and the content is read only when a signer
	// needs one that is missing. An RSA or ECDSA signer's SHA-2 digest is
	// always computed from the content.
	Digests map[gost.Hash][]byte
}

// Verify checks every signer of s over content: content is the detached
// document, or nil to use the attached content. The content is read once,
// streamed through every digest algorithm the signers use. Verify returns
// an error only when the content cannot be read; each signer's own outcome
// is in its SignerResult.
func (s *SignedData) Verify(content io.Reader, opts Options) ([]*SignerResult, error) {
	if content == nil && s.Content != nil {
		content = bytes.NewReader(s.Content)
	}
	pool := append(s.ParsedCertificates(), opts.ExtraCertificates...)
	results := make([]*SignerResult, len(s.Signers))
	needed := map[gost.Hash]bool{}
	var foreign map[crypto.Hash]bool // nil while every signer is GOST
	for i, si := range s.Signers {
		r := prepareSigner(fmt.Sprint(i+1), si, pool, s.cache)
		results[i] = r
		switch {
		case r.Err != nil:
		case r.foreignHash != 0:
			if foreign == nil {
				foreign = map[crypto.Hash]bool{}
			}
			foreign[r.ForeignHash()] = true
		default:
			needed[r.Hash] = true
		}
	}
	missing := map[gost.Hash]bool{}
	for h := range needed {
		if _, ok := opts.Digests[h]; !ok {
			missing[h] = true
		}
	}
	digests := map[gost.Hash][]byte{}
	var foreignDigests map[crypto.Hash][]byte
	if len(missing) > 0 || len(foreign) > 0 || len(opts.Digests) == 0 {
		if content == nil {
			return nil, errors.New("cms: detached signature: the signed content is needed")
		}
		computed, computedForeign, err := hashContent(content, missing, foreign)
		if err != nil {
			return nil, err
		}
		maps.Copy(digests, computed)
		foreignDigests = computedForeign
	}
	for h := range needed {
		if d, ok := opts.Digests[h]; ok {
			digests[h] = d
		}
	}
	for _, r := range results {
		if r.Err == nil {
			if r.foreignHash != 0 {
				r.ContentDigest = foreignDigests[r.ForeignHash()]
			} else {
				r.ContentDigest = digests[r.Hash]
			}
			r.Err = r.check(s.ContentType, true)
		}
		r.verifyCountersigners(pool)
	}
	return results, nil
}

// ParsedCertificates returns the certificates inside the signature that
// crypto/x509 could read.
func (s *SignedData) ParsedCertificates() []*x509.Certificate {
	var certs []*x509.Certificate
	for _, c := range s.Certificates {
		if c.Cert != nil {
			certs = append(certs, c.Cert)
		}
	}
	return certs
}

// copyBuffers are the buffers content is hashed through: a run over
// thousands of documents reuses them.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// HashContent reads r once through every hash in needed and returns the
// digests: what a signer's messageDigest attribute is compared with.
func HashContent(r io.Reader, needed map[gost.Hash]bool) (map[gost.Hash][]byte, error) {
	digests, _, err := hashContent(r, needed, nil)
	return digests, err
}

// hashContent is HashContent through the SHA-2 hashes of foreign (RSA and
// ECDSA) signers too; their digests are nil when foreign is empty.
func hashContent(r io.Reader, needed map[gost.Hash]bool, foreign map[crypto.Hash]bool) (map[gost.Hash][]byte, map[crypto.Hash][]byte, error) {
	hashes := map[gost.Hash]hash.Hash{}
	var foreignHashes map[crypto.Hash]hash.Hash
	var writers []io.Writer
	for h := range needed {
		w := h.New()
		hashes[h] = w
		writers = append(writers, w)
	}
	if len(foreign) > 0 {
		foreignHashes = map[crypto.Hash]hash.Hash{}
		for h := range foreign {
			w := h.New()
			foreignHashes[h] = w
			writers = append(writers, w)
		}
	}
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	// Hidden behind a plain io.Reader, an *os.File copies through buf
	// rather than allocating a buffer of its own on every call.
	if _, err := io.CopyBuffer(io.MultiWriter(writers...), struct{ io.Reader }{r}, *buf); err != nil {
		return nil, nil, fmt.Errorf("cms: reading content: %w", err)
	}
	digests := map[gost.Hash][]byte{}
	for h, w := range hashes {
		digests[h] = w.Sum(nil)
	}
	var foreignDigests map[crypto.Hash][]byte
	if foreignHashes != nil {
		foreignDigests = map[crypto.Hash][]byte{}
		for h, w := range foreignHashes {
			foreignDigests[h] = w.Sum(nil)
		}
	}
	return digests, foreignDigests, nil
}

// prepareSigner finds the signer certificate and key and the hash to use:
// for a GOST key, its GOST hash; for an RSA or ECDSA key, the SHA-2 hash
// of prepareForeign.
func prepareSigner(pos string, si *SignerInfo, pool []*x509.Certificate, cache *CertificateCache) *SignerResult {
	r := &SignerResult{Position: pos, Signer: si, cache: cache}
	fail := func(reason Reason, err error) *SignerResult {
		r.Err = &SignerError{Signer: pos, Reason: reason, Err: err}
		return r
	}
	r.Certificate = findSignerCertificate(si, pool)
	if r.Certificate == nil {
		return fail(NoSignerCertificate, errors.New(describeSID(si)))
	}
	key, err := cache.publicKey(r.Certificate)
	if err != nil {
		var unsupported *gost.UnsupportedError
		if errors.As(err, &unsupported) {
			// Not a GOST key: crypto/x509 has parsed an RSA or ECDSA one.
			switch r.Certificate.PublicKey.(type) {
			case *rsa.PublicKey, *ecdsa.PublicKey:
				if reason, err := r.prepareForeign(si); err != nil {
					return fail(reason, err)
				}
				return r
			}
			return fail(UnsupportedAlgorithm, err)
		}
		return fail(BadSignerKey, err)
	}
	r.Key = key
	digestHash, err := gost.HashByOID(si.DigestAlgorithm.Algorithm)
	if err != nil {
		return fail(UnsupportedAlgorithm, err)
	}
	if p := si.DigestAlgorithm.Parameters.FullBytes; len(p) != 0 && !bytes.Equal(p, []byte{5, 0}) {
		return fail(Malformed, fmt.Errorf("digest algorithm %s has unexpected parameters", si.DigestAlgorithm.Algorithm))
	}
	sigHash, err := key.SignatureHash(si.SignatureAlgorithm)
	if err != nil {
		return fail(UnsupportedAlgorithm, err)
	}
	// 1.2.643.2.2.9 names GOST R 34.11-94 whatever its S-boxes; the key's
	// digestParamSet says which (sigHash).
	if digestHash.OID().Equal(sigHash.OID()) {
		digestHash = sigHash
	}
	if digestHash != sigHash {
		return fail(UnsupportedAlgorithm, fmt.Errorf("digest algorithm %v does not fit signature algorithm %s of a %v key",
			digestHash, si.SignatureAlgorithm.Algorithm, key.Algorithm))
	}
	r.Hash = digestHash
	if si.SignatureAlgorithm.Algorithm.Equal(key.Algorithm.OID()) {
		r.quirk(PublicKeyOIDAsSignatureAlgorithm)
	}
	return r
}

// Quirk is a departure from the standard that a named real producer makes
// and that is tolerated.
type Quirk int

const (
	// PublicKeyOIDAsSignatureAlgorithm: the SignerInfo's
	// signatureAlgorithm is the public-key OID (GOST R 34.10-2012 key),
	// not a signature OID, as CryptoPro CSP and ViPNet write it. Normal
	// for those producers.
	PublicKeyOIDAsSignatureAlgorithm Quirk = iota + 1
	// SignedAttributesNotInDEROrder: the signed attributes are not in DER
	// SET OF order; they are verified as received.
	SignedAttributesNotInDEROrder
)

func (q Quirk) String() string {
	switch q {
	case PublicKeyOIDAsSignatureAlgorithm:
		return "signatureAlgorithm is the public-key OID, not a signature OID (as CryptoPro CSP and ViPNet write it)"
	case SignedAttributesNotInDEROrder:
		return "signed attributes are not in DER order; verified as received"
	}
	return fmt.Sprintf("quirk %d", int(q))
}

// quirk records q in r.Quirks and, in English, in r.Warnings.
func (r *SignerResult) quirk(q Quirk) {
	r.Quirks = append(r.Quirks, q)
	r.Warnings = append(r.Warnings, q.String())
}

// findSignerCertificate returns the certificate the signer identifier names.
func findSignerCertificate(si *SignerInfo, pool []*x509.Certificate) *x509.Certificate {
	for _, c := range pool {
		switch {
		case si.IssuerAndSerial != nil:
			if c.SerialNumber.Cmp(si.IssuerAndSerial.Serial) == 0 && bytes.Equal(c.RawIssuer, si.IssuerAndSerial.RawIssuer) {
				return c
			}
		case si.SubjectKeyID != nil:
			if bytes.Equal(c.SubjectKeyId, si.SubjectKeyID) {
				return c
			}
		}
	}
	return nil
}

func describeSID(si *SignerInfo) string {
	if si.IssuerAndSerial != nil {
		var name pkix.RDNSequence
		issuer := "(unreadable issuer)"
		if _, err := asn1.Unmarshal(si.IssuerAndSerial.RawIssuer, &name); err == nil {
			issuer = name.String()
		}
		return fmt.Sprintf("no certificate with serial %X issued by %s", si.IssuerAndSerial.Serial, issuer)
	}
	return fmt.Sprintf("no certificate with subject key identifier %X", si.SubjectKeyID)
}

// check verifies the attributes and the signature of a prepared signer
// whose ContentDigest is set. contentType is the eContentType, or nil for a
// countersigner (which must not carry a contentType attribute).
func (r *SignerResult) check(contentType asn1.ObjectIdentifier, topLevel bool) error {
	si := r.Signer
	fail := func(reason Reason, err error) error {
		return &SignerError{Signer: r.Position, Reason: reason, Err: err}
	}
	if si.RawSignedAttrs == nil {
		if topLevel && !contentType.Equal(OIDData) {
			return fail(Malformed, fmt.Errorf("signed attributes are required for content type %s", contentType))
		}
		if r.Key == nil {
			return r.checkForeign(r.ContentDigest)
		}
		if err := r.Key.VerifyDigest(r.ContentDigest, si.Signature); err != nil {
			return fail(SignatureInvalid, err)
		}
		return nil
	}
	if err := r.checkAttributes(contentType, topLevel); err != nil {
		return err
	}
	// RFC 5652 section 5.4: the signature covers the DER of the SET OF
	// signed attributes: the received [0] IMPLICIT element with its tag
	// rewritten to SET, never re-encoded.
	if r.Key == nil {
		// An RSA or ECDSA signer: hashed here, without a copy.
		d := r.ForeignHash().New()
		d.Write([]byte{0x31})
		d.Write(si.RawSignedAttrs[1:])
		return r.checkForeign(d.Sum(nil))
	}
	signed := bytes.Clone(si.RawSignedAttrs)
	signed[0] = 0x31
	if err := r.Key.Verify(si.SignatureAlgorithm, signed, si.Signature); err != nil {
		if errors.Is(err, gost.ErrSignatureInvalid) {
			return fail(SignatureInvalid, err)
		}
		return fail(UnsupportedAlgorithm, err)
	}
	return nil
}

func (r *SignerResult) checkAttributes(contentType asn1.ObjectIdentifier, topLevel bool) error {
	si := r.Signer
	fail := func(reason Reason, err error) error {
		return &SignerError{Signer: r.Position, Reason: reason, Err: err}
	}
	seen := map[string]bool{}
	for _, a := range si.SignedAttrs {
		if seen[a.Type.String()] {
			return fail(Malformed, fmt.Errorf("signed attribute %s appears more than once", a.Type))
		}
		seen[a.Type.String()] = true
	}
	if !isDERSetOrder(si.SignedAttrs) {
		r.quirk(SignedAttributesNotInDEROrder)
	}
	var haveDigest bool
	for i := range si.SignedAttrs {
		a := &si.SignedAttrs[i]
		v, err := a.single()
		if err != nil {
			return fail(Malformed, err)
		}
		switch {
		case a.Type.Equal(OIDContentType):
			ct, err := decodeContentType(v)
			if err != nil {
				return fail(Malformed, err)
			}
			if !topLevel {
				return fail(Malformed, errors.New("a countersignature must not carry a contentType attribute"))
			}
			if !ct.Equal(contentType) {
				return fail(ContentTypeMismatch, fmt.Errorf("attribute says %s, encapsulated content is %s", ct, contentType))
			}
		case a.Type.Equal(OIDMessageDigest):
			d, err := decodeMessageDigest(v)
			if err != nil {
				return fail(Malformed, err)
			}
			haveDigest = true
			if !bytes.Equal(d, r.ContentDigest) {
				return fail(DigestMismatch, fmt.Errorf("signed digest %x, content digest %x", d, r.ContentDigest))
			}
		case a.Type.Equal(OIDSigningTime):
			t, err := decodeTime(v)
			if err != nil {
				return fail(Malformed, fmt.Errorf("signingTime: %w", err))
			}
			r.SigningTime = &t
		case a.Type.Equal(OIDSigningCertificate), a.Type.Equal(OIDSigningCertificateV2):
			ids, err := decodeSigningCertificate(v, a.Type.Equal(OIDSigningCertificateV2))
			if err != nil {
				return fail(Malformed, err)
			}
			if err := matchESSCertID(ids[0], r.Certificate, r.cache); err != nil {
				return fail(SigningCertificateMismatch, err)
			}
		default:
			r.UnknownAttributes = append(r.UnknownAttributes, a.Type)
		}
	}
	if topLevel && !seen[OIDContentType.String()] {
		return fail(Malformed, errors.New("signed attributes lack contentType"))
	}
	if !haveDigest {
		return fail(Malformed, errors.New("signed attributes lack messageDigest"))
	}
	return nil
}

// isDERSetOrder reports whether the attributes are in the order DER
// prescribes for a SET OF: ascending by their encodings.
func isDERSetOrder(attrs []Attribute) bool {
	for i := 1; i < len(attrs); i++ {
		if bytes.Compare(attrs[i-1].Raw, attrs[i].Raw) > 0 {
			return false
		}
	}
	return true
}

// matchESSCertID checks that an ESS certificate reference names cert
// (RFC 2634 section 5.4, RFC 5035 section 3): its hash, and the issuer's
// serial number when given. The hash comes from cache when cert is there.
func matchESSCertID(id ESSCertID, cert *x509.Certificate, cache *CertificateCache) error {
	sum, err := cache.digest(cert, id.HashAlgorithm.Algorithm)
	if err != nil {
		return err
	}
	if !bytes.Equal(sum, id.Hash) {
		return fmt.Errorf("it references a certificate with hash %x, the signer certificate's is %x", id.Hash, sum)
	}
	if id.IssuerSerial != nil && id.IssuerSerial.Serial.Cmp(cert.SerialNumber) != 0 {
		return fmt.Errorf("it references serial %X, the signer certificate's is %X", id.IssuerSerial.Serial, cert.SerialNumber)
	}
	return nil
}

// verifyCountersigners checks the countersignature attributes (RFC 5652
// section 11.4): SignerInfos over the signature value of r.
func (r *SignerResult) verifyCountersigners(pool []*x509.Certificate) {
	n := 0
	for _, a := range r.Signer.UnsignedAttrs {
		switch {
		case a.Type.Equal(OIDTimeStampToken):
			r.TimeStampTokens += len(a.Values)
		case a.Type.Equal(OIDCounterSignature):
			for _, v := range a.Values {
				n++
				pos := fmt.Sprintf("%s.%d", r.Position, n)
				si, err := parseSignerInfoElement(v)
				if err != nil {
					r.Countersigners = append(r.Countersigners, &SignerResult{Position: pos,
						Err: &SignerError{Signer: pos, Reason: Malformed, Err: err}})
					continue
				}
				c := prepareSigner(pos, si, pool, r.cache)
				if c.Err == nil {
					var d hash.Hash
					if c.foreignHash != 0 {
						d = c.ForeignHash().New()
					} else {
						d = c.Hash.New()
					}
					d.Write(r.Signer.Signature)
					c.ContentDigest = d.Sum(nil)
					c.Err = c.check(nil, false)
				}
				c.verifyCountersigners(pool)
				r.Countersigners = append(r.Countersigners, c)
			}
		}
	}
}
