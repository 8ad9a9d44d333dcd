package i18n

import "golang.org/x/text/feature/plural"

// entry is one message in both languages: a format string, or a
// catalog.Message such as a plural selection.
type entry struct {
	id     Message
	en, ru any
}

// Reasons: why a signature is not valid (package verify).
const (
	ReasonNotSignature         Message = "reason.not_signature"
	ReasonDocumentMismatch     Message = "reason.document_mismatch"
	ReasonNoTrustAnchors       Message = "reason.no_trust_anchors"
	ReasonDigestMismatch       Message = "reason.digest_mismatch"
	ReasonSignatureInvalid     Message = "reason.signature_invalid"
	ReasonCertificateSwapped   Message = "reason.certificate_swapped"
	ReasonNoSignerCertificate  Message = "reason.no_signer_certificate"
	ReasonContentTypeMismatch  Message = "reason.content_type_mismatch"
	ReasonUnsupportedAlgorithm Message = "reason.unsupported_algorithm"
	ReasonAlgorithmMismatch    Message = "reason.algorithm_mismatch"
	ReasonBadSignerKey         Message = "reason.bad_signer_key"
	ReasonMalformed            Message = "reason.malformed"
	ReasonNoChain              Message = "reason.no_chain"
	ReasonBrokenChain          Message = "reason.broken_chain"
	ReasonIssuerNotFound       Message = "reason.issuer_not_found"
	ReasonNoIssuerWorked       Message = "reason.no_issuer_worked"
	ReasonIssuerDownloaded     Message = "reason.issuer_downloaded"
	ReasonIssuerTried          Message = "reason.issuer_tried"
	ReasonIssuerTriedClass     Message = "reason.issuer_tried_class"
	ReasonNoDetail             Message = "reason.no_detail"
	ReasonNotYetValid          Message = "reason.not_yet_valid"
	ReasonExpired              Message = "reason.expired"
	ReasonOutOfBounds          Message = "reason.out_of_bounds"
	ReasonRevokedBefore        Message = "reason.revoked_before_signing"
	ReasonRevokedNoPOE         Message = "reason.revoked_no_poe"
	ReasonCARevoked            Message = "reason.ca_revoked"
	ReasonRevocationNoMethod   Message = "reason.revocation_no_method"
	ReasonCANoMethod           Message = "reason.ca_revocation_no_method"
	ReasonNoRevocationStatus   Message = "reason.no_revocation_status"
	ReasonCANoStatus           Message = "reason.ca_no_revocation_status"
	ReasonNoRevocationSource   Message = "reason.no_revocation_source"
	ReasonAndFailure           Message = "reason.and_failure"
	ReasonNoReasonGiven        Message = "reason.no_reason_given"
	FailureUnknownStatus       Message = "reason.failure_unknown_status"
)

// Notes and warnings on a signature (package verify).
const (
	NoteRevocationOff       Message = "note.revocation_off"
	NoteSignerIsAnchor      Message = "note.signer_is_anchor"
	WarnSignedAfterValidate Message = "warn.signed_after_validation"
	WarnBudgetSpent         Message = "warn.network_budget_spent"
	WarnCountersignature    Message = "warn.countersignature_invalid"
	WarnUnreadableCert      Message = "warn.unreadable_certificate"
	WarnOtherCertificates   Message = "warn.other_certificates"
	WarnDocumentBeside      Message = "warn.document_beside"
	WarnCANotChecked        Message = "warn.ca_revocation_not_checked"
	WarnAnchorWithoutCA     Message = "warn.anchor_without_ca"
	WarnAttributeOrder      Message = "warn.attribute_order"
	NotePublicKeyOID        Message = "note.public_key_oid"
)

// The text report of a signature (package verify).
const (
	TextVerdictValid         Message = "text.verdict_valid"
	TextVerdictInvalid       Message = "text.verdict_invalid"
	TextVerdictIndeterminate Message = "text.verdict_indeterminate"
	TextDocument             Message = "text.document"
	TextWarning              Message = "text.warning"
	TextNote                 Message = "text.note"
	TextSignature            Message = "text.signature"
	TextCountersignature     Message = "text.countersignature"
	TextUnknownSigner        Message = "text.unknown_signer"
	TextSigned               Message = "text.signed"
	TextChecks               Message = "text.checks"
	TextReason               Message = "text.reason"
	TextDetail               Message = "text.detail"
	TextRevocation           Message = "text.revocation"
	TextINN                  Message = "text.inn"
	TextJSONHint             Message = "text.json_hint"
	CountSignatures          Message = "count.signatures"
	StatusValid              Message = "status.valid"
	StatusInvalid            Message = "status.invalid"
	StatusIndeterminate      Message = "status.indeterminate"
	CheckPassed              Message = "check.passed"
	CheckFailed              Message = "check.failed"
	CheckNotChecked          Message = "check.not_checked"
)

// Command-line hints (package cmd/gostverify).
const (
	HintCerts        Message = "hint.certs"
	HintIssuer       Message = "hint.issuer"
	HintRoots        Message = "hint.roots"
	HintAt           Message = "hint.at"
	HintUsage        Message = "hint.usage"
	WarnNoRevocation Message = "warn.no_revocation"
)

var catalogue = []entry{
	{ReasonNotSignature, "the file is not a readable CMS signature: %s", "Файл не является подписью CMS или повреждён: %s"},
	// The brief forms leave out the issuer candidates rejected, which the
	// signature's error says.
	{ReasonDocumentMismatch, "%s is not the document this signature carries: the signature signs the content inside it, not this file",
		"%s — не тот документ, который содержит подпись: подписано содержимое внутри подписи, а не этот файл"},
	{ReasonNoTrustAnchors, "the signature itself is intact, but the signer's certificate chain was not checked: no trust anchors were given",
		"Подпись не повреждена, но цепочка сертификатов подписанта не проверялась: не заданы доверенные корневые сертификаты"},
	{ReasonDigestMismatch, "the document was changed after signing, or this is not the document that was signed",
		"Документ был изменён после подписания, или это не тот документ, который был подписан"},
	{ReasonSignatureInvalid, "the signature value does not match the signed data: the signature or its signed attributes were altered, or it was made with another key",
		"Значение подписи не соответствует подписанным данным: подпись или её подписанные атрибуты изменены, либо подпись сделана другим ключом"},
	{ReasonCertificateSwapped, "the signature names another certificate than the one it was verified with: the signer certificate was swapped",
		"Подпись ссылается на другой сертификат, чем тот, которым она проверена: сертификат подписанта подменён"},
	{ReasonNoSignerCertificate, "the signer's certificate is not inside the signature and was not among the certificates given",
		"Сертификат подписанта не найден: его нет ни в подписи, ни среди переданных сертификатов"},
	{ReasonContentTypeMismatch, "the signed content type differs from the content", "Подписанный тип содержимого не совпадает с содержимым"},
	{ReasonUnsupportedAlgorithm, "the signature uses an algorithm this version does not support", "Подпись использует алгоритм, который эта версия не поддерживает"},
	{ReasonAlgorithmMismatch, "the signature's algorithms do not fit the signer's key", "Алгоритмы подписи не соответствуют ключу подписанта"},
	{ReasonBadSignerKey, "the signer certificate's public key is malformed", "Открытый ключ в сертификате подписанта повреждён"},
	{ReasonMalformed, "the signature is malformed", "Подпись повреждена"},
	{ReasonNoChain, "the signer's certificate does not chain to a trusted root: %s",
		"Не удалось построить цепочку сертификатов до доверенного корневого сертификата: %s"},
	{ReasonBrokenChain, "the certificate chain is broken: %s", "Цепочка сертификатов нарушена: %s"},
	{ReasonIssuerNotFound, "its issuer %s was not found", "издатель %s не найден"},
	{ReasonNoIssuerWorked, "no issuer candidate worked (%s)", "ни один из найденных сертификатов издателя не подошёл (%s)"},
	{ReasonIssuerDownloaded, "%s; downloaded %s", "%s; загружен %s"},
	{ReasonIssuerTried, "%s; tried %s: %s", "%s; не удалось загрузить %s: %s"},
	{ReasonIssuerTriedClass, "%s; tried %s: %s: %s", "%s; не удалось загрузить %s: %s: %s"},
	{ReasonNoDetail, "no detail", "подробностей нет"},
	{ReasonNotYetValid, "the signature claims to be made on %s, before the signer's certificate became valid (%s)",
		"Подпись указывает время подписания %s, когда сертификат подписанта ещё не действовал (действует с %s)"},
	{ReasonExpired, "the signature claims to be made on %s, after the signer's certificate expired (%s)",
		"Подпись указывает время подписания %s, когда срок действия сертификата подписанта уже истёк (%s)"},
	{ReasonOutOfBounds, "the signer's certificate is valid from %s to %s, not at the validation time %s, and nothing proves the signature was made while it was valid (no valid timestamp)",
		"Сертификат подписанта действует с %s по %s, но не на момент проверки %s, и нет доказательства, что подпись создана в период его действия (нет действительного штампа времени)"},
	{ReasonRevokedBefore, "the signer's certificate was revoked on %s (%s), before the claimed signing time %s",
		"Сертификат подписанта отозван %s (%s), до указанного времени подписания %s"},
	{ReasonRevokedNoPOE, "the signer's certificate was revoked on %s (%s); nothing proves the signature was made before that (no valid timestamp)",
		"Сертификат подписанта отозван %s (%s); нет доказательства, что подпись создана раньше (нет действительного штампа времени)"},
	{ReasonCARevoked, "intermediate CA %s was revoked on %s (%s)", "Сертификат промежуточного УЦ %s отозван %s (%s)"},
	{ReasonRevocationNoMethod, "the revocation status of the signer's certificate was not checked: no method was selected",
		"Статус отзыва сертификата подписанта не проверялся: не выбран способ проверки"},
	{ReasonCANoMethod, "the revocation status of intermediate CA %s was not checked: no method was selected",
		"Статус отзыва сертификата промежуточного УЦ %s не проверялся: не выбран способ проверки"},
	{ReasonNoRevocationStatus, "no revocation status could be obtained", "Не удалось получить статус отзыва сертификата"},
	{ReasonCANoStatus, "the revocation status of intermediate CA %s could not be obtained",
		"Не удалось получить статус отзыва сертификата промежуточного УЦ %s"},
	{ReasonNoRevocationSource, "%s: the certificate names no OCSP responder or CRL distribution point",
		"%s: в сертификате не указаны ни служба OCSP, ни точка распространения СОС"},
	{ReasonAndFailure, "%s; %s", "%s; %s"},
	{ReasonNoReasonGiven, "no reason given", "причина не указана"},
	{FailureUnknownStatus, "%s: the responder does not know this certificate (status unknown)", "%s: служба OCSP не знает этот сертификат (статус unknown)"},

	{NoteRevocationOff, "revocation checking was turned off", "проверка отзыва отключена"},
	{NoteSignerIsAnchor, "the signer certificate is itself a trust anchor", "сертификат подписанта сам является доверенным корневым"},
	{WarnSignedAfterValidate, "the signature claims to be made on %s, after the validation time %s",
		"подпись указывает время подписания %s — позже момента проверки %s"},
	{WarnBudgetSpent, "the network budget of %v for this signature file ran out: requests after it were not made",
		"время на сетевые запросы для этого файла подписи (%v) истекло: дальнейшие запросы не выполнялись"},
	{WarnCountersignature, "countersignature %s is invalid: %s", "заверяющая подпись %s недействительна: %s"},
	{WarnUnreadableCert, "certificate %d inside the signature could not be read and was ignored: %v",
		"сертификат %d внутри подписи не удалось прочитать, он пропущен: %v"},
	{WarnOtherCertificates, plural.Selectf(1, "%d", "one", "%d attribute or other non-X.509 certificate inside the signature was ignored", "other", "%d attribute or other non-X.509 certificates inside the signature were ignored"),
		plural.Selectf(1, "%d", "one", "%d атрибутный или другой не-X.509 сертификат внутри подписи пропущен", "few", "%d атрибутных или других не-X.509 сертификата внутри подписи пропущены", "other", "%d атрибутных или других не-X.509 сертификатов внутри подписи пропущены")},
	{WarnDocumentBeside, "the file %s beside it is not the document this signature carries", "файл %s рядом с подписью — не тот документ, который она содержит"},
	{WarnCANotChecked, "the revocation of intermediate CA %s was not checked: the selected method does not fit the URLs it names",
		"отзыв сертификата промежуточного УЦ %s не проверялся: выбранный способ проверки не подходит к указанным в нём адресам"},
	{WarnAnchorWithoutCA, "trust anchor %s has no basicConstraints; it is accepted as a CA only because it was given as a trust anchor",
		"у доверенного корневого сертификата %s нет расширения basicConstraints; он принят как сертификат УЦ только потому, что задан как доверенный"},
	{WarnAttributeOrder, "the signed attributes are not in DER order; they were verified as received",
		"подписанные атрибуты идут не в порядке DER; подпись проверена по ним как есть"},
	{NotePublicKeyOID, "the signature algorithm is written as the public-key OID, as CryptoPro CSP and ViPNet write it",
		"алгоритм подписи указан идентификатором алгоритма открытого ключа, как это делают КриптоПро CSP и ViPNet"},

	{TextVerdictValid, "VALID", "ДЕЙСТВИТЕЛЬНА"},
	{TextVerdictInvalid, "INVALID", "НЕДЕЙСТВИТЕЛЬНА"},
	{TextVerdictIndeterminate, "INDETERMINATE", "НЕ УДАЛОСЬ ПРОВЕРИТЬ"},
	{TextDocument, "document: %s", "документ: %s"},
	{TextWarning, "warning: %s", "предупреждение: %s"},
	{TextNote, "note: %s", "примечание: %s"},
	{TextSignature, "signature %s", "подпись %s"},
	{TextCountersignature, "countersignature %s", "заверяющая подпись %s"},
	{TextUnknownSigner, "unknown signer", "подписант неизвестен"},
	{TextSigned, "signed %s", "подписано %s"},
	{TextChecks, "checks: signature %s, chain %s, revocation %s", "проверка подписи: %s, цепочки: %s, отзыва: %s"},
	{TextReason, "reason: %s", "причина: %s"},
	{TextDetail, "detail: %s", "подробности: %s"},
	{TextRevocation, "revocation: %s", "отзыв: %s"},
	{TextINN, "INN %s", "ИНН %s"},
	{TextJSONHint, "(--json prints this result as JSON)", "(--json выводит этот результат в JSON)"},
	{CountSignatures, plural.Selectf(1, "%d", "one", "%d signature", "other", "%d signatures"),
		plural.Selectf(1, "%d", "one", "%d подпись", "few", "%d подписи", "other", "%d подписей")},

	{StatusValid, "valid", "действительна"},
	{StatusInvalid, "invalid", "недействительна"},
	{StatusIndeterminate, "indeterminate", "не удалось проверить"},
	{CheckPassed, "passed", "пройдена"},
	{CheckFailed, "failed", "не пройдена"},
	{CheckNotChecked, "not_checked", "не выполнялась"},

	{HintCerts, "give the signer's certificate with --certs", "укажите сертификат подписанта в --certs"},
	{HintIssuer, "give the missing issuer with --certs, or the root with --roots", "укажите недостающий сертификат издателя в --certs или корневой в --roots"},
	{HintRoots, "give trust anchors with --roots", "укажите доверенные корневые сертификаты в --roots"},
	{HintAt, "use --at to validate at another time, such as when the signature was made", "задайте момент проверки в --at, например время подписания"},
	{HintUsage, "run 'gostverify %s --help' for the usage", "справка: gostverify %s --help"},
	{WarnNoRevocation, "--revocation none: revoked certificates are not detected", "--revocation none: отозванные сертификаты не обнаруживаются"},
}
