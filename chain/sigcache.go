package chain

import (
	"crypto/sha256"
	"crypto/x509"
	"sync"
)

// SignatureCache remembers which certificate signatures were checked
// against which issuer keys, so that a run verifying thousands of
// documents signed under one CA checks each link once. The key is the
// SHA-256 of the whole certificate and of the issuer's
// SubjectPublicKeyInfo, so certificates parsed again from every signature
// still hit. It is safe for concurrent use; the zero value is ready.
type SignatureCache struct {
	mu      sync.Mutex
	results map[sigKey]error
}

type sigKey struct{ cert, issuerKey [sha256.Size]byte }

// CheckSignature is chain.CheckSignature from the cache: a certificate
// met again (a delegated OCSP responder's, in every response it signed) is
// checked once. A nil cache checks every time.
func (c *SignatureCache) CheckSignature(cert, issuer *x509.Certificate) error {
	return c.check(cert, issuer, func() error { return CheckSignature(cert, issuer) })
}

// check returns checkSignature(cert, issuer), from the cache when the
// same pair was checked before. A nil cache checks every time.
func (c *SignatureCache) check(cert, issuer *x509.Certificate, check func() error) error {
	if c == nil {
		return check()
	}
	k := sigKey{sha256.Sum256(cert.Raw), sha256.Sum256(issuer.RawSubjectPublicKeyInfo)}
	c.mu.Lock()
	err, ok := c.results[k]
	c.mu.Unlock()
	if ok {
		return err
	}
	err = check() // two workers may both check a new pair once: harmless
	c.mu.Lock()
	if c.results == nil {
		c.results = map[sigKey]error{}
	}
	c.results[k] = err
	c.mu.Unlock()
	return err
}
