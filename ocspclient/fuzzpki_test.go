package ocspclient

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The fuzz targets need seeds that verify in every fuzzing process, so
// their keys and signatures are the same in each: Ed25519 keys from fixed
// seeds (Ed25519 signatures are deterministic) and fixed times, and GOST
// responses and CRLs made once by OpenSSL (testdata/gost, gen.sh).

// fuzzEpoch is the fixed clock of the Ed25519 fuzz PKI.
var fuzzEpoch = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

var oidEd25519 = asn1.ObjectIdentifier{1, 3, 101, 112}

// edPKI is a CA with Ed25519 keys, its certificates and the keys.
type edPKI struct {
	ca, good, revoked, caLeaf *x509.Certificate
	respEKU, respNoEKU        *x509.Certificate // delegated responders, with and without OCSPSigning
	respExpired               *x509.Certificate // with OCSPSigning, expired before fuzzEpoch
	twinCA, twinResp          *x509.Certificate // another key under the CA's name, and its responder
	keys                      map[*x509.Certificate]ed25519.PrivateKey
}

// fuzzCDP is the distribution point of the Ed25519 PKI's certificates.
const fuzzCDP = "http://ca.test/a.crl"

func newEdPKI(t testing.TB) *edPKI {
	t.Helper()
	key := func(n byte) ed25519.PrivateKey {
		return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize))
	}
	p := &edPKI{keys: map[*x509.Certificate]ed25519.PrivateKey{}}
	issue := func(tmpl, parent *x509.Certificate, k ed25519.PrivateKey) *x509.Certificate {
		t.Helper()
		var parentKey ed25519.PrivateKey
		if parent != nil {
			parentKey = p.keys[parent]
		}
		c := issueCert(t, tmpl, parent, k, parentKey)
		p.keys[c] = k
		return c
	}
	year := fuzzEpoch.AddDate(1, 0, 0)
	ca := func(serial int64, k ed25519.PrivateKey) *x509.Certificate {
		return issue(&x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "fuzz CA"},
			NotBefore: fuzzEpoch.AddDate(-1, 0, 0), NotAfter: year,
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
			BasicConstraintsValid: true, IsCA: true,
		}, nil, k)
	}
	p.ca, p.twinCA = ca(1, key(1)), ca(2, key(2))
	leaf := func(parent *x509.Certificate, serial int64, cn string, k ed25519.PrivateKey, isCA bool, eku ...x509.ExtKeyUsage) *x509.Certificate {
		return issue(&x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
			NotBefore: fuzzEpoch.AddDate(0, -1, 0), NotAfter: year, ExtKeyUsage: eku,
			BasicConstraintsValid: isCA, IsCA: isCA, CRLDistributionPoints: []string{fuzzCDP},
		}, parent, k)
	}
	p.good = leaf(p.ca, 0x1001, "good", key(3), false)
	p.revoked = leaf(p.ca, 0x1002, "revoked", key(3), false)
	p.caLeaf = leaf(p.ca, 0x1003, "sub CA", key(4), true)
	p.respEKU = leaf(p.ca, 0x2001, "responder", key(5), false, x509.ExtKeyUsageOCSPSigning)
	p.respNoEKU = leaf(p.ca, 0x2002, "client", key(6), false, x509.ExtKeyUsageClientAuth)
	p.twinResp = leaf(p.twinCA, 0x2003, "responder", key(7), false, x509.ExtKeyUsageOCSPSigning)
	p.respExpired = issue(&x509.Certificate{
		SerialNumber: big.NewInt(0x2004), Subject: pkix.Name{CommonName: "expired responder"},
		NotBefore: fuzzEpoch.AddDate(-1, 0, 0), NotAfter: fuzzEpoch.AddDate(0, 0, -1),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning},
	}, p.ca, key(8))
	return p
}

// single is one SingleResponse to build.
type single struct {
	cert               *x509.Certificate
	hash               HashAlg
	status             Status
	revokedAt          time.Time
	reason             int // -1: none
	thisUpdate, nextUp time.Time
}

// ocspSpec is a BasicOCSPResponse to build, signed with the key of
// signer.
type ocspSpec struct {
	signer     *x509.Certificate
	byKey      bool
	certs      []*x509.Certificate // carried in the response
	producedAt time.Time
	singles    []single
	nonce      []byte // extnValue; nil: none
}

// build encodes and signs s for issuer.
func (p *edPKI) build(t testing.TB, issuer *x509.Certificate, s ocspSpec) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ResponseData
		if s.byKey {
			bits, err := subjectPublicKeyBits(s.signer.RawSubjectPublicKeyInfo)
			if err != nil {
				t.Fatal(err)
			}
			b.AddASN1(tagExplicit2, func(b *cryptobyte.Builder) { b.AddASN1OctetString(SHA1.sum(bits)) })
		} else {
			b.AddASN1(tagExplicit1, func(b *cryptobyte.Builder) { b.AddBytes(s.signer.RawSubject) })
		}
		b.AddASN1GeneralizedTime(s.producedAt)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, r := range s.singles {
				id, err := newCertID(r.hash, r.cert, issuer)
				if err != nil {
					t.Fatal(err)
				}
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					id.marshal(b)
					switch r.status {
					case Good:
						b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(*cryptobyte.Builder) {})
					case Revoked:
						b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddASN1GeneralizedTime(r.revokedAt)
							if r.reason >= 0 {
								b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) { b.AddASN1Enum(int64(r.reason)) })
							}
						})
					default:
						b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(*cryptobyte.Builder) {})
					}
					b.AddASN1GeneralizedTime(r.thisUpdate)
					if !r.nextUp.IsZero() {
						b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) { b.AddASN1GeneralizedTime(r.nextUp) })
					}
				})
			}
		})
		if s.nonce != nil {
			b.AddASN1(tagExplicit1, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidNonce)
						b.AddASN1OctetString(s.nonce)
					})
				})
			})
		}
	})
	tbs := b.BytesOrPanic()
	var certs [][]byte
	for _, c := range s.certs {
		certs = append(certs, c.Raw)
	}
	return basicResponse(tbs, oidEd25519, ed25519.Sign(p.keys[s.signer], tbs), certs)
}

// basicResponse wraps a signed tbsResponseData into a successful
// OCSPResponse carrying certs.
func basicResponse(tbs []byte, alg asn1.ObjectIdentifier, sig []byte, certs [][]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Enum(statusSuccessful)
		b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidBasic)
				b.AddASN1(cbasn1.OCTET_STRING, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddBytes(tbs)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(alg) })
						b.AddASN1BitString(sig)
						if len(certs) > 0 {
							b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
									for _, c := range certs {
										b.AddBytes(c)
									}
								})
							})
						}
					})
				})
			})
		})
	})
	return b.BytesOrPanic()
}

// crl makes a CRL of the CA listing the revoked certificate, with the
// extensions exts.
func (p *edPKI) crl(t testing.TB, exts ...pkix.Extension) []byte {
	t.Helper()
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(9), ThisUpdate: fuzzEpoch.Add(-time.Hour), NextUpdate: fuzzEpoch.AddDate(0, 0, 7),
		RevokedCertificateEntries: []x509.RevocationListEntry{
			{SerialNumber: big.NewInt(5), RevocationTime: fuzzEpoch.AddDate(0, 0, -9)},
			{SerialNumber: p.revoked.SerialNumber, RevocationTime: fuzzEpoch.AddDate(0, 0, -2), ReasonCode: 1},
		},
		ExtraExtensions: exts,
	}, p.ca, p.keys[p.ca])
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// gostFixtures are the files of testdata/gost, made by gen.sh, by name.
func gostFixtures(t testing.TB, prefix string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "gost", prefix+"*.der"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no testdata/gost/%s*.der: %v", prefix, err)
	}
	m := map[string][]byte{}
	for _, name := range names {
		der, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m[strings.TrimSuffix(filepath.Base(name), ".der")] = der
	}
	return m
}
