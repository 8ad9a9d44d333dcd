package qualified

import "crypto/x509"

// Identity is who a certificate names, as Приказ ФСБ № 795 writes it:
// the person's numbers and names and, for an organisation's certificate,
// the organisation's. It is what a power of attorney is matched against.
type Identity struct {
	Kind Kind
	// INN is the person's (or entrepreneur's) INN, 12 digits; an
	// organisation's INN written zero-padded in the INN attribute (older
	// certificates) is OrgINN instead.
	INN    string
	SNILS  string
	OGRNIP string
	// OrgINN and OGRN are the organisation's (INNLE, or the legacy
	// zero-padded INN), "" for a person's certificate.
	OrgINN, OGRN string
	// Surname and GivenName are SN and GN as written (GN holds the given
	// name and the patronymic: "Анна Сергеевна"); CommonName is CN and
	// Organization the first O.
	Surname, GivenName, CommonName, Organization string
	// Err is set when the subject could not be read; the numbers are then
	// empty.
	Err error
}

// IdentityOf reads cert's subject.
func IdentityOf(cert *x509.Certificate) Identity {
	s := readSubject(cert)
	id := Identity{Kind: s.kind, Err: s.err, Surname: s.sn, GivenName: s.gn, CommonName: s.cn}
	if len(cert.Subject.Organization) > 0 {
		id.Organization = cert.Subject.Organization[0]
	}
	if s.err != nil {
		return id
	}
	id.SNILS, id.OGRNIP, id.OGRN = s.first(SNILS), s.first(OGRNIP), s.first(OGRN)
	id.OrgINN = s.first(INNLE)
	if inn := s.first(INN); legacyINN(inn) {
		if id.OrgINN == "" {
			id.OrgINN = inn[2:]
		}
	} else {
		id.INN = inn
	}
	return id
}
