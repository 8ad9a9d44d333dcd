package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// TestVerify: the answer of POST /v1/verify is the verify report, the
// same bytes `gostverify verify --json` prints for the same input (the
// command's encoder: two-space indent, no HTML escaping).
func TestVerify(t *testing.T) {
	s, ts := start(t, Options{})
	tests := []struct {
		name   string
		files  []file
		lang   string
		status verify.Status
		sub    verify.SubIndication
	}{
		{"detached pair", []file{fixture(t, "signature", cmsDir+"/invoice.xml.sig"), fixture(t, "document", cmsDir+"/invoice.xml")}, "en", verify.Valid, ""},
		{"tampered pair", []file{fixture(t, "signature", cmsDir+"/tampered.xml.sig"), fixture(t, "document", cmsDir+"/tampered.xml")}, "ru", verify.Invalid, verify.HashFailure},
		{"attached", []file{fixture(t, "signature", cmsDir+"/contract.txt.attached_2012_256.sig")}, "en", verify.Valid, ""},
		{"not a signature", []file{fixture(t, "signature", cmsDir+"/bad_random.sig")}, "en", verify.Invalid, verify.FormatFailure},
		{"signed PDF alone", []file{fixture(t, "signature", "../testdata/pdf/signed.pdf")}, "en", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := post(t, ts.URL+"/v1/verify?lang="+tt.lang, nil, nil, tt.files...)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d\n%s", resp.StatusCode, body)
			}
			var got verify.Report
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if tt.status != "" && (got.Status != tt.status || resp.Header.Get("Gostverify-Status") != string(tt.status)) {
				t.Fatalf("status %s (header %s), want %s\n%s", got.Status, resp.Header.Get("Gostverify-Status"), tt.status, body)
			}
			if tt.sub != "" && got.SubIndication != tt.sub && (len(got.Signatures) == 0 || got.Signatures[0].SubIndication != tt.sub) {
				t.Errorf("subindication %s, want %s", got.SubIndication, tt.sub)
			}
			// The same input through verify directly, encoded as the
			// command encodes it.
			l, _ := i18n.Parse(tt.lang)
			want := directJSON(t, s, l, tt.files)
			if !bytes.Equal(body, want) {
				t.Errorf("the answer is not the verify JSON\n got: %.600s\nwant: %.600s", body, want)
			}
		})
	}
	emptyDir(t, s.opts.TempDir)
}

// directJSON verifies files with verify itself and encodes the report as
// `gostverify verify --json` does.
func directJSON(t *testing.T, s *Server, l i18n.Lang, files []file) []byte {
	t.Helper()
	dir := t.TempDir()
	in := verify.Input{}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		os.WriteFile(path, f.data, 0o600)
		switch f.field {
		case "signature":
			in.Name = f.name
			if bytes.HasPrefix(f.data, []byte("%PDF-")) {
				fh, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer fh.Close()
				in.PDF = &verify.PDFFile{R: fh, Size: int64(len(f.data))}
			} else {
				in.Data = f.data
			}
		case "document":
			in.Document = &verify.Document{Name: f.name, Named: true, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
		}
	}
	report, err := s.verifier(Params{Lang: l}).Verify(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(report)
	return b.Bytes()
}

// TestErrors: every refusal is problem details with its stable type.
func TestErrors(t *testing.T) {
	_, ts := start(t, Options{Limits: Limits{MaxUpload: 64 << 10}})
	sig := fixture(t, "signature", cmsDir+"/invoice.xml.sig")
	big := file{"signature", "big.sig", bytes.Repeat([]byte("A"), 100<<10)}
	tests := []struct {
		name string
		resp func() *http.Response
		want ProblemType
	}{
		{"too large", func() *http.Response { return post(t, ts.URL+"/v1/verify", nil, nil, big) }, ProblemTooLarge},
		{"too large document", func() *http.Response {
			return post(t, ts.URL+"/v1/verify", nil, nil, sig, file{"document", "scan.bin", bytes.Repeat([]byte{1}, 70<<10)})
		}, ProblemTooLarge},
		{"detached without its document", func() *http.Response { return post(t, ts.URL+"/v1/verify", nil, nil, sig) }, ProblemBadRequest},
		{"no signature field", func() *http.Response {
			return post(t, ts.URL+"/v1/verify", nil, nil, fixture(t, "document", cmsDir+"/invoice.xml"))
		}, ProblemBadRequest},
		{"two signatures", func() *http.Response { return post(t, ts.URL+"/v1/verify", nil, nil, sig, sig) }, ProblemBadRequest},
		{"unknown field", func() *http.Response { return post(t, ts.URL+"/v1/verify", nil, nil, file{"other", "x", []byte("x")}) }, ProblemBadRequest},
		{"bad lang", func() *http.Response { return post(t, ts.URL+"/v1/verify?lang=fr", nil, nil, sig) }, ProblemBadRequest},
		{"bad at", func() *http.Response {
			return post(t, ts.URL+"/v1/verify", nil, map[string]string{"at": "yesterday"}, sig)
		}, ProblemBadRequest},
		{"bad policy", func() *http.Response { return post(t, ts.URL+"/v1/verify?policy=strict", nil, nil, sig) }, ProblemBadRequest},
		{"not multipart", func() *http.Response {
			resp, err := http.Post(ts.URL+"/v1/verify", "application/octet-stream", strings.NewReader("x"))
			if err != nil {
				t.Fatal(err)
			}
			return resp
		}, ProblemBadRequest},
		{"show: not a signature", func() *http.Response {
			return post(t, ts.URL+"/v1/show", nil, nil, fixture(t, "signature", cmsDir+"/bad_random.sig"))
		}, ProblemNotASignature},
		{"show: a broken PDF", func() *http.Response {
			return post(t, ts.URL+"/v1/show", nil, nil, fixture(t, "signature", "../testdata/pdf/badxref.pdf"))
		}, ProblemNotASignature},
		{"certificate: not one", func() *http.Response {
			return post(t, ts.URL+"/v1/certificate", nil, nil, file{"certificate", "x.pem", []byte("hello")})
		}, ProblemNotACertificate},
		{"poa: not one", func() *http.Response {
			return post(t, ts.URL+"/v1/poa", nil, nil, file{"poa", "x.xml", []byte("<a/>")})
		}, ProblemNotFound}, // this server reads none (Options.POA nil)
		{"tsl: none", func() *http.Response { return do(t, "GET", ts.URL+"/v1/tsl", nil) }, ProblemNoTSL},
		{"no route", func() *http.Response { return do(t, "GET", ts.URL+"/v1/nothing", nil) }, ProblemNotFound},
		{"wrong method", func() *http.Response { return do(t, "GET", ts.URL+"/v1/verify", nil) }, ProblemMethodNotAllowed},
		{"no job", func() *http.Response { return do(t, "GET", ts.URL+"/v1/jobs/0123", nil) }, ProblemNotFound},
		{"no static file", func() *http.Response { return do(t, "GET", ts.URL+"/static/secret.txt", nil) }, ProblemNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := wantProblem(t, tt.resp(), tt.want)
			if p.Detail == "" {
				t.Errorf("no detail: %+v", p)
			}
		})
	}
	resp := do(t, "GET", ts.URL+"/v1/verify", nil)
	if resp.Header.Get("Allow") != "POST" {
		t.Errorf("405 Allow = %q", resp.Header.Get("Allow"))
	}
	resp.Body.Close()
}

func TestShowCertificatePOATSL(t *testing.T) {
	var asked string
	_, ts := start(t, Options{
		TSL: func(q string) (any, error) { asked = q; return map[string]any{"query": q, "cas": []string{}}, nil },
		POA: func(name string, data []byte, l i18n.Lang) (any, error) {
			return map[string]any{"file": name, "bytes": len(data), "lang": string(l)}, nil
		},
	})
	var d verify.Description
	decode(t, post(t, ts.URL+"/v1/show", nil, nil, fixture(t, "signature", cmsDir+"/invoice.xml.two_signers.sig")), 200, &d)
	if d.File != "invoice.xml.two_signers.sig" || len(d.Signers) != 2 {
		t.Errorf("show: %+v", d)
	}
	var pd verify.PDFDescription
	decode(t, post(t, ts.URL+"/v1/show", nil, nil, fixture(t, "signature", "../testdata/pdf/two.pdf")), 200, &pd)
	if len(pd.Signatures) != 2 {
		t.Errorf("show PDF: %d signatures, want 2", len(pd.Signatures))
	}

	var c struct {
		Certificate struct {
			CommonName string `json:"common_name"`
		} `json:"certificate"`
		Status string            `json:"status"`
		Chain  []json.RawMessage `json:"chain"`
	}
	decode(t, post(t, ts.URL+"/v1/certificate", nil, nil, fixture(t, "certificate", cmsDir+"/pki/signer_2012_256.pem")), 200, &c)
	if c.Status != "valid" || len(c.Chain) != 3 || c.Certificate.CommonName == "" {
		t.Errorf("certificate: %+v", c)
	}
	decode(t, post(t, ts.URL+"/v1/certificate", nil, nil, fixture(t, "certificate", cmsDir+"/pki/signer_expired.pem")), 200, &c)
	if c.Status != "invalid" && c.Status != "indeterminate" {
		t.Errorf("expired certificate: %+v", c)
	}

	var pv map[string]any
	decode(t, post(t, ts.URL+"/v1/poa?lang=ru", nil, nil, fixture(t, "poa", "../testdata/poa/ON_EMCHD_20260101_5a1f0c3e-7b2d-4e8a-9c41-202600000001.xml")), 200, &pv)
	if pv["file"] != "ON_EMCHD_20260101_5a1f0c3e-7b2d-4e8a-9c41-202600000001.xml" || pv["lang"] != "ru" {
		t.Errorf("poa: %v", pv)
	}
	var tv map[string]any
	decode(t, do(t, "GET", ts.URL+"/v1/tsl?q=ромашка", nil), 200, &tv)
	if asked != "ромашка" {
		t.Errorf("tsl asked %q", asked)
	}
}

func TestAuth(t *testing.T) {
	_, ts := start(t, Options{Token: "s3cret"})
	sig := []file{fixture(t, "signature", cmsDir+"/invoice.xml.sig"), fixture(t, "document", cmsDir+"/invoice.xml")}
	resp := post(t, ts.URL+"/v1/verify", nil, nil, sig...)
	if resp.Header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	wantProblem(t, resp, ProblemUnauthorized)
	wantProblem(t, post(t, ts.URL+"/v1/verify", map[string]string{"Authorization": "Bearer wrong"}, nil, sig...), ProblemUnauthorized)
	wantProblem(t, do(t, "GET", ts.URL+"/v1/jobs/x", nil), ProblemUnauthorized)
	decode(t, post(t, ts.URL+"/v1/verify", map[string]string{"Authorization": "Bearer s3cret"}, nil, sig...), 200, nil)
	// Operations and the page need no token.
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/", "/v1/openapi.json", "/static/app.js"} {
		decode(t, do(t, "GET", ts.URL+p, nil), 200, nil)
	}
}

func TestRequestID(t *testing.T) {
	_, ts := start(t, Options{})
	resp := do(t, "GET", ts.URL+"/healthz", map[string]string{"X-Request-ID": "abc-123"})
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-ID"); got != "abc-123" {
		t.Errorf("X-Request-ID %q, want the client's", got)
	}
	resp = do(t, "GET", ts.URL+"/healthz", map[string]string{"X-Request-ID": "bad id\twith spaces"})
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-ID"); len(got) != 24 {
		t.Errorf("X-Request-ID %q, want a new one", got)
	}
}

// TestOpenAPI: the document is valid JSON, OpenAPI 3.1, and lists every
// route the server serves, and nothing else.
func TestOpenAPI(t *testing.T) {
	_, ts := start(t, Options{})
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	decode(t, do(t, "GET", ts.URL+"/v1/openapi.json", nil), 200, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for m := range ops {
			if m != "parameters" {
				documented[strings.ToUpper(m)+" "+path] = true
			}
		}
	}
	served := map[string]bool{}
	for _, rt := range routes {
		served[strings.Replace(rt.pattern, "{$}", "", 1)] = true
	}
	for r := range served {
		if !documented[r] {
			t.Errorf("%s is served but not in openapi.json", r)
		}
	}
	for r := range documented {
		if !served[r] {
			t.Errorf("%s is in openapi.json but not served", r)
		}
	}
	// Every problem type is in the document's enum.
	for typ := range problemInfo {
		if !bytes.Contains(openapiJSON, []byte(`"`+string(typ)+`"`)) {
			t.Errorf("problem type %s is not in openapi.json", typ)
		}
	}
}

func TestOperations(t *testing.T) {
	s, ts := start(t, Options{Version: "test"})
	var h map[string]string
	decode(t, do(t, "GET", ts.URL+"/healthz", nil), 200, &h)
	if h["status"] != "ok" || h["version"] != "test" {
		t.Errorf("healthz %v", h)
	}
	decode(t, do(t, "GET", ts.URL+"/readyz", nil), 200, nil)
	decode(t, post(t, ts.URL+"/v1/verify", nil, nil, fixture(t, "signature", cmsDir+"/tampered.xml.sig"), fixture(t, "document", cmsDir+"/tampered.xml")), 200, nil)
	resp := do(t, "GET", ts.URL+"/metrics", nil)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`gostverify_verdicts_total{endpoint="verify",status="invalid"} 1`,
		`gostverify_http_requests_total{code="200",route="POST /v1/verify"} 1`,
		`gostverify_http_request_duration_seconds_count{route="POST /v1/verify"} 1`,
		"go_goroutines ", "process_open_fds ",
	} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("/metrics has no %q", want)
		}
	}
	s.SetReady(false)
	decode(t, do(t, "GET", ts.URL+"/readyz", nil), 503, nil)
}
