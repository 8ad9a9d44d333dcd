package ocspclient

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"

	"github.com/gostverify/gostverify/chain"
)

// Revocation data carried in a signature (the revocation-values attribute
// of CAdES-X Long, RFC 5126 section 6.3.4 and ETSI TS 101 733) is judged
// at the time it was made, not by the real clock: the responder's
// certificate must have been valid when it signed (producedAt), and the
// answer must speak for the validation time by the rule of live answers
// (freshness.go). Nothing here touches the network or the disk cache.
//
// CRLs carried in a signature need no function of their own:
// CRLChecker.CheckCRL never judges the issuer's certificate by the clock
// (only the CRL's thisUpdate, which must not be in the future), so it
// accepts a CRL whose issuing CA has expired since.

// CheckEmbeddedOCSP judges der, a BasicOCSPResponse (not an OCSPResponse:
// revocation-values carries the inner structure) carried in a signature,
// about cert issued by issuer, for the validation time at (zero: now).
// opts.Now is the real clock (zero: time.Now), used only to refuse a
// thisUpdate in its future (allowing DefaultSkewAllowance).
//
// The response must be signed by issuer itself or by a delegated
// responder: a certificate issued and signed by issuer with
// id-kp-OCSPSigning, valid at the response's producedAt (not at now). The
// signer is sought among issuer, the response's own certificates and
// opts.Responders (certificates the signature carries), in that order, by the
// response's responderID: by name, every certificate with that subject is
// tried (one name may have several keys); by key, the SHA-1 of the public
// key BIT STRING contents must match. The response must answer for cert's
// CertID with one status, by any CertID hash the live client knows
// (SHA-1, SHA-256, Streebog-256), and speak for at: its thisUpdate not
// before at, or else at not after its nextUpdate (the rule of
// [Client.Check]). A nonce is neither needed nor checked.
//
// It returns a Result (Attempts empty) for a verified good, revoked or
// unknown answer, and an *Error otherwise, with URL "" and the failures
// of the other candidate signers, if any, in Previous.
func CheckEmbeddedOCSP(der []byte, cert, issuer *x509.Certificate, at time.Time, opts Embedded) (*Result, error) {
	if cert == nil || issuer == nil {
		return nil, embeddedError(BadInput, errors.New("certificate or issuer missing"))
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Memo == nil {
		return checkEmbeddedOCSP(der, cert, issuer, at, opts)
	}
	sum := sha256.Sum256(der)
	certSum := sha256.Sum256(cert.Raw)
	key := memoKey("embedded-ocsp", issuer, string(sum[:]), string(certSum[:]), atKey(at))
	v, err := opts.Memo.do(key, func() (any, error) { return checkEmbeddedOCSP(der, cert, issuer, at, opts) })
	if err != nil {
		return nil, err
	}
	return v.(*Result), nil
}

// Embedded is what CheckEmbeddedOCSP may use besides the response.
type Embedded struct {
	// Responders are certificates the signature carries, where a
	// delegated responder's certificate is sought after the response's own.
	Responders []*x509.Certificate
	// Now is the real clock, for the check that thisUpdate is not in the
	// future; zero means time.Now().
	Now time.Time
	// Links, when set, shares the check of a delegated responder
	// certificate's signature between the responses of a run: one
	// responder signs thousands.
	Links *chain.SignatureCache
	// Memo, when set, shares whole answers between checks of the same
	// response for the same certificate and time (the Result is then
	// shared and must not be modified).
	Memo *Memo
}

func checkEmbeddedOCSP(der []byte, cert, issuer *x509.Certificate, at time.Time, opts Embedded) (*Result, error) {
	now := opts.Now
	// The CertIDs of cert in every hash the response may have used;
	// computed first, so that a certificate without a serial number or
	// an issuer with a malformed key is bad input, whatever the response.
	ids := make([]*certID, len(hashOrder))
	for i, h := range hashOrder {
		id, err := newCertID(h, cert, issuer)
		if err != nil {
			return nil, embeddedError(BadInput, err)
		}
		ids[i] = id
	}
	resp, err := parseBasicResponse(der)
	if err != nil {
		return nil, err
	}

	r := &Result{ProducedAt: resp.producedAt}
	if err := verifyEmbeddedResponder(resp, issuer, opts.Responders, opts.Links, r); err != nil {
		return nil, err
	}

	single, unsupported := (*singleResponse)(nil), 0
	for i := range resp.singles {
		s := &resp.singles[i]
		id := idFor(ids, s.id.hashOID)
		switch {
		case id == nil:
			unsupported++
		case !s.id.equal(id):
		case single == nil:
			single = s
		case s.status != single.status:
			return nil, embeddedError(ConflictingAnswers, fmt.Errorf("the response answers both %s and %s for serial %X", single.status, s.status, cert.SerialNumber))
		}
	}
	if single == nil {
		err := fmt.Errorf("no answer for serial %X among %d in the response", cert.SerialNumber, len(resp.singles))
		if unsupported > 0 {
			err = fmt.Errorf("%w (%d with a CertID hash other than SHA-1, SHA-256 and Streebog-256)", err, unsupported)
		}
		return nil, embeddedError(WrongCertificate, err)
	}

	switch fault, err := checkTimes(single.thisUpdate, single.nextUpdate, orNow(at, now), now, DefaultSkewAllowance); fault {
	case notYetValid:
		return nil, embeddedError(NotYetValid, err)
	case stale:
		return nil, embeddedError(Stale, err)
	}

	r.Status = single.status
	r.ThisUpdate, r.NextUpdate = single.thisUpdate, single.nextUpdate
	r.RevokedAt, r.RevocationReason = single.revokedAt, single.reason
	return r, nil
}

// BasicResponseID returns the ResponderID of der, a BasicOCSPResponse:
// the DER Name (byName) or the key hash (byKey; the other is nil), and its
// producedAt, for matching the OcspIdentifier of a CAdES
// complete-revocation-references attribute (RFC 5126 section 6.2.2) to
// the responses of revocation-values. The slices are copies. The response
// is parsed in full, strictly; its signature is not checked. A response
// that does not parse is an *Error with class NotOCSP.
func BasicResponseID(der []byte) (name, keyHash []byte, producedAt time.Time, err error) {
	resp, err := parseBasicResponse(der)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	return bytes.Clone(resp.byName), bytes.Clone(resp.byKey), resp.producedAt, nil
}

// BasicResponseAnswersFor reports whether a BasicOCSPResponse has an
// answer for a certificate with serial, whatever its CertID hash: a caller
// holding responses for several certificates (CAdES revocation-values)
// asks only the ones about the certificate at hand, so that a broken
// response about another certificate is not counted against it. A
// response that does not parse answers for nothing.
func BasicResponseAnswersFor(der []byte, serial *big.Int) bool {
	resp, err := parseBasicResponse(der)
	if err != nil {
		return false
	}
	for _, sr := range resp.singles {
		if sr.id.serial.Cmp(serial) == 0 {
			return true
		}
	}
	return false
}

// parseBasicResponse parses a BasicOCSPResponse given on its own (RFC 6960
// section 4.2.1), failing with an *Error of class NotOCSP.
func parseBasicResponse(der []byte) (*response, error) {
	resp := &response{status: statusSuccessful}
	if err := resp.parseBasic(cryptobyte.String(der)); err != nil {
		return nil, embeddedError(NotOCSP, err)
	}
	return resp, nil
}

// embeddedError is the *Error of a response carried in a signature.
func embeddedError(class Class, err error) *Error {
	return &Error{Class: class, Err: fmt.Errorf("embedded OCSP response: %w", err)}
}

// idFor returns the CertID among ids (one per hashOrder) with hash oid,
// or nil.
func idFor(ids []*certID, oid asn1.ObjectIdentifier) *certID {
	for _, id := range ids {
		if id.hashOID.Equal(oid) {
			return id
		}
	}
	return nil
}

// verifyEmbeddedResponder finds the certificate that signed resp among
// issuer, resp's certificates and responders: each the responderID
// identifies is tried until one's key verifies the signature over
// tbsResponseData as received and it may sign for issuer (it is issuer,
// or a delegated responder valid at producedAt). It fills r.Responder,
// r.Delegated and r.NoCheck.
func verifyEmbeddedResponder(resp *response, issuer *x509.Certificate, responders []*x509.Certificate, links *chain.SignatureCache, r *Result) error {
	type candidate struct {
		cert *x509.Certificate
		from string
	}
	cands := []candidate{{issuer, "the issuer"}}
	for i, raw := range resp.certs {
		c, err := x509.ParseCertificate(raw)
		if err != nil {
			return embeddedError(NotOCSP, fmt.Errorf("certificate %d in the response: %w", i, err))
		}
		cands = append(cands, candidate{c, fmt.Sprintf("certificate %d of the response", i)})
	}
	for i, c := range responders {
		if c != nil {
			cands = append(cands, candidate{c, fmt.Sprintf("certificate %d of the signature", i)})
		}
	}

	var (
		fails    []error
		decisive = -1 // the failure to report first: a key that signed but may not
		seen     = map[string]bool{}
	)
	for _, c := range cands {
		if seen[string(c.cert.Raw)] || !resp.identifies(c.cert) {
			continue
		}
		seen[string(c.cert.Raw)] = true
		if err := chain.VerifySignature(c.cert, resp.sigAlg, resp.rawTBS, resp.signature); err != nil {
			fails = append(fails, embeddedError(BadSignature, fmt.Errorf("responder %q (%s): %w", c.cert.Subject, c.from, err)))
			continue
		}
		delegated := !bytes.Equal(c.cert.Raw, issuer.Raw)
		if delegated {
			if err := checkDelegated(c.cert, issuer, resp.producedAt, links); err != nil {
				if decisive < 0 {
					decisive = len(fails)
				}
				fails = append(fails, embeddedError(UnauthorizedResponder, fmt.Errorf("%s: %w", c.from, err)))
				continue
			}
		}
		r.Responder, r.Delegated = c.cert, delegated
		r.NoCheck = delegated && hasNoCheck(c.cert)
		return nil
	}
	if len(fails) == 0 {
		return embeddedError(UnauthorizedResponder, fmt.Errorf("responder %s is neither the issuer nor any of the response's %d and the signature's %d certificates",
			resp.responderName(), len(resp.certs), len(responders)))
	}
	if decisive < 0 {
		decisive = len(fails) - 1
	}
	e := fails[decisive].(*Error)
	e.Previous = append(append([]error(nil), fails[:decisive]...), fails[decisive+1:]...)
	return e
}

// responderName describes resp's responderID for a message.
func (resp *response) responderName() string {
	if resp.byName == nil {
		return fmt.Sprintf("with key hash %X", resp.byKey)
	}
	var rdn pkix.RDNSequence
	if _, err := asn1.Unmarshal(resp.byName, &rdn); err != nil {
		return fmt.Sprintf("named %X", resp.byName)
	}
	var name pkix.Name
	name.FillFromRDNSequence(&rdn)
	return fmt.Sprintf("%q", name.String())
}
