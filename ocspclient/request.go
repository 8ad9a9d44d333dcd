package ocspclient

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"hash"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
)

// HashAlg is the hash algorithm of a CertID.
type HashAlg string

// The CertID hash algorithms the client tries, in order.
const (
	SHA1        HashAlg = "sha1"
	SHA256      HashAlg = "sha256"
	Streebog256 HashAlg = "streebog256"
)

var (
	oidSHA1        = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256      = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidStreebog256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}

	oidNonce       = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 2}
	oidBasic       = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}
	oidOCSPNoCheck = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 5}
)

func (h HashAlg) oid() asn1.ObjectIdentifier {
	switch h {
	case SHA256:
		return oidSHA256
	case Streebog256:
		return oidStreebog256
	}
	return oidSHA1
}

func (h HashAlg) new() hash.Hash {
	switch h {
	case SHA256:
		return crypto.SHA256.New()
	case Streebog256:
		return gost.Streebog256.New()
	}
	return crypto.SHA1.New()
}

func (h HashAlg) sum(b []byte) []byte {
	d := h.new()
	d.Write(b)
	return d.Sum(nil)
}

// certID is RFC 6960 section 4.1.1 CertID.
type certID struct {
	hashOID  asn1.ObjectIdentifier
	nameHash []byte
	keyHash  []byte
	serial   *big.Int
}

func (id *certID) equal(o *certID) bool {
	return id.hashOID.Equal(o.hashOID) && string(id.nameHash) == string(o.nameHash) &&
		string(id.keyHash) == string(o.keyHash) && id.serial.Cmp(o.serial) == 0
}

// subjectPublicKeyBits returns the contents of the subjectPublicKey BIT
// STRING of a SubjectPublicKeyInfo. This is what OpenSSL hashes for the
// issuerKeyHash (X509_pubkey_digest); for GOST keys these are the bytes of
// the DER OCTET STRING that wraps LE(X) || LE(Y).
func subjectPublicKeyBits(spki []byte) ([]byte, error) {
	in := cryptobyte.String(spki)
	var seq cryptobyte.String
	var bits asn1.BitString
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() ||
		!seq.SkipASN1(cbasn1.SEQUENCE) || !seq.ReadASN1BitString(&bits) || !seq.Empty() {
		return nil, errors.New("malformed subjectPublicKeyInfo")
	}
	return bits.Bytes, nil
}

// newCertID computes the CertID of cert issued by issuer (RFC 6960 section
// 4.1.1): the hash of the issuer's DER subject and of its public key bits.
func newCertID(h HashAlg, cert, issuer *x509.Certificate) (*certID, error) {
	key, err := subjectPublicKeyBits(issuer.RawSubjectPublicKeyInfo)
	if err != nil {
		return nil, err
	}
	if cert.SerialNumber == nil {
		return nil, errors.New("certificate without serial number")
	}
	return &certID{
		hashOID:  h.oid(),
		nameHash: h.sum(issuer.RawSubject),
		keyHash:  h.sum(key),
		serial:   cert.SerialNumber,
	}, nil
}

func (id *certID) marshal(b *cryptobyte.Builder) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(id.hashOID)
			// SHA-1 and SHA-2 carry NULL parameters, as OpenSSL writes them;
			// GOST hash identifiers have none (RFC 4491 section 2.1).
			if !id.hashOID.Equal(oidStreebog256) {
				b.AddASN1NULL()
			}
		})
		b.AddASN1OctetString(id.nameHash)
		b.AddASN1OctetString(id.keyHash)
		b.AddASN1BigInt(id.serial)
	})
}

// newNonce returns the extnValue of a nonce extension (RFC 8954): an OCTET
// STRING holding 16 random bytes.
func newNonce() ([]byte, error) {
	n := make([]byte, 16)
	if _, err := rand.Read(n); err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1OctetString(n)
	return b.Bytes()
}

// marshalRequest encodes an unsigned OCSPRequest (RFC 6960 section 4.1.1)
// for one CertID, with a nonce request extension when nonce is not nil.
func marshalRequest(id *certID, nonce []byte) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // OCSPRequest
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // TBSRequest
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // requestList
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // Request
					id.marshal(b)
				})
			})
			if nonce != nil {
				b.AddASN1(cbasn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // Extensions
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1ObjectIdentifier(oidNonce)
							b.AddASN1OctetString(nonce)
						})
					})
				})
			}
		})
	})
	return b.Bytes()
}
