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
// *x509.Certificate, parsed once. Certificates that fail to parse are not
// kept. It is safe for concurrent use; the zero value is ready. Callers
// must not modify the certificates it returns.
type CertificateCache struct {
	mu      sync.Mutex
	certs   map[string]*x509.Certificate
	digests map[digestKey][]byte
	keys    map[*x509.Certificate]*cachedKey
}

// cachedKey is a certificate's public key and how often it was asked for.
type cachedKey struct {
	key  *gost.PublicKey
	uses atomic.Int64
}

// digestKey is a cached certificate and a hash algorithm OID.
type digestKey struct {
	cert *x509.Certificate
	alg  string
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
	cert := c.certs[string(elem)]
	c.mu.Unlock()
	if cert != nil {
		return &Certificate{Raw: cert.Raw, Cert: cert}
	}
	// A copy: the cache must not keep the whole signature alive.
	cert, err := x509.ParseCertificate(bytes.Clone(elem))
	if err != nil {
		return &Certificate{Raw: elem, ParseError: err}
	}
	c.mu.Lock()
	if c.certs == nil {
		c.certs = map[string]*x509.Certificate{}
	}
	if prev := c.certs[string(elem)]; prev != nil {
		cert = prev // another worker parsed it meanwhile: share one
	} else if len(c.certs) < maxCachedCertificates {
		c.certs[string(elem)] = cert
	}
	c.mu.Unlock()
	return &Certificate{Raw: cert.Raw, Cert: cert}
}

// digest returns certificateHash(cert, alg), from c when cert is one of
// its certificates and was digested so before. A nil c computes it every
// time.
func (c *CertificateCache) digest(cert *x509.Certificate, alg asn1.ObjectIdentifier) ([]byte, error) {
	if c == nil {
		return certificateHash(cert, alg)
	}
	k := digestKey{cert, alg.String()}
	c.mu.Lock()
	d, ok := c.digests[k]
	cached := c.certs[string(cert.Raw)] == cert
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	d, err := certificateHash(cert, alg)
	if err != nil || !cached {
		return d, err
	}
	c.mu.Lock()
	if c.digests == nil {
		c.digests = map[digestKey][]byte{}
	}
	c.digests[k] = d
	c.mu.Unlock()
	return d, nil
}

// publicKey parses cert's GOST public key, once when cert is one of c's
// certificates. A key asked for a second time is precomputed
// (gost.PublicKey.Precompute): a signer's key met again will most likely
// verify many more signatures of the run. A nil c parses every time.
func (c *CertificateCache) publicKey(cert *x509.Certificate) (*gost.PublicKey, error) {
	if c == nil {
		return gost.ParsePublicKey(cert.RawSubjectPublicKeyInfo)
	}
	c.mu.Lock()
	k := c.keys[cert]
	cached := c.certs[string(cert.Raw)] == cert
	c.mu.Unlock()
	if k == nil {
		key, err := gost.ParsePublicKey(cert.RawSubjectPublicKeyInfo)
		if err != nil || !cached {
			return key, err
		}
		c.mu.Lock()
		if c.keys == nil {
			c.keys = map[*x509.Certificate]*cachedKey{}
		}
		if k = c.keys[cert]; k == nil { // else another worker parsed it meanwhile: share one
			k = &cachedKey{key: key}
			c.keys[cert] = k
		}
		c.mu.Unlock()
	}
	if k.uses.Add(1) == 2 {
		k.key.Precompute()
	}
	return k.key, nil
}
