package ocspclient

import (
	"crypto/sha256"
	"crypto/x509"
	"strings"

	"github.com/gostverify/gostverify/internal/once"
)

// Memo shares answers between the checks of one run — a batch of
// documents signed by a few certificates — so that each certificate's
// OCSP status is asked once, each CRL is fetched and verified once, and
// each certificate is looked up in it once, however many documents and
// goroutines ask. An answer is shared only between checks for the same
// validation time; a CRL is fetched once whatever the times it is judged
// for. Set the same Memo on a Client and a CRLChecker. It keeps every
// outcome (failures included) for its lifetime: make one per run, not one
// per process. Safe for concurrent use; the zero value is ready.
type Memo struct {
	calls once.Map[string, memoResult]
}

type memoResult struct {
	val any
	err error
}

// do returns the outcome of f for key, calling f only if no goroutine has
// yet; the others wait for it. A nil Memo calls f every time.
func (m *Memo) do(key string, f func() (any, error)) (any, error) {
	if m == nil {
		return f()
	}
	r := m.calls.Do(key, func() memoResult {
		v, err := f()
		return memoResult{v, err}
	})
	return r.val, r.err
}

// memoKey joins the parts of a key; parts are hashed where they are long.
func memoKey(kind string, issuer *x509.Certificate, parts ...string) string {
	spki := sha256.Sum256(issuer.RawSubjectPublicKeyInfo)
	return kind + "\x00" + string(spki[:]) + "\x00" + string(issuer.RawSubject) + "\x00" + strings.Join(parts, "\x00")
}
