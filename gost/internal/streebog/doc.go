// Package streebog implements the GOST R 34.11-2012 hash function
// "Streebog" (RFC 6986) with 256-bit and 512-bit output.
//
// New256 and New512 return a hash.Hash; Sum256 and Sum512 hash a byte
// slice in one call. The digest is the byte string that `openssl dgst
// -md_gost12_256` (or -md_gost12_512) prints and that CMS stores in
// messageDigest: the 512-bit state written least significant byte first,
// of which Streebog-256 keeps the upper half. RFC 6986 prints the same
// values byte-reversed, as big-endian integers.
//
// Guarantees: Sum does not change the state, so it may be called at any
// point and writing may go on after it; Write never fails and never
// allocates; messages of any length are hashed correctly (the 512-bit
// length counter and checksum carry across all words). The code is not
// constant-time: it is meant for verifying public data.
package streebog
