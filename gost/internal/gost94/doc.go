// Package gost94 implements the GOST R 34.11-94 hash function (RFC 5831),
// whose step function uses the GOST 28147-89 block cipher (RFC 5830).
//
// NewCryptoPro returns the hash with the S-boxes of
// id-GostR3411-94-CryptoProParamSet (1.2.643.2.2.30.1), the parameter set
// used with GOST R 34.10-2001 in CMS and X.509 and by `openssl dgst
// -md_gost94`. NewTest returns it with the S-boxes of
// id-GostR3411-94-TestParamSet (1.2.643.2.2.30.0), those of the RFC 5831
// examples. Both start from the zero initial hash value.
//
// The digest is the byte string that `openssl dgst -md_gost94` prints and
// that CMS stores in messageDigest: the 256-bit result written least
// significant byte first. For the empty message no block is compressed
// before the length and checksum, which gives the published digests of ""
// (981e5f3c... with the CryptoPro S-boxes); gost-engine alone compresses
// one all-zero block there and prints 3f25bc1f... instead.
//
// Guarantees: Sum does not change the state, so it may be called at any
// point and writing may go on after it; Write never fails and never
// allocates; lengths up to 2^64-1 bytes are counted exactly. The code is
// not constant-time: it is meant for verifying public data.
package gost94
