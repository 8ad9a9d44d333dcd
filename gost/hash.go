package gost

import (
	"encoding/asn1"
	"hash"

	"github.com/gostverify/gostverify/gost/internal/gost94"
	"github.com/gostverify/gostverify/gost/internal/streebog"
)

// Hash identifies a GOST hash function, in the manner of crypto.Hash.
type Hash uint8

const (
	// Streebog256 is GOST R 34.11-2012 with a 256-bit output (RFC 6986).
	Streebog256 Hash = 1 + iota
	// Streebog512 is GOST R 34.11-2012 with a 512-bit output (RFC 6986).
	Streebog512
	// GOST94CryptoPro is GOST R 34.11-94 (RFC 5831) with the S-boxes of
	// id-GostR3411-94-CryptoProParamSet, the ones used with GOST R 34.10-2001
	// in CMS and X.509 and by `openssl dgst -md_gost94`.
	GOST94CryptoPro
	// GOST94Test is GOST R 34.11-94 with the S-boxes of
	// id-GostR3411-94-TestParamSet, the ones of the RFC 5831 examples.
	GOST94Test
)

// Digest algorithm and GOST R 34.11-94 parameter-set OIDs (RFC 4357, RFC 9215).
var (
	oidDigestGOST94      = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 9}
	oidDigestStreebog256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidDigestStreebog512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	oidGOST94TestParams  = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 30, 0}
	oidGOST94CProParams  = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 30, 1}
)

// New returns a new hash.Hash computing h. Its Sum output is the byte string
// that CMS stores in messageDigest and that `openssl dgst` prints; the
// standards print the same value byte-reversed.
func (h Hash) New() hash.Hash {
	switch h {
	case Streebog256:
		return streebog.New256()
	case Streebog512:
		return streebog.New512()
	case GOST94CryptoPro:
		return gost94.NewCryptoPro()
	case GOST94Test:
		return gost94.NewTest()
	}
	panic("gost: New of unknown hash " + h.String())
}

// Size returns the digest length in bytes.
func (h Hash) Size() int {
	if h == Streebog512 {
		return 64
	}
	return 32
}

// Available reports whether h is a known hash.
func (h Hash) Available() bool { return h >= Streebog256 && h <= GOST94Test }

func (h Hash) String() string {
	switch h {
	case Streebog256:
		return "GOST R 34.11-2012 (256)"
	case Streebog512:
		return "GOST R 34.11-2012 (512)"
	case GOST94CryptoPro:
		return "GOST R 34.11-94"
	case GOST94Test:
		return "GOST R 34.11-94 (test parameters)"
	}
	return "unknown hash"
}

// OID returns the digest algorithm OID of h. Both GOST R 34.11-94 variants
// share 1.2.643.2.2.9; the S-boxes come from the key's digestParamSet.
func (h Hash) OID() asn1.ObjectIdentifier {
	switch h {
	case Streebog256:
		return oidDigestStreebog256
	case Streebog512:
		return oidDigestStreebog512
	case GOST94CryptoPro, GOST94Test:
		return oidDigestGOST94
	}
	return nil
}

// HashByOID returns the hash with the given digest algorithm OID.
// 1.2.643.2.2.9 gives GOST94CryptoPro, the parameter set used in practice.
func HashByOID(oid asn1.ObjectIdentifier) (Hash, error) {
	switch {
	case oid.Equal(oidDigestStreebog256):
		return Streebog256, nil
	case oid.Equal(oidDigestStreebog512):
		return Streebog512, nil
	case oid.Equal(oidDigestGOST94):
		return GOST94CryptoPro, nil
	}
	return 0, &UnsupportedError{What: "digest algorithm", OID: oid}
}
