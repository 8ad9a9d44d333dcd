package verify

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/internal/srcconst"
	"github.com/gostverify/gostverify/ocspclient"
)

// TestCauses: each kind of verdict carries its typed cause, which a Go
// caller reaches with errors.As, and a reason that names no command-line
// flag (hints belong to the command line).
func TestCauses(t *testing.T) {
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	trusted := Options{Roots: roots, Certificates: sub, Time: at, RevocationOff: true}
	cases := []struct {
		name, sig, doc string
		opts           Options
		sub            SubIndication
		check          func(error) bool
	}{
		{"tampered document", "tampered.xml.sig", "tampered.xml", trusted, HashFailure,
			func(err error) bool {
				var e *cms.SignerError
				return errors.As(err, &e) && e.Reason == cms.DigestMismatch
			}},
		{"no trust anchors", "invoice.xml.sig", "invoice.xml", Options{Time: at}, NoCertificateChainFound,
			func(err error) bool { return errors.Is(err, ErrNoTrustAnchors) }},
		{"no path", "invoice.xml.sig", "invoice.xml", Options{Roots: roots, Time: at, RevocationOff: true}, NoCertificateChainFound,
			func(err error) bool { var e *PathError; return errors.As(err, &e) && e.NoPath() }},
		{"expired, no proof of existence", "invoice.xml.expired.sig", "invoice.xml", trusted, OutOfBoundsNoPOE,
			func(err error) bool {
				var e *ValidityError
				return errors.As(err, &e) && e.SubIndication == OutOfBoundsNoPOE && e.ValidationTime.Equal(at)
			}},
		{"no revocation method", "invoice.xml.sig", "invoice.xml", Options{Roots: roots, Certificates: sub, Time: at}, TryLater,
			func(err error) bool { var e *RevocationError; return errors.As(err, &e) && e.NoMethod && !e.CA }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../testdata/cms", c.sig))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := os.ReadFile(filepath.Join("../testdata/cms", c.doc))
			if err != nil {
				t.Fatal(err)
			}
			r, err := New(c.opts).Verify(context.Background(), Input{Name: c.sig, Data: data, Document: bytesDocument(c.doc, doc)})
			if err != nil {
				t.Fatal(err)
			}
			s := r.Signatures[0]
			if s.SubIndication != c.sub || !c.check(s.Cause) {
				t.Errorf("%s with cause %T %v, want %s and its typed cause", s.SubIndication, s.Cause, s.Cause, c.sub)
			}
			if s.Reason == "" || strings.Contains(s.Reason, "--") {
				t.Errorf("reason %q: empty, or names a flag", s.Reason)
			}
		})
	}
}

// TestAttachedWithDocument: an attached signature given a document the
// user named is invalid when the document is not the content it carries;
// a file merely beside it is only compared, and a warning says it differs.
func TestAttachedWithDocument(t *testing.T) {
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	v := New(Options{Roots: roots, Certificates: sub, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), RevocationOff: true})
	sig, err := os.ReadFile("../testdata/cms/contract.txt.attached_2012_256.sig")
	if err != nil {
		t.Fatal(err)
	}
	contract, err := os.ReadFile("../testdata/cms/contract.txt")
	if err != nil {
		t.Fatal(err)
	}
	other := append(append([]byte{}, contract...), '!')
	for _, c := range []struct {
		name    string
		doc     []byte
		named   bool
		status  Status
		content string
		warned  bool
	}{
		{"named, the carried content", contract, true, Valid, "doc", false},
		{"named, another file", other, true, Invalid, "", false},
		{"named, a prefix of the content", contract[:10], true, Invalid, "", false},
		{"beside it, the carried content", contract, false, Valid, "doc", false},
		{"beside it, another file", other, false, Valid, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := bytesDocument("doc", c.doc)
			d.Named = c.named
			r, err := v.Verify(context.Background(), Input{Name: "x.sig", Data: sig, Document: d})
			if err != nil {
				t.Fatal(err)
			}
			var mismatch *DocumentMismatchError
			if r.Status != c.status || r.Content != c.content || (c.status == Invalid) != errors.As(r.Cause, &mismatch) ||
				(len(r.Warnings) > 0) != c.warned {
				t.Errorf("status %s, content %q, cause %v, warnings %q; want %s, %q, warned %v", r.Status, r.Content, r.Cause, r.Warnings, c.status, c.content, c.warned)
			}
			if c.status == Invalid && r.SubIndication != HashFailure {
				t.Errorf("sub-indication %s, want HASH_FAILURE", r.SubIndication)
			}
		})
	}
	if _, err := v.Verify(context.Background(), Input{Name: "d.sig", Data: mustRead(t, "../testdata/cms/invoice.xml.sig")}); !errors.Is(err, ErrNoDocument) {
		t.Errorf("a detached signature without its document: %v, want ErrNoDocument", err)
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDocumentName: the one rule from a signature file's name to its
// document's, shared by verify and batch.
func TestDocumentName(t *testing.T) {
	for in, want := range map[string]string{
		"act.xml.sig": "act.xml", "act.xml.SGN": "act.xml", "a/b.p7s": "a/b", "x.p7m": "x",
		".sig": "", "act.xml": "", "sig": "",
	} {
		if got := DocumentName(in); got != want {
			t.Errorf("DocumentName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNetworkBudget: a responder that never answers costs one signature
// its network budget, not each request's timeout, and the report says the
// budget ran out.
func TestNetworkBudget(t *testing.T) {
	stop := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	defer hang.Close()
	defer close(stop) // before Close, which waits for the handlers
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	v := New(Options{
		Roots: roots, Certificates: sub, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		OCSP: &ocspclient.Client{HTTP: &fetch.Client{Timeout: time.Minute}}, OCSPURL: hang.URL,
		NetworkBudget: 300 * time.Millisecond,
	})
	start := time.Now()
	r, err := v.Verify(context.Background(), Input{Name: "invoice.xml.sig", Data: mustRead(t, "../testdata/cms/invoice.xml.sig"),
		Document: bytesDocument("invoice.xml", mustRead(t, "../testdata/cms/invoice.xml"))})
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("took %v with a budget of 300ms", elapsed)
	}
	s := r.Signatures[0]
	if s.SubIndication != TryLater || !slices.ContainsFunc(s.Warnings, func(w string) bool { return strings.Contains(w, "network budget") }) {
		t.Errorf("%s, warnings %q; want TRY_LATER and a word on the budget", s.SubIndication, s.Warnings)
	}
}

// TestLocalizeDecoded: a report decoded from JSON keeps its warnings when
// localized (it has no messages behind them), and one made here changes
// language and back.
func TestLocalizeDecoded(t *testing.T) {
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	v := New(Options{Roots: roots, Certificates: sub, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), RevocationOff: true})
	beside := bytesDocument("other.txt", []byte("not the content"))
	beside.Named = false
	r, err := v.Verify(context.Background(), Input{Name: "x.sig", Data: mustRead(t, "../testdata/cms/contract.txt.attached_2012_256.sig"), Document: beside})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) != 1 {
		t.Fatalf("warnings %q, want the one on the file beside it", r.Warnings)
	}
	en := r.Warnings[0]
	r.Localize(i18n.Russian)
	if r.Warnings[0] == en || !strings.Contains(r.Warnings[0], "рядом с подписью") {
		t.Errorf("Russian warning %q", r.Warnings[0])
	}
	r.Localize(i18n.English)
	if r.Warnings[0] != en {
		t.Errorf("back in English: %q, want %q", r.Warnings[0], en)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var decoded Report
	if err := json.Unmarshal(data, &decoded); err != nil {
		t.Fatal(err)
	}
	decoded.Localize(i18n.Russian)
	if len(decoded.Warnings) != 1 || decoded.Warnings[0] != en || len(decoded.Signatures[0].Warnings) != len(r.Signatures[0].Warnings) {
		t.Errorf("a decoded report lost or changed its warnings: %q", decoded.Warnings)
	}
}

// failureClass is a class constant of package fetch or ocspclient, read
// from its source.
type failureClass struct{ pkg, typ, name, value string }

// failureClasses reads every constant of type Class (packages fetch and
// ocspclient) and CRLClass (ocspclient) from the packages' source, so a
// class added there without a message fails TestClassMessages.
func failureClasses(t *testing.T) []failureClass {
	t.Helper()
	var out []failureClass
	for _, dir := range []string{"../fetch", "../ocspclient"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		consts, err := srcconst.Read(files, "Class", "CRLClass")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range consts {
			out = append(out, failureClass{c.Package, c.Type, c.Name, c.Value})
		}
	}
	return out
}

// englishSentence finds two Latin words in a row outside URLs: English
// left in a Russian text. Codes and names (OCSP, nonce, thisUpdate) stand
// alone among Russian words.
var (
	urlPattern      = regexp.MustCompile(`https?://\S*`)
	englishSentence = regexp.MustCompile(`[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}`)
)

func hasEnglish(s string) bool {
	return englishSentence.MatchString(urlPattern.ReplaceAllString(s, ""))
}

// TestClassMessages: every class of failure of packages fetch and
// ocspclient (OCSP and CRL) has a message whose English is the class's own
// Explain text and whose Russian is Russian.
func TestClassMessages(t *testing.T) {
	classes := failureClasses(t)
	seen := map[string]bool{}
	for _, c := range classes {
		seen[c.pkg+"."+c.typ+"."+c.value] = true
		var (
			m       i18n.Message
			ok      bool
			explain string
		)
		switch {
		case c.pkg == "fetch" && c.typ == "Class":
			m, ok = i18n.FetchClass(c.value)
			explain = fetch.Class(c.value).Explain()
		case c.pkg == "ocspclient" && c.typ == "Class":
			m, ok = i18n.OCSPClass(c.value)
			explain = ocspclient.Class(c.value).Explain()
		case c.pkg == "ocspclient" && c.typ == "CRLClass":
			m, ok = i18n.CRLClass(c.value)
			explain = ocspclient.CRLClass(c.value).Explain()
		default:
			t.Errorf("%s.%s (%s %q): a class of an unknown package", c.pkg, c.name, c.typ, c.value)
			continue
		}
		if !ok {
			t.Errorf("%s.%s (%q): no message in the catalogue", c.pkg, c.name, c.value)
			continue
		}
		en, ru := i18n.English.Sprintf(m), i18n.Russian.Sprintf(m)
		if en != explain {
			t.Errorf("%s.%s: English %q, want the Explain text %q", c.pkg, c.name, en, explain)
		}
		if ru == en || !strings.ContainsFunc(ru, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) || hasEnglish(ru) {
			t.Errorf("%s.%s: the Russian %q is not Russian", c.pkg, c.name, ru)
		}
	}
	// The constants, named here so the source reading above cannot miss
	// them without the test noticing.
	var named []string
	for _, c := range []fetch.Class{fetch.Offline, fetch.BadURL, fetch.UnsupportedScheme, fetch.DNS, fetch.Refused,
		fetch.Unreachable, fetch.Timeout, fetch.Canceled, fetch.TLS, fetch.HTTPStatus, fetch.TooLarge, fetch.Truncated,
		fetch.TooManyRedirects, fetch.HTML, fetch.Empty, fetch.Network} {
		named = append(named, "fetch.Class."+string(c))
	}
	for _, c := range []ocspclient.Class{ocspclient.NotOCSP, ocspclient.MalformedRequest, ocspclient.InternalError,
		ocspclient.TryLater, ocspclient.SigRequired, ocspclient.Unauthorized, ocspclient.BadSignature,
		ocspclient.UnauthorizedResponder, ocspclient.WrongCertificate, ocspclient.ConflictingAnswers, ocspclient.Stale,
		ocspclient.NotYetValid, ocspclient.NonceMismatch, ocspclient.NonceMissing, ocspclient.BadInput} {
		named = append(named, "ocspclient.Class."+string(c))
	}
	for _, c := range []ocspclient.CRLClass{ocspclient.NotCRL, ocspclient.CRLWrongIssuer, ocspclient.CRLSignNotAllowed,
		ocspclient.NoCRLURL, ocspclient.CRLUnsupported, ocspclient.CRLOutOfScope, ocspclient.CRLBadSignature,
		ocspclient.CRLStale, ocspclient.CRLNotYetValid, ocspclient.CRLBadInput} {
		named = append(named, "ocspclient.CRLClass."+string(c))
	}
	for _, n := range named {
		if !seen[n] {
			t.Errorf("%s: not found reading the source", n)
		}
	}
}

// TestHTTPStatusMessages: an HTTP error status is explained as the fetch
// package does, in both languages.
func TestHTTPStatusMessages(t *testing.T) {
	for _, code := range []int{0, 200, 301, 400, 401, 402, 403, 404, 405, 410, 418, 429, 500, 502, 503, 599, 600} {
		m := i18n.HTTPStatus(code)
		want := (&fetch.Error{Class: fetch.HTTPStatus, Status: code}).Explain()
		if en := i18n.English.Sprintf(m); en != want {
			t.Errorf("HTTP %d: %q, want %q", code, en, want)
		}
		if ru := i18n.Russian.Sprintf(m); hasEnglish(ru) {
			t.Errorf("HTTP %d: the Russian %q has English in it", code, ru)
		}
	}
}

// TestFailuresInLanguage: the failures behind a revocation status that
// could not be obtained, and the issuer downloads tried for a missing
// issuer, are said in the reader's language — where, and the class in
// plain words — while an error of an unknown kind keeps its own text.
func TestFailuresInLanguage(t *testing.T) {
	offline := &fetch.Error{Class: fetch.Offline, URL: "http://ca.example/ocsp", Err: errors.New("no request made")}
	notFound := &fetch.Error{Class: fetch.HTTPStatus, URL: "http://ca.example/sub.crl", Status: 404}
	unknown := errors.New("verify: something else")
	re := &RevocationError{Status: "unavailable", Failures: []error{
		&ocspclient.Error{Class: ocspclient.Class(offline.Class), URL: offline.URL, Err: offline},
		&ocspclient.Error{Class: ocspclient.ConflictingAnswers, URL: "http://ca.example/ocsp2", Err: errors.New("two SingleResponses")},
		&ocspclient.CRLError{Class: ocspclient.CRLClass(notFound.Class), URL: notFound.URL, Err: notFound},
		&ocspclient.CRLError{Class: ocspclient.CRLStale, URL: "http://ca.example/old.crl", Err: errors.New("nextUpdate 2020-01-01")},
		&ocspclient.CRLError{Class: ocspclient.NoCRLURL, Err: errors.New("certificate 1 has no CRL distribution point")},
		&fetch.Error{Class: fetch.Timeout, URL: "http://ca.example/slow"},
		unknown,
	}}
	wantEN := "no revocation status could be obtained" +
		"; http://ca.example/ocsp: network use is off: offline mode" +
		"; http://ca.example/ocsp2: " + ocspclient.ConflictingAnswers.Explain() +
		"; http://ca.example/sub.crl: HTTP 404: no document or service at this path" +
		"; http://ca.example/old.crl: " + ocspclient.CRLStale.Explain() +
		"; " + ocspclient.NoCRLURL.Explain() +
		"; http://ca.example/slow: no answer within the timeout" +
		"; " + unknown.Error()
	if got := explainRevocation(i18n.English, re); got != wantEN {
		t.Errorf("English:\n%s\nwant\n%s", got, wantEN)
	}
	re.Failures = re.Failures[:len(re.Failures)-1] // the unknown error stays English
	ru := explainRevocation(i18n.Russian, re)
	for _, want := range []string{"Не удалось получить статус", "http://ca.example/ocsp: сеть не используется: режим без сети",
		"http://ca.example/sub.crl: ответ HTTP 404: ", "; в сертификате нет точки распространения СОС", "http://ca.example/slow: "} {
		if !strings.Contains(ru, want) {
			t.Errorf("Russian %q: no %q", ru, want)
		}
	}
	if hasEnglish(ru) {
		t.Errorf("Russian %q has English in it", ru)
	}

	pe := &PathError{Issuer: "CN=УЦ", Downloads: []IssuerDownload{
		{URL: "http://ca.example/ca.crt", Class: string(fetch.DNS), Error: "fetch: http://ca.example/ca.crt: the host name does not resolve (a typo, a retired CA domain, or no DNS): lookup ca.example: no such host"},
		{URL: "http://ca.example/gone.crt", HTTPStatus: 410, Class: string(fetch.HTTPStatus), Error: "fetch: http://ca.example/gone.crt: HTTP 410 Gone: the document was removed from this path"},
		{URL: "http://ca.example/odd.crt", Class: "odd", Error: "fetch: something odd"},
		{URL: "http://ca.example/ok.crt"},
	}}
	wantEN = "its issuer CN=УЦ was not found" +
		"; tried http://ca.example/ca.crt: dns: " + fetch.DNS.Explain() +
		"; tried http://ca.example/gone.crt: http_status: HTTP 410: the document was removed from this path" +
		"; tried http://ca.example/odd.crt: odd: fetch: something odd" +
		"; downloaded http://ca.example/ok.crt"
	if got := missingIssuer(i18n.English, pe); got != wantEN {
		t.Errorf("English:\n%s\nwant\n%s", got, wantEN)
	}
	pe.Downloads = slices.Delete(pe.Downloads, 2, 3) // the unknown class keeps the English error
	if ru := missingIssuer(i18n.Russian, pe); hasEnglish(ru) || !strings.Contains(ru, "http://ca.example/gone.crt: http_status: ответ HTTP 410: ") {
		t.Errorf("Russian %q: English in it, or not the HTTP status explained", ru)
	}
}

// TestUnknownStatusInLanguage: an OCSP "unknown" answer is said in the
// reader's language in the reason.
func TestUnknownStatusInLanguage(t *testing.T) {
	re := &RevocationError{Certificate: &x509.Certificate{SerialNumber: big.NewInt(1)}, Status: "unknown",
		Failures: []error{&unknownStatusError{"http://ca.example/ocsp"}}}
	en, ru := explain(i18n.English, re), explain(i18n.Russian, re)
	if !strings.HasSuffix(en, "http://ca.example/ocsp: the responder does not know this certificate (status unknown)") {
		t.Errorf("English %q", en)
	}
	if !strings.Contains(ru, "http://ca.example/ocsp: служба OCSP не знает этот сертификат") || strings.Contains(ru, "responder") {
		t.Errorf("Russian %q", ru)
	}
}

// TestTimestamps: a real CAdES-T signature (SBIS with CryptoPro CSP) lists
// its signature-time-stamp, checked against the signature value, also when
// the document is not the one signed; without trust anchors the TSA's path
// cannot be built and the token proves nothing.
func TestTimestamps(t *testing.T) {
	data := mustRead(t, "../testdata/tsp/sbis_cades_t.sgn")
	r, err := File("sbis_cades_t.sgn", data, "other.txt", strings.NewReader("not the document"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Signatures[0]
	if s.SubIndication != HashFailure || len(s.Timestamps) != 1 {
		t.Fatalf("%s with %d timestamps, want HASH_FAILURE and the one token", s.SubIndication, len(s.Timestamps))
	}
	ts := s.Timestamps[0]
	if ts.Token != Passed || ts.Chain != NotChecked || ts.GenTime == nil || ts.GenTime.Year() != 2023 || ts.TSA == "" ||
		ts.Status != Indeterminate || ts.SubIndication != NoCertificateChainFound || ts.Policy != "1.2.643.3.58.3.1" {
		t.Errorf("timestamp %+v, want the token passed at its 2023 genTime with its TSA, and no chain", ts)
	}
	if s.Level != "CAdES-T" {
		t.Errorf("level %q, want CAdES-T", s.Level)
	}
	// The same token over another signature value: its imprint fails.
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	sd.Signers[0].Signature[0] ^= 1
	r, err = Signed("x.sgn", sd, "other.txt", strings.NewReader("not the document"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ts := r.Signatures[0].Timestamps; len(ts) != 1 || ts[0].Token != Failed || ts[0].SubIndication != HashFailure ||
		!strings.Contains(ts[0].Error, "messageImprint") || !strings.Contains(ts[0].Reason, "signature value") {
		t.Errorf("timestamps of a changed signature value: %+v, want the token failed on its imprint", ts)
	}
}
