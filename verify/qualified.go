package verify

import (
	"crypto/x509"
	"slices"
	"time"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/qualified"
	"github.com/gostverify/gostverify/tsl"
)

// Qualified status (63-ФЗ, КЭП): beside the ETSI verdict, whether the
// signature is a qualified electronic signature — its signer's certificate
// in the form Приказ ФСБ № 795 prescribes, an algorithm still allowed at
// the signature's time, and its CA accredited then by the Минцифры list
// (package tsl). Decided at the best-signature-time (the validation time
// when no timestamp proves an earlier one). Without a list the answer is
// "unknown", never "qualified".

// Policy is the validation policy a run applies (Options.Policy).
type Policy string

// Validation policies.
const (
	// PolicyQualified applies the Russian rules: the qualified status of
	// every signature is decided and reported. The default.
	PolicyQualified Policy = "qualified"
	// PolicyBasic keeps only the cryptographic, chain and revocation
	// checks (internal PKIs, foreign signatures): no qualified status.
	PolicyBasic Policy = "basic"
)

// Qualified statuses (Qualification.Status).
const (
	StatusQualified    = "qualified"
	StatusNotQualified = "not_qualified"
	StatusUnknown      = "unknown"
)

// Qualification is whether a signature is a qualified electronic
// signature, and why.
type Qualification struct {
	// Status is "qualified", "not_qualified" or "unknown".
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// At is the time it was decided at: the best-signature-time.
	At *time.Time `json:"at,omitempty"`
	// CA is the issuing CA as the trusted list names it, with its status
	// at At; nil when the list does not have it (or there is no list).
	CA *QualifiedCA `json:"ca,omitempty"`
	// List is the edition of the trusted list used; nil without one.
	List   *ListInfo        `json:"list,omitempty"`
	Checks []QualifiedCheck `json:"checks"`

	note i18n.Text // Reason, to be printed in a language
}

// QualifiedCA is a CA of the trusted list.
type QualifiedCA struct {
	Name string `json:"name"`
	INN  string `json:"inn,omitempty"`
	OGRN string `json:"ogrn,omitempty"`
	// Status is the list's verdict on the CA's key at the time (tsl.Reason:
	// "accredited", "accreditation_ended", "suspended", ...).
	Status string `json:"status"`
	// StatusText is the status in force then as the list writes it
	// ("Действует"), StatusSince when it took effect.
	StatusText  string     `json:"status_text,omitempty"`
	StatusSince *time.Time `json:"status_since,omitempty"`
}

// ListInfo names an edition of the trusted list.
type ListInfo struct {
	Version int64     `json:"version"`
	Date    time.Time `json:"date"`
	// Unverified is set when the list's signature did not hold and it
	// was accepted all the same (tsl.Options.AcceptUnsignedList).
	Unverified bool `json:"unverified,omitempty"`
	// SignedBy is who signed the list (the signer certificate's subject)
	// and SignatureCheckedAt when its signature was checked: by tsl
	// update, for the stored list, else by this run. Both are absent for
	// an unverified list.
	SignedBy           string     `json:"signed_by,omitempty"`
	SignatureCheckedAt *time.Time `json:"signature_checked_at,omitempty"`
}

// QualifiedCheck is one check of the qualified status: a stable code
// (package qualified's check names, and CA_ACCREDITED for the list), its
// result (passed, failed, warning, not_applicable) and what was found.
type QualifiedCheck struct {
	Name   string `json:"name"`
	Result string `json:"result"`
	Detail string `json:"detail,omitempty"`
}

// listInfo says which list the run decides with, once per run.
func (v *Verifier) listInfo() *ListInfo {
	v.listOnce.Do(func() {
		list := v.opts.TSL
		info := &ListInfo{Version: list.Header.Version, Date: list.Header.Date, Unverified: list.SignatureErr != nil}
		if sig := list.Signature; sig != nil && list.SignatureErr == nil {
			info.SignedBy = sig.Subject
			at := sig.CheckedAt
			if at.IsZero() {
				at = v.now()
			}
			at = at.UTC()
			info.SignatureCheckedAt = &at
		}
		v.list = info
	})
	c := *v.list
	return &c
}

// The checks this package adds to package qualified's: the issuing CA in
// the trusted list, and a list accepted without its signature holding.
const (
	CheckCAAccredited  = "CA_ACCREDITED"
	CheckListSignature = "LIST_SIGNATURE"
)

// qualify decides the qualified status of a signature whose signer
// certificate leaf chains to issuer (nil when no chain was built), at its
// best-signature-time t: a timestamp's, or the validation time, at which
// the signature exists as surely as it is being checked.
func (j *job) qualify(leaf, issuer *x509.Certificate, alg qualified.Check, t time.Time) *Qualification {
	q := &Qualification{At: &t, Checks: []QualifiedCheck{}}
	// qualified.Evaluate, with the certificate's profile kept for the run
	// and the algorithm rule (alg) decided by the caller.
	checks := slices.Concat(j.v.cache.signerProfile(leaf), qualified.Checks{alg, qualified.PrivateKeyUsage(leaf, t, true)})
	failed := false
	for _, c := range checks {
		q.Checks = append(q.Checks, QualifiedCheck{Name: c.Name, Result: string(c.Result), Detail: c.Detail})
		if c.Result == qualified.Failed {
			failed = true
		}
	}
	accredited := false
	list := j.v.opts.TSL
	switch {
	case list == nil:
		q.Checks = append(q.Checks, QualifiedCheck{Name: CheckCAAccredited, Result: string(qualified.NotApplicable), Detail: "no trusted list was given"})
	case issuer == nil:
		q.Checks = append(q.Checks, QualifiedCheck{Name: CheckCAAccredited, Result: string(qualified.NotApplicable), Detail: "no certificate path: the issuing CA is not known"})
	default:
		q.List = j.v.listInfo()
		if list.SignatureErr != nil {
			// Accepted by the user's explicit override: it could say
			// anything, and the report says so with every answer.
			q.Checks = append(q.Checks, QualifiedCheck{Name: CheckListSignature, Result: string(qualified.Warning),
				Detail: "the list's own signature did not hold and the list was accepted by an override: " + list.SignatureErr.Error()})
		}
		v := list.Check(issuer, tsl.Query{At: t, Issued: leaf.NotBefore})
		accredited = v.Accredited()
		res := qualified.Passed
		if !accredited {
			res = qualified.Failed
		}
		q.Checks = append(q.Checks, QualifiedCheck{Name: CheckCAAccredited, Result: string(res), Detail: v.String()})
		if ca := v.Match.CA; ca != nil {
			q.CA = &QualifiedCA{Name: ca.Name, INN: ca.INN, OGRN: ca.OGRN, Status: v.Reason.String()}
			if v.StatusOK {
				since := v.Status.From
				q.CA.StatusText, q.CA.StatusSince = v.Status.Text, &since
			}
		}
	}
	switch {
	case failed:
		q.Status, q.note = StatusNotQualified, i18n.T(i18n.QualifiedProfileFailed)
	case list != nil && issuer != nil && !accredited:
		q.Status, q.note = StatusNotQualified, i18n.T(i18n.QualifiedNotAccredited)
	case list == nil:
		q.Status, q.note = StatusUnknown, i18n.T(i18n.QualifiedNoList)
	case issuer == nil:
		q.Status, q.note = StatusUnknown, i18n.T(i18n.QualifiedNoPath)
	default:
		q.Status, q.note = StatusQualified, i18n.T(i18n.QualifiedYes)
	}
	return q
}

// AlgorithmError is a signature whose algorithm the Russian rules no
// longer allow at its best-signature-time, with no proof it existed while
// they did: GOST R 34.10-2001 after 2019 (CRYPTO_CONSTRAINTS_FAILURE_NO_POE).
type AlgorithmError struct {
	Check qualified.Check
	At    time.Time
}

func (e *AlgorithmError) Error() string { return "verify: " + e.Check.Detail }

func (e *AlgorithmError) explain(l i18n.Lang) string {
	return l.Sprintf(i18n.ReasonAlgorithmNoPOE, instant(e.At))
}

// algorithmAllowed applies the algorithm rule of the qualified policy to
// a signature otherwise valid, given the rule's check c: a GOST R 34.10-2001 signature must exist
// before 2020-01-01 — proven by a timestamp, or by the validation time
// (--at) itself.
func (j *job) algorithmAllowed(c qualified.Check) (SubIndication, error) {
	if c.Result != qualified.Failed {
		return "", nil
	}
	return CryptoConstraintsFailureNoPOE, &AlgorithmError{Check: c, At: j.at}
}
