package verify

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/ocspclient"
)

// Revocation is the signer certificate's revocation status.
type Revocation struct {
	// Status is good, revoked, unknown, unavailable or not_checked.
	Status string `json:"status"`
	// Source is where the status came from: ocsp, crl, or cache (a CRL
	// kept from an earlier run).
	Source           string              `json:"source,omitempty"`
	URL              string              `json:"url,omitempty"`
	ThisUpdate       *time.Time          `json:"this_update,omitempty"`
	NextUpdate       *time.Time          `json:"next_update,omitempty"`
	RevocationTime   *time.Time          `json:"revocation_time,omitempty"`
	RevocationReason string              `json:"revocation_reason,omitempty"`
	Reason           string              `json:"reason,omitempty"` // a note in plain words
	Attempts         []RevocationAttempt `json:"attempts,omitempty"`
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

// status is one revocation answer, from OCSP or a CRL.
type status struct {
	source, url            string
	good                   bool
	thisUpdate, nextUpdate time.Time
	revokedAt              time.Time
	reason                 int
}

// checkRevocation finds the signer certificate's revocation status: its
// OCSP responders first, then CRLs (those carried in the signature, then
// the certificate's distribution points). It runs only on a chain that
// reached a trust anchor, and returns the sub-indication ("" when the
// status is good) with a reason.
func checkRevocation(s *SignatureReport, leaf, issuer *x509.Certificate, signingTime *time.Time, crls [][]byte, opts Options) (SubIndication, string) {
	rev := &s.Revocation
	rev.Status = "unavailable"
	if opts.OCSP == nil && opts.CRL == nil {
		return TryLater, "the signer certificate's revocation status was not checked: no method was selected (--revocation)"
	}
	var failures []error
	if opts.OCSP != nil {
		urls := leaf.OCSPServer
		if opts.OCSPURL != "" {
			urls = []string{opts.OCSPURL}
		}
		st, errs := ocspStatus(rev, leaf, issuer, urls, opts)
		if st != nil {
			return decide(s, st, signingTime)
		}
		failures = append(failures, errs...)
	}
	if opts.CRL != nil {
		st, errs := crlStatus(rev, leaf, issuer, crls, opts)
		if st != nil {
			return decide(s, st, signingTime)
		}
		failures = append(failures, errs...)
	}
	reason := "no revocation status could be obtained"
	if len(failures) == 0 {
		reason += ": the certificate names no OCSP responder or CRL distribution point"
	}
	for _, err := range failures {
		reason += "; " + err.Error()
	}
	return TryLater, reason
}

// ocspStatus asks each OCSP URL in turn; nil when none answered good or
// revoked.
func ocspStatus(rev *Revocation, leaf, issuer *x509.Certificate, urls []string, opts Options) (*status, []error) {
	var errs []error
	for _, url := range urls {
		res, err := opts.OCSP.Check(opts.context(), leaf, issuer, url, opts.Time)
		if res != nil {
			addAttempts(rev, res.Attempts)
		}
		switch {
		case err != nil:
			errs = append(errs, err)
		case res.Status == ocspclient.Unknown:
			rev.Status = "unknown"
			errs = append(errs, fmt.Errorf("ocspclient: %s: the responder does not know this certificate (status unknown)", url))
		default:
			return &status{source: "ocsp", url: url, good: res.Status == ocspclient.Good, thisUpdate: res.ThisUpdate,
				nextUpdate: res.NextUpdate, revokedAt: res.RevokedAt, reason: res.RevocationReason}, nil
		}
	}
	return nil, errs
}

// crlStatus checks the CRLs carried in the signature, then the
// certificate's distribution points; nil when no CRL could be used.
func crlStatus(rev *Revocation, leaf, issuer *x509.Certificate, crls [][]byte, opts Options) (*status, []error) {
	// CRLs carried in the signature may be another issuer's: one that
	// does not fit is skipped.
	for _, der := range crls {
		if res, err := opts.CRL.CheckCRL(der, leaf, issuer, opts.Time); err == nil {
			return crlAnswer("signature", res), nil
		}
	}
	res, err := opts.CRL.Check(opts.context(), leaf, issuer, opts.Time)
	if res != nil {
		addAttempts(rev, res.Attempts)
	}
	if err != nil {
		return nil, []error{err}
	}
	return crlAnswer(res.URL, res), nil
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

// decide turns a status into the verdict: good passes; revoked before the
// claimed signing time is REVOKED, after it (no proof of existence)
// REVOKED_NO_POE.
func decide(s *SignatureReport, st *status, signingTime *time.Time) (SubIndication, string) {
	rev := &s.Revocation
	fill(rev, st)
	if st.good {
		s.Checks.Revocation = Passed
		return "", ""
	}
	s.Checks.Revocation = Failed
	if signingTime != nil && st.revokedAt.Before(*signingTime) {
		return Revoked, fmt.Sprintf("the signer's certificate was revoked on %s (%s), before the claimed signing time %s",
			day(st.revokedAt), reasonOr(rev.RevocationReason), day(*signingTime))
	}
	return RevokedNoPOE, fmt.Sprintf("the signer's certificate was revoked on %s (%s); nothing proves the signature was made before that (no timestamp)",
		day(st.revokedAt), reasonOr(rev.RevocationReason))
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

// checkCARevocation checks each intermediate CA of a path (not the trust
// anchor) that names an OCSP responder or CRL distribution point the
// selected methods can use, and records each status in s.Chain. A revoked
// CA gives REVOKED_CA_NO_POE, a CA whose status cannot be obtained
// TRY_LATER.
func checkCARevocation(s *SignatureReport, path []chain.Link, crls [][]byte, opts Options) (SubIndication, string) {
	for i := 1; i < len(path)-1 && i < len(s.Chain); i++ {
		ca, issuer := path[i].Cert, path[i+1].Cert
		useOCSP := opts.OCSP != nil && len(ca.OCSPServer) > 0
		useCRL := opts.CRL != nil && len(ca.CRLDistributionPoints) > 0
		if !useOCSP && !useCRL {
			if len(ca.OCSPServer)+len(ca.CRLDistributionPoints) > 0 {
				s.Warnings = append(s.Warnings, fmt.Sprintf("the revocation of intermediate CA %s was not checked: the selected method (--revocation) does not fit the URLs it names", ca.Subject.CommonName))
			}
			continue
		}
		rev := &Revocation{Status: "unavailable"}
		s.Chain[i].Revocation = rev
		var st *status
		var failures []error
		if useOCSP {
			var errs []error
			st, errs = ocspStatus(rev, ca, issuer, ca.OCSPServer, opts)
			failures = append(failures, errs...)
		}
		if st == nil && useCRL {
			var errs []error
			st, errs = crlStatus(rev, ca, issuer, crls, opts)
			failures = append(failures, errs...)
		}
		if st == nil {
			reason := fmt.Sprintf("the revocation status of intermediate CA %s could not be obtained", ca.Subject.CommonName)
			for _, err := range failures {
				reason += "; " + err.Error()
			}
			return TryLater, reason
		}
		fill(rev, st)
		if !st.good {
			return RevokedCANoPOE, fmt.Sprintf("intermediate CA %s was revoked on %s (%s)", ca.Subject.CommonName, day(st.revokedAt), reasonOr(rev.RevocationReason))
		}
	}
	return "", ""
}

func reasonOr(r string) string {
	if r == "" {
		return "no reason given"
	}
	return r
}

func (o *Options) context() context.Context {
	if o.Context != nil {
		return o.Context
	}
	return context.Background()
}
