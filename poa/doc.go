// Package poa reads a machine-readable power of attorney (МЧД) of format
// 003: ВерсФорм="EMCHD_1", root Доверенность in the namespace
// urn://x-artefacts/EMCHD_1, the FNS schema ON_EMCHD_1_928_00_01_01_01.xsd.
//
//	data, err := os.ReadFile(path)
//	p, err := poa.Parse(data, filepath.Base(path), poa.Limits{})
//	var fe *poa.FormatError
//	if errors.As(err, &fe) { ... fe.Reason: OldFormat, MissingElement, BadValue, DTDRefused, ... }
//	p.Number, p.IssuedOn, p.ValidUntil, p.Registry       // НомДовер, ДатаВыдДовер, СрокДейст, СведСист
//	p.Principals[i].Persons                             // who may sign the МЧД
//	p.Representatives[i].Person                         // who may sign under it
//	p.Powers[i].Code                                    // КодПолн
//
// What Parse guarantees. The input is read as a stream with encoding/xml
// in strict mode, within Limits (4 MiB, 32 levels, 20 000 elements by
// default). A DOCTYPE or any other markup declaration is refused
// (DTDRefused): no DTD is ever read and no entity other than XML's five
// is expanded, so an entity bomb or an external entity costs nothing. The
// encoding is UTF-8 as the format wants; a document that declares
// windows-1251 (the older FNS formats' encoding) is decoded, any other
// encoding is BadEncoding. A file of the previous format (ВерсФорм "002",
// no namespace) is OldFormat, naming the version found.
//
// For what it reads, Parse checks the schema's rules: every required
// element and attribute (MissingElement, MissingAttribute, with the path,
// such as "Документ/Довер/СвДов@НомДовер"), elements that may appear once
// (Duplicate), and the values' lengths, enumerations and patterns
// (BadValue): НомДовер a GUID, dates xs:date, ИННЮЛ 10 digits, ИННФЛ 12,
// КПП, ОГРН 13, ОГРНИП 15, СНИЛС "ddd-ddd-ddd dd". It is stricter than the
// schema where the schema leaves a МЧД useless to a verifier: the grantor
// element that ТипДоверит names (РосОргДовер for 1, ИнОргДовер 2, ИПДовер 3,
// ФЛДовер 4) must be there and no other, the same for ТипПред and
// ТипПерПолн; each ЛицоБезДов must name someone (СВЮЛ, СвФЛ or СвИП); СвПолн
// must hold МашПолн or ТекстПолн; a МЧД for a tax authority (the 4th
// character of ПрЭлФорм is 1) must have ИдФайлНО starting with ON_DOVEL.
// ИдФайл must end with НомДовер, and when a name is given the file's name
// without its extension must be ИдФайл (or ИдФайлНО), without regard to
// case (FileNameMismatch). Values are returned as written.
//
// What Parse does not do. It is not a schema validator: elements it does
// not read (addresses, identity documents, notarial data, restrictions
// other than their codes) are skipped without checking, as are unknown
// elements, within the limits; check a file with the XSD (xmllint
// --schema) where full conformance matters. It checks no check digits of
// INN, OGRN or SNILS.
//
// Matching, given who signed (a Signer, read from a certificate by the
// caller — package verify uses qualified.IdentityOf):
//
//	p.Evaluate(docSigner, at) // POA_PERIOD, POA_REPRESENTATIVE, POA_PRINCIPAL
//	p.IssuedBy(poaSigner)     // POA_ISSUER
//
// The period counts Moscow days, both ends included (ValidFrom, ValidTo);
// a representative must agree in every number and name both sides state,
// with the INN or the SNILS stated by both; an organisation the signer's
// certificate names must be a principal; the МЧД's signer must be one of a
// principal's Persons. Each Finding says what was found, in English.
//
// The registry: Registry.Status asks the FNS registry's public API
// (DefaultRegistryURL, or any address, or a URL with {number}) for an
// МЧД's status — active, revoked, expired, suspended, not_found — and
// keeps the answer in a cache directory. Which powers cover a document is
// reported for the reader to judge, with the codes.
//
// What this package does not decide: whether the МЧД's detached signature
// holds (chain, revocation, long-term rules), and the verdict that joins
// the signature, the matching and the registry — package verify does
// (Verifier.LoadPOA, Input.POAs). Without the registry a МЧД can at best be
// "not checked against the registry", never simply valid.
//
// A re-delegation (Документ/Передов) is read too: its own details come
// from СвПереДовер, Principals are those who pass the powers on
// (СвПередПолн), Representatives those who receive them (СвПолучПолн), and
// OriginalNumber and ParentNumber name the chain.
package poa
