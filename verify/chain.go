package verify

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/gostverify/gostverify/chain"
)

// DescribeLink describes a certificate of a path as reports list it.
func DescribeLink(l chain.Link) ChainCertificate {
	s1, s256 := sha1.Sum(l.Cert.Raw), sha256.Sum256(l.Cert.Raw)
	return ChainCertificate{
		Subject: FormatName(l.Cert.Subject), Serial: fmt.Sprintf("%X", l.Cert.SerialNumber),
		NotBefore: l.Cert.NotBefore, NotAfter: l.Cert.NotAfter,
		SHA1: hex.EncodeToString(s1[:]), SHA256: hex.EncodeToString(s256[:]),
	}.from(l.Source)
}

// Where a chain certificate came from (ChainCertificate.Source).
const (
	SourceSignature = "signature" // the signature's certificates
	SourceEmbedded  = "embedded"  // CAdES certificate-values
	SourceCerts     = "certs"     // --certs
	SourceAIA       = "aia"       // downloaded from a "CA Issuers" URL
	SourceCache     = "cache"     // an earlier download, from the disk cache
	SourceAnchor    = "anchor"    // the trust anchors
	SourceTimestamp = "timestamp" // a timestamp token's certificates
)

// from sets where c came from, given a chain.Link's source: the trust
// anchors are "anchor", a download URL is "aia" with the URL.
func (c ChainCertificate) from(source string) ChainCertificate {
	switch {
	case source == "roots":
		c.Source = SourceAnchor
	case strings.Contains(source, "://"):
		c.Source, c.URL = SourceAIA, source
	default:
		c.Source = source
	}
	return c
}
