package ocspclient

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
)

// crlWorld is an issuer, the certificates a fuzzed CRL is checked for,
// and a fixed clock.
type crlWorld struct {
	issuer *x509.Certificate
	certs  []*x509.Certificate
	now    time.Time
}

// The selector of FuzzCheckCRL: bit 0 the world (Ed25519 or GOST), bits
// 1-2 the certificate, as FuzzEvaluate's, and:
const (
	selCRLOwnDP = 1 << 3 // keep the certificate's own distribution points
	selCRLFlip  = 1 << 4 // a CA certificate becomes an end-entity one and back
)

// FuzzCheckCRL feeds fuzzed CRLs, for certificates with fuzzed
// distribution points (one a line) and kind, through CRLChecker.CheckCRL
// with a fixed clock and a fuzzed validation time. It must never panic,
// and a status it gives must come from a CRL signed by the issuer that
// covers the certificate: complete, not delta, and scoped to its kind and
// one of its distribution points.
func FuzzCheckCRL(f *testing.F) {
	p := newEdPKI(f)
	gostCRLs := gostFixtures(f, "crl_")
	plain, err := x509.ParseRevocationList(gostCRLs["crl_plain"])
	if err != nil {
		f.Fatal(err)
	}
	worlds := [2]*crlWorld{
		{issuer: p.ca, certs: []*x509.Certificate{p.good, p.revoked, p.caLeaf}, now: fuzzEpoch},
		{issuer: loadCert(f, filepath.Join(pkiDir, "sub.pem")), certs: []*x509.Certificate{
			loadCert(f, filepath.Join(pkiDir, "signer_2012_256.pem")), loadCert(f, filepath.Join(pkiDir, "signer_2001.pem"))},
			now: plain.ThisUpdate.Add(time.Hour)},
	}
	const other = "http://ca.test/b.crl"
	dirName := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: []byte{0x30, 0}}
	oidDelta, oidUnknown := asn1.ObjectIdentifier{2, 5, 29, 27}, asn1.ObjectIdentifier{1, 2, 3, 4, 5}
	edCRLs := [][]byte{
		p.crl(f),
		p.crl(f, idpNamed(f, false, uriName(fuzzCDP))),
		p.crl(f, idpNamed(f, false, uriName(other))),
		p.crl(f, idpNamed(f, false, dirName, uriName(other), uriName(fuzzCDP))),
		p.crl(f, idpNamed(f, false, dirName)),
		p.crl(f, idpNamed(f, true, asn1.RawValue{Tag: 17, IsCompound: true})),
		p.crl(f, ext(f, true, oidDelta, 8)),
		p.crl(f, ext(f, true, oidUnknown, 1)),
		p.crl(f, ext(f, false, oidUnknown, 1)),
	}
	for n := 1; n <= 5; n++ {
		edCRLs = append(edCRLs, p.crl(f, idp(f, n)))
	}
	// Two issuingDistributionPoints, which crypto/x509 writes and parses.
	edCRLs = append(edCRLs, p.crl(f, idp(f, 4), idpNamed(f, false, uriName(fuzzCDP))), p.crl(f, idp(f, 2), idp(f, 1)))
	for _, der := range edCRLs {
		for _, cert := range []uint8{0, 1, 2} {
			f.Add(der, fuzzCDP, cert*selCert, int32(0))
		}
		f.Add(der, other+"\n"+fuzzCDP, uint8(selCRLFlip), int32(-86400))
		f.Add(der, "", uint8(2*selCert|selCRLOwnDP), int32(9*86400))
	}
	for _, der := range gostCRLs {
		f.Add(der, "", uint8(selGOST|selCRLOwnDP), int32(0))
		f.Add(der, "http://127.0.0.1:1/part-2.crl", uint8(selGOST|selCert), int32(3600))
		f.Add(pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}), "", uint8(selGOST|selCRLOwnDP|selCRLFlip), int32(0))
	}
	f.Fuzz(func(t *testing.T, der []byte, cdps string, sel uint8, atSec int32) {
		w := worlds[sel&selGOST]
		cert := *w.certs[int(sel/selCert&3)%len(w.certs)]
		if sel&selCRLOwnDP == 0 {
			cert.CRLDistributionPoints = nil
			if cdps != "" {
				cert.CRLDistributionPoints = strings.Split(cdps, "\n")
			}
		}
		if sel&selCRLFlip != 0 {
			cert.BasicConstraintsValid, cert.IsCA = true, !cert.IsCA
		}
		at := atOf(w.now, atSec)
		c := &CRLChecker{Now: func() time.Time { return w.now }}
		r, err := c.CheckCRL(der, &cert, w.issuer, at)
		if err != nil {
			var ce *CRLError
			if !errors.As(err, &ce) || ce.Class == "" || r != nil {
				t.Fatalf("error %v (%T), result %v", err, err, r)
			}
			return
		}
		checkCRLStatus(t, w, der, &cert, at, r)
	})
}

// TestGOSTCRLScopes checks OpenSSL's CRLs with issuingDistributionPoint
// scopes, the seeds of FuzzCheckCRL, for the certificates of their CA.
func TestGOSTCRLScopes(t *testing.T) {
	crls := gostFixtures(t, "crl_")
	plain, err := x509.ParseRevocationList(crls["crl_plain"])
	if err != nil {
		t.Fatal(err)
	}
	issuer := loadCert(t, filepath.Join(pkiDir, "sub.pem"))
	good := loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem"))
	revoked := loadCert(t, filepath.Join(pkiDir, "signer_2001.pem"))
	tests := []struct {
		crl  string
		cert *x509.Certificate
		want string // a Status or a CRLClass
	}{
		{"crl_plain", good, "good"},
		{"crl_plain", revoked, "revoked"},
		{"crl_idp_signers", good, "good"},
		{"crl_idp_signers", revoked, "revoked"},
		{"crl_idp_both", good, "good"},
		{"crl_idp_other", good, string(CRLOutOfScope)},
		{"crl_idp_onlyuser", revoked, "revoked"},
		{"crl_idp_onlyca", good, string(CRLOutOfScope)},
		{"crl_idp_someReasons", good, string(CRLUnsupported)},
	}
	for _, tt := range tests {
		t.Run(tt.crl+"/"+tt.cert.Subject.CommonName, func(t *testing.T) {
			c := &CRLChecker{Now: func() time.Time { return plain.ThisUpdate.Add(time.Hour) }}
			r, err := c.CheckCRL(crls[tt.crl], tt.cert, issuer, time.Time{})
			got := ""
			var ce *CRLError
			switch {
			case err == nil:
				got = string(r.Status)
			case errors.As(err, &ce):
				got = string(ce.Class)
			default:
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}

// checkCRLStatus checks a status from a CRL against the rules, with
// crypto/x509's parser and encoding/asn1 for the issuingDistributionPoint.
func checkCRLStatus(t *testing.T, w *crlWorld, der []byte, cert *x509.Certificate, at time.Time, r *CRLResult) {
	t.Helper()
	if bytes.HasPrefix(bytes.TrimLeft(der, " \t\r\n"), []byte("-----BEGIN")) {
		if b, _ := pem.Decode(der); b != nil {
			der = b.Bytes
		}
	}
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatalf("%s from a CRL crypto/x509 does not parse: %v", r.Status, err)
	}
	ours, err := parseCRL(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := chain.VerifySignature(w.issuer, ours.sigAlg, rl.RawTBSRevocationList, rl.Signature); err != nil {
		t.Fatalf("%s from a CRL not signed by the issuer: %v", r.Status, err)
	}
	if !bytes.Equal(rl.RawIssuer, w.issuer.RawSubject) || !bytes.Equal(rl.RawIssuer, cert.RawIssuer) {
		t.Fatalf("%s from a CRL of %v", r.Status, rl.Issuer)
	}
	known := []asn1.ObjectIdentifier{{2, 5, 29, 35}, {2, 5, 29, 20}, {2, 5, 29, 46}}
	for _, e := range rl.Extensions {
		switch {
		case e.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 27}):
			t.Fatalf("%s from a delta CRL", r.Status)
		case e.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 28}):
			checkIDP(t, e.Value, cert, r.Status)
		case e.Critical && !slices.ContainsFunc(known, e.Id.Equal):
			t.Fatalf("%s from a CRL with a critical extension %v", r.Status, e.Id)
		}
	}
	want := Good
	var entry x509.RevocationListEntry
	for _, e := range rl.RevokedCertificateEntries {
		if e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			want, entry = Revoked, e
			break
		}
	}
	if r.Status != want || (want == Revoked && !r.RevokedAt.Equal(entry.RevocationTime)) {
		t.Fatalf("status %s revoked at %v; the CRL says %s at %v", r.Status, r.RevokedAt, want, entry.RevocationTime)
	}
	const skew = DefaultSkewAllowance
	if at.IsZero() {
		at = w.now
	}
	if rl.ThisUpdate.After(w.now.Add(skew)) ||
		(rl.ThisUpdate.Before(at.Add(-skew)) && !rl.NextUpdate.IsZero() && at.After(rl.NextUpdate.Add(skew))) {
		t.Fatalf("accepted a CRL of %v–%v for %v at %v", rl.ThisUpdate, rl.NextUpdate, at, w.now)
	}
}

// checkIDP checks that an issuingDistributionPoint, decoded with
// encoding/asn1, covers cert.
func checkIDP(t *testing.T, value []byte, cert *x509.Certificate, st Status) {
	t.Helper()
	var idp struct {
		DP       asn1.RawValue `asn1:"optional,tag:0"`
		OnlyUser bool          `asn1:"optional,tag:1"`
		OnlyCA   bool          `asn1:"optional,tag:2"`
		Reasons  asn1.RawValue `asn1:"optional,tag:3"`
		Indirect bool          `asn1:"optional,tag:4"`
		OnlyAttr bool          `asn1:"optional,tag:5"`
	}
	if rest, err := asn1.Unmarshal(value, &idp); err != nil || len(rest) != 0 {
		t.Fatalf("%s from a CRL whose issuingDistributionPoint does not decode: %v", st, err)
	}
	isCA := cert.BasicConstraintsValid && cert.IsCA
	switch {
	case idp.Reasons.FullBytes != nil || idp.Indirect || idp.OnlyAttr:
		t.Fatalf("%s from a CRL that is indirect or for some reasons or attribute certificates: %+v", st, idp)
	case idp.OnlyCA && !isCA, idp.OnlyUser && isCA:
		t.Fatalf("%s from a CRL for other kinds of certificates (CA %v): %+v", st, isCA, idp)
	case idp.DP.FullBytes == nil:
		return
	}
	var choice asn1.RawValue
	if _, err := asn1.Unmarshal(idp.DP.Bytes, &choice); err != nil || choice.Class != asn1.ClassContextSpecific || choice.Tag != 0 {
		t.Fatalf("%s from a CRL for a distribution point not named by its full name", st)
	}
	for rest := choice.Bytes; len(rest) > 0; {
		var name asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &name); err != nil {
			t.Fatal(err)
		}
		if name.Class == asn1.ClassContextSpecific && name.Tag == 6 && slices.Contains(cert.CRLDistributionPoints, string(name.Bytes)) {
			return
		}
	}
	t.Fatalf("%s from a CRL for a distribution point that is none of %q", st, cert.CRLDistributionPoints)
}
