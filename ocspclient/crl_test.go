package ocspclient

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
)

const corpusDir = "../testdata/gost-corpus"

func readCorpus(t *testing.T, name string) []byte {
	t.Helper()
	der, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func wantCRLClass(t *testing.T, err error, class CRLClass) *CRLError {
	t.Helper()
	var ce *CRLError
	if !errors.As(err, &ce) {
		t.Fatalf("got error %v (%T), want *CRLError with class %s", err, err, class)
	}
	if ce.Class != class {
		t.Fatalf("got class %s, want %s; error: %v", ce.Class, class, err)
	}
	if class.Explain() == string(class) || ce.Explain() == "" {
		t.Errorf("no explanation for %s", class)
	}
	var oe *Error
	if errors.As(err, &oe) {
		t.Errorf("a CRL failure is an OCSP *Error too: %v", err)
	}
	return ce
}

// TestCorpusCRLs verifies real GOST CRLs against their issuers, and
// altered copies of them.
func TestCorpusCRLs(t *testing.T) {
	guc := loadCert(t, filepath.Join(corpusDir, "keyintegrity-pycryptoprosdk__certs__guc.x509.der"))
	ucUnderGUC := loadCert(t, filepath.Join(corpusDir, "keyintegrity-pycryptoprosdk__certs__uc_1_is_guc.x509.der"))
	rfc := func(set string) (string, *x509.Certificate) {
		return "vectors__rfc9215__" + set + "__crl.crl.der",
			loadCert(t, filepath.Join(corpusDir, "vectors__rfc9215__"+set+"__cert.x509.der"))
	}
	type fixture struct {
		name         string
		crl          string
		issuer, cert *x509.Certificate
	}
	tk26Root := loadCert(t, filepath.Join(corpusDir, "nicesoft-libksba__gost_certs2__root_gost_tk26.x509.der"))
	tk26Leaf := loadCert(t, filepath.Join(corpusDir, "nicesoft-libksba__gost_certs2__leaf_gost_tk26.x509.der"))
	fixtures := []fixture{
		{"guc", "keyintegrity-pycryptoprosdk__certs__guc.crl.der", guc, ucUnderGUC},
		{"tk26", "nicesoft-libksba__gost_certs2__root_gost_tk26.crl.der", tk26Root, tk26Leaf},
	}
	for _, set := range []string{"256_test_paramset", "256a_paramset", "512_test_paramset"} {
		crl, cert := rfc(set)
		// The RFC 9215 certificates are self-signed: check each against its own CRL.
		fixtures = append(fixtures, fixture{"rfc9215/" + set, crl, cert, cert})
	}
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			der := readCorpus(t, f.crl)
			rl, err := x509.ParseRevocationList(der)
			if err != nil {
				t.Fatal(err)
			}
			inside := rl.ThisUpdate.Add(time.Hour)
			flipped := append([]byte(nil), der...)
			flipped[len(flipped)-1] ^= 1 // the last byte of signatureValue
			wrong := guc
			if f.issuer == guc {
				_, wrong = rfc("256a_paramset")
			}
			noCRLSign := *f.issuer
			noCRLSign.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign
			otherSKI := *f.issuer
			otherSKI.SubjectKeyId = []byte{1, 2, 3}
			akiClass := CRLWrongIssuer
			if len(rl.AuthorityKeyId) == 0 {
				akiClass = "" // nothing to compare
			}
			tests := []struct {
				name   string
				der    []byte
				issuer *x509.Certificate
				now    time.Time
				class  CRLClass // "" for success
			}{
				{"valid", der, f.issuer, inside, ""},
				{"flipped signature byte", flipped, f.issuer, inside, CRLBadSignature},
				{"wrong issuer", der, wrong, inside, CRLWrongIssuer},
				{"after nextUpdate", der, f.issuer, rl.NextUpdate.Add(time.Hour), CRLStale},
				{"before thisUpdate", der, f.issuer, rl.ThisUpdate.Add(-time.Hour), CRLNotYetValid},
				{"truncated", der[:len(der)/2], f.issuer, inside, NotCRL},
				{"html", []byte("<html><body>404</body></html>"), f.issuer, inside, NotCRL},
				{"issuer without cRLSign", der, &noCRLSign, inside, CRLSignNotAllowed},
				{"other subject key identifier", der, &otherSKI, inside, akiClass},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					c := &CRLChecker{Now: func() time.Time { return tt.now }}
					res, err := c.CheckCRL(tt.der, f.cert, tt.issuer, time.Time{})
					if tt.class != "" {
						wantCRLClass(t, err, tt.class)
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					if res.Status != Good || res.URL != "" || !res.ThisUpdate.Equal(rl.ThisUpdate) || !res.NextUpdate.Equal(rl.NextUpdate) {
						t.Errorf("got %+v", res)
					}
				})
			}
		})
	}
}

// TestCorpusCRLRevoked looks up a serial that the GUC CRL lists.
func TestCorpusCRLRevoked(t *testing.T) {
	guc := loadCert(t, filepath.Join(corpusDir, "keyintegrity-pycryptoprosdk__certs__guc.x509.der"))
	der := readCorpus(t, "keyintegrity-pycryptoprosdk__certs__guc.crl.der")
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	entry := rl.RevokedCertificateEntries[0]
	cert := *loadCert(t, filepath.Join(corpusDir, "keyintegrity-pycryptoprosdk__certs__uc_1_is_guc.x509.der"))
	cert.SerialNumber = entry.SerialNumber
	c := &CRLChecker{Now: func() time.Time { return rl.ThisUpdate.Add(time.Hour) }}
	res, err := c.CheckCRL(der, &cert, guc, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Revoked || !res.RevokedAt.Equal(entry.RevocationTime) {
		t.Errorf("got %+v, want revoked at %v", res, entry.RevocationTime)
	}
}

// rewriteHost sends every request to addr (a 127.0.0.1 test server),
// keeping the path: the test certificates' distribution point is the
// placeholder http://127.0.0.1:1/sub.crl.
type rewriteHost struct{ addr string }

func (rt rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	u := *r.URL
	u.Host = rt.addr
	r.URL = &u
	r.Host = rt.addr
	return http.DefaultTransport.RoundTrip(r)
}

// subCRL makes a CRL of the sub CA with OpenSSL and gost-engine, where
// signer_2001 is revoked (keyCompromise, 2025-01-01).
func subCRL(t *testing.T) []byte {
	t.Helper()
	gostengine.Require(t)
	revoked := loadCert(t, filepath.Join(pkiDir, "signer_2001.pem"))
	dir := gostengine.CAWithRevocations(t, pkiDir, "sub.index.txt", []string{"sub.pem", "sub.key.pem"},
		map[string]string{strings.ToUpper(revoked.SerialNumber.Text(16)): "250101000000Z,keyCompromise"})
	return gostengine.CRL(t, dir, "sub.pem", "sub.key.pem", "md_gost12_256")
}

func TestCRLFromDistributionPoint(t *testing.T) {
	der := subCRL(t)
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	issuer := loadCert(t, filepath.Join(pkiDir, "sub.pem"))
	good := loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem"))
	revoked := loadCert(t, filepath.Join(pkiDir, "signer_2001.pem"))
	root := loadCert(t, filepath.Join(pkiDir, "root.pem"))
	ldapFirst := *good
	ldapFirst.CRLDistributionPoints = append([]string{"ldap://127.0.0.1/cn=sub,o=test?certificateRevocationList"}, good.CRLDistributionPoints...)
	ldapOnly := *good
	ldapOnly.CRLDistributionPoints = ldapFirst.CRLDistributionPoints[:1]

	var mode atomic.Value // "ok", "404", "html", "500", "garbage"
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch mode.Load().(string) {
		case "ok":
			w.Header().Set("Content-Type", "application/pkix-crl")
			w.Write(der)
		case "404":
			http.NotFound(w, r)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><head><title>Portal</title></head></html>"))
		case "garbage":
			w.Header().Set("Content-Type", "application/pkix-crl")
			w.Write([]byte("this is not a CRL"))
		default:
			http.Error(w, "broken", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	su, _ := url.Parse(srv.URL)
	newChecker := func(now time.Time, cacheDir string) *CRLChecker {
		return &CRLChecker{
			HTTP:     &fetch.Client{Timeout: 10 * time.Second, MaxSize: 64 << 20, Transport: rewriteHost{su.Host}},
			CacheDir: cacheDir,
			Now:      func() time.Time { return now },
		}
	}
	now := rl.ThisUpdate.Add(time.Minute)
	ctx := context.Background()

	tests := []struct {
		name   string
		mode   string
		cert   *x509.Certificate
		status Status
		reason int
		class  CRLClass
	}{
		{"good", "ok", good, Good, -1, ""},
		{"revoked", "ok", revoked, Revoked, 1, ""},
		{"http 404", "404", good, "", 0, CRLClass(fetch.HTTPStatus)},
		{"html page", "html", good, "", 0, CRLClass(fetch.HTML)},
		{"not a crl", "garbage", good, "", 0, NotCRL},
		{"ldap skipped", "ok", &ldapFirst, Good, -1, ""},
		{"ldap only", "ok", &ldapOnly, "", 0, CRLClass(fetch.UnsupportedScheme)},
		{"no distribution point", "ok", root, "", 0, NoCRLURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mode.Store(tt.mode)
			res, err := newChecker(now, "").Check(ctx, tt.cert, issuer, time.Time{})
			if tt.class != "" {
				wantCRLClass(t, err, tt.class)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status || res.RevocationReason != tt.reason || res.FromCache {
				t.Errorf("got %+v, want %s reason %d", res, tt.status, tt.reason)
			}
			if res.URL != "http://127.0.0.1:1/sub.crl" {
				t.Errorf("URL %q", res.URL)
			}
			if tt.status == Revoked && !res.RevokedAt.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("revoked at %v", res.RevokedAt)
			}
			if a := res.Attempts[len(res.Attempts)-1]; a.Method != "GET" || a.Class != "" {
				t.Errorf("last attempt %+v", a)
			}
			if tt.cert == &ldapFirst && res.Attempts[0].Class != string(fetch.UnsupportedScheme) {
				t.Errorf("first attempt %+v, want unsupported_scheme", res.Attempts[0])
			}
		})
	}

	t.Run("cache", func(t *testing.T) {
		cache := t.TempDir()
		mode.Store("ok")
		if res, err := newChecker(now, cache).Check(ctx, revoked, issuer, time.Time{}); err != nil || res.FromCache {
			t.Fatalf("first check: %+v, %v", res, err)
		}
		sum := sha256.Sum256([]byte("http://127.0.0.1:1/sub.crl"))
		if cached, err := os.ReadFile(filepath.Join(cache, "crl", hex.EncodeToString(sum[:]))); err != nil || !bytes.Equal(cached, der) {
			t.Fatalf("cache entry: %v", err)
		}
		mode.Store("500")
		h := hits.Load()
		res, err := newChecker(now.Add(time.Hour), cache).Check(ctx, revoked, issuer, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.FromCache || res.Status != Revoked || len(res.Attempts) != 1 || res.Attempts[0].Method != "CACHE" || hits.Load() != h {
			t.Errorf("second check: %+v", res)
		}
		// Past nextUpdate the cached CRL is not used: it is fetched again
		// (and the fetched one, being the same, is stale too).
		mode.Store("ok")
		res, err = newChecker(rl.NextUpdate.Add(time.Hour), cache).Check(ctx, revoked, issuer, time.Time{})
		wantCRLClass(t, err, CRLStale)
		if hits.Load() != h+1 || len(res.Attempts) != 2 || res.Attempts[0].Method != "CACHE" || res.Attempts[0].Class != string(CRLStale) || res.Attempts[1].Method != "GET" {
			t.Errorf("past nextUpdate: hits %d, attempts %+v", hits.Load()-h, res.Attempts)
		}
	})
}

// BenchmarkCRLLookup measures CheckCRL (parse, ECDSA P-256 verify, lookup)
// on a generated CRL of 200 000 entries.
func BenchmarkCRLLookup(b *testing.B) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "bench CA"},
		NotBefore: start, NotAfter: start.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true, IsCA: true, SubjectKeyId: []byte{1, 2, 3, 4},
	}
	caDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		b.Fatal(err)
	}
	const n = 200000
	entries := make([]x509.RevocationListEntry, n)
	for i := range entries {
		entries[i] = x509.RevocationListEntry{
			SerialNumber:   new(big.Int).Lsh(big.NewInt(int64(i+1)), 64),
			RevocationTime: start.Add(time.Duration(i) * time.Second),
			ReasonCode:     i % 6,
		}
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(1), ThisUpdate: start, NextUpdate: start.AddDate(0, 0, 7),
		RevokedCertificateEntries: entries,
	}, ca, key)
	if err != nil {
		b.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: entries[n-1].SerialNumber, Subject: pkix.Name{CommonName: "bench leaf"},
		NotBefore: start, NotAfter: start.AddDate(1, 0, 0),
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(leafDER)
	if err != nil {
		b.Fatal(err)
	}
	c := &CRLChecker{Now: func() time.Time { return start.Add(time.Hour) }}
	b.SetBytes(int64(len(der)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := c.CheckCRL(der, leaf, ca, time.Time{})
		if err != nil || res.Status != Revoked {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}

// BenchmarkCRLLookupGOST measures CheckCRL on a CRL of 200 000 entries
// made by `openssl ca -gencrl` with gost-engine and signed by the sub CA
// (GOST R 34.10-2012, 256-bit, Streebog-256): a real CA's CRL, where the
// Streebog hash of the whole tbsCertList dominates. The certificate is not
// listed, so every entry is read.
func BenchmarkCRLLookupGOST(b *testing.B) {
	gostengine.Require(b)
	dir := gostengine.CAWithRevocations(b, pkiDir, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, nil)
	f, err := os.OpenFile(filepath.Join(dir, "index.txt"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	const n = 200000
	for i := range n {
		// 16-byte serials and a reason on every entry, as CryptoPro CAs write them.
		fmt.Fprintf(w, "R\t300101000000Z\t250101000000Z,keyCompromise\t7C%030X\tunknown\t/CN=bench %d\n", i+1, i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	der := gostengine.CRL(b, dir, "sub.pem", "sub.key.pem", "md_gost12_256")
	issuer := loadCert(b, filepath.Join(pkiDir, "sub.pem"))
	good := loadCert(b, filepath.Join(pkiDir, "signer_2012_256.pem"))
	now := time.Now()
	c := &CRLChecker{Now: func() time.Time { return now }}
	b.SetBytes(int64(len(der)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := c.CheckCRL(der, good, issuer, time.Time{})
		if err != nil || res.Status != Good {
			b.Fatalf("%+v, %v", res, err)
		}
	}
}
