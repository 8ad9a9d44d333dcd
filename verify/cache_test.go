package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCache: signatures verified by one Verifier (sharing its caches)
// give the reports they give alone, in any
// order, and a report changed by its reader does not change the next.
func TestCache(t *testing.T) {
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	cases := []struct{ sig, doc string }{
		{"invoice.xml.sig", "invoice.xml"},
		{"invoice.xml.two_signers.sig", "invoice.xml"},
		{"invoice.xml.countersigned.sig", "invoice.xml"},
		{"invoice.xml.swapped_twin.sig", "invoice.xml"},
		{"invoice.xml.selfsigned.sig", "invoice.xml"},
		{"tampered.xml.sig", "tampered.xml"},
		{"report.txt.sgn", "report.txt"},
		{"invoice.xml.sig", "invoice.xml"},
	}
	at := time.Now()
	opts := Options{Roots: roots, Certificates: sub, Time: at, RevocationOff: true}
	shared := New(opts)
	for round := range 2 {
		for _, c := range cases {
			data, err := os.ReadFile(filepath.Join("../testdata/cms", c.sig))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := os.ReadFile(filepath.Join("../testdata/cms", c.doc))
			if err != nil {
				t.Fatal(err)
			}
			alone, err := File(c.sig, data, c.doc, bytes.NewReader(doc), opts)
			if err != nil {
				t.Fatal(err)
			}
			sd, err := shared.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			cached, err := shared.Verify(context.Background(), Input{Name: c.sig, Signed: sd, Document: bytesDocument(c.doc, doc)})
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(alone)
			b, _ := json.Marshal(cached)
			if !bytes.Equal(a, b) {
				t.Errorf("round %d, %s: with the cache\n%s\nalone\n%s", round, c.sig, b, a)
			}
			// A reader scribbling on the report must not reach the cache.
			for i := range cached.Signatures {
				if s := cached.Signatures[i].Signer; s != nil {
					s.INN = "scribbled"
				}
				for j := range cached.Signatures[i].Chain {
					cached.Signatures[i].Chain[j].Subject = "scribbled"
				}
			}
		}
	}
}
