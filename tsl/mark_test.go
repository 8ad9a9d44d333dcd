package tsl

import (
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// countVerify counts the calls of VerifySignature while a test runs.
func countVerify(t *testing.T) *int {
	t.Helper()
	n := new(int)
	saved := verifySignature
	verifySignature = func(data []byte) (*Signature, error) {
		*n++
		return saved(data)
	}
	t.Cleanup(func() { verifySignature = saved })
	return n
}

// signerSeen records the certificates VerifySigner was asked about.
type signerSeen struct {
	subjects []string
	err      error
}

func (s *signerSeen) check(signer *x509.Certificate, others []*x509.Certificate) error {
	s.subjects = append(s.subjects, subjectName(signer))
	return s.err
}

// TestStoreVerifiedMark: a list stored after Read verified it has a mark
// of its bytes, its signer, the anchors and the time; ReadMarked takes the
// list on the mark without checking the XMLDSig again, still asking
// VerifySigner about the signer, and fills List.Signature from it.
func TestStoreVerifiedMark(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tsl")
	v1 := readFile(t, "testdata/list_v1.xml")
	anchors := AnchorsDigest([]*x509.Certificate{loadCert(t, "testdata/pki/signer.pem")})
	at := date("2026-12-02T10:00:00Z")

	l, err := Read(v1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMark(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no mark yet: %v", err)
	}
	if _, err := StoreVerified(dir, v1, l, anchors, at); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMark(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.ListSHA256 != sha256.Sum256(v1) || m.AnchorsSHA256 != anchors || !m.Verified.Equal(at) ||
		!m.Signer.Equal(l.Signature.Certificate) || m.Method != l.Signature.Method || m.DigestMethod != l.Signature.DigestMethod {
		t.Fatalf("mark %+v", m)
	}

	calls := countVerify(t)
	var seen signerSeen
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, taken, err := ReadMarked(c.Data, m, anchors, Options{VerifySigner: seen.check})
	if err != nil || !taken || *calls != 0 {
		t.Fatalf("taken %v, %d signature checks, %v", taken, *calls, err)
	}
	if got.Signature == nil || got.SignatureErr != nil || got.Signature.Subject != l.Signature.Subject ||
		!got.Signature.Certificate.Equal(l.Signature.Certificate) || got.Version != 1001 || len(got.CAs) != len(l.CAs) {
		t.Fatalf("signature %+v, error %v, version %d, %d CAs", got.Signature, got.SignatureErr, got.Version, len(got.CAs))
	}
	if len(seen.subjects) != 1 || seen.subjects[0] != l.Signature.Subject {
		t.Fatalf("VerifySigner asked about %q", seen.subjects)
	}

	// The signer refused now (expired, anchors gone): refused as Read
	// refuses it, without the XMLDSig checked.
	seen = signerSeen{err: errors.New("no path")}
	_, taken, err = ReadMarked(c.Data, m, anchors, Options{VerifySigner: seen.check})
	wantSignatureReason(t, err, SignerRejected)
	if !taken || *calls != 0 {
		t.Fatalf("taken %v, %d signature checks", taken, *calls)
	}
}

// TestReadMarkedRechecks: a mark of other bytes or other anchors is not
// taken, and the list is checked as Read checks it; a stored list changed
// after its mark was written is refused.
func TestReadMarkedRechecks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tsl")
	v1, changed := readFile(t, "testdata/list_v1.xml"), readFile(t, "testdata/list_changed.xml")
	anchors := AnchorsDigest([]*x509.Certificate{loadCert(t, "testdata/pki/signer.pem")})
	other := AnchorsDigest([]*x509.Certificate{loadCert(t, "testdata/pki/cades_root_reissued.pem")})
	l, err := Read(v1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StoreVerified(dir, v1, l, anchors, time.Now()); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMark(dir)
	if err != nil {
		t.Fatal(err)
	}
	calls := countVerify(t)

	// Other anchors: checked again.
	if _, taken, err := ReadMarked(v1, m, other, Options{}); err != nil || taken || *calls != 1 {
		t.Fatalf("other anchors: taken %v, %d signature checks, %v", taken, *calls, err)
	}
	// No mark: checked.
	if _, taken, err := ReadMarked(v1, nil, anchors, Options{}); err != nil || taken || *calls != 2 {
		t.Fatalf("no mark: taken %v, %d signature checks, %v", taken, *calls, err)
	}
	// The stored list changed under its mark: checked, and refused.
	if err := os.WriteFile(filepath.Join(dir, File), changed, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, taken, err := ReadMarked(c.Data, m, anchors, Options{})
	wantSignatureReason(t, err, DigestMismatch)
	if taken || *calls != 3 {
		t.Fatalf("changed list: taken %v, %d signature checks", taken, *calls)
	}
	// Accepted anyway with the override, the failure recorded, no mark
	// taken.
	got, taken, err := ReadMarked(c.Data, m, anchors, Options{AcceptUnsignedList: true})
	if err != nil || taken || got.Signature != nil || got.SignatureErr == nil {
		t.Fatalf("taken %v, signature %v, error %v, %v", taken, got.Signature, got.SignatureErr, err)
	}
}

// TestStoreVerifiedNoMark: a list accepted without a valid signature is
// stored without a mark, and the mark of the list it replaces goes; a
// stale edition leaves the stored list and its mark alone.
func TestStoreVerifiedNoMark(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tsl")
	v1, v2 := readFile(t, "testdata/list_v1.xml"), readFile(t, "testdata/list_v2.xml")
	anchors := AnchorsDigest(nil)
	l2, err := Read(v2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StoreVerified(dir, v2, l2, anchors, time.Now()); err != nil {
		t.Fatal(err)
	}
	l1, err := Read(v1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var stale *StaleError
	if _, err := StoreVerified(dir, v1, l1, anchors, time.Now()); !errors.As(err, &stale) {
		t.Fatalf("%v", err)
	}
	if m, err := LoadMark(dir); err != nil || m.ListSHA256 != sha256.Sum256(v2) {
		t.Fatalf("the stored edition's mark: %v", err)
	}

	// The same edition, unsigned, accepted with the override.
	unsigned := []byte(repl("<Версия>1001</Версия>", "<Версия>1002</Версия>", 1)(string(readFile(t, "testdata/list_unsigned.xml"))))
	lu, err := Read(unsigned, Options{AcceptUnsignedList: true})
	if err != nil || lu.SignatureErr == nil {
		t.Fatalf("%v, signature error %v", err, lu.SignatureErr)
	}
	if _, err := StoreVerified(dir, unsigned, lu, anchors, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMark(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a mark beside an unsigned list: %v", err)
	}
}

// TestLoadMarkMalformed: a mark that does not parse is an error, never a
// mark.
func TestLoadMarkMalformed(t *testing.T) {
	for _, body := range []string{
		"",
		"{",
		`{"list_sha256":"00","anchors_sha256":"00","signer":""}`,
		`{"list_sha256":"` + zeros(64) + `","anchors_sha256":"` + zeros(64) + `","signer":"MAA="}`,
		`{"list_sha256":"zz","anchors_sha256":"` + zeros(64) + `"}`,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, MarkFile), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if m, err := LoadMark(dir); err == nil {
			t.Errorf("%q: %+v", body, m)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// TestAnchorsDigest: a set: neither order nor repetition changes it, a
// different certificate does.
func TestAnchorsDigest(t *testing.T) {
	a, b := loadCert(t, "testdata/pki/signer.pem"), loadCert(t, "testdata/pki/cades_root_reissued.pem")
	ab := AnchorsDigest([]*x509.Certificate{a, b})
	if AnchorsDigest([]*x509.Certificate{b, a, b}) != ab {
		t.Error("order or repetition changes the digest")
	}
	if AnchorsDigest([]*x509.Certificate{a}) == ab || AnchorsDigest(nil) == ab {
		t.Error("a different set, the same digest")
	}
}
