package poa

import (
	"fmt"
	"strings"
	"time"
)

// Signer is someone who signed — a document under the power of attorney,
// or the МЧД itself — as their certificate names them (Приказ ФСБ № 795):
// what the МЧД's parties are matched against. Package verify fills it from
// the signer's certificate.
type Signer struct {
	INN   string // the person's INN (12 digits)
	SNILS string // any spelling; compared as its 11 digits
	// Surname is the certificate's SN; GivenName its GN, which holds the
	// given name and the patronymic ("Елена Сергеевна").
	Surname, GivenName string
	// OrgINN and OGRN are the organisation the certificate names (INNLE,
	// OGRN), "" for a personal certificate.
	OrgINN, OGRN string
	OGRNIP       string
}

// Finding is one check of a power of attorney: a stable code, its result
// (Passed, Failed, Warning, NotApplicable) and what was found, in English.
type Finding struct {
	Name   string `json:"name"`
	Result string `json:"result"`
	Detail string `json:"detail,omitempty"`
}

// The results of a Finding.
const (
	Passed        = "passed"
	Failed        = "failed"
	Warning       = "warning"
	NotApplicable = "not_applicable"
)

// The checks of Evaluate and IssuedBy.
const (
	// CheckPeriod: the time judged is inside the МЧД's validity.
	CheckPeriod = "POA_PERIOD"
	// CheckRepresentative: the document's signer is the representative
	// (INN, SNILS, surname and given names).
	CheckRepresentative = "POA_REPRESENTATIVE"
	// CheckPrincipal: the organisation the signer's certificate names is
	// the principal.
	CheckPrincipal = "POA_PRINCIPAL"
	// CheckIssuer: the МЧД is signed by one of the principal's persons
	// who act without a power of attorney.
	CheckIssuer = "POA_ISSUER"
)

// moscow is the zone of the МЧД's dates: the registry and the format count
// them in Moscow time.
var moscow = time.FixedZone("MSK", 3*60*60)

// ValidFrom is when the МЧД takes effect: the start of ДатаВыдДовер,
// Moscow time.
func (p *PowerOfAttorney) ValidFrom() time.Time { return p.IssuedOn.Time(moscow) }

// ValidTo is when the МЧД stops: the end of СрокДейст, Moscow time (the
// start of the next day; a period ending on a date includes that day,
// Гражданский кодекс article 194). Zero when СрокДейст is not given.
func (p *PowerOfAttorney) ValidTo() time.Time {
	if p.ValidUntil.IsZero() {
		return time.Time{}
	}
	return p.ValidUntil.Time(moscow).AddDate(0, 0, 1)
}

// Evaluate matches a document's signer to the МЧД at the time at (the
// signature's best-signature-time): the period, the representative and
// the principal. It decides nothing about the МЧД's own signature or its
// registry status (package verify does), and reports the powers for the
// reader to judge against the document.
func (p *PowerOfAttorney) Evaluate(doc Signer, at time.Time) []Finding {
	return []Finding{p.period(at), p.representative(doc), p.principal(doc)}
}

func (p *PowerOfAttorney) period(at time.Time) Finding {
	f := Finding{Name: CheckPeriod, Result: Passed}
	from, to := p.ValidFrom(), p.ValidTo()
	when := at.In(moscow).Format("2006-01-02 15:04 MSK")
	switch {
	case at.Before(from):
		f.Result, f.Detail = Failed, fmt.Sprintf("not yet valid at %s: valid from %s", when, p.IssuedOn)
	case !to.IsZero() && !at.Before(to):
		f.Result, f.Detail = Failed, fmt.Sprintf("expired at %s: valid until %s inclusive", when, p.ValidUntil)
	default:
		f.Detail = fmt.Sprintf("valid from %s until %s inclusive", p.IssuedOn, p.ValidUntil)
	}
	return f
}

// representative finds the representative who is s: every number and name
// both sides state must agree, and at least the INN or the SNILS must be
// stated by both.
func (p *PowerOfAttorney) representative(s Signer) Finding {
	f := Finding{Name: CheckRepresentative, Result: Failed}
	var why []string
	for i := range p.Representatives {
		r := &p.Representatives[i]
		var problems []string
		if r.Person == nil {
			// An organisation represents: the signer acts for it when
			// its certificate names that organisation.
			if r.INN != "" && r.INN == s.OrgINN {
				return Finding{Name: CheckRepresentative, Result: Warning,
					Detail: fmt.Sprintf("the representative is the organisation %s (INN %s), which the signer's certificate names; whether the signer may act for it is not shown by this power of attorney", r.Name, r.INN)}
			}
			why = append(why, fmt.Sprintf("the representative %s (INN %s) is an organisation the signer's certificate does not name", r.Name, r.INN))
			continue
		}
		problems = personMismatch(r.Person, s)
		if problems == nil {
			f.Result = Passed
			f.Detail = fmt.Sprintf("the signer is the representative %s (INN %s, SNILS %s)", r.Person.FullName(), r.Person.INN, r.Person.SNILS)
			return f
		}
		why = append(why, fmt.Sprintf("the representative %s: %s", r.Person.FullName(), strings.Join(problems, "; ")))
	}
	if len(why) == 0 {
		why = append(why, "the power of attorney names no representative")
	}
	f.Detail = strings.Join(why, "; ")
	return f
}

// personMismatch says how the person named in an МЧД differs from a
// certificate's signer; nil when they are the same person: each of INN,
// SNILS and name that both state agrees, and the INN or the SNILS is
// stated by both.
func personMismatch(p *Person, s Signer) []string {
	var problems []string
	compared := false
	if p.INN != "" && s.INN != "" {
		compared = true
		if p.INN != s.INN {
			problems = append(problems, fmt.Sprintf("INN %s, the signer's %s", p.INN, s.INN))
		}
	}
	if a, b := NormalizeSNILS(p.SNILS), NormalizeSNILS(s.SNILS); a != "" && b != "" {
		compared = true
		if a != b {
			problems = append(problems, fmt.Sprintf("SNILS %s, the signer's %s", p.SNILS, s.SNILS))
		}
	}
	if !compared {
		problems = append(problems, "neither an INN nor a SNILS that both the power of attorney and the certificate state")
	}
	if s.Surname != "" || s.GivenName != "" {
		given := strings.TrimSpace(p.GivenName + " " + p.Patronymic)
		if normName(p.Surname) != normName(s.Surname) || normName(given) != normName(s.GivenName) {
			problems = append(problems, fmt.Sprintf("name %q, the signer's %q", p.FullName(), strings.TrimSpace(s.Surname+" "+s.GivenName)))
		}
	}
	return problems
}

// normName compares names as people write them: case, runs of spaces and
// ё/е do not matter.
func normName(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "ё", "е")
	return strings.Join(strings.Fields(s), " ")
}

// principal checks that an organisation (or entrepreneur) the signer's
// certificate names is a principal of the МЧД.
func (p *PowerOfAttorney) principal(s Signer) Finding {
	f := Finding{Name: CheckPrincipal}
	if s.OrgINN == "" && s.OGRN == "" && s.OGRNIP == "" {
		f.Result, f.Detail = NotApplicable, "the signer's certificate names no organisation"
		return f
	}
	for _, pr := range p.Principals {
		if (s.OrgINN != "" && pr.INN == s.OrgINN) || (s.OGRN != "" && pr.OGRN == s.OGRN) || (s.OGRNIP != "" && pr.OGRN == s.OGRNIP) {
			f.Result, f.Detail = Passed, fmt.Sprintf("the organisation of the signer's certificate is the principal %s (INN %s)", pr.Name, pr.INN)
			return f
		}
	}
	f.Result = Failed
	f.Detail = fmt.Sprintf("the signer's certificate names the organisation INN %s, OGRN %s, which is not the principal %s",
		orDash(s.OrgINN), orDash(s.OGRN+s.OGRNIP), p.principalNames())
	return f
}

func (p *PowerOfAttorney) principalNames() string {
	var names []string
	for _, pr := range p.Principals {
		names = append(names, fmt.Sprintf("%s (INN %s)", pr.Name, orDash(pr.INN)))
	}
	return strings.Join(names, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// IssuedBy checks that s, the signer of the МЧД itself, is one of the
// persons who act for a principal without a power of attorney (the head
// of the organisation, the entrepreneur, the person): same INN, surname
// and given names; and, when s's certificate names an organisation, that
// organisation is that principal.
func (p *PowerOfAttorney) IssuedBy(s Signer) Finding {
	f := Finding{Name: CheckIssuer, Result: Failed}
	var why []string
	for _, pr := range p.Principals {
		if s.OrgINN != "" && pr.INN != "" && pr.Kind == KindOrganisation && s.OrgINN != pr.INN {
			why = append(why, fmt.Sprintf("the signer's certificate names the organisation INN %s, not the principal %s (INN %s)", s.OrgINN, pr.Name, pr.INN))
			continue
		}
		for i := range pr.Persons {
			person := &pr.Persons[i]
			if problems := personMismatch(person, s); problems == nil {
				f.Result = Passed
				f.Detail = fmt.Sprintf("signed by %s (INN %s), who acts for %s without a power of attorney", person.FullName(), orDash(person.INN), pr.Name)
				return f
			}
		}
		if len(pr.Persons) == 0 {
			why = append(why, fmt.Sprintf("the power of attorney names no person who acts for %s", pr.Name))
		}
	}
	if len(why) == 0 {
		why = append(why, fmt.Sprintf("the signer %s (INN %s) is not among the persons who act for %s without a power of attorney",
			strings.TrimSpace(s.Surname+" "+s.GivenName), orDash(s.INN), p.principalNames()))
	}
	f.Detail = strings.Join(why, "; ")
	return f
}
