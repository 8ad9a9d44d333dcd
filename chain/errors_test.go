package chain

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// linkReason is the reason of the *LinkError in err, 0 for none.
func linkReason(err error) LinkReason {
	var le *LinkError
	if errors.As(err, &le) {
		return le.Reason
	}
	return 0
}

// TestErrorTexts: the typed errors say what the untyped ones said, word
// for word: reports, scripts and the English reasons quote them.
func TestErrorTexts(t *testing.T) {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("MSK", 3*3600))
	sigErr := errors.New("gost: signature does not verify")
	ca := &x509.Certificate{Subject: pkix.Name{CommonName: "Test CA"}}
	leaf := &x509.Certificate{Subject: pkix.Name{CommonName: "Signer"}}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&LinkError{Reason: BadSignature, Err: sigErr}, "its key did not sign this certificate: gost: signature does not verify"},
		{&LinkError{Reason: NotYetValid, Time: at}, "not valid before 2025-03-01T09:00:00Z"},
		{&LinkError{Reason: Expired, Time: at}, "expired on 2025-03-01T09:00:00Z"},
		{&LinkError{Reason: UnknownCritical, Extension: "1.2.3.4"}, "it has an unknown critical extension 1.2.3.4"},
		{&LinkError{Reason: NotCA}, "basicConstraints says it is not a CA"},
		{&LinkError{Reason: NoBasicConstraints}, "it has no basicConstraints, so it is not a CA (accepted only as an explicit trust anchor)"},
		{&LinkError{Reason: NoCertSign}, "its key usage does not include keyCertSign"},
		{&LinkError{Reason: PathLenExceeded, MaxPathLen: 0, Depth: 1}, "pathLenConstraint 0 allows fewer CAs below it than this path has (1)"},
		{&LinkError{Reason: LeafKeyUsage}, "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation"},
		{&LinkError{Reason: TooManyChecks}, "too many signature checks: gave up"},
		{&Rejection{Subject: leaf, Candidate: ca, Source: "certs", Err: &LinkError{Reason: NotCA}}, "candidate Test CA (certs): basicConstraints says it is not a CA"},
		{&Error{Reason: Constraints, Cert: leaf, Errs: []error{&Rejection{Candidate: ca, Source: "roots", Err: &LinkError{Reason: NoCertSign}}}},
			"chain: no valid chain to a trust anchor for Signer: candidate Test CA (roots): its key usage does not include keyCertSign"},
		{&Error{Reason: NoPath, Cert: leaf}, "chain: no chain to a trust anchor for Signer"},
		{&FileError{Path: "roots", Reason: NoCertificate}, "chain: roots: no certificate found"},
		{&FileError{Path: "x.txt", Reason: NotCertificateFile, asCert: errors.New("a"), asBundle: errors.New("b")}, "chain: x.txt: no certificate found: not a certificate (a), not a .p7b bundle (b)"},
		{&FileError{Path: "big.pem", Reason: FileTooLarge, Size: 40 << 20, Limit: maxCertificateFile}, "chain: big.pem: 41943040 bytes is too large for a certificate file"},
		{&FileError{Path: "deep", Reason: TooDeep, Limit: maxDirectoryDepth}, "chain: deep: more than 32 directory levels"},
		{&FileError{Path: "b.pem", Reason: BadCertificate, Index: 2, Err: errors.New("x509: malformed certificate")}, "chain: b.pem: certificate 2: x509: malformed certificate"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%#v:\n got %q\nwant %q", tc.err, got, tc.want)
		}
	}
	if err := (&LinkError{Reason: BadSignature, Err: sigErr}); !errors.Is(err, sigErr) {
		t.Error("BadSignature does not wrap the signature check's error")
	}
	if !errors.Is(&Rejection{Candidate: ca, Err: fmt.Errorf("x: %w", sigErr)}, sigErr) {
		t.Error("a Rejection does not wrap its error")
	}
}

// TestFileErrorReasons: LoadCertificates says why a file gives no
// certificate with a FileReason.
func TestFileErrorReasons(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.pem")
	bad := filepath.Join(dir, "bad.pem")
	if err := os.WriteFile(junk, []byte("not a certificate"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		reason FileReason
		index  int
	}{
		{junk, NotCertificateFile, 0},
		{bad, BadCertificate, 1},
	} {
		_, err := LoadCertificates(tc.path)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Reason != tc.reason || fe.Path != tc.path || fe.Index != tc.index {
			t.Errorf("%s: %#v, want reason %d, index %d", tc.path, err, tc.reason, tc.index)
		}
	}
}
