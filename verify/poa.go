package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/poa"
	"github.com/gostverify/gostverify/qualified"
)

// POAFile is a machine-readable power of attorney (МЧД) as given to a
// run: the XML and its detached signature.
type POAFile struct {
	Name string
	Data []byte
	// SignatureName and Signature are the МЧД's detached signature; an
	// empty Signature means none was given.
	SignatureName string
	Signature     []byte
}

// POA is a power of attorney loaded by LoadPOA: parsed, its own signature
// verified, its registry status asked — once, for every signature it is
// applied to.
type POA struct {
	File string
	// Doc is the parsed МЧД; nil when it could not be read (Err).
	Doc *poa.PowerOfAttorney
	Err error
	// SignatureFile and Signature are the МЧД's own signature and its
	// report; Signature is nil when none was given.
	SignatureFile string
	Signature     *Report
	// Issuer is whether the МЧД's signer acts for the principal.
	Issuer   poa.Finding
	Registry *POARegistry
}

// LoadPOA reads a power of attorney and checks what does not depend on
// the signatures it is applied to: its format (package poa), its detached
// signature, verified like any signature (chain, revocation, long-term
// rules), whether that signer acts for the principal, and its status in
// the FNS registry (Options.Registry; without one, not checked). The
// result goes in Input.POAs.
func (v *Verifier) LoadPOA(ctx context.Context, f POAFile) *POA {
	p := &POA{File: f.Name, SignatureFile: f.SignatureName}
	p.Doc, p.Err = poa.Parse(f.Data, f.Name, poa.Limits{}) // Parse takes the base name
	if p.Err != nil {
		return p
	}
	if len(f.Signature) > 0 {
		doc := bytesDocumentNamed(f.Name, f.Data)
		r, err := v.Verify(ctx, Input{Name: f.SignatureName, Data: f.Signature, Document: doc})
		if err != nil {
			r = &Report{File: f.SignatureName, Status: Indeterminate, Reason: err.Error(), Cause: err, Signatures: []SignatureReport{}}
		}
		p.Signature = r
		p.Issuer = poa.Finding{Name: poa.CheckIssuer, Result: poa.NotApplicable, Detail: "the signature names no signer"}
		if len(r.Signatures) > 0 && r.Signatures[0].cert != nil {
			p.Issuer = p.Doc.IssuedBy(signerOf(r.Signatures[0].cert))
		}
	}
	p.Registry = v.registryStatus(ctx, p.Doc.Number)
	return p
}

// registryStatus asks the registry about number once per run.
func (v *Verifier) registryStatus(ctx context.Context, number string) *POARegistry {
	if v.opts.Registry == nil {
		return &POARegistry{Status: "not_checked"}
	}
	key := strings.ToLower(number)
	if r, ok := v.registry.Load(key); ok {
		return r.(*POARegistry)
	}
	st, err := v.opts.Registry.Status(ctx, number)
	r := &POARegistry{Status: "unavailable"}
	if err != nil {
		r.Error, r.cause = err.Error(), err
	} else {
		checked := st.CheckedAt
		r = &POARegistry{Status: string(st.State), Text: st.Text, CheckedAt: &checked, FromCache: st.FromCache, URL: st.URL}
		if !st.Since.IsZero() {
			since := st.Since
			r.Since = &since
		}
	}
	actual, _ := v.registry.LoadOrStore(key, r)
	return actual.(*POARegistry)
}

// signerOf is who cert names, for matching an МЧД's parties.
func signerOf(cert *x509.Certificate) poa.Signer {
	id := qualified.IdentityOf(cert)
	return poa.Signer{INN: id.INN, SNILS: id.SNILS, Surname: id.Surname, GivenName: id.GivenName,
		OrgINN: id.OrgINN, OGRN: id.OGRN, OGRNIP: id.OGRNIP}
}

// POAReport is the power of attorney applied to one signature: whether it
// entitled the signer to sign for the principal at the signature's time.
// The signature's own verdict is beside it, unchanged.
type POAReport struct {
	// Status is "valid", "invalid", "indeterminate" or "not_checked" (the
	// signature has no certificate to match).
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	File   string `json:"file"`
	Number string `json:"number,omitempty"`
	// InternalNumber is the principal's own number (ВнНомДовер).
	InternalNumber string    `json:"internal_number,omitempty"`
	Principal      *POAParty `json:"principal,omitempty"`
	Representative *POAParty `json:"representative,omitempty"`
	// ValidFrom and ValidTo are the dates as written (ДатаВыдДовер,
	// СрокДейст, both days included, Moscow time).
	ValidFrom  string     `json:"valid_from,omitempty"`
	ValidTo    string     `json:"valid_to,omitempty"`
	Powers     []POAPower `json:"powers"`
	PowersText string     `json:"powers_text,omitempty"`
	// At is the time it was judged at: the signature's best-signature-time,
	// else the validation time.
	At        *time.Time    `json:"at,omitempty"`
	Signature *POASignature `json:"signature,omitempty"`
	Registry  *POARegistry  `json:"registry,omitempty"`
	Checks    []poa.Finding `json:"checks"`

	// Notes are about what is worth knowing, such as a revocation after
	// the proven time.
	Notes []string `json:"notes,omitempty"`

	note  i18n.Text
	notes []note
}

// POAParty is a principal or representative.
type POAParty struct {
	Kind     string `json:"kind"`
	Name     string `json:"name,omitempty"`
	INN      string `json:"inn,omitempty"`
	KPP      string `json:"kpp,omitempty"`
	OGRN     string `json:"ogrn,omitempty"`
	SNILS    string `json:"snils,omitempty"`
	Position string `json:"position,omitempty"`
	// Persons are those who act for a principal without a power of
	// attorney (the head), by name.
	Persons []string `json:"persons,omitempty"`
}

// POAPower is one machine-readable power (code and name, as written):
// whether it covers the document is for the reader to judge.
type POAPower struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// POASignature is the verdict on the МЧД's own signature.
type POASignature struct {
	File          string        `json:"file"`
	Status        Status        `json:"status"`
	SubIndication SubIndication `json:"subindication,omitempty"`
	Reason        string        `json:"reason,omitempty"`
	Signer        string        `json:"signer,omitempty"`
	SignerINN     string        `json:"signer_inn,omitempty"`
	SigningTime   *time.Time    `json:"signing_time,omitempty"`
	Qualified     string        `json:"qualified,omitempty"`
	cause         error
}

// POARegistry is the FNS registry's answer: status "active", "revoked",
// "expired", "suspended", "not_found", "unknown" (Text says it), or
// "not_checked" (no network) and "unavailable" (no answer, Error says
// why).
type POARegistry struct {
	Status    string     `json:"status"`
	Text      string     `json:"text,omitempty"`
	Since     *time.Time `json:"since,omitempty"`
	CheckedAt *time.Time `json:"checked_at,omitempty"`
	FromCache bool       `json:"from_cache,omitempty"`
	URL       string     `json:"url,omitempty"`
	Error     string     `json:"error,omitempty"`
	cause     error
}

// applyPOAs gives each signature of r (not countersignatures) the power
// of attorney among ps that names its signer as representative, else the
// first (matchOnly: none), judged at the signature's time.
func (v *Verifier) applyPOAs(r *Report, ps []*POA, matchOnly bool) {
	for i := range r.Signatures {
		s := &r.Signatures[i]
		at, proven := v.opts.Time, false
		if s.BestSignatureTime != nil {
			at, proven = *s.BestSignatureTime, true
		}
		var best *POAReport
		for _, p := range ps {
			pr := p.apply(s.cert, at, proven)
			if pr.representativeMatched() {
				best = pr
				break
			}
			if best == nil && !matchOnly {
				best = pr
			}
		}
		s.POA = best
	}
}

func (pr *POAReport) representativeMatched() bool {
	for _, c := range pr.Checks {
		if c.Name == poa.CheckRepresentative {
			return c.Result == poa.Passed || c.Result == poa.Warning
		}
	}
	return false
}

// apply judges p for a signature whose signer's certificate is cert at
// the time at (proven: a timestamp proves the signature existed then).
func (p *POA) apply(cert *x509.Certificate, at time.Time, proven bool) *POAReport {
	pr := &POAReport{File: p.File, Powers: []POAPower{}, Checks: []poa.Finding{}, Registry: p.Registry}
	if p.Doc == nil {
		pr.Status, pr.note = string(Invalid), i18n.T(i18n.POAMalformed, p.File, poaErrorText{p.Err})
		return pr
	}
	d := p.Doc
	pr.Number, pr.InternalNumber = d.Number, d.InternalNumber
	pr.ValidFrom, pr.ValidTo = d.IssuedOn.String(), d.ValidUntil.String()
	for _, pw := range d.Powers {
		pr.Powers = append(pr.Powers, POAPower{Code: pw.Code, Name: pw.Name})
	}
	pr.PowersText = d.PowersText
	if len(d.Principals) > 0 {
		pr.Principal = PrincipalOf(&d.Principals[0])
	}
	if len(d.Representatives) > 0 {
		pr.Representative = PartyOf(&d.Representatives[0])
	}
	if p.Signature != nil {
		pr.Signature = poaSignatureOf(p.Signature)
	}
	if cert == nil {
		pr.Status = "not_checked"
		return pr
	}
	t := at.UTC()
	pr.At = &t
	s := signerOf(cert)
	checks := d.Evaluate(s, at)
	// The representative who matched, when one did.
	for i := range d.Representatives {
		r := &d.Representatives[i]
		if r.Person != nil && r.Person.INN != "" && r.Person.INN == s.INN {
			pr.Representative = PartyOf(r)
		}
	}
	if p.Signature != nil {
		checks = append(checks, p.Issuer)
	}
	pr.Checks = checks
	pr.decide(p, at, proven)
	return pr
}

// decide sets the status and the reason: invalid on any definite
// failure, indeterminate when something could not be confirmed (no
// signature, the registry not asked), valid when everything holds.
func (pr *POAReport) decide(p *POA, at time.Time, proven bool) {
	d := p.Doc
	when := at.UTC().Format("2006-01-02 15:04 UTC")
	result := func(name string) string {
		for _, c := range pr.Checks {
			if c.Name == name {
				return c.Result
			}
		}
		return ""
	}
	invalid := func(t i18n.Text) { pr.Status, pr.note = string(Invalid), t }
	sig := pr.Signature
	reg := p.Registry
	switch {
	case sig != nil && sig.Status == Invalid:
		invalid(i18n.T(i18n.POASignatureInvalid, d.Number, sig.reason()))
	case result(poa.CheckIssuer) == poa.Failed:
		invalid(i18n.T(i18n.POAIssuerNotEntitled, d.Number))
	case result(poa.CheckPeriod) == poa.Failed && at.Before(d.ValidFrom()):
		invalid(i18n.T(i18n.POANotYetValid, d.Number, d.IssuedOn.String(), when))
	case result(poa.CheckPeriod) == poa.Failed:
		invalid(i18n.T(i18n.POAExpired, d.Number, d.ValidUntil.String(), when))
	case result(poa.CheckRepresentative) == poa.Failed:
		invalid(i18n.T(i18n.POANotRepresentative, d.Number))
	case result(poa.CheckPrincipal) == poa.Failed:
		invalid(i18n.T(i18n.POAOtherPrincipal, d.Number))
	case reg.Status == string(poa.RegistryRevoked) && !(proven && reg.Since != nil && reg.Since.After(at)):
		since := "?"
		if reg.Since != nil {
			since = reg.Since.Format("2006-01-02")
		}
		invalid(i18n.T(i18n.POARegistryRevoked, d.Number, since))
	case sig == nil:
		pr.Status, pr.note = string(Indeterminate), i18n.T(i18n.POANoSignature, d.Number)
	case sig.Status != Valid:
		pr.Status, pr.note = string(Indeterminate), i18n.T(i18n.POASignatureUnsure, d.Number, sig.reason())
	case reg.Status == "not_checked":
		pr.Status, pr.note = string(Indeterminate), i18n.T(i18n.POARegistryOff, d.Number)
	case reg.Status == "unavailable":
		pr.Status, pr.note = string(Indeterminate), i18n.T(i18n.POARegistryDown, d.Number, literalText(reg.Error))
	case reg.Status == string(poa.RegistryNotFound):
		pr.Status, pr.note = string(Indeterminate), i18n.T(i18n.POARegistryNotFound, d.Number)
	case reg.Status == string(poa.RegistryActive), reg.Status == string(poa.RegistryExpired), reg.Status == string(poa.RegistryRevoked):
		// Expired now, or revoked after the proven time: the period
		// check decided the time the signature was made at.
		if reg.Status == string(poa.RegistryRevoked) {
			pr.notes = append(pr.notes, msgNote(i18n.NotePOARevokedAfterProof, reg.Since.Format("2006-01-02"), instant(at)))
		}
		name, inn := "", ""
		if pr.Principal != nil {
			name, inn = pr.Principal.Name, pr.Principal.INN
		}
		pr.Status, pr.note = string(Valid), i18n.T(i18n.POAValid, d.Number, literalText(name), inn)
	default:
		pr.Status, pr.note = string(Indeterminate), i18n.T(i18n.POARegistryOther, d.Number, literalText(reg.Text))
	}
}

// localize says the reason in l.
func (pr *POAReport) localize(l i18n.Lang) {
	if pr.note.Message != "" {
		pr.Reason = pr.note.In(l)
	}
	if len(pr.notes) > 0 {
		pr.Notes = render(pr.notes, l)
	}
}

// Label is a party in a few words: its name and INN.
func (p *POAParty) Label() string {
	switch {
	case p == nil:
		return "—"
	case p.INN != "":
		return p.Name + " (" + p.INN + ")"
	}
	return p.Name
}

// Parties says in l who gave the power to whom, for what period.
func (pr *POAReport) Parties(l i18n.Lang) string {
	return l.Sprintf(i18n.TextPOAParties, pr.Principal.Label(), pr.Representative.Label(), pr.ValidFrom, pr.ValidTo)
}

// Codes are the codes of the powers, joined by ", ".
func (pr *POAReport) Codes() string {
	codes := make([]string, 0, len(pr.Powers))
	for _, p := range pr.Powers {
		codes = append(codes, p.Code)
	}
	return strings.Join(codes, ", ")
}

// POAStatus is the worst status of the powers of attorney r's signatures
// were judged by (not_checked counts as indeterminate), "" when none was.
func (r *Report) POAStatus() Status {
	var worst Status
	for _, s := range r.Signatures {
		if s.POA == nil {
			continue
		}
		st := Status(s.POA.Status)
		if s.POA.Status == "not_checked" {
			st = Indeterminate
		}
		if worst == "" {
			worst = st
		} else {
			worst = Worst(worst, st)
		}
	}
	return worst
}

// writeText prints the power of attorney applied to a signature.
func (pr *POAReport) writeText(b io.Writer, indent string, l i18n.Lang) {
	fmt.Fprintf(b, "%s%s\n", indent, l.Sprintf(i18n.TextPOA, pr.Reason))
	if pr.Number != "" {
		fmt.Fprintf(b, "%s  %s\n", indent, pr.Parties(l))
	}
	if len(pr.Powers) > 0 {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextPOAPowers, pr.Codes()))
	}
	if r := pr.Registry; r != nil && pr.Number != "" {
		line := RegistryWords(l, r.Status)
		if r.CheckedAt != nil {
			line += ", " + instant(*r.CheckedAt)
		}
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextPOARegistry, line))
	}
	for _, c := range pr.Checks {
		if c.Result != poa.Failed && c.Result != poa.Warning {
			continue
		}
		line := c.Name + " (" + c.Result + ")"
		if l == i18n.English && c.Detail != "" { // the checks' details are English
			line += ": " + c.Detail
		}
		fmt.Fprintf(b, "%s  %s\n", indent, line)
	}
	for _, n := range pr.Notes {
		fmt.Fprintf(b, "%s  %s\n", indent, n)
	}
}

// RegistryWords says a registry status (POARegistry.Status) in l; a
// status this version does not know is printed as it is.
func RegistryWords(l i18n.Lang, status string) string {
	m, ok := map[string]i18n.Message{
		"active": i18n.POARegActive, "revoked": i18n.POARegRevoked, "expired": i18n.POARegExpired,
		"suspended": i18n.POARegSuspended, "not_found": i18n.POARegNotFound, "unknown": i18n.POARegUnknown,
		"not_checked": i18n.POARegNotChecked, "unavailable": i18n.POARegUnavailable,
	}[status]
	if !ok {
		return status
	}
	return l.Sprintf(m)
}

// PrincipalOf describes a principal of an МЧД.
func PrincipalOf(pr *poa.Principal) *POAParty {
	out := &POAParty{Kind: pr.Kind.String(), Name: pr.Name, INN: pr.INN, KPP: pr.KPP, OGRN: pr.OGRN}
	for i := range pr.Persons {
		out.Persons = append(out.Persons, pr.Persons[i].FullName())
	}
	return out
}

// PartyOf describes a representative of an МЧД.
func PartyOf(p *poa.Party) *POAParty {
	out := &POAParty{Kind: p.Kind.String(), Name: p.Name, INN: p.INN, KPP: p.KPP, OGRN: p.OGRN}
	if p.Person != nil {
		out.Name, out.INN, out.SNILS, out.Position = p.Person.FullName(), p.Person.INN, p.Person.SNILS, p.Person.Position
	}
	return out
}

func poaSignatureOf(r *Report) *POASignature {
	s := &POASignature{File: r.File, Status: r.Status, SubIndication: r.SubIndication, Reason: r.Reason}
	if len(r.Signatures) > 0 {
		sr := &r.Signatures[0]
		s.SubIndication, s.Reason, s.SigningTime, s.cause = sr.SubIndication, sr.Reason, sr.SigningTime, sr.Cause
		if sr.Signer != nil {
			s.Signer = sr.Signer.CommonName
			if n := strings.TrimSpace(sr.Signer.Surname + " " + sr.Signer.GivenName); n != "" {
				s.Signer = n
			}
		}
		if sr.cert != nil {
			s.SignerINN = qualified.IdentityOf(sr.cert).INN
		}
		if sr.Qualified != nil {
			s.Qualified = sr.Qualified.Status
		}
	}
	return s
}

// reason says why the МЧД's signature is not valid, in the reader's
// language when its cause is known.
func (s *POASignature) reason() i18n.Localizer {
	if s.cause != nil {
		return causeText{s.cause}
	}
	return literalText(s.Reason)
}

// causeText is a verdict's cause in words.
type causeText struct{ cause error }

func (c causeText) In(l i18n.Lang) string { return explain(l, c.cause) }

// literalText is a text said the same in every language (a name, a
// reason already in the reader's language).
type literalText string

func (t literalText) In(i18n.Lang) string { return string(t) }

// poaErrorText says a parse error of package poa.
type poaErrorText struct{ err error }

func (e poaErrorText) In(l i18n.Lang) string { return Detail(l, e.err) }

// bytesDocumentNamed is a document in memory, named by the user.
func bytesDocumentNamed(name string, data []byte) *Document {
	return &Document{Name: name, Named: true, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}
