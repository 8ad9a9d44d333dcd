package ocspclient

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
)

// TestClassValues: the class values appear in JSON reports and must not
// change.
func TestClassValues(t *testing.T) {
	ocsp := map[Class]string{
		NotOCSP: "not_ocsp", MalformedRequest: "malformed_request", InternalError: "internal_error",
		TryLater: "try_later", SigRequired: "sig_required", Unauthorized: "unauthorized",
		BadSignature: "bad_signature", UnauthorizedResponder: "unauthorized_responder",
		WrongCertificate: "wrong_certificate", ConflictingAnswers: "conflicting_answers", Stale: "stale", NotYetValid: "not_yet_valid",
		NonceMismatch: "nonce_mismatch", NonceMissing: "nonce_missing", BadInput: "bad_input",
	}
	for c, want := range ocsp {
		if string(c) != want {
			t.Errorf("OCSP class %q, want %q", c, want)
		}
	}
	crl := map[CRLClass]string{
		NotCRL: "not_crl", CRLWrongIssuer: "crl_wrong_issuer", CRLSignNotAllowed: "crl_sign_not_allowed",
		NoCRLURL: "no_crl_url", CRLUnsupported: "crl_unsupported", CRLOutOfScope: "crl_out_of_scope",
		CRLBadSignature: "bad_signature", CRLStale: "stale", CRLNotYetValid: "not_yet_valid", CRLBadInput: "bad_input",
	}
	for c, want := range crl {
		if string(c) != want {
			t.Errorf("CRL class %q, want %q", c, want)
		}
	}
}

// TestExplanations: OCSP failures are explained as OCSP failures, CRL
// failures as CRL failures, even where the class values are the same.
func TestExplanations(t *testing.T) {
	for _, c := range []Class{NotOCSP, MalformedRequest, InternalError, TryLater, SigRequired, Unauthorized,
		BadSignature, UnauthorizedResponder, WrongCertificate, ConflictingAnswers, Stale, NotYetValid, NonceMismatch,
		NonceMissing, BadInput} {
		if e := c.Explain(); e == "" || e == string(c) || strings.Contains(e, "CRL") {
			t.Errorf("OCSP class %s explained as %q", c, e)
		}
	}
	for _, c := range []CRLClass{NotCRL, CRLWrongIssuer, CRLSignNotAllowed, NoCRLURL, CRLUnsupported, CRLOutOfScope,
		CRLBadSignature, CRLStale, CRLNotYetValid, CRLBadInput} {
		if e := c.Explain(); e == "" || e == string(c) {
			t.Errorf("CRL class %s explained as %q", c, e)
		}
	}
	for _, c := range []CRLClass{CRLBadSignature, CRLStale, CRLNotYetValid, CRLBadInput} {
		if c.Explain() == Class(c).Explain() {
			t.Errorf("class %s: the CRL and OCSP explanations are the same: %q", c, c.Explain())
		}
	}
	// Transport classes are the fetch package's, for both.
	if Class(fetch.Timeout).Explain() != fetch.Timeout.Explain() || CRLClass(fetch.Timeout).Explain() != fetch.Timeout.Explain() {
		t.Errorf("transport class not explained by package fetch")
	}
}

// TestCRLErrorCause: a CRL check that cannot fetch returns a *CRLError
// whose cause is the *fetch.Error, and no OCSP *Error.
func TestCRLErrorCause(t *testing.T) {
	ca := newTestCA(t)
	cert := ca.leaf(t, big.NewInt(42), false, "http://127.0.0.1:1/a.crl", "http://127.0.0.1:1/b.crl")
	c := &CRLChecker{HTTP: &fetch.Client{Offline: true}, Now: func() time.Time { return ca.now }}
	res, err := c.Check(context.Background(), cert, ca.cert, time.Time{})
	ce := wantCRLClass(t, err, CRLClass(fetch.Offline))
	var fe *fetch.Error
	if !errors.As(err, &fe) || fe.Class != fetch.Offline {
		t.Errorf("cause %v, want a *fetch.Error of class offline", err)
	}
	if ce.Explain() != fe.Explain() {
		t.Errorf("explained as %q, want the fetch package's %q", ce.Explain(), fe.Explain())
	}
	if len(ce.Previous) != 1 || !isCRLClass(ce.Previous[0], CRLClass(fetch.Offline)) {
		t.Errorf("earlier failures %v, want the first URL's", ce.Previous)
	}
	if len(res.Attempts) != 2 || res.Attempts[1].Class != string(fetch.Offline) {
		t.Errorf("attempts %+v", res.Attempts)
	}
}
