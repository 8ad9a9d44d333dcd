package ocspclient

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/chain"
)

// basicOf returns the BasicOCSPResponse inside a successful OCSPResponse
// (RFC 6960 section 4.2.1), as a signature carries it, or nil.
func basicOf(der []byte) []byte {
	in := cryptobyte.String(der)
	var seq, st, rb, rbSeq, body cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() ||
		!seq.ReadASN1(&st, cbasn1.ENUM) || !seq.ReadASN1(&rb, tagExplicit0) ||
		!rb.ReadASN1(&rbSeq, cbasn1.SEQUENCE) || !rbSeq.SkipASN1(cbasn1.OBJECT_IDENTIFIER) ||
		!rbSeq.ReadASN1(&body, cbasn1.OCTET_STRING) {
		return nil
	}
	return body
}

func mustBasic(t testing.TB, der []byte) []byte {
	t.Helper()
	b := basicOf(der)
	if b == nil {
		t.Fatalf("no BasicOCSPResponse in %X", der)
	}
	return b
}

// withCerts returns basic with its certs replaced by certs (none: the
// field left out). They are outside tbsResponseData: the signature holds.
func withCerts(t testing.TB, basic []byte, certs ...*x509.Certificate) []byte {
	t.Helper()
	in := cryptobyte.String(basic)
	var seq, tbs, alg, sig cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Element(&tbs, cbasn1.SEQUENCE) ||
		!seq.ReadASN1Element(&alg, cbasn1.SEQUENCE) || !seq.ReadASN1Element(&sig, cbasn1.BIT_STRING) {
		t.Fatal("malformed BasicOCSPResponse")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbs)
		b.AddBytes(alg)
		b.AddBytes(sig)
		if len(certs) > 0 {
			b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, c := range certs {
						b.AddBytes(c.Raw)
					}
				})
			})
		}
	})
	return b.BytesOrPanic()
}

// tampered returns basic with the last byte of its signature flipped.
func tampered(t testing.TB, basic []byte) []byte {
	t.Helper()
	out := bytes.Clone(basic)
	r := &response{}
	if err := r.parseBasic(cryptobyte.String(out)); err != nil {
		t.Fatal(err)
	}
	r.signature[len(r.signature)-1] ^= 0xff // the slice points into out
	return out
}

// openssl runs openssl in dir with gost-engine loaded from the config
// that gostengine.OCSPResponder writes there, and returns its stdout.
func openssl(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+filepath.Join(dir, "ocsp-engine.cnf"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("openssl %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// fetchBasic asks the responder at url about the certificate in certFile
// with `openssl ocsp -respout`, without a nonce, and returns the
// BasicOCSPResponse of the answer.
func fetchBasic(t testing.TB, dir, url, certFile string, extra ...string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "resp.der")
	// A CertID digest option must come before -cert.
	args := append(append([]string{"ocsp", "-issuer", "sub.pem"}, extra...), "-cert", certFile, "-url", url,
		"-respout", out, "-noverify", "-no_nonce")
	openssl(t, dir, args...)
	der, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return mustBasic(t, der)
}

// embeddedPKI is newPKI with a responder started for the sub CA and for
// each delegated responder, and resp_twin.pem: a certificate with
// resp_eku's name and extensions, issued by the sub CA, but another key.
type embeddedPKI struct {
	*pki
	caURL, ekuURL, noEKUURL string
	eku, noEKU, twin        *x509.Certificate
}

func newEmbeddedPKI(t *testing.T) *embeddedPKI {
	t.Helper()
	p := &embeddedPKI{pki: newPKI(t)}
	dir := p.dir
	run(t, dir, "genpkey", "-engine", "gost", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "resp_twin.key.pem")
	run(t, dir, "req", "-engine", "gost", "-new", "-key", "resp_twin.key.pem", "-subj", "/CN=OCSP responder eku", "-out", "resp_twin.csr")
	run(t, dir, "x509", "-engine", "gost", "-req", "-in", "resp_twin.csr", "-CA", "sub.pem", "-CAkey", "sub.key.pem",
		"-set_serial", strconv.Itoa(0x5160), "-days", "2", "-extfile", "ext.cnf", "-extensions", "eku", "-out", "resp_twin.pem")
	p.eku = loadCert(t, filepath.Join(dir, "resp_eku.pem"))
	p.noEKU = loadCert(t, filepath.Join(dir, "resp_noeku.pem"))
	p.twin = loadCert(t, filepath.Join(dir, "resp_twin.pem"))
	if !bytes.Equal(p.twin.RawSubject, p.eku.RawSubject) || bytes.Equal(p.twin.RawSubjectPublicKeyInfo, p.eku.RawSubjectPublicKeyInfo) {
		t.Fatal("resp_twin.pem does not share resp_eku.pem's name with another key")
	}
	p.caURL = p.responder(t, "sub.pem", "sub.key.pem")
	p.ekuURL = p.responder(t, "resp_eku.pem", "resp_eku.key.pem")
	p.noEKUURL = p.responder(t, "resp_noeku.pem", "resp_noeku.key.pem")
	return p
}

func certFile(name string) string {
	abs, err := filepath.Abs(filepath.Join(pkiDir, name))
	if err != nil {
		panic(err)
	}
	return abs
}

// byKeyResponse has `openssl ocsp` answer, as the sub CA with a
// responderID by key (-resp_key_id, an option gostengine.OCSPResponder
// does not pass), a request for signer_2012_256 made by `openssl ocsp
// -reqout`, offline (-reqin, -respout).
func (p *embeddedPKI) byKeyResponse(t *testing.T) []byte {
	t.Helper()
	openssl(t, p.dir, "ocsp", "-issuer", "sub.pem", "-cert", certFile("signer_2012_256.pem"), "-no_nonce", "-reqout", "bykey.req")
	openssl(t, p.dir, "ocsp", "-index", "index.txt", "-CA", "sub.pem", "-rsigner", "sub.pem", "-rkey", "sub.key.pem",
		"-reqin", "bykey.req", "-respout", "bykey.der", "-ndays", "1", "-resp_key_id")
	der, err := os.ReadFile(filepath.Join(p.dir, "bykey.der"))
	if err != nil {
		t.Fatal(err)
	}
	return mustBasic(t, der)
}

func TestCheckEmbeddedOCSP(t *testing.T) {
	p := newEmbeddedPKI(t)
	good, revoked := certFile("signer_2012_256.pem"), certFile("signer_2001.pem")
	caGood := fetchBasic(t, p.dir, p.caURL, good)
	caRevoked := fetchBasic(t, p.dir, p.caURL, revoked)
	caStreebog := fetchBasic(t, p.dir, p.caURL, good, "-md_gost12_256")
	caByKey := p.byKeyResponse(t)
	ekuGood := fetchBasic(t, p.dir, p.ekuURL, good)
	ekuBare := withCerts(t, ekuGood)
	noEKUGood := fetchBasic(t, p.dir, p.noEKUURL, good)

	parsed, err := parseBasicResponse(caGood)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.certs) == 0 || len(parsed.singles) != 1 || parsed.byName == nil {
		t.Fatalf("the CA's response should carry its certificate and one answer, by name: %+v", parsed)
	}
	if p, _ := parseBasicResponse(ekuBare); p == nil || len(p.certs) != 0 {
		t.Fatal("withCerts left the certificates in")
	}
	if p, _ := parseBasicResponse(caByKey); p == nil || p.byKey == nil {
		t.Fatal("the -resp_key_id response does not name its responder by key")
	}
	if p, _ := parseBasicResponse(caStreebog); p == nil || len(p.singles) != 1 || !p.singles[0].id.hashOID.Equal(oidStreebog256) {
		t.Fatal("the -md_gost12_256 response has no Streebog-256 CertID")
	}
	this := parsed.singles[0].thisUpdate
	now := time.Now()

	tests := []struct {
		name       string
		der        []byte
		cert       *x509.Certificate
		responders []*x509.Certificate
		at, now    time.Time // zero now: the real clock
		status     Status
		class      Class
		responder  *x509.Certificate // nil: the issuer
		noCheck    bool
	}{
		{name: "good, signed by the CA", der: caGood, cert: p.good, status: Good},
		{name: "good, by the CA named by key", der: caByKey, cert: p.good, status: Good},
		{name: "good, Streebog-256 CertID", der: caStreebog, cert: p.good, status: Good},
		{name: "revoked, signed by the CA", der: caRevoked, cert: p.revoked, status: Revoked},
		{name: "good, delegated responder in the response", der: ekuGood, cert: p.good, status: Good, responder: p.eku, noCheck: true},
		{name: "good, delegated responder only in the signature", der: ekuBare, cert: p.good,
			responders: []*x509.Certificate{p.eku}, status: Good, responder: p.eku, noCheck: true},
		{name: "delegated responder nowhere", der: ekuBare, cert: p.good, class: UnauthorizedResponder},
		{name: "responder by name, the first of two with the name has another key", der: ekuBare, cert: p.good,
			responders: []*x509.Certificate{p.twin, p.eku}, status: Good, responder: p.eku, noCheck: true},
		{name: "responder by name, the one in the response has another key", der: withCerts(t, ekuGood, p.twin), cert: p.good,
			responders: []*x509.Certificate{p.eku}, status: Good, responder: p.eku, noCheck: true},
		{name: "responder by name, only another key", der: ekuBare, cert: p.good,
			responders: []*x509.Certificate{p.twin}, class: BadSignature},
		{name: "tampered signature", der: tampered(t, caGood), cert: p.good, class: BadSignature},
		{name: "tampered signature, delegated", der: tampered(t, ekuGood), cert: p.good, class: BadSignature},
		{name: "another certificate", der: caGood, cert: p.other, class: WrongCertificate},
		{name: "another certificate, revoked in the response", der: caRevoked, cert: p.good, class: WrongCertificate},
		{name: "responder without OCSPSigning", der: noEKUGood, cert: p.good, class: UnauthorizedResponder},
		{name: "responder expired now, valid at producedAt", der: ekuGood, cert: p.good,
			at: this, now: this.AddDate(5, 0, 0), status: Good, responder: p.eku, noCheck: true},
		{name: "validation time long before the response", der: caGood, cert: p.good, at: this.AddDate(-3, 0, 0), status: Good},
		{name: "validation time after nextUpdate", der: caGood, cert: p.good,
			at: this.Add(48 * time.Hour), now: this.Add(48 * time.Hour), class: Stale},
		{name: "validation time after nextUpdate, years later", der: ekuGood, cert: p.good,
			at: this.AddDate(5, 0, 0), now: this.AddDate(5, 0, 0), class: Stale},
		{name: "thisUpdate in the future of the clock", der: caGood, cert: p.good, now: this.Add(-time.Hour), class: NotYetValid},
		{name: "an OCSPResponse, not a BasicOCSPResponse", der: ocspResponseStatus(0), cert: p.good, class: NotOCSP},
		{name: "trailing data", der: append(bytes.Clone(caGood), 0), cert: p.good, class: NotOCSP},
		{name: "no certificate", der: caGood, class: BadInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := tt.now
			if clock.IsZero() {
				clock = now
			}
			res, err := CheckEmbeddedOCSP(tt.der, tt.cert, p.issuer, tt.at, Embedded{Responders: tt.responders, Now: clock})
			if tt.class != "" {
				oe := wantClass(t, err, tt.class)
				if res != nil || oe.URL != "" || !strings.Contains(oe.Error(), "embedded") {
					t.Errorf("result %+v, error %v", res, oe)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status {
				t.Fatalf("status %s, want %s", res.Status, tt.status)
			}
			want := tt.responder
			if want == nil {
				want = p.issuer
			}
			if res.Responder == nil || !res.Responder.Equal(want) || res.Delegated != (tt.responder != nil) || res.NoCheck != tt.noCheck {
				t.Errorf("responder %v delegated %v nocheck %v, want %v", res.Responder.Subject, res.Delegated, res.NoCheck, want.Subject)
			}
			if res.NextUpdate.Sub(res.ThisUpdate) != 24*time.Hour || res.ProducedAt.IsZero() || len(res.Attempts) != 0 {
				t.Errorf("result %+v", res)
			}
			wantReason, wantAt := -1, time.Time{}
			if tt.status == Revoked {
				wantReason, wantAt = 1, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			if res.RevocationReason != wantReason || !res.RevokedAt.Equal(wantAt) {
				t.Errorf("revoked at %v reason %d, want %v %d", res.RevokedAt, res.RevocationReason, wantAt, wantReason)
			}
		})
	}
}

// TestCheckEmbeddedOCSPCandidates: when every certificate the responderID
// names fails, the error says why for each, and the key that signed but
// may not comes first.
func TestCheckEmbeddedOCSPCandidates(t *testing.T) {
	p := newEdPKI(t)
	this := fuzzEpoch.Add(-time.Hour)
	a := single{cert: p.good, hash: SHA1, status: Good, reason: -1, thisUpdate: this, nextUp: this.Add(24 * time.Hour)}
	// twinResp has respEKU's name, another key, and another issuer.
	der := mustBasic(t, p.build(t, p.ca, ocspSpec{signer: p.twinResp, producedAt: this, singles: []single{a}}))
	_, err := CheckEmbeddedOCSP(der, p.good, p.ca, time.Time{}, Embedded{Responders: []*x509.Certificate{p.respEKU, p.twinResp, p.respNoEKU}, Now: fuzzEpoch})
	oe := wantClass(t, err, UnauthorizedResponder)
	if len(oe.Previous) != 1 {
		t.Fatalf("%d other failures, want 1 (respEKU's key): %v", len(oe.Previous), oe.Previous)
	}
	var prev *Error
	if !errors.As(oe.Previous[0], &prev) || prev.Class != BadSignature {
		t.Errorf("other failure %v, want bad_signature", oe.Previous[0])
	}
}

// TestBasicResponseID checks the responderID and producedAt against what
// `openssl ocsp -resp_text` prints.
func TestBasicResponseID(t *testing.T) {
	p := newEmbeddedPKI(t)
	byName := fetchBasic(t, p.dir, p.caURL, certFile("signer_2012_256.pem"))
	byKey := p.byKeyResponse(t)
	bits, err := subjectPublicKeyBits(p.issuer.RawSubjectPublicKeyInfo)
	if err != nil {
		t.Fatal(err)
	}
	issuerKeyHash := sha1.Sum(bits)
	tests := []struct {
		name          string
		der           []byte
		wantName      []byte
		wantKey       []byte
		opensslKeyHex string
	}{
		{"by name", byName, p.issuer.RawSubject, nil, ""},
		{"by key", byKey, nil, issuerKeyHash[:], strings.ToUpper(hex.EncodeToString(issuerKeyHash[:]))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, key, producedAt, err := BasicResponseID(tt.der)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(name, tt.wantName) || !bytes.Equal(key, tt.wantKey) {
				t.Errorf("name %X key %X, want %X %X", name, key, tt.wantName, tt.wantKey)
			}
			// OpenSSL's view of the same response, wrapped back into an
			// OCSPResponse for `openssl ocsp -respin`.
			resp := filepath.Join(t.TempDir(), "resp.der")
			if err := os.WriteFile(resp, wrapBasic(tt.der), 0o600); err != nil {
				t.Fatal(err)
			}
			text := openssl(t, p.dir, "ocsp", "-respin", resp, "-resp_text", "-noverify")
			m := regexp.MustCompile(`Produced At: (.+)`).FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("no Produced At in\n%s", text)
			}
			want, err := time.Parse("Jan _2 15:04:05 2006 MST", strings.TrimSpace(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			if !producedAt.Equal(want) {
				t.Errorf("producedAt %v, openssl says %v", producedAt, want)
			}
			id := regexp.MustCompile(`Responder Id: (.+)`).FindStringSubmatch(text)
			if id == nil || (tt.opensslKeyHex != "" && strings.TrimSpace(id[1]) != tt.opensslKeyHex) ||
				(tt.opensslKeyHex == "" && !strings.Contains(id[1], "CN = ")) {
				t.Errorf("openssl's responder id %q, key hash %s", id, tt.opensslKeyHex)
			}
			orig := bytes.Clone(tt.der)
			for _, b := range [][]byte{name, key} {
				for i := range b {
					b[i] ^= 0xff
				}
			}
			if !bytes.Equal(tt.der, orig) {
				t.Error("BasicResponseID returned a view of der")
			}
		})
	}
	for _, der := range [][]byte{nil, {0x30, 0x00}, ocspResponseStatus(0), append(bytes.Clone(byName), 0)} {
		if _, _, _, err := BasicResponseID(der); err == nil {
			t.Errorf("BasicResponseID(%X) accepted", der)
		} else {
			wantClass(t, err, NotOCSP)
		}
	}
}

// wrapBasic wraps a BasicOCSPResponse into a successful OCSPResponse.
func wrapBasic(basic []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Enum(statusSuccessful)
		b.AddASN1(tagExplicit0, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidBasic)
				b.AddASN1OctetString(basic)
			})
		})
	})
	return b.BytesOrPanic()
}

// TestCheckCRLEmbeddedExpiredIssuer: CRLChecker.CheckCRL serves for a CRL
// carried in a signature whose issuing CA has expired by now: it judges
// the CRL for the validation time and never the issuer by the clock.
func TestCheckCRLEmbeddedExpiredIssuer(t *testing.T) {
	der := subCRL(t)
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	issuer := loadCert(t, filepath.Join(pkiDir, "sub.pem"))
	good := loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem"))
	revoked := loadCert(t, filepath.Join(pkiDir, "signer_2001.pem"))
	later := issuer.NotAfter.AddDate(3, 0, 0) // the sub CA has expired
	tests := []struct {
		name   string
		cert   *x509.Certificate
		at     time.Time
		status Status
		class  CRLClass
	}{
		{"good, at thisUpdate", good, rl.ThisUpdate, Good, ""},
		{"revoked, at thisUpdate", revoked, rl.ThisUpdate, Revoked, ""},
		{"good, at nextUpdate", good, rl.NextUpdate, Good, ""},
		{"validation time years after nextUpdate", good, later, "", CRLStale},
		{"validation time zero: the clock, years after nextUpdate", good, time.Time{}, "", CRLStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &CRLChecker{Now: func() time.Time { return later }}
			res, err := c.CheckCRL(der, tt.cert, issuer, tt.at)
			if tt.class != "" {
				var ce *CRLError
				if !errors.As(err, &ce) || ce.Class != tt.class {
					t.Fatalf("got %v, want class %s", err, tt.class)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status {
				t.Errorf("status %s, want %s", res.Status, tt.status)
			}
		})
	}
}

// embeddedWorld is an issuer, the certificates a fuzzed response is
// checked for, the certificates a signature carries, those of them the
// issuer authorised (besides itself, each within its validity), and a
// fixed clock.
type embeddedWorld struct {
	issuer     *x509.Certificate
	certs      []*x509.Certificate
	responders []*x509.Certificate
	authorised []*x509.Certificate
	now        time.Time
}

// The selector of FuzzCheckEmbeddedOCSP: bit 0 the world (Ed25519 or
// GOST), bits 1-2 the certificate (as FuzzEvaluate's), bit 3 the
// signature's certificates given, bit 4 the clock ten years later.
const (
	selResponders = 1 << 3
	selLater      = 1 << 4
)

// embeddedSeed is a seed of FuzzCheckEmbeddedOCSP and the outcome
// expected of it: a Status or a Class.
type embeddedSeed struct {
	name  string
	der   []byte
	sel   uint8
	atSec int32
	want  string
}

// embeddedWorlds returns the Ed25519 and the GOST world, and seeds with
// their outcomes.
func embeddedWorlds(f testing.TB) (worlds [2]*embeddedWorld, seeds []embeddedSeed) {
	p := newEdPKI(f)
	worlds[0] = &embeddedWorld{issuer: p.ca, certs: []*x509.Certificate{p.good, p.revoked, p.caLeaf},
		responders: []*x509.Certificate{p.respNoEKU, p.twinResp, p.respExpired, p.respEKU},
		authorised: []*x509.Certificate{p.respEKU, p.respExpired}, now: fuzzEpoch}
	this, next := fuzzEpoch.Add(-time.Hour), fuzzEpoch.Add(23*time.Hour)
	answer := func(c *x509.Certificate, h HashAlg, st Status) single {
		s := single{cert: c, hash: h, status: st, reason: -1, thisUpdate: this, nextUp: next}
		if st == Revoked {
			s.revokedAt, s.reason = fuzzEpoch.AddDate(0, 0, -2), 1
		}
		return s
	}
	good, revoked := answer(p.good, SHA1, Good), answer(p.revoked, SHA1, Revoked)
	by := func(signer *x509.Certificate, carried bool, singles ...single) ocspSpec {
		s := ocspSpec{signer: signer, producedAt: this, singles: singles}
		if carried {
			s.certs = []*x509.Certificate{signer}
		}
		return s
	}
	seed := func(name string, s ocspSpec, sel uint8, atSec int32, want string) {
		seeds = append(seeds, embeddedSeed{name, mustBasic(f, p.build(f, p.ca, s)), sel, atSec, want})
	}
	seed("good by the CA", by(p.ca, false, good), 0, 0, "good")
	keyID := by(p.ca, false, good)
	keyID.byKey = true
	seed("good by the CA, by key", keyID, 0, 0, "good")
	seed("revoked by the CA", by(p.ca, false, revoked), 1*selCert, 0, "revoked")
	seed("unknown by the CA", by(p.ca, false, answer(p.caLeaf, SHA1, Unknown)), 2*selCert, 0, "unknown")
	seed("good by a responder in the response", by(p.respEKU, true, good), 0, 0, "good")
	seed("good by a responder in the signature", by(p.respEKU, false, good), selResponders, 0, "good")
	seed("good by a responder nowhere", by(p.respEKU, false, good), 0, 0, string(UnauthorizedResponder))
	ekuKey := by(p.respEKU, false, good)
	ekuKey.byKey = true
	seed("good by a responder in the signature, by key", ekuKey, selResponders, 0, "good")
	seed("good by a responder without OCSPSigning", by(p.respNoEKU, false, good), selResponders, 0, string(UnauthorizedResponder))
	seed("good by a responder expired at producedAt", by(p.respExpired, false, good), selResponders, 0, string(UnauthorizedResponder))
	seed("good by a responder expired now, for producedAt", by(p.respEKU, false, good), selResponders|selLater, -1, "good")
	seed("good by a responder expired now, for now", by(p.respEKU, false, good), selResponders|selLater, 0, string(Stale))
	seed("good by another key of the CA's name", by(p.twinCA, false, good), selResponders, 0, string(BadSignature))
	seed("good by the responder of the other key", by(p.twinResp, false, good), selResponders, 0, string(UnauthorizedResponder))
	seed("good for another", by(p.ca, false, revoked), 0, 0, string(WrongCertificate))
	for _, h := range hashOrder[1:] {
		seed("good for a "+string(h)+" CertID", by(p.ca, false, answer(p.good, h, Good)), 0, 0, "good")
	}
	seed("good and revoked by two CertID hashes", by(p.ca, false, good, answer(p.good, SHA256, Revoked)), 0, 0, string(ConflictingAnswers))
	seed("good by two CertID hashes", by(p.ca, false, good, answer(p.good, Streebog256, Good)), 0, 0, "good")
	stale := good
	stale.thisUpdate, stale.nextUp = fuzzEpoch.AddDate(0, 0, -10), fuzzEpoch.AddDate(0, 0, -9)
	seed("stale", by(p.ca, false, stale), 0, 0, string(Stale))
	seed("stale, for a time it was current", by(p.ca, false, stale), 0, -int32(9*86400+3600), "good")
	future := good
	future.thisUpdate = fuzzEpoch.Add(time.Hour)
	seed("thisUpdate in the future", by(p.ca, false, future), 0, 0, string(NotYetValid))
	seeds = append(seeds, embeddedSeed{"an OCSPResponse", p.build(f, p.ca, by(p.ca, false, good)), 0, 0, string(NotOCSP)})

	// GOST: the sub CA of testdata/cms and OpenSSL's answers (gen.sh).
	gost := gostFixtures(f, "ocsp_")
	resp, err := parseResponse(gost["ocsp_good_by_ca"])
	if err != nil {
		f.Fatal(err)
	}
	eku := loadCert(f, filepath.Join("testdata", "gost", "resp_eku.pem"))
	worlds[1] = &embeddedWorld{
		issuer: loadCert(f, filepath.Join(pkiDir, "sub.pem")),
		certs: []*x509.Certificate{loadCert(f, filepath.Join(pkiDir, "signer_2012_256.pem")),
			loadCert(f, filepath.Join(pkiDir, "signer_2001.pem")), loadCert(f, filepath.Join(pkiDir, "signer_2012_512.pem"))},
		responders: []*x509.Certificate{loadCert(f, filepath.Join("testdata", "gost", "resp_noeku.pem")), eku},
		authorised: []*x509.Certificate{eku},
		now:        resp.singles[0].thisUpdate.Add(time.Hour),
	}
	for name, der := range gost {
		var sel uint8 = selGOST
		want := "good"
		switch {
		case strings.Contains(name, "two"):
			want = "good"
		case strings.Contains(name, "revoked"):
			sel, want = sel|1*selCert, "revoked"
		case strings.Contains(name, "unknown"):
			sel, want = sel|2*selCert, "unknown"
		case strings.Contains(name, "noeku"):
			want = string(UnauthorizedResponder)
		}
		seeds = append(seeds, embeddedSeed{name, mustBasic(f, der), sel, 0, want})
		if strings.Contains(name, "_eku") {
			bare := withCerts(f, mustBasic(f, der))
			seeds = append(seeds, embeddedSeed{name + ", responder in the signature", bare, sel | selResponders, 0, want},
				embeddedSeed{name + ", responder nowhere", bare, sel, 0, string(UnauthorizedResponder)})
		}
	}
	return worlds, seeds
}

// FuzzCheckEmbeddedOCSP feeds fuzzed BasicOCSPResponses to
// CheckEmbeddedOCSP with a fixed clock and a fuzzed validation time. It
// must never panic, and an answer it accepts must be signed by the issuer
// or by a responder the issuer authorised, valid at producedAt, and be
// about the certificate, for the times.
func FuzzCheckEmbeddedOCSP(f *testing.F) {
	worlds, seeds := embeddedWorlds(f)
	for _, s := range seeds {
		f.Add(s.der, s.sel, s.atSec)
	}
	// The live client's seeds too, whole and as their BasicOCSPResponse.
	_, live := ocspWorlds(f)
	for _, s := range live {
		f.Add(s.der, s.sel, s.atSec)
		if b := basicOf(s.der); b != nil {
			f.Add(b, s.sel, s.atSec)
		}
	}
	f.Fuzz(func(t *testing.T, der []byte, sel uint8, atSec int32) {
		embeddedInput(t, worlds, der, sel, atSec)
	})
}

// TestEmbeddedSeeds: each seed of FuzzCheckEmbeddedOCSP has the outcome
// it was made for.
func TestEmbeddedSeeds(t *testing.T) {
	worlds, seeds := embeddedWorlds(t)
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			if got := embeddedInput(t, worlds, s.der, s.sel, s.atSec); got != s.want {
				t.Errorf("got %s, want %s", got, s.want)
			}
		})
	}
}

// embeddedInput runs one input of FuzzCheckEmbeddedOCSP, checks the
// outcome and returns it: the Status, or the Class of the failure.
func embeddedInput(t *testing.T, worlds [2]*embeddedWorld, der []byte, sel uint8, atSec int32) string {
	w := worlds[sel&selGOST]
	cert := w.certs[int(sel/selCert&3)%len(w.certs)]
	var responders []*x509.Certificate
	if sel&selResponders != 0 {
		responders = w.responders
	}
	now := w.now
	if sel&selLater != 0 {
		now = now.AddDate(10, 0, 0)
	}
	at := atOf(w.now, atSec)
	r, err := CheckEmbeddedOCSP(der, cert, w.issuer, at, Embedded{Responders: responders, Now: now})
	if err != nil {
		var oe *Error
		if !errors.As(err, &oe) || oe.Class == "" || r != nil {
			t.Fatalf("error %v (%T) with result %v", err, err, r)
		}
		return string(oe.Class)
	}
	checkEmbeddedAnswer(t, w, der, cert, orNow(at, now), now, r)
	return string(r.Status)
}

// checkEmbeddedAnswer checks an accepted answer against the rules,
// recomputed.
func checkEmbeddedAnswer(t *testing.T, w *embeddedWorld, der []byte, cert *x509.Certificate, at, now time.Time, r *Result) {
	t.Helper()
	resp, err := parseBasicResponse(der)
	if err != nil {
		t.Fatalf("accepted a response that does not parse: %v", err)
	}
	if !r.ProducedAt.Equal(resp.producedAt) {
		t.Fatalf("producedAt %v, response's %v", r.ProducedAt, resp.producedAt)
	}
	signer := (*x509.Certificate)(nil)
	for _, k := range append([]*x509.Certificate{w.issuer}, w.authorised...) {
		if chain.VerifySignature(k, resp.sigAlg, resp.rawTBS, resp.signature) != nil {
			continue
		}
		if k == w.issuer || (!resp.producedAt.Before(k.NotBefore) && !resp.producedAt.After(k.NotAfter)) {
			signer = k
		}
	}
	switch {
	case signer == nil:
		t.Fatalf("%s answer not signed by the issuer or an authorised responder (responder %v)", r.Status, r.Responder.Subject)
	case !bytes.Equal(r.Responder.RawSubjectPublicKeyInfo, signer.RawSubjectPublicKeyInfo):
		t.Fatalf("responder %v, but signed by %v", r.Responder.Subject, signer.Subject)
	case r.Delegated != (signer != w.issuer):
		t.Fatalf("delegated %v, signed by %v", r.Delegated, signer.Subject)
	}
	var answers []singleResponse
	for _, h := range hashOrder {
		id, err := newCertID(h, cert, w.issuer)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range resp.singles {
			if s.id.equal(id) {
				answers = append(answers, s)
			}
		}
	}
	if len(answers) == 0 {
		t.Fatalf("%s answer, but none about serial %X", r.Status, cert.SerialNumber)
	}
	for _, s := range answers {
		if s.status != r.Status {
			t.Fatalf("%s answer from a response that also answers %s for serial %X", r.Status, s.status, cert.SerialNumber)
		}
	}
	var s *singleResponse
	for i := range answers {
		a := &answers[i]
		if a.thisUpdate.Equal(r.ThisUpdate) && a.nextUpdate.Equal(r.NextUpdate) && a.revokedAt.Equal(r.RevokedAt) && a.reason == r.RevocationReason {
			s = a
		}
	}
	if s == nil {
		t.Fatalf("result %+v is none of the answers %+v", r, answers)
	}
	const skew = DefaultSkewAllowance
	if s.thisUpdate.After(now.Add(skew)) {
		t.Fatalf("accepted thisUpdate %v after now %v", s.thisUpdate, now)
	}
	if s.thisUpdate.Before(at.Add(-skew)) && !s.nextUpdate.IsZero() && at.After(s.nextUpdate.Add(skew)) {
		t.Fatalf("accepted an answer of %v–%v for %v", s.thisUpdate, s.nextUpdate, at)
	}
}

// TestBasicResponseAnswersFor: a response about signer_2012_256 answers
// for its serial and not for another certificate's; garbage answers for
// nothing.
func TestBasicResponseAnswersFor(t *testing.T) {
	p := newEmbeddedPKI(t)
	basic := fetchBasic(t, p.dir, p.caURL, certFile("signer_2012_256.pem"))
	if !BasicResponseAnswersFor(basic, p.good.SerialNumber) {
		t.Error("the response does not answer for the certificate it was asked about")
	}
	if BasicResponseAnswersFor(basic, p.other.SerialNumber) {
		t.Error("the response answers for another certificate")
	}
	if BasicResponseAnswersFor(basic[:len(basic)-1], p.good.SerialNumber) {
		t.Error("a truncated response answers")
	}
}
