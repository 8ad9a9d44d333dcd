package chain

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"slices"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// fuzzIssuer is an issuer certificate and the certificates it signed.
type fuzzIssuer struct {
	cert     *x509.Certificate
	children []*x509.Certificate
}

// fuzzCert reads a certificate file of testdata (PEM or DER).
func fuzzCert(f *testing.F, path string) *x509.Certificate {
	f.Helper()
	certs, err := LoadCertificates(path)
	if err != nil || len(certs) != 1 {
		f.Fatalf("%s: %d certificates, %v", path, len(certs), err)
	}
	return certs[0]
}

// selfSigned returns a CA certificate that key signs itself with alg,
// made by crypto/x509: the side of the signature check that is not GOST.
func selfSigned(f *testing.F, key crypto.Signer, alg x509.SignatureAlgorithm) fuzzIssuer {
	f.Helper()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fuzz CA " + alg.String()},
		NotBefore: start, NotAfter: start.AddDate(1, 0, 0), SignatureAlgorithm: alg,
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, key.Public(), key)
	if err != nil {
		f.Fatal(err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		f.Fatal(err)
	}
	return fuzzIssuer{cert: ca, children: []*x509.Certificate{ca}}
}

// fuzzIssuers are GOST issuers (the OpenSSL-made test PKI, 512- and
// 256-bit; a real FNS CA) and an Ed25519 one, with certificates each of
// them signed.
func fuzzIssuers(f *testing.F) []fuzzIssuer {
	pki := "../testdata/cms/pki/"
	root, sub := fuzzCert(f, pki+"root.cer"), fuzzCert(f, pki+"sub.cer")
	fns := fuzzCert(f, "../testdata/gost-corpus/"+fnsSigner)
	var fnsCA *x509.Certificate
	all, err := LoadCertificates("../testdata/gost-corpus")
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range all {
		if bytes.Equal(c.SubjectKeyId, fns.AuthorityKeyId) {
			fnsCA = c
		}
	}
	if fnsCA == nil {
		f.Fatal("the FNS CA is not in the corpus")
	}
	// A fixed Ed25519 key signs deterministically: the coordinator and
	// every fuzzing worker make the same certificates.
	edKey := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	return []fuzzIssuer{
		{cert: root, children: []*x509.Certificate{root, sub}},
		{cert: sub, children: []*x509.Certificate{
			fuzzCert(f, pki+"signer_2001.pem"), fuzzCert(f, pki+"signer_2012_256.pem"), fuzzCert(f, pki+"signer_2012_512.pem"),
		}},
		{cert: fnsCA, children: []*x509.Certificate{fns}},
		selfSigned(f, edKey, x509.PureEd25519),
	}
}

// signedKey identifies a signature an issuer's key really made.
func signedKey(issuer *x509.Certificate, signed, sig []byte) string {
	return string(issuer.RawSubjectPublicKeyInfo) + "\x00" + string(signed) + "\x00" + string(sig)
}

// outerAlgorithm returns the DER signatureAlgorithm of a certificate.
func outerAlgorithm(f *testing.F, cert *x509.Certificate) []byte {
	in := cryptobyte.String(cert.Raw)
	var outer, alg cryptobyte.String
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) || !outer.SkipASN1(cbasn1.SEQUENCE) ||
		!outer.ReadASN1Element(&alg, cbasn1.SEQUENCE) {
		f.Fatal("malformed certificate")
	}
	return alg
}

// withAlgorithm re-assembles cert with alg as both its inner (tbsCertificate
// signature) and outer signatureAlgorithm, as crypto/x509 requires them
// equal, and sig as its signature value. ok is false when alg is not one
// DER element.
func withAlgorithm(cert *x509.Certificate, alg, sig []byte) (der []byte, ok bool) {
	a := cryptobyte.String(alg)
	var elem cryptobyte.String
	var tag cbasn1.Tag
	if !a.ReadAnyASN1Element(&elem, &tag) || !a.Empty() {
		return nil, false
	}
	tbs := cryptobyte.String(cert.RawTBSCertificate)
	var body, version, serial cryptobyte.String
	if !tbs.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, false
	}
	hasVersion := body.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific())
	if hasVersion && !body.ReadASN1Element(&version, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!body.ReadASN1Element(&serial, cbasn1.INTEGER) || !body.SkipASN1(cbasn1.SEQUENCE) {
		return nil, false
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(version)
			b.AddBytes(serial)
			b.AddBytes(alg)
			b.AddBytes(body)
		})
		b.AddBytes(alg)
		b.AddASN1BitString(sig)
	})
	der, err := b.Bytes()
	return der, err == nil
}

// FuzzCheckSignature gives real certificates (GOST ones of the OpenSSL-made
// test PKI and of the FNS, and an Ed25519 one) any signatureAlgorithm and
// signature value, and checks those that crypto/x509 accepts with
// CheckSignature against the certificate itself and each issuer whose
// name it gives: no panic, and a signature passes only when the issuer
// made it over those to-be-signed bytes. (FuzzParseCertificates mutates
// whole certificates; here the inputs stay small, so that the fuzzer's
// minimisation is quick.)
func FuzzCheckSignature(f *testing.F) {
	issuers := fuzzIssuers(f)
	var seeds []*x509.Certificate
	for _, is := range issuers {
		seeds = append(seeds, is.children...)
	}
	seeds = append(seeds, fuzzCert(f, "../testdata/gost-corpus/"+mincifry))
	keys := slices.Clone(seeds)
	for _, is := range issuers {
		keys = append(keys, is.cert)
	}
	// Every signature among the seeds, self-signatures included.
	valid := map[string]bool{}
	for i, c := range seeds {
		if der, ok := withAlgorithm(c, outerAlgorithm(f, c), c.Signature); !ok || !bytes.Equal(der, c.Raw) {
			f.Fatalf("%s: re-assembled with its own algorithm and signature, it is not the same", c.Subject)
		}
		f.Add(uint8(i), outerAlgorithm(f, c), c.Signature)
		for _, issuer := range keys {
			if CheckSignature(c, issuer) == nil {
				valid[signedKey(issuer, c.RawTBSCertificate, c.Signature)] = true
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, alg, sig []byte) {
		der, ok := withAlgorithm(seeds[int(which)%len(seeds)], alg, sig)
		if !ok {
			return
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return
		}
		check := func(issuer *x509.Certificate) {
			if err := CheckSignature(cert, issuer); err == nil && !valid[signedKey(issuer, cert.RawTBSCertificate, cert.Signature)] {
				t.Fatalf("a signature %s did not make passes", issuer.Subject)
			}
		}
		check(cert)
		for _, is := range issuers {
			if bytes.Equal(cert.RawIssuer, is.cert.RawSubject) {
				check(is.cert)
			}
		}
	})
}

// FuzzVerifySignature feeds arbitrary signature algorithms (any OID, any
// parameters: RSASSA-PSS's are parsed) and signature values over the
// to-be-signed bytes of real certificates to VerifySignature with GOST and
// Ed25519 issuers: no panic, and only signatures the issuer made pass.
func FuzzVerifySignature(f *testing.F) {
	issuers := fuzzIssuers(f)
	var seeds []*x509.Certificate
	valid := map[string]bool{}
	for _, is := range issuers {
		for _, c := range is.children {
			valid[signedKey(is.cert, c.RawTBSCertificate, c.Signature)] = true
			f.Add(uint8(len(seeds)), outerAlgorithm(f, c), c.Signature)
			seeds = append(seeds, c)
		}
	}
	// RSASSA-PSS, whose parameters are parsed here: a SHA-256 hash, the
	// SHA-1 default, and an unsupported hash.
	for _, hash := range []asn1.ObjectIdentifier{{2, 16, 840, 1, 101, 3, 4, 2, 1}, nil, {1, 2, 643, 7, 1, 1, 2, 2}} {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}) // id-RSASSA-PSS
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				if hash == nil {
					return
				}
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(hash)
						b.AddASN1NULL()
					})
				})
				b.AddASN1(cbasn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(32) })
			})
		})
		f.Add(uint8(1), b.BytesOrPanic(), seeds[1].Signature)
	}
	f.Fuzz(func(t *testing.T, which uint8, algDER, sig []byte) {
		var alg pkix.AlgorithmIdentifier
		if rest, err := asn1.Unmarshal(algDER, &alg); err != nil || len(rest) != 0 {
			return
		}
		signed := seeds[int(which)%len(seeds)].RawTBSCertificate
		for _, is := range issuers {
			if err := VerifySignature(is.cert, alg, signed, sig); err == nil && !valid[signedKey(is.cert, signed, sig)] {
				t.Fatalf("a signature %s did not make passes with %v", is.cert.Subject, alg.Algorithm)
			}
		}
	})
}
