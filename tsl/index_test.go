package tsl

import (
	"crypto/x509"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// countParse counts the XML parses while a test runs.
func countParse(t *testing.T) *int {
	t.Helper()
	n := new(int)
	saved := parseList
	parseList = func(data []byte, limits Limits) (*List, error) {
		*n++
		return saved(data, limits)
	}
	t.Cleanup(func() { parseList = saved })
	return n
}

// TestReadStoredIndex: a list stored verified is read back from its index
// with neither the XMLDSig checked nor the XML parsed, and gives the same
// CAs, statuses and answers as the parsed list; the signer is still asked
// about, and the mark's time is the signature's CheckedAt.
func TestReadStoredIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tsl")
	v1 := readFile(t, "testdata/list_v1.xml")
	anchors := AnchorsDigest([]*x509.Certificate{loadCert(t, "testdata/pki/signer.pem")})
	at := date("2026-12-02T10:00:00Z")
	l, err := Read(v1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StoreVerified(dir, v1, l, anchors, at); err != nil {
		t.Fatal(err)
	}
	verifies, parses := countVerify(t), countParse(t)
	var seen signerSeen
	got, how, err := ReadStored(dir, anchors, Options{VerifySigner: seen.check})
	if err != nil || how != ReadIndexed || *verifies != 0 || *parses != 0 {
		t.Fatalf("read %v, %d signature checks, %d parses, %v", how, *verifies, *parses, err)
	}
	if len(seen.subjects) != 1 || got.Signature == nil || !got.Signature.CheckedAt.Equal(at) ||
		!got.Signature.Certificate.Equal(l.Signature.Certificate) {
		t.Fatalf("signer asked %q, signature %+v", seen.subjects, got.Signature)
	}
	if got.Version != l.Version || !got.Date.Equal(l.Date) {
		t.Fatalf("header %+v, want %+v", got.Header, l.Header)
	}
	if len(got.CAs) != len(l.CAs) {
		t.Fatalf("%d CAs, want %d", len(got.CAs), len(l.CAs))
	}
	for i := range l.CAs {
		a, b := *l.CAs[i], *got.CAs[i]
		if !sameCA(&a, &b) {
			t.Errorf("CA %d differs:\n%+v\n%+v", i, a, b)
		}
	}
	// The same answers for every listed key certificate at several times.
	for _, ca := range l.CAs {
		for _, c := range ca.Complexes {
			for _, k := range c.Keys {
				for _, kc := range k.Certificates {
					cert, err := x509.ParseCertificate(kc.Raw)
					if err != nil {
						continue
					}
					for _, when := range []string{"2019-01-01T00:00:00Z", "2022-06-01T00:00:00Z", "2026-12-01T00:00:00Z"} {
						q := Query{At: date(when), Issued: date(when)}
						if a, b := l.Check(cert, q), got.Check(cert, q); a.Reason != b.Reason {
							t.Errorf("%s at %s: %v from the list, %v from the index", ca.Name, when, a.Reason, b.Reason)
						}
					}
				}
			}
		}
	}

	// The signer refused now: refused, as from the XML.
	seen = signerSeen{err: errors.New("no path")}
	_, _, err = ReadStored(dir, anchors, Options{VerifySigner: seen.check})
	wantSignatureReason(t, err, SignerRejected)
}

// sameCA compares two CAs field by field, times by instant.
func sameCA(a, b *CA) bool {
	a.timeline, b.timeline = nil, nil
	norm := func(es []StatusEntry) []StatusEntry {
		out := make([]StatusEntry, len(es))
		for i, e := range es {
			e.From = e.From.UTC()
			out[i] = e
		}
		return out
	}
	a.History, b.History = norm(a.History), norm(b.History)
	a.Status.From, b.Status.From = a.Status.From.UTC(), b.Status.From.UTC()
	for _, cs := range [][]*Complex{a.Complexes, b.Complexes} {
		for _, c := range cs {
			for _, k := range c.Keys {
				for _, kc := range k.Certificates {
					kc.NotBefore, kc.NotAfter = kc.NotBefore.UTC(), kc.NotAfter.UTC()
				}
			}
		}
	}
	return reflect.DeepEqual(a, b)
}

// TestReadStoredFallsBack: an index that is missing, changed, of another
// edition or not named by the mark is never used: the list is parsed (on
// the mark when it still matches), and a list changed under its mark is
// checked and refused as Read refuses it.
func TestReadStoredFallsBack(t *testing.T) {
	v1, v2 := readFile(t, "testdata/list_v1.xml"), readFile(t, "testdata/list_v2.xml")
	changed := readFile(t, "testdata/list_changed.xml")
	anchors := AnchorsDigest([]*x509.Certificate{loadCert(t, "testdata/pki/signer.pem")})
	store := func(t *testing.T, data []byte) string {
		dir := filepath.Join(t.TempDir(), "tsl")
		l, err := Read(data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := StoreVerified(dir, data, l, anchors, time.Now()); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, dir string)
		want  StoredRead
	}{
		{"index removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, IndexFile)) }, ReadMarkedParsed},
		{"index changed", func(t *testing.T, dir string) {
			name := filepath.Join(dir, IndexFile)
			b, _ := os.ReadFile(name)
			b[len(b)/2] ^= 1
			os.WriteFile(name, b, 0o644)
		}, ReadMarkedParsed},
		{"another edition's index", func(t *testing.T, dir string) {
			other := store(t, v2)
			b, _ := os.ReadFile(filepath.Join(other, IndexFile))
			os.WriteFile(filepath.Join(dir, IndexFile), b, 0o644)
		}, ReadMarkedParsed},
		{"other anchors", nil, ReadChecked},
		{"no mark", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, MarkFile)) }, ReadChecked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := store(t, v1)
			if tc.spoil != nil {
				tc.spoil(t, dir)
			}
			a := anchors
			if tc.spoil == nil {
				a = AnchorsDigest([]*x509.Certificate{loadCert(t, "testdata/pki/cades_root_reissued.pem")})
			}
			parses := countParse(t)
			l, how, err := ReadStored(dir, a, Options{})
			if err != nil || how != tc.want || *parses != 1 || l.Version != 1001 {
				t.Fatalf("read %v, %d parses, %v", how, *parses, err)
			}
		})
	}
	t.Run("list changed under its mark", func(t *testing.T) {
		dir := store(t, v1)
		if err := os.WriteFile(filepath.Join(dir, File), changed, 0o644); err != nil {
			t.Fatal(err)
		}
		_, how, err := ReadStored(dir, anchors, Options{})
		wantSignatureReason(t, err, DigestMismatch)
		if how != ReadChecked {
			t.Fatalf("read %v", how)
		}
	})
	t.Run("nothing stored", func(t *testing.T) {
		if _, _, err := ReadStored(t.TempDir(), anchors, Options{}); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("unsigned list: no index", func(t *testing.T) {
		dir := store(t, v1)
		unsigned := []byte(repl("<Версия>1001</Версия>", "<Версия>1002</Версия>", 1)(string(readFile(t, "testdata/list_unsigned.xml"))))
		lu, err := Read(unsigned, Options{AcceptUnsignedList: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := StoreVerified(dir, unsigned, lu, anchors, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, IndexFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("an index beside an unsigned list: %v", err)
		}
	})
}
