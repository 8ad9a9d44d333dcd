package cms

import (
	"bytes"
	"os"
	"testing"

	"github.com/gostverify/gostverify/gost"
)

// TestVerifyWithDigests: digests the caller computed stand for the
// content, which is then not needed; a wrong one is a digest mismatch, and
// a missing algorithm still reads the content.
func TestVerifyWithDigests(t *testing.T) {
	sig, err := os.ReadFile("../testdata/cms/invoice.xml.sig")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../testdata/cms/invoice.xml")
	if err != nil {
		t.Fatal(err)
	}
	sd, err := Parse(sig)
	if err != nil {
		t.Fatal(err)
	}
	h := gost.Streebog256.New()
	h.Write(doc)
	right := h.Sum(nil)
	wrong := append([]byte{}, right...)
	wrong[0] ^= 1
	for _, c := range []struct {
		name    string
		content []byte
		digests map[gost.Hash][]byte
		ok      bool
	}{
		{"right digest, no content", nil, map[gost.Hash][]byte{gost.Streebog256: right}, true},
		{"wrong digest, the right content unread", doc, map[gost.Hash][]byte{gost.Streebog256: wrong}, false},
		{"another algorithm only: the content is read", doc, map[gost.Hash][]byte{gost.Streebog512: wrong}, true},
	} {
		var content *bytes.Reader
		if c.content != nil {
			content = bytes.NewReader(c.content)
		}
		var res []*SignerResult
		if content != nil {
			res, err = sd.Verify(content, Options{Digests: c.digests})
		} else {
			res, err = sd.Verify(nil, Options{Digests: c.digests})
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if ok := res[0].Err == nil; ok != c.ok {
			t.Errorf("%s: signer error %v, want ok %v", c.name, res[0].Err, c.ok)
		}
		if content != nil && c.ok == (content.Len() == len(c.content)) {
			t.Errorf("%s: content read %v, want %v", c.name, content.Len() < len(c.content), c.ok)
		}
	}
	if _, err := sd.Verify(nil, Options{Digests: map[gost.Hash][]byte{gost.Streebog512: right}}); err == nil {
		t.Error("a detached signature without its content or its digest verified")
	}
}
