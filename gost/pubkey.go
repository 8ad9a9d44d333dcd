package gost

import (
	"bytes"
	"encoding/asn1"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost/internal/ec"
)

// KeyAlgorithm is a GOST R 34.10 public-key algorithm.
type KeyAlgorithm uint8

const (
	// GOST2001 is GOST R 34.10-2001, 1.2.643.2.2.19 (RFC 4491).
	GOST2001 KeyAlgorithm = 1 + iota
	// GOST2012_256 is GOST R 34.10-2012 with a 256-bit key, 1.2.643.7.1.1.1.1 (RFC 9215).
	GOST2012_256
	// GOST2012_512 is GOST R 34.10-2012 with a 512-bit key, 1.2.643.7.1.1.1.2 (RFC 9215).
	GOST2012_512
)

var (
	oidKeyGOST2001    = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	oidKeyGOST2012256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	oidKeyGOST2012512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
)

func (a KeyAlgorithm) String() string {
	switch a {
	case GOST2001:
		return "GOST R 34.10-2001"
	case GOST2012_256:
		return "GOST R 34.10-2012 (256)"
	case GOST2012_512:
		return "GOST R 34.10-2012 (512)"
	}
	return "unknown key algorithm"
}

// OID returns the public-key algorithm OID.
func (a KeyAlgorithm) OID() asn1.ObjectIdentifier {
	switch a {
	case GOST2001:
		return oidKeyGOST2001
	case GOST2012_256:
		return oidKeyGOST2012256
	case GOST2012_512:
		return oidKeyGOST2012512
	}
	return nil
}

// size is the coordinate size in bytes that the algorithm requires.
func (a KeyAlgorithm) size() int {
	if a == GOST2012_512 {
		return 64
	}
	return 32
}

func keyAlgorithmByOID(oid asn1.ObjectIdentifier) (KeyAlgorithm, bool) {
	switch {
	case oid.Equal(oidKeyGOST2001):
		return GOST2001, true
	case oid.Equal(oidKeyGOST2012256):
		return GOST2012_256, true
	case oid.Equal(oidKeyGOST2012512):
		return GOST2012_512, true
	}
	return 0, false
}

// PublicKey is a validated GOST R 34.10 public key: its point is on the
// curve of its parameter set. It is safe for concurrent use.
type PublicKey struct {
	Algorithm KeyAlgorithm
	ParamSet  *ParamSet
	// DigestParamSet is the digestParamSet OID of the key parameters, nil
	// when absent. For GOST R 34.10-2001 keys it selects the S-boxes of
	// GOST R 34.11-94 (absent means the CryptoPro set).
	DigestParamSet asn1.ObjectIdentifier
	// X and Y are the big-endian coordinates of the public point.
	X, Y []byte

	point *ec.PublicKey
}

// ParsePublicKey parses a DER SubjectPublicKeyInfo holding a GOST R 34.10
// key (RFC 4491 section 2.3.2, RFC 9215 section 3): the algorithm OID, the
// parameters SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL,
// encryptionParamSet OPTIONAL }, and a BIT STRING wrapping an OCTET STRING
// of LE(X) || LE(Y). The point is checked to lie on the curve.
func ParsePublicKey(spki []byte) (*PublicKey, error) {
	input := cryptobyte.String(spki)
	var info, algo, params cryptobyte.String
	var algOID asn1.ObjectIdentifier
	if !input.ReadASN1(&info, cbasn1.SEQUENCE) || !input.Empty() {
		return nil, &KeyError{Reason: "malformed SubjectPublicKeyInfo"}
	}
	if !info.ReadASN1(&algo, cbasn1.SEQUENCE) || !algo.ReadASN1ObjectIdentifier(&algOID) {
		return nil, &KeyError{Reason: "malformed algorithm identifier"}
	}
	alg, ok := keyAlgorithmByOID(algOID)
	if !ok {
		return nil, &UnsupportedError{What: "public key algorithm", OID: algOID}
	}
	if algo.Empty() {
		// RFC 4491 section 2.3.2 lets a certificate inherit the parameters
		// from its issuer; no producer we know of does it.
		return nil, &KeyError{Reason: "parameters are absent (inherited parameters are not supported)"}
	}
	if !algo.ReadASN1(&params, cbasn1.SEQUENCE) || !algo.Empty() {
		return nil, &KeyError{Reason: "malformed key parameters"}
	}
	k := &PublicKey{Algorithm: alg}
	var psOID asn1.ObjectIdentifier
	if !params.ReadASN1ObjectIdentifier(&psOID) {
		return nil, &KeyError{Reason: "malformed publicKeyParamSet"}
	}
	ps, err := ParamSetByOID(psOID)
	if err != nil {
		return nil, err
	}
	if ps.Curve.Size != alg.size() {
		return nil, &KeyError{Reason: fmt.Sprintf("parameter set %s does not fit a %s key", ps.Name, alg)}
	}
	k.ParamSet = ps
	if params.PeekASN1Tag(cbasn1.OBJECT_IDENTIFIER) {
		if !params.ReadASN1ObjectIdentifier(&k.DigestParamSet) {
			return nil, &KeyError{Reason: "malformed digestParamSet"}
		}
	}
	if params.PeekASN1Tag(cbasn1.OBJECT_IDENTIFIER) && alg == GOST2001 {
		var encryptionParamSet asn1.ObjectIdentifier
		if !params.ReadASN1ObjectIdentifier(&encryptionParamSet) {
			return nil, &KeyError{Reason: "malformed encryptionParamSet"}
		}
	}
	if !params.Empty() {
		return nil, &KeyError{Reason: "trailing data in key parameters"}
	}
	if _, err := k.hash(); err != nil {
		return nil, err
	}

	var bits asn1.BitString
	if !info.ReadASN1BitString(&bits) || bits.BitLength%8 != 0 {
		return nil, &KeyError{Reason: "malformed subjectPublicKey BIT STRING"}
	}
	if !info.Empty() {
		return nil, &KeyError{Reason: "trailing data in SubjectPublicKeyInfo"}
	}
	wrapped := cryptobyte.String(bits.Bytes)
	var point []byte
	if !wrapped.ReadASN1Bytes(&point, cbasn1.OCTET_STRING) || !wrapped.Empty() {
		return nil, &KeyError{Reason: "subjectPublicKey is not a DER OCTET STRING"}
	}
	n := ps.Curve.Size
	if len(point) != 2*n {
		return nil, &KeyError{Reason: fmt.Sprintf("public point is %d bytes, want %d for %s", len(point), 2*n, ps.Name)}
	}
	if err := k.setPoint(reversed(point[:n]), reversed(point[n:])); err != nil {
		return nil, err
	}
	return k, nil
}

// NewPublicKey returns the key of algorithm alg on parameter set ps with
// the big-endian coordinates x and y, each ps.Curve.Size bytes.
func NewPublicKey(alg KeyAlgorithm, ps *ParamSet, x, y []byte) (*PublicKey, error) {
	if alg.OID() == nil || ps == nil {
		return nil, &KeyError{Reason: "unknown algorithm or parameter set"}
	}
	if ps.Curve.Size != alg.size() {
		return nil, &KeyError{Reason: fmt.Sprintf("parameter set %s does not fit a %s key", ps.Name, alg)}
	}
	k := &PublicKey{Algorithm: alg, ParamSet: ps}
	if len(x) != ps.Curve.Size || len(y) != ps.Curve.Size {
		return nil, &KeyError{Reason: fmt.Sprintf("coordinates are %d and %d bytes, want %d", len(x), len(y), ps.Curve.Size)}
	}
	if err := k.setPoint(bytes.Clone(x), bytes.Clone(y)); err != nil {
		return nil, err
	}
	return k, nil
}

// Precompute prepares k for a key that will verify many signatures (a
// signer's certificate in a batch): it builds tables that make each later
// verification with k faster (about 40% less time on the short Weierstrass
// curves, measured with distinct inputs). It costs about one verification
// and 4 KiB (256-bit keys) or 8 KiB (512-bit keys) of memory, and does not
// change any result. It is idempotent and safe to
// call concurrently with itself and with the Verify methods. Keys on
// curves computed on their Edwards form (TC26-256-A, TC26-512-C, already
// the fastest) ignore it.
func (k *PublicKey) Precompute() {
	if k != nil {
		k.point.Precompute()
	}
}

// setPoint validates (x, y) on the key's curve and stores it.
func (k *PublicKey) setPoint(x, y []byte) error {
	curve, err := k.ParamSet.Curve.ec()
	if err != nil {
		return err
	}
	if k.point, err = curve.NewPublicKey(x, y); err != nil {
		return &KeyError{Reason: "invalid point for " + k.ParamSet.Name, Err: err}
	}
	k.X, k.Y = x, y
	return nil
}

// reversed returns a reversed copy of b: GOST encodes integers (public
// key coordinates, and digests read as integers) little-endian.
func reversed(b []byte) []byte {
	r := make([]byte, len(b))
	for i, v := range b {
		r[len(b)-1-i] = v
	}
	return r
}
