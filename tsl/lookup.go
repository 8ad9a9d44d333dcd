package tsl

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"time"
)

// NewRules is when the 2021 amendments of Federal Law 63-FZ took effect
// (1 July 2021, Moscow). A certificate issued from then on is qualified
// only if its CA was accredited under the new rules, and before the
// certificate was issued.
var NewRules = time.Date(2021, 7, 1, 0, 0, 0, 0, moscow)

// MatchKind says how a CA certificate was found in the list.
type MatchKind int

const (
	// ByCertificate: a ДанныеСертификата holds the very certificate.
	ByCertificate MatchKind = iota + 1
	// ByKeyID: no listed certificate is the same, but a key's
	// ИдентификаторКлюча equals the certificate's subject key
	// identifier (the CA's key was certified again, or the list holds
	// another certificate of the same key).
	ByKeyID
)

func (m MatchKind) String() string {
	switch m {
	case ByCertificate:
		return "certificate"
	case ByKeyID:
		return "key_id"
	}
	return "none"
}

// Match is a place in the list where a CA certificate was found.
type Match struct {
	CA      *CA
	Complex *Complex
	Key     *Key
	// Certificate is the listed certificate for ByCertificate; nil for
	// ByKeyID (the key's certificates are in Key).
	Certificate *KeyCertificate
	By          MatchKind
}

type keyRef struct {
	ca      *CA
	complex *Complex
	key     *Key
	cert    *KeyCertificate
}

type index struct {
	byDER   map[[32]byte][]keyRef
	byKeyID map[string][]keyRef
}

func (l *List) idx() *index {
	l.indexOnce.Do(func() {
		ix := &index{byDER: map[[32]byte][]keyRef{}, byKeyID: map[string][]keyRef{}}
		for _, ca := range l.CAs {
			for _, c := range ca.Complexes {
				for _, k := range c.Keys {
					if len(k.KeyID) > 0 {
						ix.byKeyID[string(k.KeyID)] = append(ix.byKeyID[string(k.KeyID)], keyRef{ca, c, k, nil})
					}
					for _, kc := range k.Certificates {
						h := sha256.Sum256(kc.Raw)
						ix.byDER[h] = append(ix.byDER[h], keyRef{ca, c, k, kc})
					}
				}
			}
		}
		l.index = ix
	})
	return l.index
}

// Find returns every place in the list where cert, a CA certificate,
// appears: first those holding the certificate itself (compared as DER),
// then, when there are none, the keys whose ИдентификаторКлюча is the
// certificate's subject key identifier. Nil means the CA key is not in
// the list. Find is safe for concurrent use.
func (l *List) Find(cert *x509.Certificate) []Match {
	ix := l.idx()
	var out []Match
	for _, r := range ix.byDER[sha256.Sum256(cert.Raw)] {
		if bytes.Equal(r.cert.Raw, cert.Raw) {
			out = append(out, Match{CA: r.ca, Complex: r.complex, Key: r.key, Certificate: r.cert, By: ByCertificate})
		}
	}
	if len(out) > 0 || len(cert.SubjectKeyId) == 0 {
		return out
	}
	for _, r := range ix.byKeyID[string(cert.SubjectKeyId)] {
		out = append(out, Match{CA: r.ca, Complex: r.complex, Key: r.key, By: ByKeyID})
	}
	return out
}

// Reason says whether a CA key was accredited at a time, and if not why.
type Reason int

const (
	// Accredited: the CA's status in force then was Действует, the key's
	// certificate was valid then, and the rule of 2021 holds.
	Accredited Reason = iota + 1
	// NotInList: the CA certificate is not in the list, neither itself
	// nor by its key identifier.
	NotInList
	// KeyNotValid: the listed certificate of the key (any of them, for a
	// match by key identifier) was not valid at the time.
	KeyNotValid
	// NotYetAccredited: the time is before the CA's first status entry.
	NotYetAccredited
	// Suspended: the status in force was Приостановлена.
	Suspended
	// AccreditationEnded: the status in force was Прекращена or
	// Аннулирована.
	AccreditationEnded
	// UnknownStatus: the status in force has a value this package does
	// not know (Status.Text says it); it is not taken for accredited.
	UnknownStatus
	// NotAccreditedAtIssuance: the certificate was issued on or after
	// NewRules while the CA was not accredited.
	NotAccreditedAtIssuance
	// OldRules: the certificate was issued on or after NewRules while the
	// CA's accreditation in force dated from before NewRules, that is
	// under the old rules: the CA was accredited under the new rules only
	// after it issued the certificate, or never.
	OldRules
)

var reasonCodes = map[Reason]string{
	Accredited:              "accredited",
	NotInList:               "not_in_list",
	KeyNotValid:             "key_not_valid",
	NotYetAccredited:        "not_yet_accredited",
	Suspended:               "suspended",
	AccreditationEnded:      "accreditation_ended",
	UnknownStatus:           "unknown_status",
	NotAccreditedAtIssuance: "not_accredited_at_issuance",
	OldRules:                "old_rules",
}

// String is a stable code for reports ("accredited", "not_in_list", ...).
func (r Reason) String() string {
	if s, ok := reasonCodes[r]; ok {
		return s
	}
	return "unknown"
}

// Query is what Check judges: a CA certificate at a time.
type Query struct {
	// At is the time to judge, for a signature its best signature time.
	At time.Time
	// Issued is when the CA issued the certificate in question (the
	// signer's notBefore); zero skips the rule of 2021.
	Issued time.Time
}

// Verdict is the answer of Check.
type Verdict struct {
	Reason Reason
	// Match is where the CA was found; zero for NotInList.
	Match Match
	// Certificate is the listed certificate of the key valid at At (for
	// ByKeyID the first one found), nil when none was.
	Certificate *KeyCertificate
	// Status is the status entry in force at At; ok false when none.
	Status   StatusEntry
	StatusOK bool
	// IssuedStatus is the entry in force at Query.Issued, when the rule
	// of 2021 was checked.
	IssuedStatus   StatusEntry
	IssuedStatusOK bool
	// Others are the verdicts of the other places the CA was found, when
	// there were several; this verdict is the first accredited one, or
	// else the first.
	Others []*Verdict
}

// Accredited reports whether the verdict is Accredited.
func (v *Verdict) Accredited() bool { return v.Reason == Accredited }

// String says the verdict in English words.
func (v *Verdict) String() string {
	name := ""
	if v.Match.CA != nil {
		name = v.Match.CA.Name + ": "
	}
	switch v.Reason {
	case Accredited:
		return name + "accredited"
	case NotInList:
		return "the CA certificate is not in the list of accredited CAs"
	case KeyNotValid:
		return name + "the CA key's certificate in the list was not valid at that time"
	case NotYetAccredited:
		return name + "the CA was not yet accredited at that time"
	case Suspended:
		return name + "the CA's accreditation was suspended at that time (since " + v.Status.From.Format(time.DateOnly) + ")"
	case AccreditationEnded:
		return name + "the CA's accreditation had ended (" + v.Status.Text + " since " + v.Status.From.Format(time.DateOnly) + ")"
	case UnknownStatus:
		return name + "the CA's accreditation status then is not known to gostverify: " + v.Status.Text
	case NotAccreditedAtIssuance:
		return name + "the CA was not accredited when it issued the certificate"
	case OldRules:
		return name + "the certificate was issued after " + NewRules.Format(time.DateOnly) +
			" but the CA's accreditation then was under the old rules (since " + v.IssuedStatus.From.Format(time.DateOnly) + ")"
	}
	return name + v.Reason.String()
}

// Check judges whether the CA certificate caCert (the issuer of a
// signer's certificate) belonged to an accredited CA at q.At: the
// certificate is found with Find; a listed certificate of its key must be
// valid at q.At; the CA's status in force at q.At (a history entry holds
// from its ДействуетС until the next one's) must be Действует; and when
// the certificate in question was issued on or after NewRules, the
// status in force at q.Issued must be Действует and date from NewRules or
// later. Check is safe for concurrent use.
func (l *List) Check(caCert *x509.Certificate, q Query) *Verdict {
	matches := l.Find(caCert)
	if len(matches) == 0 {
		return &Verdict{Reason: NotInList}
	}
	var best *Verdict
	var all []*Verdict
	for _, m := range matches {
		v := judge(m, q)
		all = append(all, v)
		if best == nil || (!best.Accredited() && v.Accredited()) {
			best = v
		}
	}
	for _, v := range all {
		if v != best {
			best.Others = append(best.Others, v)
		}
	}
	return best
}

func judge(m Match, q Query) *Verdict {
	v := &Verdict{Match: m}
	if m.Certificate != nil {
		if m.Certificate.validAt(q.At) {
			v.Certificate = m.Certificate
		}
	} else {
		for _, c := range m.Key.Certificates {
			if c.validAt(q.At) {
				v.Certificate = c
				break
			}
		}
	}
	v.Status, v.StatusOK = m.CA.StatusAt(q.At)
	switch {
	case v.Certificate == nil:
		v.Reason = KeyNotValid
	case !v.StatusOK:
		v.Reason = NotYetAccredited
	default:
		v.Reason = reasonOf(v.Status)
	}
	if v.Reason != Accredited || q.Issued.IsZero() || q.Issued.Before(NewRules) {
		return v
	}
	v.IssuedStatus, v.IssuedStatusOK = m.CA.StatusAt(q.Issued)
	switch {
	case !v.IssuedStatusOK || v.IssuedStatus.Status != StatusActive:
		v.Reason = NotAccreditedAtIssuance
	case v.IssuedStatus.From.Before(NewRules):
		v.Reason = OldRules
	}
	return v
}

func reasonOf(e StatusEntry) Reason {
	switch e.Status {
	case StatusActive:
		return Accredited
	case StatusSuspended:
		return Suspended
	case StatusTerminated, StatusAnnulled:
		return AccreditationEnded
	}
	return UnknownStatus
}
