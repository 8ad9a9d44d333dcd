// Package tsl reads the Минцифры list of accredited certification
// authorities (the XML of e-trust.gosuslugi.ru, root element
// АккредитованныеУдостоверяющиеЦентры) and says whether the CA that issued a
// signer's certificate was accredited when it signed.
//
// Get a list, check it and keep it:
//
//	data, att, err := tsl.Fetch(ctx, client, tsl.DefaultURL) // bounded: 128 MiB, 5 min
//	list, err := tsl.Read(data, tsl.Options{VerifySigner: pathToMincifryRoot})
//	_, err = tsl.StoreVerified(cacheDir, data, list, anchors, now) // refuses to replace a newer edition
//
// and later, offline:
//
//	c, err := tsl.Load(cacheDir)       // c.Version, c.Date, c.Age(now)
//	mark, _ := tsl.LoadMark(cacheDir)
//	list, marked, err := tsl.ReadMarked(c.Data, mark, anchors, opts)
//	v := list.Check(issuerCert, tsl.Query{At: bestSignatureTime, Issued: signerCert.NotBefore})
//	if !v.Accredited() { ... v.Reason: NotInList, KeyNotValid, Suspended, AccreditationEnded, ... }
//
// StoreVerified keeps, beside a list whose signature held, a mark of that
// check (the SHA-256 of the bytes and of the trust anchors, the signer's
// certificates); ReadMarked then parses the same bytes under the same
// anchors without checking the XMLDSig again (seconds and hundreds of MB
// for a real list), still building the signer's path, and checks in full
// anything else. The mark makes the cache directory as trusted as the
// anchors' own directory: whoever can write it can plant a list. Store and
// Read are the same without the mark.
//
// Read refuses a list whose signature does not hold with a
// *SignatureError (Unsigned, DigestMismatch, BadSignature, ...);
// Options.AcceptUnsignedList accepts it anyway, recording why in
// List.SignatureErr, and a command that offers it must warn. A list that
// does not parse is a *ParseError naming the CA (its position and Название)
// and the element.
//
// What Check decides. The CA certificate is found in the list by its DER
// (a ДанныеСертификата), else by its subject key identifier
// (ИдентификаторКлюча): MatchKind says which. Then, at Query.At:
//   - a listed certificate of that key must be valid (ПериодДействияС to
//     ПериодДействияДо, both included), else KeyNotValid;
//   - the CA's status in force must be Действует. The status history and
//     the current status make one timeline sorted by ДействуетС; an entry
//     holds from its ДействуетС until the next one's. Приостановлена is
//     Suspended, Прекращена and Аннулирована are AccreditationEnded, no
//     entry yet is NotYetAccredited, a value this package does not know is
//     UnknownStatus (never taken for accredited);
//   - for a certificate issued on or after 1 July 2021 (Moscow; NewRules),
//     the status in force at Query.Issued must be Действует
//     (NotAccreditedAtIssuance) and date from NewRules or later (OldRules):
//     Federal Law 63-FZ as amended in 2021 wants the CA accredited under
//     the new rules, before it issued the certificate. Reading "accredited
//     under the new rules" as "the Действует entry in force dates from
//     NewRules or later" is this package's inference from how the list
//     records re-accreditation and from what Kontur's service says; it is
//     not stated in the list.
//
// When the certificate appears in several places, each is judged and the
// first accredited verdict wins; the others are in Verdict.Others.
//
// The signature. Минцифры signs the list with an enveloped XMLDSig
// signature: exclusive C14N, GOST R 34.10-2012-256 with GOST R
// 34.11-2012-256 (CryptoPro's URIs). VerifySignature checks the Reference
// digest over the document without its Signature element, canonicalised
// with exclusive C14N, and SignatureValue over the canonical SignedInfo
// with the key of the KeyInfo certificate, both read as stored: the byte
// order of OpenSSL and X.509, which real CryptoPro-made SMEV 3 signatures
// confirm (testdata/README.md). It says who signed (Signature.Subject);
// whether that certificate leads to a Минцифры root is
// Options.VerifySigner's question: a command passes a function that builds
// the path with package chain. Canonicalisation is goxmldsig's exclusive
// C14N on an etree document, so a list is held as a tree while its
// signature is checked: about seven times its size (180 MB for 27 MB).
// Known limits, all of which make a good list fail rather than a bad one
// pass: a literal tab or line break inside an attribute value is not
// normalised to a space (encoding/xml keeps it); goxmldsig writes an
// xmlns="" undeclaration even where no default namespace was rendered
// above; references other than the whole document, transforms other than
// enveloped-signature then exclusive C14N, and processing instructions
// outside the root are refused as Unsupported.
//
// Parsing streams the XML token by token with encoding/xml: Scan hands
// over one CA at a time (a list of 50 000 CAs, 276 MB, in 4 MB of heap);
// Parse keeps them all, never a document tree. Unknown elements are
// skipped at any depth, as are elements in a namespace (the Signature
// among them); what is read is read strictly: dates are xs:dateTime (one
// without a zone is Moscow time), ИНН and ОГРН are digits of their
// lengths, identifiers and thumbprints hex, Данные base64 of one DER
// SEQUENCE, single elements appear once, and Название, СтатусАккредитации
// and a certificate's Данные and period are required. Limits bound the
// size of the list, of each text, the number of CAs and of the repeated
// elements inside one, and the nesting. UTF-8 and windows-1251 are read.
//
// Not done here: fetching on a schedule, the command (`gostverify tsl
// update/show`), and the policy of how old a list may be (Header.Age gives
// the age; the caller warns).
package tsl
