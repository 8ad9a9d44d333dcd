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
	c.mu.Lock()
	d, ok := c.chain[l.Cert]
	c.mu.Unlock()
	if !ok {
		d = describeLinkUncached(chain.Link{Cert: l.Cert})
		c.mu.Lock()
		if c.chain == nil {
			c.chain = map[*x509.Certificate]ChainCertificate{}
		}
		if len(c.chain) < maxDescribed {
			c.chain[l.Cert] = d
		}
		c.mu.Unlock()
	}
	d.Source = l.Source
	return d
}

// describeSigner is DescribeCertificate, from c when cert was described
// before; each call returns a Signer of its own.
func (c *Cache) describeSigner(cert *x509.Certificate) *Signer {
	if c == nil {
		return DescribeCertificate(cert)
	}
	c.mu.Lock()
	s, ok := c.signers[cert]
	c.mu.Unlock()
	if !ok {
		s = *DescribeCertificate(cert)
		c.mu.Lock()
		if c.signers == nil {
			c.signers = map[*x509.Certificate]Signer{}
		}
		if len(c.signers) < maxDescribed {
			c.signers[cert] = s
		}
		c.mu.Unlock()
	}
	return &s
}
