package verify

import (
	"crypto/sha256"
	"crypto/x509"
	"sync"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/qualified"
	"github.com/gostverify/gostverify/tsp"
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
	// profiles are the signer certificates' Приказ 795 checks, by DER:
	// a function of the certificate alone, asked for every signature.
	profiles map[string]qualified.Checks
	tokens   map[tokenKey]tokenCheck      // timestamp token checks
	sums     map[string]map[string][]byte // digests of CAdES values, by algorithm, then value
	summed   int                          // values in sums
}

// maxDigested bounds the values whose digests a cache keeps: certificates,
// CRLs and OCSP responses of CAdES-X Long signatures, which a batch
// meets again and again (the CA certificates of every signature).
const maxDigested = 4096

// digest is h's algorithm's hash of value, from c when computed before.
// The lookup copies nothing: a hit costs a map probe, not a copy of the
// value.
func (c *cache) digest(h cms.OtherHash, value []byte) ([]byte, error) {
	alg := h.Algorithm.Algorithm.String()
	c.mu.Lock()
	sum, ok := c.sums[alg][string(value)]
	c.mu.Unlock()
	if ok {
		return sum, nil
	}
	sum, err := h.Digest(value)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.sums == nil {
		c.sums = map[string]map[string][]byte{}
	}
	if c.sums[alg] == nil {
		c.sums[alg] = map[string][]byte{}
	}
	if c.summed < maxDigested && len(value) <= 1<<20 {
		c.sums[alg][string(value)] = sum
		c.summed++
	}
	c.mu.Unlock()
	return sum, nil
}

// tokenKey is a timestamp token (its DER's SHA-256) checked against what
// its imprint covers (that input's SHA-256).
type tokenKey struct{ token, input [sha256.Size]byte }

// tokenCheck is the outcome of tsp.Token.Verify.
type tokenCheck struct {
	cert *x509.Certificate
	err  error
}

// verifyToken is tok.Verify(input, opts), from c when the same token was
// verified against the same input before: a signature met again in a run
// (a copy in another folder) checks its timestamps once.
func (c *cache) verifyToken(tok *tsp.Token, der, input []byte, opts tsp.Options) (*x509.Certificate, error) {
	k := tokenKey{sha256.Sum256(der), sha256.Sum256(input)}
	c.mu.Lock()
	r, ok := c.tokens[k]
	c.mu.Unlock()
	if ok {
		return r.cert, r.err
	}
	cert, err := tok.Verify(input, opts)
	if err != nil {
		// Not kept: another copy of the signature may carry the TSA's
		// certificate this one lacks.
		return cert, err
	}
	c.mu.Lock()
	if c.tokens == nil {
		c.tokens = map[tokenKey]tokenCheck{}
	}
	if len(c.tokens) < maxDescribed {
		c.tokens[k] = tokenCheck{cert, err}
	}
	c.mu.Unlock()
	return cert, err
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

// signerProfile is qualified.SignerProfile(cert), from c when cert was
// checked before. The result is shared: callers copy before appending.
func (c *cache) signerProfile(cert *x509.Certificate) qualified.Checks {
	return remember(&c.mu, &c.profiles, cert, func() qualified.Checks { return qualified.SignerProfile(cert) })
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
