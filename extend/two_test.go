package extend

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/extend/extendtest"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

// twoPeers starts peers of their own for two.sig: the PKI of pki/ with
// two/ over it (signer2's certificate, and the CA's index with its entry, so
// that the OCSP responder answers good for it, not unknown). The test may
// stop them before t ends; Cleanup stops them anyway.
func twoPeers(t *testing.T) *extendtest.Servers {
	t.Helper()
	gostengine.Require(t)
	dir := t.TempDir()
	for _, from := range []string{pkiDir, filepath.Join(fixtures, "two")} {
		entries, err := os.ReadDir(from)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(from, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv, err := extendtest.Start(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// signedParts is what of a SignerInfo its signature covers or depends on:
// everything but the unsigned attributes.
type signedParts struct {
	Version                    int
	Issuer, SKI                []byte
	Serial                     string
	DigestAlg, SigAlg          string
	RawSignedAttrs, Signature  []byte
	DigestParams, SigAlgParams []byte
}

func signed(t *testing.T, data []byte) (*cms.SignedData, []signedParts) {
	t.Helper()
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var parts []signedParts
	for _, si := range sd.Signers {
		p := signedParts{Version: si.Version, SKI: si.SubjectKeyID, RawSignedAttrs: si.RawSignedAttrs, Signature: si.Signature,
			DigestAlg: si.DigestAlgorithm.Algorithm.String(), DigestParams: si.DigestAlgorithm.Parameters.FullBytes,
			SigAlg: si.SignatureAlgorithm.Algorithm.String(), SigAlgParams: si.SignatureAlgorithm.Parameters.FullBytes}
		if ias := si.IssuerAndSerial; ias != nil {
			p.Issuer, p.Serial = ias.RawIssuer, ias.Serial.String()
		}
		parts = append(parts, p)
	}
	return sd, parts
}

// sameSignedData: the two files have the same signers' signed parts and the
// same SignedData around them (content, digest algorithms, certificates).
func sameSignedData(t *testing.T, before, after []byte) *cms.SignedData {
	t.Helper()
	b, bp := signed(t, before)
	a, ap := signed(t, after)
	if len(bp) != 2 || len(ap) != 2 {
		t.Fatalf("%d signers before, %d after; want 2", len(bp), len(ap))
	}
	for i := range bp {
		if !reflect.DeepEqual(bp[i], ap[i]) {
			t.Errorf("signer %d: the signed parts changed", i+1)
		}
	}
	if !reflect.DeepEqual(b.DigestAlgorithms, a.DigestAlgorithms) || !b.ContentType.Equal(a.ContentType) ||
		!bytes.Equal(b.Content, a.Content) || len(b.Certificates) != len(a.Certificates) || a.Encoding != b.Encoding {
		t.Error("the SignedData around the signers changed")
	}
	for i := range b.Certificates {
		if i < len(a.Certificates) && !bytes.Equal(b.Certificates[i].Raw, a.Certificates[i].Raw) {
			t.Errorf("certificate %d changed", i)
		}
	}
	return a
}

// TestExtendTwoSignersXL1: both signers of two.sig go from BES to X Long
// Type 1, each with its own tokens and its own certificate's status; the
// result verifies offline after both certificates expired, with the peers
// stopped.
func TestExtendTwoSignersXL1(t *testing.T) {
	srv := twoPeers(t)
	in := input(t, "two.sig")
	orig := bytes.Clone(in.Data)
	// The fixture as committed: two valid BES signers.
	rep, err := extender(t, srv, LevelXL1, extendtest.Good).opts.Verifier.Verify(context.Background(),
		verify.Input{Name: in.Name, Data: in.Data, Document: in.Document})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != verify.Valid || len(rep.Signatures) != 2 {
		t.Fatalf("two.sig: %s, %d signatures", rep.Status, len(rep.Signatures))
	}

	// The document is read once, by the first verification: the four
	// after it take its digests.
	counted, opens := *in.Document, 0
	counted.Open = func() (io.ReadCloser, error) { opens++; return in.Document.Open() }
	res, err := extender(t, srv, LevelXL1, extendtest.Good).Extend(context.Background(), Input{Name: in.Name, Data: in.Data, Document: &counted})
	if err != nil {
		t.Fatal(err)
	}
	if opens != 1 {
		t.Errorf("the document was opened %d times, want 1", opens)
	}
	if !bytes.Equal(in.Data, orig) {
		t.Fatal("the input bytes changed")
	}
	if len(res.Signers) != 2 {
		t.Fatalf("%d signers in the result, want 2", len(res.Signers))
	}
	subjects := map[string]bool{}
	for i, s := range res.Signers {
		if s.Position != []string{"1", "2"}[i] || s.Before != string(cms.LevelBES) || s.After != string(cms.LevelXL1) ||
			len(s.Timestamps) != 2 || s.Timestamps[0].Kind != verify.KindSignature || s.Timestamps[1].Kind != verify.KindCAdESC {
			t.Errorf("signer %d: %+v", i+1, s)
		}
		// Each signer's own certificate is in its values, its status by OCSP.
		var own string
		for _, c := range s.Certificates {
			if c.Role == "signer" {
				own = c.Subject
			}
		}
		byOCSP := false
		for _, r := range s.Revocation {
			byOCSP = byOCSP || (r.For == own && r.Method == "ocsp" && r.Status == "good")
		}
		if own == "" || !byOCSP {
			t.Errorf("signer %d: its certificate %q or its OCSP status is missing: %+v", i+1, own, s.Revocation)
		}
		subjects[own] = true
	}
	if len(subjects) != 2 {
		t.Errorf("the signers' certificates are not two: %v", subjects)
	}
	t.Log(res.Encoding)

	after := sameSignedData(t, orig, res.Data)
	for i, si := range after.Signers {
		lt := si.LongTerm()
		if lt.Level != cms.LevelXL1 || len(lt.SignatureTimeStamps) != 1 || len(lt.ESCTimeStamps) != 1 {
			t.Errorf("signer %d: %s, %d signature and %d CAdES-C timestamps", i+1, lt.Level, len(lt.SignatureTimeStamps), len(lt.ESCTimeStamps))
		}
	}
	opensslChecks(t, srv, in, res.Data)

	// Offline, after expiry, with nothing to ask: the peers are stopped.
	srv.Close()
	rep = offlineAfterExpiry(t, in, res.Data)
	if rep.Status != verify.Valid || len(rep.Signatures) != 2 {
		t.Fatalf("offline after expiry: %s, %d signatures", rep.Status, len(rep.Signatures))
	}
	for _, sig := range rep.Signatures {
		if sig.Status != verify.Valid || sig.Level != string(cms.LevelXL1) || sig.Revocation.Source != "embedded" {
			t.Errorf("signature %s offline after expiry: %s %s, revocation source %q (%s)", sig.Position, sig.Status, sig.Level,
				sig.Revocation.Source, sig.Reason)
		}
	}
}

// TestExtendTwoSignersT: each signer of two.sig gets its own signature
// timestamp, over its own signature value.
func TestExtendTwoSignersT(t *testing.T) {
	srv := twoPeers(t)
	in := input(t, "two.sig")
	res, err := extender(t, srv, LevelT, extendtest.Good).Extend(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Signers) != 2 {
		t.Fatalf("%d signers in the result, want 2", len(res.Signers))
	}
	for i, s := range res.Signers {
		if s.Before != string(cms.LevelBES) || s.After != string(cms.LevelT) || len(s.Timestamps) != 1 || s.Timestamps[0].Kind != verify.KindSignature {
			t.Errorf("signer %d: %+v", i+1, s)
		}
	}
	after := sameSignedData(t, in.Data, res.Data)
	for i, si := range after.Signers {
		sts := si.LongTerm().SignatureTimeStamps
		if len(sts) != 1 {
			t.Fatalf("signer %d: %d signature timestamps", i+1, len(sts))
		}
		tok, err := tsp.Parse(sts[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tok.Verify(si.Signature, tsp.Options{}); err != nil {
			t.Errorf("signer %d: the token is not over its signature: %v", i+1, err)
		}
	}
	if res.Report == nil || res.Report.Status != verify.Valid {
		t.Fatal("the result is not verified valid")
	}
	for _, sig := range res.Report.Signatures {
		if sig.Level != string(cms.LevelT) || sig.BestSignatureTime == nil {
			t.Errorf("signature %s: %s, best-signature-time %v", sig.Position, sig.Level, sig.BestSignatureTime)
		}
	}
	opensslChecks(t, srv, in, res.Data)
}
