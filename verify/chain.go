package verify

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/gostverify/gostverify/chain"
)

// DescribeLink describes a certificate of a path as reports list it.
func DescribeLink(l chain.Link) ChainCertificate {
	s1, s256 := sha1.Sum(l.Cert.Raw), sha256.Sum256(l.Cert.Raw)
	return ChainCertificate{
		Subject: FormatName(l.Cert.Subject), Serial: fmt.Sprintf("%X", l.Cert.SerialNumber),
		NotBefore: l.Cert.NotBefore, NotAfter: l.Cert.NotAfter,
		SHA1: hex.EncodeToString(s1[:]), SHA256: hex.EncodeToString(s256[:]),
		Source: l.Source,
	}
}
