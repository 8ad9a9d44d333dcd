package verify

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/gostverify/gostverify/ocspclient"
)

// Revocation is the signer certificate's revocation status.
type Revocation struct {
	// Status is good, revoked, unknown, unavailable or not_checked.
	Status string `json:"status"`
	// Source is where the status came from: ocsp.
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

// checkRevocation asks the signer certificate's OCSP responders for its
// status; it runs only on a chain that reached a trust anchor. It returns
// the sub-indication ("" when the status is good) and a reason.
func checkRevocation(s *SignatureReport, leaf, issuer *x509.Certificate, signingTime *time.Time, opts Options) (SubIndication, string) {
	rev := &s.Revocation
	urls := leaf.OCSPServer
	if opts.OCSPURL != "" {
		urls = []string{opts.OCSPURL}
	}
	rev.Status = "unavailable"
	switch {
	case opts.OCSP == nil:
		return TryLater, "the signer certificate's revocation status was not checked: only OCSP is implemented so far, and it was not selected (--revocation)"
	case len(urls) == 0:
		return TryLater, "the signer certificate names no OCSP responder, and CRL checking is not implemented yet; --revocation none accepts the signature without a revocation check"
	}
	var last error
	for _, url := range urls {
		res, err := opts.OCSP.Check(context.Background(), leaf, issuer, url)
		if res != nil {
			for _, a := range res.Attempts {
				rev.Attempts = append(rev.Attempts, RevocationAttempt{Method: a.Method, URL: a.URL, HTTPStatus: a.Status,
					ElapsedMS: a.Elapsed.Milliseconds(), Hash: string(a.Hash), Class: string(a.Class), Error: a.Err})
			}
		}
		if err != nil {
			last = err
			continue
		}
		rev.Source, rev.URL = "ocsp", url
		rev.ThisUpdate = &res.ThisUpdate
		if !res.NextUpdate.IsZero() {
			rev.NextUpdate = &res.NextUpdate
		}
		switch res.Status {
		case ocspclient.Good:
			rev.Status = "good"
			s.Checks.Revocation = Passed
			return "", ""
		case ocspclient.Revoked:
			rev.Status = "revoked"
			rev.RevocationTime = &res.RevokedAt
			rev.RevocationReason = crlReasons[res.RevocationReason]
			s.Checks.Revocation = Failed
			if signingTime != nil && res.RevokedAt.Before(*signingTime) {
				return Revoked, fmt.Sprintf("the signer's certificate was revoked on %s (%s), before the claimed signing time %s",
					day(res.RevokedAt), reasonOr(rev.RevocationReason), day(*signingTime))
			}
			return RevokedNoPOE, fmt.Sprintf("the signer's certificate was revoked on %s (%s); nothing proves the signature was made before that (no timestamp)",
				day(res.RevokedAt), reasonOr(rev.RevocationReason))
		default:
			rev.Status = "unknown"
			last = errors.New("the responder does not know this certificate (status unknown)")
		}
	}
	reason := "no revocation status could be obtained"
	var oe *ocspclient.Error
	if errors.As(last, &oe) {
		reason += ": " + oe.Error()
	} else if last != nil {
		reason += ": " + last.Error()
	}
	return TryLater, reason
}

func reasonOr(r string) string {
	if r == "" {
		return "no reason given"
	}
	return r
}
