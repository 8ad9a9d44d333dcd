package verify

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
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

func mustRead(t *testing.T, path string) []byte {
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
