package verify

import (
	"crypto/x509"
	"sync"

	"github.com/gostverify/gostverify/chain"
)

// maxDescribed bounds the certificate descriptions a Cache keeps.
const maxDescribed = 10_000

// Cache shares work between the verifications of one run, such as the
// thousands of signatures of a batch made by a few signers: the checks of
// certificate signatures along their chains, and the descriptions of the
// certificates in the reports (kept by *x509.Certificate: parse the
// signatures with cms.ParseShared so that a certificate met again is the
// same pointer). It is safe for concurrent use; the zero value is ready.
type Cache struct {
	links chain.SignatureCache

	mu      sync.Mutex
	chain   map[*x509.Certificate]ChainCertificate // Source left empty
	signers map[*x509.Certificate]Signer
}

// signatureCache is the chain.SignatureCache of c; nil for a nil c.
func (c *Cache) signatureCache() *chain.SignatureCache {
	if c == nil {
		return nil
	}
	return &c.links
}

// describeLink is describeLinkUncached, from c when l's certificate was
// described before.
func (c *Cache) describeLink(l chain.Link) ChainCertificate {
	if c == nil {
		return describeLinkUncached(l)
	}
	d := remember(&c.mu, &c.chain, l.Cert, func() ChainCertificate { return describeLinkUncached(chain.Link{Cert: l.Cert}) })
	d.Source = l.Source
	return d
}

// describeSigner is DescribeCertificate, from c when cert was described
// before; each call returns a Signer of its own.
func (c *Cache) describeSigner(cert *x509.Certificate) *Signer {
	if c == nil {
		return DescribeCertificate(cert)
	}
	s := remember(&c.mu, &c.signers, cert, func() Signer { return *DescribeCertificate(cert) })
	return &s
}

// remember returns (*m)[cert], computing and keeping it (up to
// maxDescribed entries) the first time; mu guards m.
func remember[V any](mu *sync.Mutex, m *map[*x509.Certificate]V, cert *x509.Certificate, compute func() V) V {
	mu.Lock()
	v, ok := (*m)[cert]
	mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	mu.Lock()
	if *m == nil {
		*m = map[*x509.Certificate]V{}
	}
	if len(*m) < maxDescribed {
		(*m)[cert] = v
	}
	mu.Unlock()
	return v
}
