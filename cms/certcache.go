package cms

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"sync"
	"sync/atomic"

	"github.com/gostverify/gostverify/gost"
)

// maxCachedCertificates bounds a CertificateCache: an archive whose every
// signature carries certificates of its own must not grow it without end.
const maxCachedCertificates = 10_000

// CertificateCache keeps the certificates parsed from signatures, by their
// DER, so that the same certificate met in another signature is the same
// *x509.Certificate, parsed once, with its public key parsed once and its
// ESS hashes computed once. Certificates that fail to parse are not kept.
// It is safe for concurrent use; the zero value is ready. Callers must not
// modify the certificates it returns.
type CertificateCache struct {
	mu     sync.Mutex
	byDER  map[string]*cachedCert
	byCert map[*x509.Certificate]*cachedCert
}

// cachedCert is one certificate of a CertificateCache and what was worked
// out from it.
type cachedCert struct {
	cert *x509.Certificate

	keyOnce sync.Once
	key     *gost.PublicKey
	keyErr  error
	uses    atomic.Int64 // publicKey calls

	mu      sync.Mutex
	digests map[string][]byte // by hash algorithm OID
}

// Parse returns the certificate of der, parsed once per cache: a
// certificate met again anywhere (a signature, a timestamp token, CAdES
// certificate-values) is the same *x509.Certificate. A nil c parses every
// time.
func (c *CertificateCache) Parse(der []byte) (*x509.Certificate, error) {
	got := c.parse(der)
	return got.Cert, got.ParseError
}

// parse returns the Certificate of the DER elem, from c when it is there.
// A nil c parses every time.
func (c *CertificateCache) parse(elem []byte) *Certificate {
	if c == nil {
		cert, err := x509.ParseCertificate(elem)
		if err != nil {
			return &Certificate{Raw: elem, ParseError: err}
		}
		return &Certificate{Raw: elem, Cert: cert}
	}
	c.mu.Lock()
	e := c.byDER[string(elem)]
	c.mu.Unlock()
	if e != nil {
		return &Certificate{Raw: e.cert.Raw, Cert: e.cert}
	}
	// A copy: the cache must not keep the whole signature alive.
	cert, err := x509.ParseCertificate(bytes.Clone(elem))
	if err != nil {
		return &Certificate{Raw: elem, ParseError: err}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.byDER[string(elem)]; e != nil {
		cert = e.cert // another worker parsed it meanwhile: share one
	} else if len(c.byDER) < maxCachedCertificates {
		if c.byDER == nil {
			c.byDER, c.byCert = map[string]*cachedCert{}, map[*x509.Certificate]*cachedCert{}
		}
		e = &cachedCert{cert: cert}
		c.byDER[string(elem)], c.byCert[cert] = e, e
	}
	return &Certificate{Raw: cert.Raw, Cert: cert}
}

// entry returns cert's entry when cert is one of c's certificates, else nil.
func (c *CertificateCache) entry(cert *x509.Certificate) *cachedCert {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byCert[cert]
}

// digest returns the hash of cert with alg (hashOf), computed once when cert is
// one of c's certificates.
func (c *CertificateCache) digest(cert *x509.Certificate, alg asn1.ObjectIdentifier) ([]byte, error) {
	e := c.entry(cert)
	if e == nil {
		return hashOf(alg, cert.Raw)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if d, ok := e.digests[alg.String()]; ok {
		return d, nil
	}
	d, err := hashOf(alg, cert.Raw)
	if err != nil {
		return nil, err
	}
	if e.digests == nil {
		e.digests = map[string][]byte{}
	}
	e.digests[alg.String()] = d
	return d, nil
}

// publicKey parses cert's GOST public key, once when cert is one of c's
// certificates. A key asked for a second time is precomputed
// (gost.PublicKey.Precompute): a signer's key met again will most likely
// verify many more signatures of the run.
func (c *CertificateCache) publicKey(cert *x509.Certificate) (*gost.PublicKey, error) {
	e := c.entry(cert)
	if e == nil {
		return gost.ParsePublicKey(cert.RawSubjectPublicKeyInfo)
	}
	e.keyOnce.Do(func() { e.key, e.keyErr = gost.ParsePublicKey(cert.RawSubjectPublicKeyInfo) })
	if e.keyErr != nil {
		return nil, e.keyErr
	}
	if e.uses.Add(1) == 2 {
		e.key.Precompute()
	}
	return e.key, nil
}
