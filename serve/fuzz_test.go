package serve

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// FuzzUpload sends arbitrary multipart bodies to the endpoints that read
// uploads: every answer is a JSON report or problem details, never a
// panic or a 500, and nothing stays in the temporary directory.
func FuzzUpload(f *testing.F) {
	sig, err := os.ReadFile(cmsDir + "/contract.txt.attached_2012_256.sig")
	if err != nil {
		f.Fatal(err)
	}
	body, ctype := multipartBody(f, map[string]string{"lang": "ru"}, file{"signature", "a.sig", sig})
	valid, _ := readAllBytes(body)
	boundary := ctype[len("multipart/form-data; boundary="):]
	f.Add(valid, boundary, uint8(0))
	f.Add([]byte("--"+boundary+"\r\nContent-Disposition: form-data; name=\"signature\"; filename=\"../../etc/passwd\"\r\n\r\nx\r\n--"+boundary+"--\r\n"), boundary, uint8(1))
	f.Add([]byte("--"+boundary+"\r\nContent-Disposition: form-data; name=\"poa\"; filename=\"\x00\"\r\n\r\n<a/>\r\n--"+boundary), boundary, uint8(2))
	f.Add([]byte{}, "x", uint8(3))
	dir := f.TempDir()
	s, err := New(Options{Verify: baseVerify(f), TempDir: dir, Limits: Limits{MaxUpload: 1 << 20}})
	if err != nil {
		f.Fatal(err)
	}
	paths := []string{"/v1/verify", "/v1/show", "/v1/certificate", "/v1/poa"}
	f.Fuzz(func(t *testing.T, data []byte, boundary string, which uint8) {
		req := httptest.NewRequest(http.MethodPost, paths[int(which)%len(paths)], bytes.NewReader(data))
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s: %d\n%s", req.URL.Path, w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" && ct != "application/problem+json" {
			t.Fatalf("%s: Content-Type %q", req.URL.Path, ct)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Fatalf("%s: %d entries left in the temporary directory (answer %d %s)", req.URL.Path, len(ents), w.Code, w.Body)
		}
	})
}

func readAllBytes(r interface{ Read([]byte) (int, error) }) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"act.xml.sig":        "act.xml.sig",
		"../../etc/passwd":   "passwd",
		`C:\Users\a\doc.pdf`: "doc.pdf",
		"..":                 "file",
		".hidden":            "hidden",
		"a\x00b\nc.sig":      "abc.sig",
		"":                   "file",
		"dir/":               "file",
		"документ.xml.sig":   "документ.xml.sig",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}
