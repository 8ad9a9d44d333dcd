package ocspclient

import (
	"bytes"
	"crypto/x509"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
)

func FuzzParseResponse(f *testing.F) {
	f.Add(ocspResponseStatus(3))
	f.Add([]byte{0x30, 0x03, 0x0a, 0x01, 0x00})
	f.Add([]byte{0x30, 0x0a, 0x0a, 0x01, 0x00, 0xa0, 0x05, 0x30, 0x03, 0x06, 0x01, 0x00})
	for _, der := range gostFixtures(f, "ocsp_") {
		f.Add(der)
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := parseResponse(der)
		if err != nil {
			return
		}
		if r.status == statusSuccessful && r.rawTBS == nil {
			t.Fatal("successful response without tbsResponseData")
		}
	})
}

// ocspWorld is an issuer, the certificates a fuzzed response is checked
// for, the delegated responders the issuer authorised, a fixed clock and
// the nonce sent.
type ocspWorld struct {
	issuer     *x509.Certificate
	certs      []*x509.Certificate
	authorised []*x509.Certificate // besides the issuer
	now        time.Time
	nonce      []byte
}

// The selector of FuzzEvaluate: bit 0 the world (Ed25519 or GOST), bits
// 1-2 the certificate, 3-4 the CertID hash, 5 RequireNonce, 6 no nonce
// sent (a cached answer).
const (
	selGOST    = 1
	selCert    = 1 << 1
	selHash    = 1 << 3
	selRequire = 1 << 5
	selNoNonce = 1 << 6
)

// ocspWorlds returns the Ed25519 and the GOST world, and seeds for each.
func ocspWorlds(f testing.TB) (worlds [2]*ocspWorld, seeds []fuzzSeed) {
	p := newEdPKI(f)
	nonce := append([]byte{0x04, 0x10}, bytes.Repeat([]byte{0xab}, 16)...)
	ed := &ocspWorld{issuer: p.ca, certs: []*x509.Certificate{p.good, p.revoked, p.caLeaf},
		authorised: []*x509.Certificate{p.respEKU}, now: fuzzEpoch, nonce: nonce}
	this, next := fuzzEpoch.Add(-time.Hour), fuzzEpoch.Add(23*time.Hour)
	answer := func(c *x509.Certificate, st Status) single {
		s := single{cert: c, hash: SHA1, status: st, reason: -1, thisUpdate: this, nextUp: next}
		if st == Revoked {
			s.revokedAt, s.reason = fuzzEpoch.AddDate(0, 0, -2), 1
		}
		return s
	}
	by := func(signer *x509.Certificate, singles ...single) ocspSpec {
		s := ocspSpec{signer: signer, producedAt: this, singles: singles, nonce: nonce}
		if signer != p.ca && signer != p.twinCA {
			s.certs = []*x509.Certificate{signer}
		}
		return s
	}
	good, revoked := answer(p.good, Good), answer(p.revoked, Revoked)
	edSeed := func(name string, s ocspSpec, sel uint8, atSec int32, want string) {
		seeds = append(seeds, fuzzSeed{name, p.build(f, p.ca, s), sel, atSec, want})
	}
	edSeed("good by the CA", by(p.ca, good), 0, 0, "good")
	keyID := by(p.ca, good)
	keyID.byKey = true
	edSeed("good by the CA, by key", keyID, 0, 0, "good")
	edSeed("revoked by the CA", by(p.ca, revoked), 1*selCert, 0, "revoked")
	edSeed("unknown by the CA", by(p.ca, answer(p.caLeaf, Unknown)), 2*selCert, 0, "unknown")
	edSeed("good by a delegated responder", by(p.respEKU, good), 0, 0, "good")
	edSeed("good by a responder without OCSPSigning", by(p.respNoEKU, good), 0, 0, string(UnauthorizedResponder))
	edSeed("good by an expired responder", by(p.respExpired, good), 0, 0, string(UnauthorizedResponder))
	edSeed("good by another key of the CA's name", by(p.twinCA, good), 0, 0, string(BadSignature))
	edSeed("good by its responder", by(p.twinResp, good), 0, 0, string(UnauthorizedResponder))
	edSeed("revoked and good for two", by(p.ca, revoked, good), 0, 0, "good")
	edSeed("revoked and good for two, asking the first", by(p.ca, revoked, good), 1*selCert, 0, "revoked")
	edSeed("good for another", by(p.ca, revoked), 0, 0, string(WrongCertificate))
	edSeed("good and revoked for the same", by(p.ca, good, answer(p.good, Revoked)), 0, 0, string(ConflictingAnswers))
	edSeed("good twice for the same", by(p.ca, good, good), 0, 0, "good")
	for i, h := range hashOrder[1:] {
		a := good
		a.hash = h
		edSeed("good for a "+string(h)+" CertID", by(p.ca, a), uint8(i+1)*selHash, 0, "good")
		edSeed("good for a "+string(h)+" CertID, asked by SHA-1", by(p.ca, a), 0, 0, string(WrongCertificate))
	}
	noNonce := by(p.ca, good)
	noNonce.nonce = nil
	edSeed("no nonce", noNonce, 0, 0, "good")
	edSeed("no nonce, required", noNonce, selRequire, 0, string(NonceMissing))
	otherNonce := by(p.ca, good)
	otherNonce.nonce = []byte{0x04, 0x01, 0x00}
	edSeed("another nonce", otherNonce, 0, 0, string(NonceMismatch))
	edSeed("another nonce, cached", otherNonce, selNoNonce, 0, "good")
	stale := good
	stale.thisUpdate, stale.nextUp = fuzzEpoch.AddDate(0, 0, -10), fuzzEpoch.AddDate(0, 0, -9)
	edSeed("stale", by(p.ca, stale), 0, 0, string(Stale))
	edSeed("stale, for a time it was current", by(p.ca, stale), 0, -int32(9*86400+3600), "good")
	edSeed("current, for a time after nextUpdate", by(p.ca, good), 0, 2*86400, string(Stale))
	future := good
	future.thisUpdate = fuzzEpoch.Add(time.Hour)
	edSeed("thisUpdate in the future", by(p.ca, future), 0, 0, string(NotYetValid))
	open := good
	open.nextUp = time.Time{}
	edSeed("no nextUpdate", by(p.ca, open), 0, 400*86400, "good")
	seeds = append(seeds, fuzzSeed{"unauthorized", ocspResponseStatus(6), 0, 0, string(Unauthorized)})
	worlds[0] = ed

	// GOST: the sub CA of testdata/cms and OpenSSL's answers.
	gost := gostFixtures(f, "ocsp_")
	resp, err := parseResponse(gost["ocsp_good_by_ca"])
	if err != nil {
		f.Fatal(err)
	}
	worlds[1] = &ocspWorld{
		issuer: loadCert(f, filepath.Join(pkiDir, "sub.pem")),
		certs: []*x509.Certificate{loadCert(f, filepath.Join(pkiDir, "signer_2012_256.pem")),
			loadCert(f, filepath.Join(pkiDir, "signer_2001.pem")), loadCert(f, filepath.Join(pkiDir, "signer_2012_512.pem"))},
		authorised: []*x509.Certificate{loadCert(f, filepath.Join("testdata", "gost", "resp_eku.pem"))},
		now:        resp.singles[0].thisUpdate.Add(time.Hour),
		nonce:      resp.nonce,
	}
	for name, der := range gost {
		var sel uint8 = selGOST
		want := "good"
		switch {
		case strings.Contains(name, "revoked"):
			sel, want = sel|1*selCert, "revoked"
		case strings.Contains(name, "unknown"):
			sel, want = sel|2*selCert, "unknown"
		case strings.Contains(name, "noeku"):
			want = string(UnauthorizedResponder)
		}
		if strings.HasSuffix(name, "sha256") {
			sel |= 1 * selHash
		} else if strings.HasSuffix(name, "streebog") {
			sel |= 2 * selHash
		}
		if !strings.HasPrefix(name, "ocsp_good_by") || strings.HasSuffix(name, "_ca_sha256") || strings.HasSuffix(name, "_ca_streebog") {
			sel |= selNoNonce // asked with another nonce than good_by_ca's
		}
		seeds = append(seeds, fuzzSeed{name, der, sel, 0, want})
		if want == "good" || want == "revoked" {
			seeds = append(seeds, fuzzSeed{name + ", 3 days later", der, sel, 3 * 86400, string(Stale)})
		}
	}
	return worlds, seeds
}

// fuzzSeed is a seed of FuzzEvaluate and the outcome expected of it: a
// Status or a Class.
type fuzzSeed struct {
	name  string
	der   []byte
	sel   uint8
	atSec int32
	want  string
}

// atOf is the validation time of a fuzz input: zero, or now moved by
// atSec seconds.
func atOf(now time.Time, atSec int32) time.Time {
	if atSec == 0 {
		return time.Time{}
	}
	return now.Add(time.Duration(atSec) * time.Second)
}

// FuzzEvaluate feeds fuzzed DER responses through the checks Client.Check
// makes on a response (Client.evaluate): the responder's authorisation,
// the signature, the CertID, the times for a fixed clock and a fuzzed
// validation time, the nonce. It must never panic, and an answer it
// accepts must be signed by the issuer or by a responder the issuer
// authorised and be about the certificate, for the times and the nonce.
func FuzzEvaluate(f *testing.F) {
	worlds, seeds := ocspWorlds(f)
	for _, s := range seeds {
		f.Add(s.der, s.sel, s.atSec)
	}
	f.Fuzz(func(t *testing.T, der []byte, sel uint8, atSec int32) {
		evaluateInput(t, worlds, der, sel, atSec)
	})
}

// TestEvaluateSeeds: each seed of FuzzEvaluate has the outcome it was
// made for.
func TestEvaluateSeeds(t *testing.T) {
	worlds, seeds := ocspWorlds(t)
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			if got := evaluateInput(t, worlds, s.der, s.sel, s.atSec); got != s.want {
				t.Errorf("got %s, want %s", got, s.want)
			}
		})
	}
}

// evaluateInput runs one input of FuzzEvaluate, checks the outcome and
// returns it: the Status, or the Class of the failure.
func evaluateInput(t *testing.T, worlds [2]*ocspWorld, der []byte, sel uint8, atSec int32) string {
	w := worlds[sel&selGOST]
	cert := w.certs[int(sel/selCert&3)%len(w.certs)]
	h := hashOrder[int(sel/selHash&3)%len(hashOrder)]
	nonce := w.nonce
	if sel&selNoNonce != 0 {
		nonce = nil
	}
	at := atOf(w.now, atSec)
	c := &Client{RequireNonce: sel&selRequire != 0, Now: func() time.Time { return w.now }}
	id, err := newCertID(h, cert, w.issuer)
	if err != nil {
		t.Fatal(err)
	}
	r, class, err := c.evaluate(der, id, nonce, cert, w.issuer, h, at)
	if err != nil {
		if class == "" || r != nil {
			t.Fatalf("error %v with class %q and result %v", err, class, r)
		}
		return string(class)
	}
	checkAnswer(t, w, der, id, nonce, c.RequireNonce, at, r)
	return string(r.Status)
}

// checkAnswer checks an accepted answer against the rules, recomputed.
func checkAnswer(t *testing.T, w *ocspWorld, der []byte, id *certID, nonce []byte, requireNonce bool, at time.Time, r *Result) {
	t.Helper()
	resp, err := parseResponse(der)
	if err != nil {
		t.Fatalf("accepted a response that does not parse: %v", err)
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
	case !bytes.Equal(r.Responder.Raw, signer.Raw) && !bytes.Equal(r.Responder.RawSubjectPublicKeyInfo, signer.RawSubjectPublicKeyInfo):
		t.Fatalf("responder %v, but signed by %v", r.Responder.Subject, signer.Subject)
	case r.Delegated != (signer != w.issuer):
		t.Fatalf("delegated %v, signed by %v", r.Delegated, signer.Subject)
	}
	var answers []singleResponse
	for _, s := range resp.singles {
		if s.id.equal(id) {
			answers = append(answers, s)
		}
	}
	if len(answers) == 0 {
		t.Fatalf("%s answer, but none about serial %X", r.Status, id.serial)
	}
	for _, s := range answers {
		if s.status != answers[0].status {
			t.Fatalf("%s answer from a response that answers %s and %s for serial %X", r.Status, answers[0].status, s.status, id.serial)
		}
	}
	s := answers[0]
	if r.Status != s.status || !r.ThisUpdate.Equal(s.thisUpdate) || !r.NextUpdate.Equal(s.nextUpdate) ||
		!r.RevokedAt.Equal(s.revokedAt) || r.RevocationReason != s.reason {
		t.Fatalf("result %+v, answer %+v", r, s)
	}
	const skew = DefaultSkewAllowance
	if at.IsZero() {
		at = w.now
	}
	if s.thisUpdate.After(w.now.Add(skew)) {
		t.Fatalf("accepted thisUpdate %v after now %v", s.thisUpdate, w.now)
	}
	if s.thisUpdate.Before(at.Add(-skew)) && !s.nextUpdate.IsZero() && at.After(s.nextUpdate.Add(skew)) {
		t.Fatalf("accepted an answer of %v–%v for %v", s.thisUpdate, s.nextUpdate, at)
	}
	switch {
	case nonce == nil:
	case resp.nonce == nil && (requireNonce || r.NonceEchoed):
		t.Fatalf("no nonce, require %v, echoed %v", requireNonce, r.NonceEchoed)
	case resp.nonce != nil && (!bytes.Equal(resp.nonce, nonce) || !r.NonceEchoed):
		t.Fatalf("nonce %X sent, %X echoed, NonceEchoed %v", nonce, resp.nonce, r.NonceEchoed)
	}
}

// TestFuzzPKIDeterministic: the seeds of the fuzz targets verify in every
// fuzzing process only if each makes the same PKI.
func TestFuzzPKIDeterministic(t *testing.T) {
	a, b := newEdPKI(t), newEdPKI(t)
	if !bytes.Equal(a.respEKU.Raw, b.respEKU.Raw) || !bytes.Equal(a.crl(t), b.crl(t)) {
		t.Fatal("the Ed25519 fuzz PKI is not deterministic")
	}
}
