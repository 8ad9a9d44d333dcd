package verify

import (
	"context"
	"crypto/x509"
	"errors"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/ocspclient"
)

// Revocation is the signer certificate's revocation status.
type Revocation struct {
	// Status is good, revoked, unknown, unavailable or not_checked.
	Status string `json:"status"`
	// Source is where the status came from: ocsp, crl, cache (a CRL kept
	// from an earlier run), signature (a CRL in the SignedData) or
	// embedded (CAdES revocation-values).
	Source           string              `json:"source,omitempty"`
	URL              string              `json:"url,omitempty"`
	ThisUpdate       *time.Time          `json:"this_update,omitempty"`
	NextUpdate       *time.Time          `json:"next_update,omitempty"`
	RevocationTime   *time.Time          `json:"revocation_time,omitempty"`
	RevocationReason string              `json:"revocation_reason,omitempty"`
	Reason           string              `json:"reason,omitempty"` // a note in plain words
	Attempts         []RevocationAttempt `json:"attempts,omitempty"`

	note i18n.Text // Reason, to be printed in a language
}

// RevocationAttempt is one request to a responder.
type RevocationAttempt struct {
	Method     string `json:"method"`
	URL        string `json:"url"`
	HTTPStatus int    `json:"http_status"`
	ElapsedMS  int64  `json:"elapsed_ms"`
	Hash       string `json:"certid_hash,omitempty"`
	Class      string `json:"error_class,omitempty"`
	Error      string `json:"error,omitempty"`
}

// crlReasons names RFC 5280 CRLReason codes.
var crlReasons = map[int]string{
	0: "unspecified", 1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged", 4: "superseded",
	5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL", 9: "privilegeWithdrawn", 10: "aACompromise",
}

// status is one revocation answer, from any source.
type status struct {
	source, url            string
	good                   bool
	thisUpdate, nextUpdate time.Time
	revokedAt              time.Time
	reason                 int
}

// A revocationSource answers for one certificate: a status, or nil with
// the failures met (none when it had nothing to say).
type revocationSource func(ctx context.Context, rev *Revocation, cert, issuer *x509.Certificate, at time.Time) (*status, []error)

// revocationSources are the sources asked about cert, in order: its OCSP
// responders (urls), the CRLs carried in the signature, then the CRLs of
// its distribution points (fetched or from the disk cache), each only when
// the run's policy selects its method. Revocation data embedded in CAdES
// attributes joins here as one more source.
func (j *job) revocationSources(e *embedded, urls []string, withCRL bool) []revocationSource {
	var srcs []revocationSource
	if e != nil && len(e.ocsp)+len(e.crls) > 0 {
		srcs = append(srcs, j.embeddedSource(e))
	}
	if ocsp := j.v.ocsp; ocsp != nil {
		for _, url := range urls {
			srcs = append(srcs, func(ctx context.Context, rev *Revocation, cert, issuer *x509.Certificate, at time.Time) (*status, []error) {
				res, err := ocsp.Check(ctx, cert, issuer, url, at)
				if res != nil {
					addAttempts(rev, res.Attempts)
				}
				switch {
				case err != nil:
					return nil, []error{err}
				case res.Status == ocspclient.Unknown:
					rev.Status = "unknown"
					return nil, []error{&unknownStatusError{url}}
				}
				return &status{source: "ocsp", url: url, good: res.Status == ocspclient.Good, thisUpdate: res.ThisUpdate,
					nextUpdate: res.NextUpdate, revokedAt: res.RevokedAt, reason: res.RevocationReason}, nil
			})
		}
	}
	if crl := j.v.crl; crl != nil && withCRL {
		// CRLs carried in the signature may be another issuer's: one that
		// does not fit is skipped.
		srcs = append(srcs, func(_ context.Context, _ *Revocation, cert, issuer *x509.Certificate, at time.Time) (*status, []error) {
			for _, der := range j.crls {
				if res, err := crl.CheckCRL(der, cert, issuer, at); err == nil {
					return crlAnswer("signature", res), nil
				}
			}
			return nil, nil
		}, func(ctx context.Context, rev *Revocation, cert, issuer *x509.Certificate, at time.Time) (*status, []error) {
			res, err := crl.Check(ctx, cert, issuer, at)
			if res != nil {
				addAttempts(rev, res.Attempts)
			}
			if err != nil {
				return nil, []error{err}
			}
			return crlAnswer(res.URL, res), nil
		})
	}
	return srcs
}

// embeddedSource answers from the revocation values a CAdES-X Long
// signature carries: its BasicOCSPResponses, then its CRLs, each judged at
// the time it was made. A value that answers for cert and does not verify
// is a failure of the X layer, and is not used.
func (j *job) embeddedSource(e *embedded) revocationSource {
	return func(_ context.Context, _ *Revocation, cert, issuer *x509.Certificate, at time.Time) (*status, []error) {
		now := j.v.now()
		responders := append(append([]*x509.Certificate(nil), e.certs...), j.inside...)
		var failures []error
		for _, der := range e.ocsp {
			if !ocspclient.BasicResponseAnswersFor(der, cert.SerialNumber) {
				continue // about another certificate
			}
			res, err := ocspclient.CheckEmbeddedOCSP(der, cert, issuer, at,
				ocspclient.Embedded{Responders: responders, Now: now, Links: &j.v.cache.links, Memo: &j.v.memo})
			if err == nil {
				return &status{source: SourceEmbedded, good: res.Status == ocspclient.Good, thisUpdate: res.ThisUpdate,
					nextUpdate: res.NextUpdate, revokedAt: res.RevokedAt, reason: res.RevocationReason}, nil
			}
			var oe *ocspclient.Error
			if errors.As(err, &oe) && oe.Class == ocspclient.WrongCertificate {
				continue // about another certificate
			}
			failures = append(failures, err)
		}
		for _, der := range e.crls {
			res, err := (&ocspclient.CRLChecker{Now: j.v.now, Memo: &j.v.memo}).CheckCRL(der, cert, issuer, at)
			if err == nil {
				return &status{source: SourceEmbedded, good: res.Status == ocspclient.Good, thisUpdate: res.ThisUpdate,
					nextUpdate: res.NextUpdate, revokedAt: res.RevokedAt, reason: res.RevocationReason}, nil
			}
			var ce *ocspclient.CRLError
			if errors.As(err, &ce) && (ce.Class == ocspclient.CRLWrongIssuer || ce.Class == ocspclient.CRLOutOfScope) {
				continue // another issuer's
			}
			failures = append(failures, err)
		}
		e.failures = append(e.failures, failures...)
		return nil, failures
	}
}

// ask asks each source in turn, for the time the signer is judged at,
// until one answers; the answer (nil when none did) and every failure.
func (j *job) ask(srcs []revocationSource, rev *Revocation, cert, issuer *x509.Certificate) (*status, []error) {
	return j.askAt(srcs, rev, cert, issuer, j.at)
}

// askAt is ask for the time at.
func (j *job) askAt(srcs []revocationSource, rev *Revocation, cert, issuer *x509.Certificate, at time.Time) (*status, []error) {
	var failures []error
	for _, src := range srcs {
		st, errs := src(j.ctx, rev, cert, issuer, at)
		failures = append(failures, errs...)
		if st != nil {
			fill(rev, st)
			return st, failures
		}
	}
	return nil, failures
}

// checkRevocation finds the revocation status of the signer certificate,
// then of each intermediate CA of path (a chain that reached a trust
// anchor: revocation is never checked on any other). It fills
// s.Revocation, s.Checks.Revocation and the CAs' statuses in s.Chain, and
// returns the sub-indication ("" when every status is good) and its cause.
func (j *job) checkRevocation(s *SignatureReport, path []chain.Link, signingTime *time.Time) (SubIndication, error) {
	leaf, issuer := path[0].Cert, path[1].Cert
	rev := &s.Revocation
	rev.Status = "unavailable"
	if j.v.ocsp == nil && j.v.crl == nil {
		return TryLater, &RevocationError{Certificate: leaf, Status: rev.Status, NoMethod: true}
	}
	urls := leaf.OCSPServer
	if j.v.opts.OCSPURL != "" {
		urls = []string{j.v.opts.OCSPURL}
	}
	st, failures := j.ask(j.revocationSources(j.emb, urls, true), rev, leaf, issuer)
	if st == nil {
		return TryLater, &RevocationError{Certificate: leaf, Status: rev.Status, NoSource: len(failures) == 0, Failures: failures}
	}
	if !st.good {
		cause := &RevocationError{Certificate: leaf, Status: "revoked", RevokedAt: st.revokedAt, ReasonCode: rev.RevocationReason, SigningTime: signingTime}
		switch {
		case signingTime != nil && st.revokedAt.Before(*signingTime):
			s.Checks.Revocation = Failed
			return Revoked, cause
		case !j.proven || !j.at.Before(st.revokedAt):
			s.Checks.Revocation = Failed
			return RevokedNoPOE, cause
		}
		// Revoked after the signature is proven to have existed.
		s.notes = append(s.notes, msgNote(i18n.NoteRevokedAfterProof, day(st.revokedAt), instant(j.at)))
	}
	s.Checks.Revocation = Passed
	return j.checkCARevocation(s, path)
}

// checkCARevocation checks each intermediate CA of a path (not the trust
// anchor) that names an OCSP responder or CRL distribution point the
// selected methods can use, and records each status in s.Chain. A revoked
// CA gives REVOKED_CA_NO_POE, a CA whose status cannot be obtained
// TRY_LATER.
func (j *job) checkCARevocation(s *SignatureReport, path []chain.Link) (SubIndication, error) {
	for i := 1; i < len(path)-1 && i < len(s.Chain); i++ {
		ca, issuer := path[i].Cert, path[i+1].Cert
		useOCSP := j.v.ocsp != nil && len(ca.OCSPServer) > 0
		useCRL := j.v.crl != nil && len(ca.CRLDistributionPoints) > 0
		if !useOCSP && !useCRL {
			if len(ca.OCSPServer)+len(ca.CRLDistributionPoints) > 0 {
				s.warnings = append(s.warnings, msgNote(i18n.WarnCANotChecked, ca.Subject.CommonName))
			}
			continue
		}
		rev := &Revocation{Status: "unavailable"}
		s.Chain[i].Revocation = rev
		var urls []string
		if useOCSP {
			urls = ca.OCSPServer
		}
		st, failures := j.ask(j.revocationSources(j.emb, urls, useCRL), rev, ca, issuer)
		if st == nil {
			return TryLater, &RevocationError{Certificate: ca, CA: true, Status: rev.Status, Failures: failures}
		}
		if !st.good {
			if j.proven && j.at.Before(st.revokedAt) {
				s.notes = append(s.notes, msgNote(i18n.NoteCARevokedAfterProof, printable(ca.Subject.CommonName), day(st.revokedAt), instant(j.at)))
				continue
			}
			return RevokedCANoPOE, &RevocationError{Certificate: ca, CA: true, Status: "revoked", RevokedAt: st.revokedAt, ReasonCode: rev.RevocationReason}
		}
	}
	return "", nil
}

func crlAnswer(url string, res *ocspclient.CRLResult) *status {
	source := "crl"
	if res.FromCache {
		source = "cache"
	}
	return &status{source: source, url: url, good: res.Status == ocspclient.Good, thisUpdate: res.ThisUpdate,
		nextUpdate: res.NextUpdate, revokedAt: res.RevokedAt, reason: res.RevocationReason}
}

func addAttempts(rev *Revocation, attempts []ocspclient.Attempt) {
	for _, a := range attempts {
		rev.Attempts = append(rev.Attempts, RevocationAttempt{Method: a.Method, URL: a.URL, HTTPStatus: a.Status,
			ElapsedMS: a.Elapsed.Milliseconds(), Hash: string(a.Hash), Class: string(a.Class), Error: a.Err})
	}
}

// fill records an answer in rev.
func fill(rev *Revocation, st *status) {
	rev.Source, rev.URL = st.source, st.url
	rev.ThisUpdate = &st.thisUpdate
	if !st.nextUpdate.IsZero() {
		rev.NextUpdate = &st.nextUpdate
	}
	rev.Status = "good"
	if !st.good {
		rev.Status = "revoked"
		rev.RevocationTime = &st.revokedAt
		rev.RevocationReason = crlReasons[st.reason]
	}
}
