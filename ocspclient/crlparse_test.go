package ocspclient

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCA is an ECDSA CA that makes CRLs with crypto/x509, for the CRL
// features OpenSSL's `ca -gencrl` cannot produce on demand (delta,
// issuingDistributionPoint scopes, critical extensions).
type testCA struct {
	key  *ecdsa.PrivateKey
	cert *x509.Certificate
	now  time.Time
}

func newTestCA(t testing.TB) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CRL CA"},
		NotBefore: now, NotAfter: now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true, IsCA: true, SubjectKeyId: []byte{1, 2, 3, 4},
	}
	return &testCA{key: key, cert: issueCert(t, tmpl, nil, key, nil), now: now}
}

// leaf issues a certificate, a CA one when isCA, with the CRL
// distribution points cdp.
func (ca *testCA) leaf(t testing.TB, serial *big.Int, isCA bool, cdp ...string) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: ca.now, NotAfter: ca.now.AddDate(1, 0, 0),
		BasicConstraintsValid: isCA, IsCA: isCA, CRLDistributionPoints: cdp,
	}
	return issueCert(t, tmpl, ca.cert, ca.key, ca.key)
}

func (ca *testCA) crl(t testing.TB, entries []x509.RevocationListEntry, exts ...pkix.Extension) []byte {
	t.Helper()
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(7), ThisUpdate: ca.now, NextUpdate: ca.now.AddDate(0, 0, 7),
		RevokedCertificateEntries: entries, ExtraExtensions: exts,
	}, ca.cert, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func ext(t testing.TB, critical bool, id asn1.ObjectIdentifier, value any) pkix.Extension {
	t.Helper()
	der, err := asn1.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	return pkix.Extension{Id: id, Critical: critical, Value: der}
}

// idp encodes an IssuingDistributionPoint with the context tag n set to
// TRUE (or, for 3, onlySomeReasons with keyCompromise).
func idp(t testing.TB, n int) pkix.Extension {
	t.Helper()
	var field asn1.RawValue
	if n == 3 {
		field = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 3, Bytes: []byte{6, 0x40}}
	} else {
		field = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: n, Bytes: []byte{0xff}}
	}
	return ext(t, true, asn1.ObjectIdentifier{2, 5, 29, 28}, []asn1.RawValue{field})
}

// TestCRLFeatures checks what the CRL checker does with delta CRLs,
// issuingDistributionPoint scopes, critical extensions and encodings.
func TestCRLFeatures(t *testing.T) {
	ca := newTestCA(t)
	serial := big.NewInt(0x1234)
	user := ca.leaf(t, serial, false)
	subCA := ca.leaf(t, serial, true)
	revoked := []x509.RevocationListEntry{
		{SerialNumber: big.NewInt(5), RevocationTime: ca.now},
		{SerialNumber: serial, RevocationTime: ca.now.Add(time.Minute), ReasonCode: 1,
			ExtraExtensions: []pkix.Extension{ext(t, false, asn1.ObjectIdentifier{2, 5, 29, 24}, ca.now)}},
	}
	unknown := asn1.ObjectIdentifier{1, 2, 3, 4, 5}
	criticalEntry := append([]x509.RevocationListEntry{}, revoked...)
	criticalEntry[0].ExtraExtensions = []pkix.Extension{ext(t, true, unknown, 1)}
	plain := ca.crl(t, revoked)
	pemCRL := pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: plain})

	tests := []struct {
		name   string
		der    []byte
		cert   *x509.Certificate
		class  CRLClass
		status Status
	}{
		{"complete CRL, listed", plain, user, "", Revoked},
		{"complete CRL, not listed", ca.crl(t, revoked[:1]), user, "", Good},
		{"empty CRL", ca.crl(t, nil), user, "", Good},
		{"PEM", pemCRL, user, "", Revoked},
		{"PEM after blank lines", append([]byte("\r\n\n"), pemCRL...), user, "", Revoked},
		{"non-critical unknown extension", ca.crl(t, revoked, ext(t, false, unknown, 1)), user, "", Revoked},
		{"critical unknown extension", ca.crl(t, revoked, ext(t, true, unknown, 1)), user, CRLUnsupported, ""},
		{"critical unknown entry extension", ca.crl(t, criticalEntry), user, CRLUnsupported, ""},
		{"delta CRL", ca.crl(t, revoked, ext(t, true, asn1.ObjectIdentifier{2, 5, 29, 27}, 6)), user, CRLUnsupported, ""},
		{"indirect CRL", ca.crl(t, revoked, idp(t, 4)), user, CRLUnsupported, ""},
		{"only some reasons", ca.crl(t, revoked, idp(t, 3)), user, CRLUnsupported, ""},
		{"only CA certificates, end entity", ca.crl(t, revoked, idp(t, 2)), user, CRLOutOfScope, ""},
		{"only CA certificates, CA", ca.crl(t, revoked, idp(t, 2)), subCA, "", Revoked},
		{"only user certificates, end entity", ca.crl(t, revoked, idp(t, 1)), user, "", Revoked},
		{"only user certificates, CA", ca.crl(t, revoked, idp(t, 1)), subCA, CRLOutOfScope, ""},
		{"only attribute certificates", ca.crl(t, revoked, idp(t, 5)), user, CRLOutOfScope, ""},
		{"trailing bytes", append(append([]byte{}, plain...), 0), user, NotCRL, ""},
		{"indirect, then a complete CRL", ca.crl(t, revoked, idp(t, 4), idp(t, 1)), user, NotCRL, ""},
		{"only CA certificates, then only end entities", ca.crl(t, revoked, idp(t, 2), idp(t, 1)), user, NotCRL, ""},
		{"two CRL numbers", ca.crl(t, revoked, ext(t, false, asn1.ObjectIdentifier{2, 5, 29, 20}, 8)), user, NotCRL, ""},
		{"altered entry", bytes.Replace(plain, []byte{2, 2, 0x12, 0x34}, []byte{2, 2, 0x12, 0x35}, 1), user, CRLBadSignature, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &CRLChecker{Now: func() time.Time { return ca.now.Add(time.Hour) }}
			res, err := c.CheckCRL(tt.der, tt.cert, ca.cert, time.Time{})
			if tt.class != "" {
				wantCRLClass(t, err, tt.class)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status {
				t.Fatalf("status %s, want %s", res.Status, tt.status)
			}
			if res.Status == Revoked && (!res.RevokedAt.Equal(revoked[1].RevocationTime) || res.RevocationReason != 1) {
				t.Errorf("revoked at %v reason %d, want %v reason 1", res.RevokedAt, res.RevocationReason, revoked[1].RevocationTime)
			}
		})
	}
}

// crlSamples returns the real CRLs of the corpus and generated CRLs with
// negative, long and zero serials, reasons and extensions.
func crlSamples(t testing.TB) map[string][]byte {
	t.Helper()
	samples := map[string][]byte{}
	names, err := filepath.Glob(filepath.Join(corpusDir, "*.crl.der"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no corpus CRLs: %v", err)
	}
	for _, name := range names {
		der, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		samples[filepath.Base(name)] = der
	}
	ca := newTestCA(t)
	var entries []x509.RevocationListEntry
	for i, s := range []int64{0, 1, 127, 128, 255, 256, -1, -128, -129, 1 << 40} {
		entries = append(entries, x509.RevocationListEntry{
			SerialNumber: big.NewInt(s), RevocationTime: ca.now.Add(time.Duration(i) * time.Hour), ReasonCode: i % 11,
		})
	}
	long := new(big.Int).Lsh(big.NewInt(0x4a), 152) // 20-byte serials, as CryptoPro CAs issue
	entries = append(entries, x509.RevocationListEntry{SerialNumber: long, RevocationTime: ca.now})
	samples["generated"] = ca.crl(t, entries)
	samples["generated, no entries"] = ca.crl(t, nil)
	return samples
}

// TestParseCRLMatchesX509 cross-checks the in-place parser against
// crypto/x509.ParseRevocationList: the same fields, and the same answer
// for every listed serial and for serials that are not listed.
func TestParseCRLMatchesX509(t *testing.T) {
	for name, der := range crlSamples(t) {
		t.Run(name, func(t *testing.T) {
			want, err := x509.ParseRevocationList(der)
			if err != nil {
				// crypto/x509 refuses version 1 CRLs (no version field);
				// they are valid (RFC 5280 section 5.1.2.1) and must parse.
				if _, err := parseCRL(der); err != nil {
					t.Fatalf("x509 refuses it, and parseCRL: %v", err)
				}
				return
			}
			compareCRL(t, der, want)
		})
	}
}

// compareCRL checks that parseCRL(der) agrees with want, the result of
// x509.ParseRevocationList(der).
func compareCRL(t *testing.T, der []byte, want *x509.RevocationList) {
	t.Helper()
	got, err := parseCRL(der)
	if errors.Is(err, errTrailingData) || errors.Is(err, errDuplicateExtension) {
		return // which crypto/x509 ignores and parseCRL refuses
	}
	if err != nil {
		t.Fatalf("x509 parses it, parseCRL: %v", err)
	}
	if !bytes.Equal(got.tbs, want.RawTBSRevocationList) || !bytes.Equal(got.rawIssuer, want.RawIssuer) ||
		!bytes.Equal(got.signature, want.Signature) || !got.thisUpdate.Equal(want.ThisUpdate) ||
		!got.nextUpdate.Equal(want.NextUpdate) || !bytes.Equal(got.authorityKeyID, want.AuthorityKeyId) {
		t.Fatalf("fields differ: got %+v", got)
	}
	seen := map[string]bool{}
	for i, e := range want.RevokedCertificateEntries {
		serial, err := serialContents(e.SerialNumber)
		if err != nil {
			t.Fatal(err)
		}
		if seen[string(serial)] {
			continue // the first entry of a serial listed twice counts
		}
		seen[string(serial)] = true
		entry, err := got.find(serial)
		var ue *unsupportedCRLError
		if errors.As(err, &ue) {
			return // an unknown critical entry extension, which crypto/x509 does not judge
		}
		if errors.Is(err, errTrailingData) {
			return
		}
		if err != nil || entry == nil {
			t.Fatalf("entry %d (serial %X): %+v, %v", i, e.SerialNumber, entry, err)
		}
		reason := -1
		for _, x := range e.Extensions {
			if x.Id.Equal(asn1.ObjectIdentifier{2, 5, 29, 21}) {
				reason = e.ReasonCode
			}
		}
		if !entry.revokedAt.Equal(e.RevocationTime) || entry.reason != reason {
			t.Fatalf("entry %d (serial %X): got %v reason %d, want %v reason %d", i, e.SerialNumber, entry.revokedAt, entry.reason, e.RevocationTime, reason)
		}
	}
	for _, absent := range []int64{2, 1 << 50, -2} {
		serial, _ := serialContents(big.NewInt(absent))
		if seen[string(serial)] {
			continue
		}
		if entry, err := got.find(serial); entry != nil || (err != nil && !isUnsupported(err)) {
			t.Fatalf("serial %d is not listed: got %+v, %v", absent, entry, err)
		}
	}
}

func isUnsupported(err error) bool {
	var ue *unsupportedCRLError
	return errors.As(err, &ue)
}

// FuzzParseCRL checks that parseCRL and find never panic, and agree with
// crypto/x509 on every input both accept.
func FuzzParseCRL(f *testing.F) {
	for _, der := range crlSamples(f) {
		f.Add(der)
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		got, err := parseCRL(der)
		if err == nil {
			got.find([]byte{1})
			got.find([]byte{0xff, 0xff})
		}
		want, err := x509.ParseRevocationList(der)
		if err != nil {
			return
		}
		compareCRL(t, der, want)
	})
}

// TestMinimalInteger checks the serial normalisation used in lookups.
func TestMinimalInteger(t *testing.T) {
	tests := []struct{ in, want []byte }{
		{[]byte{0}, []byte{0}},
		{[]byte{0, 0, 1}, []byte{1}},
		{[]byte{0, 0x80}, []byte{0, 0x80}},
		{[]byte{0xff, 0xff, 0x80}, []byte{0x80}},
		{[]byte{0xff, 0x7f}, []byte{0xff, 0x7f}},
		{[]byte{0x12, 0x34}, []byte{0x12, 0x34}},
	}
	for _, tt := range tests {
		if got := minimalInteger(tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("minimalInteger(%X) = %X, want %X", tt.in, got, tt.want)
		}
	}
}

// idpNamed encodes an IssuingDistributionPoint naming its distribution
// point: fullName with the given GeneralNames (tag 6 URIs, tag 4
// directoryName …), or nameRelativeToCRLIssuer when relative.
func idpNamed(t testing.TB, relative bool, names ...asn1.RawValue) pkix.Extension {
	t.Helper()
	var inner []byte
	for _, n := range names {
		b, err := asn1.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		inner = append(inner, b...)
	}
	choice := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}
	if relative {
		choice.Tag = 1
	}
	choiceDER, err := asn1.Marshal(choice)
	if err != nil {
		t.Fatal(err)
	}
	dp := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: choiceDER}
	return ext(t, true, asn1.ObjectIdentifier{2, 5, 29, 28}, []asn1.RawValue{dp})
}

func uriName(u string) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 6, Bytes: []byte(u)}
}

// TestCRLDistributionPoint: a CRL for one distribution point (a
// partitioned CRL) gives a status only to the certificates of that point;
// for another certificate, "not listed" would be a false good.
func TestCRLDistributionPoint(t *testing.T) {
	ca := newTestCA(t)
	serial := big.NewInt(0x1234)
	withCDP := func(urls ...string) *x509.Certificate { return ca.leaf(t, serial, false, urls...) }
	const a, b = "http://ca.test/part-a.crl", "http://ca.test/part-b.crl"
	certA, certB, certAB, certNone := withCDP(a), withCDP(b), withCDP(b, a), withCDP()
	dirName := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: []byte{0x30, 0}}
	crlA := ca.crl(t, nil, idpNamed(t, false, uriName(a)))
	tests := []struct {
		name  string
		der   []byte
		cert  *x509.Certificate
		class CRLClass
		text  string
	}{
		{"its distribution point", crlA, certA, "", ""},
		{"one of its distribution points", crlA, certAB, "", ""},
		{"one of the CRL's names", ca.crl(t, nil, idpNamed(t, false, dirName, uriName(b), uriName(a))), certA, "", ""},
		{"another distribution point", crlA, certB, CRLOutOfScope, "not this certificate's (" + b + ")"},
		{"a certificate naming none", crlA, certNone, CRLOutOfScope, "this certificate names none"},
		{"named by a directory name only", ca.crl(t, nil, idpNamed(t, false, dirName)), certA, CRLUnsupported, "other than by URL"},
		{"named relative to the issuer", ca.crl(t, nil, idpNamed(t, true, asn1.RawValue{Tag: 17, IsCompound: true, Bytes: nil})), certA, CRLUnsupported, "other than by URL"},
		{"no name: a complete CRL", ca.crl(t, nil, idp(t, 1)), certNone, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &CRLChecker{Now: func() time.Time { return ca.now.Add(time.Hour) }}
			res, err := c.CheckCRL(tt.der, tt.cert, ca.cert, time.Time{})
			if tt.class != "" {
				wantCRLClass(t, err, tt.class)
				if !strings.Contains(err.Error(), tt.text) {
					t.Errorf("%v, want it to say %q", err, tt.text)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != Good {
				t.Errorf("status %s, want good", res.Status)
			}
		})
	}
}
