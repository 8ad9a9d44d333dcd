// Package qualified tells whether a signature can be a qualified electronic
// signature (квалифицированная электронная подпись, КЭП, under 63-ФЗ "Об
// электронной подписи") as far as its signer's certificate, its algorithm and
// its time show. The rest of qualification is elsewhere: the certificate's
// path and revocation (packages chain and ocspclient) and the accreditation
// of the CA when the certificate was issued (package tsl).
//
// Call Evaluate with the signer's certificate and what is known of the
// signature:
//
//	cs := qualified.Evaluate(cert, qualified.Signature{
//		Algorithm: signerInfo.SignatureAlgorithm.Algorithm,
//		Time:      bestSignatureTime, // or the claimed signing time
//		Proven:    proven,            // a valid timestamp (or other proof) shows it existed then
//	})
//	if cs.Result() == qualified.Failed { ... } // not a qualified signature; cs.Err() holds each cause
//	for _, c := range cs {
//		fmt.Println(c.Name, c.Result, c.Detail)
//	}
//
// or its parts: SignerProfile (the signer's certificate), CAProfile (each CA
// certificate of the path), CertificateAlgorithm, SignatureAlgorithm and
// PrivateKeyUsage. Number.Validate checks one registration number (INN,
// INNLE, OGRN, OGRNIP, SNILS); KindOf says whose certificate it is (a person,
// an individual entrepreneur or an organisation); the Parse functions read
// the Russian extensions strictly.
//
// Every function is pure: certificates and times in, a list of checks out.
// Each Check has a Name (a stable code such as IDENTITY_INN, the same in
// every language), a Result (passed, failed, not_applicable or warning), a
// Detail in plain English with the values and dates involved, and for a
// failure or a warning a Cause: an *Error whose Reason callers branch on with
// errors.As. Failed means the signature cannot be a qualified one. Warning
// means look: the rule is inferred rather than read in the law, or the law
// cannot be decided from the certificate alone. Dates in the rules are
// midnight Moscow time (UTC+3).
//
// # The rules and their authority
//
// Marks: (V) read in the source named; (R) recalled or inferred. A rule
// marked R fails a certificate only where every real accredited certificate
// obeys it; otherwise it is a warning. E.1 ... E.11 are the rows of section
// E (Russian policy checks) of the project's reference on long-term
// signatures, which names their sources.
//
//   - Registration numbers (IDENTITY_*): digits only, the length of their
//     kind, and the FNS and ПФР check digits — confirmed on every number in
//     the real certificates of testdata/gost-corpus and on published
//     examples (V); a SNILS up to 001-001-998 has no check digits. RFC 9215
//     writes them as NumericString (V, its ASN.1 module RuStrongCertsSyntax);
//     another string type is a warning. A number given twice fails.
//   - Subject kind (SUBJECT_KIND): an OGRNIP makes an individual
//     entrepreneur; an OGRN or an organisation's INN an organisation; else a
//     person. An OGRN beside an OGRNIP fails.
//   - An organisation (ЮЛ) gives its OGRN and its INN (63-ФЗ article 17 part
//     2, R). Приказ ФСБ № 31, in force 2021-09-01 (V, the order's text,
//     E.1), made INN the person's and put the organisation's in INNLE (V,
//     messagebiz.ru's summary of the order); older certificates carry it
//     zero-padded in INN (RFC 9215 calls that legacy, V): accepted before
//     2021-09-01, a warning after. From 2022-01-01 the certificate names the
//     person acting for the organisation, with their INN beside INNLE (V
//     E.3, Kontur's rule): it fails when a person is named without an INN,
//     and warns when no person is named, which only a certificate for
//     automatic signing may do (R).
//     Its common name is the organisation's, not the person's (V E.4).
//   - An individual entrepreneur (ИП) gives the OGRNIP and the SNILS; a
//     person (ФЛ) the SNILS (63-ФЗ article 17 part 2, R; every real one
//     does). Their INN is a warning when absent: the 2019 amendment of
//     article 17 lists it beside the SNILS (R, not read in the law's text).
//     An OGRN not starting with 1 or 5, or an OGRNIP not with 3, is a warning
//     (ФНС's numbering, R).
//   - subjectSignTool (1.2.643.100.111) and issuerSignTool (1.2.643.100.112)
//     are present and DER as RFC 9215 section 5 defines them: a UTF8String
//     of 1-200 characters; four UTF8Strings of 1-200, 1-200, 1-100 and 1-100
//     (V). 63-ФЗ article 17 part 2 requires the certificate to name the
//     signature tools and the CA's, with the documents certifying them (R);
//     every real qualified certificate carries both.
//   - certificatePolicies names a class of signature tool, КС1 ... КА1
//     (1.2.643.100.113.1-6; Приказ ФСБ № 795, R; every real one does).
//   - keyUsage has digitalSignature on a signer's certificate (V E.8) and
//     keyCertSign on a CA's (RFC 5280). A CA's digitalSignature is not
//     required: the Минцифры roots do not assert it.
//   - identificationKind (1.2.643.100.114), when present, is 0-3 (V, RFC
//     9215); absent from a certificate issued since 2021-09-01 it is a
//     warning (R: every real one issued since carries it).
//   - GOST R 34.10-2001 (V E.6, ФСБ России letter 149/7/6-363): a
//     certificate made with it (its signature or its key) from 2019-01-01 is
//     not qualified (CERTIFICATE_ALGORITHM); a signature made with it passes
//     only when proven to have existed before 2020-01-01 — a claimed signing
//     time proves nothing — and otherwise fails with reason NoPOE, ETSI EN
//     319 102-1 CRYPTO_CONSTRAINTS_FAILURE_NO_POE (SIGNATURE_ALGORITHM). A
//     certificate not made with GOST R 34.10-2001 or 2012 fails.
//   - privateKeyUsagePeriod (2.5.29.16), read strictly as DER: a signature
//     claimed outside it, or proven only after it ended, is a warning with
//     the dates (V E.7: CryptoPro CSP refuses to sign outside it by
//     default; the law does not make it fail on its own).
//
// CAProfile applies the rules that concern a CA: an organisation with its
// OGRN and INN, basicConstraints, keyCertSign, the two sign-tool extensions,
// a class, identificationKind and the algorithm. Every certificate of the
// accredited CAs and of the Минцифры, Минкомсвязь and ГУЦ roots in
// testdata/gost-corpus passes it.
//
// Not checked here: the CA's accreditation at the time of issue and
// notBefore against it (E.5, package tsl), powers of attorney (МЧД),
// ЕГРЮЛ marks (E.11) and a KC1 class with keyEncipherment (E.10, a
// business rule of one operator, not law).
//
// The inputs are public certificates; nothing here runs in constant time.
// No input makes the package panic (the parsers and validators are fuzzed).
package qualified
