package verify

import (
	"crypto/x509"
	"sync"

	"github.com/gostverify/gostverify/chain"
)

// maxDescribed bounds the certificate descriptions a cache keeps.
const maxDescribed = 10_000

// cache is the part of a Verifier's caches that package verify keeps
// itself: the checks of certificate signatures along chains, and the
// descriptions of the certificates in the reports, both keyed by the
// certificate's DER, so a certificate parsed again from another signature
// still hits. It is safe for concurrent use; the zero value is ready.
type cache struct {
	links chain.SignatureCache

	mu      sync.Mutex
	chain   map[string]ChainCertificate // by DER; Source left empty
	signers map[string]Signer           // by DER
}

// describeLink is DescribeLink, from c when l's certificate was
// described before.
func (c *cache) describeLink(l chain.Link) ChainCertificate {
	d := remember(&c.mu, &c.chain, l.Cert, func() ChainCertificate { return DescribeLink(chain.Link{Cert: l.Cert}) })
	return d.from(l.Source)
}

// describeSigner is DescribeCertificate, from c when cert was described
// before; each call returns a Signer of its own.
func (c *cache) describeSigner(cert *x509.Certificate) *Signer {
	s := remember(&c.mu, &c.signers, cert, func() Signer { return *DescribeCertificate(cert) })
	return &s
}

// remember returns (*m)[cert], computing and keeping it (up to
// maxDescribed entries) the first time; mu guards m.
func remember[V any](mu *sync.Mutex, m *map[string]V, cert *x509.Certificate, compute func() V) V {
	mu.Lock()
	v, ok := (*m)[string(cert.Raw)]
	mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	mu.Lock()
	if *m == nil {
		*m = map[string]V{}
	}
	if len(*m) < maxDescribed {
		(*m)[string(cert.Raw)] = v
	}
	mu.Unlock()
	return v
}
