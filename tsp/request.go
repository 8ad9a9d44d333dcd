package tsp

import (
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
)

// Request is an RFC 3161 TimeStampReq (section 2.4.1):
//
//	TimeStampReq ::= SEQUENCE {
//	  version        INTEGER { v1(1) },
//	  messageImprint MessageImprint,
//	  reqPolicy      TSAPolicyId OPTIONAL,
//	  nonce          INTEGER OPTIONAL,
//	  certReq        BOOLEAN DEFAULT FALSE,
//	  extensions     [0] IMPLICIT Extensions OPTIONAL }
//
// Extensions are never sent.
type Request struct {
	// Hash is the messageImprint's algorithm; HashedMessage the digest of
	// the data with it.
	Hash          gost.Hash
	HashedMessage []byte
	// Policy, when set, is the reqPolicy: the TSA must answer under it.
	Policy asn1.ObjectIdentifier
	// Nonce, when set, must come back in the TSTInfo (a fresh random one
	// tells this answer from a replayed one).
	Nonce *big.Int
	// CertReq asks the TSA to put its certificate in the token.
	CertReq bool
}

// NewRequest is a request for data hashed with h (Streebog-256 when h is
// zero), with a random 64-bit nonce read from random (crypto/rand when
// nil) and certReq set.
func NewRequest(data []byte, h gost.Hash, random io.Reader) (*Request, error) {
	if h == 0 {
		h = gost.Streebog256
	}
	if !h.Available() {
		return nil, fmt.Errorf("tsp: hash %v is not available", h)
	}
	d := h.New()
	d.Write(data)
	if random == nil {
		random = rand.Reader
	}
	var b [8]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return nil, fmt.Errorf("tsp: nonce: %w", err)
	}
	// Positive and never zero: the top bit cleared, the lowest set.
	b[0] &= 0x7f
	b[7] |= 1
	return &Request{Hash: h, HashedMessage: d.Sum(nil), Nonce: new(big.Int).SetBytes(b[:]), CertReq: true}, nil
}

// Marshal encodes r as DER. The hash algorithm is written without
// parameters, as RFC 9215 section 3.1 says for Streebog (and OpenSSL's
// `ts -query` does).
func (r *Request) Marshal() ([]byte, error) {
	if !r.Hash.Available() {
		return nil, errors.New("tsp: request: no hash algorithm")
	}
	if len(r.HashedMessage) != r.Hash.Size() {
		return nil, fmt.Errorf("tsp: request: hashedMessage of %d bytes for %v (%d bytes)", len(r.HashedMessage), r.Hash, r.Hash.Size())
	}
	if r.Nonce != nil && r.Nonce.Sign() < 0 {
		return nil, errors.New("tsp: request: negative nonce")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(r.Hash.OID())
			})
			b.AddASN1OctetString(r.HashedMessage)
		})
		if len(r.Policy) > 0 {
			b.AddASN1ObjectIdentifier(r.Policy)
		}
		if r.Nonce != nil {
			b.AddASN1BigInt(r.Nonce)
		}
		if r.CertReq {
			b.AddASN1Boolean(true)
		}
	})
	return b.Bytes()
}

// ParseRequest reads a DER TimeStampReq strictly (a test TSA reads what it
// is asked; a request with extensions is refused).
func ParseRequest(der []byte) (*Request, error) {
	in := cryptobyte.String(der)
	var body, mi, alg cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, &ParseError{Reason: "TimeStampReq: not a single DER SEQUENCE"}
	}
	var version int
	if !body.ReadASN1Integer(&version) || version != 1 {
		return nil, &ParseError{Reason: "TimeStampReq: version is not 1"}
	}
	var oid asn1.ObjectIdentifier
	r := &Request{}
	if !body.ReadASN1(&mi, cbasn1.SEQUENCE) || !mi.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return nil, &ParseError{Reason: "TimeStampReq: malformed messageImprint"}
	}
	if !alg.Empty() && !alg.SkipASN1(cbasn1.NULL) || !alg.Empty() {
		return nil, &ParseError{Reason: "TimeStampReq: hash algorithm parameters other than NULL"}
	}
	h, err := gost.HashByOID(oid)
	if err != nil {
		return nil, &ParseError{Reason: fmt.Sprintf("TimeStampReq: hash algorithm %v is not a GOST hash", oid), Err: err}
	}
	r.Hash = h
	if !mi.ReadASN1Bytes(&r.HashedMessage, cbasn1.OCTET_STRING) || !mi.Empty() || len(r.HashedMessage) != h.Size() {
		return nil, &ParseError{Reason: "TimeStampReq: malformed hashedMessage"}
	}
	if body.PeekASN1Tag(cbasn1.OBJECT_IDENTIFIER) && !body.ReadASN1ObjectIdentifier(&r.Policy) {
		return nil, &ParseError{Reason: "TimeStampReq: malformed reqPolicy"}
	}
	if body.PeekASN1Tag(cbasn1.INTEGER) {
		r.Nonce = new(big.Int)
		if !body.ReadASN1Integer(r.Nonce) || r.Nonce.Sign() < 0 {
			return nil, &ParseError{Reason: "TimeStampReq: malformed or negative nonce"}
		}
	}
	if body.PeekASN1Tag(cbasn1.BOOLEAN) {
		if !body.ReadASN1Boolean(&r.CertReq) || !r.CertReq {
			return nil, &ParseError{Reason: "TimeStampReq: malformed certReq (DER omits FALSE)"}
		}
	}
	if !body.Empty() {
		return nil, &ParseError{Reason: "TimeStampReq: extensions or trailing data"}
	}
	return r, nil
}
