package gost

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// signedObject is the shape shared by certificates, CRLs and certificate
// requests: SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING }.
type signedObject struct {
	name      string
	tbs       []byte
	sigAlg    pkix.AlgorithmIdentifier
	sig       []byte
	issuer    []byte // raw issuer Name; nil for a request
	subject   []byte // raw subject Name (certificates and requests)
	publicKey []byte // raw SubjectPublicKeyInfo (certificates and requests)
	aki, ski  []byte // key identifiers, when crypto/x509 can read them
}

// parseSignedObject splits a DER certificate (kind "x509"), CRL ("crl") or
// PKCS#10 request ("req") just far enough to check its signature.
func parseSignedObject(der []byte, kind string) (*signedObject, error) {
	var o signedObject
	in := cryptobyte.String(der)
	var outer, tbs, alg cryptobyte.String
	var sig asn1.BitString
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) || !in.Empty() ||
		!outer.ReadASN1Element(&tbs, cbasn1.SEQUENCE) ||
		!outer.ReadASN1Element(&alg, cbasn1.SEQUENCE) ||
		!outer.ReadASN1BitString(&sig) || !outer.Empty() {
		return nil, errors.New("not a signed object")
	}
	o.tbs, o.sig = tbs, sig.Bytes
	if _, err := asn1.Unmarshal(alg, &o.sigAlg); err != nil {
		return nil, err
	}
	var body, skip cryptobyte.String
	tbs.ReadASN1(&body, cbasn1.SEQUENCE)
	readElem := func(out *cryptobyte.String) bool {
		var tag cbasn1.Tag
		return body.ReadAnyASN1Element(out, &tag)
	}
	switch kind {
	case "x509":
		var issuer, subject, spki cryptobyte.String
		if body.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
			readElem(&skip) // version
		}
		if !readElem(&skip) || !readElem(&skip) || !readElem(&issuer) || !readElem(&skip) ||
			!readElem(&subject) || !readElem(&spki) {
			return nil, errors.New("malformed TBSCertificate")
		}
		o.issuer, o.subject, o.publicKey = issuer, subject, spki
		if c, err := x509.ParseCertificate(der); err == nil {
			o.aki, o.ski = c.AuthorityKeyId, c.SubjectKeyId
		}
	case "crl":
		var issuer cryptobyte.String
		if body.PeekASN1Tag(cbasn1.INTEGER) {
			readElem(&skip) // version
		}
		if !readElem(&skip) || !readElem(&issuer) {
			return nil, errors.New("malformed TBSCertList")
		}
		o.issuer = issuer
		if c, err := x509.ParseRevocationList(der); err == nil {
			o.aki = c.AuthorityKeyId
		}
	case "req":
		var subject, spki cryptobyte.String
		if !readElem(&skip) || !readElem(&subject) || !readElem(&spki) {
			return nil, errors.New("malformed CertificationRequestInfo")
		}
		o.subject, o.publicKey = subject, spki
	}
	return &o, nil
}

// TestCorpusSignatures checks every signature of the real-world corpus
// (testdata/gost-corpus, collected by its collect.sh) whose signer is in the
// corpus: certificates and CRLs against every certificate whose subject is
// their issuer and, where both carry key identifiers, whose subject key
// identifier is their authority key identifier (several real CAs share a
// name across re-keying); requests against their own key. Each must verify
// with one candidate, and none with a flipped bit.
func TestCorpusSignatures(t *testing.T) {
	files, err := filepath.Glob("../testdata/gost-corpus/*.der")
	if err != nil || len(files) < 100 {
		t.Fatalf("corpus missing: %d files, %v (run testdata/gost-corpus/collect.sh)", len(files), err)
	}
	var objects, certs []*signedObject
	for _, f := range files {
		der, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kind := filepath.Ext(strings.TrimSuffix(f, ".der"))[1:]
		o, err := parseSignedObject(der, kind)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		o.name = filepath.Base(f)
		objects = append(objects, o)
		if kind == "x509" {
			certs = append(certs, o)
		}
	}
	var verified, noIssuer, notGOST int
	for _, o := range objects {
		if _, err := (&PublicKey{Algorithm: GOST2012_256}).SignatureHash(o.sigAlg); err != nil {
			var unsupported *UnsupportedError
			if errors.As(err, &unsupported) {
				notGOST++
				continue
			}
		}
		var candidates []*signedObject
		if o.issuer == nil {
			candidates = []*signedObject{o}
		}
		for _, c := range certs {
			if o.issuer != nil && bytes.Equal(c.subject, o.issuer) &&
				(o.aki == nil || c.ski == nil || bytes.Equal(o.aki, c.ski)) {
				candidates = append(candidates, c)
			}
		}
		if len(candidates) == 0 {
			noIssuer++
			continue
		}
		var errs []error
		ok := false
		for _, c := range candidates {
			key, err := ParsePublicKey(c.publicKey)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if err := key.Verify(o.sigAlg, o.tbs, o.sig); err != nil {
				errs = append(errs, err)
				continue
			}
			ok = true
			flipped := bytes.Clone(o.sig)
			flipped[len(flipped)/3] ^= 0x10
			if err := key.Verify(o.sigAlg, o.tbs, flipped); !errors.Is(err, ErrSignatureInvalid) {
				t.Errorf("%s: flipped signature: got %v, want ErrSignatureInvalid", o.name, err)
			}
		}
		if !ok {
			t.Errorf("%s: no issuer candidate verifies: %v", o.name, errors.Join(errs...))
			continue
		}
		verified++
	}
	t.Logf("%d objects: %d verified, %d without issuer in corpus, %d not GOST", len(objects), verified, noIssuer, notGOST)
	if verified < len(objects)/2 {
		t.Errorf("only %d of %d corpus signatures checked", verified, len(objects))
	}
}
