package i18n

import "golang.org/x/text/feature/plural"

// Long-term signatures (CAdES-T, -C, -X Long, -A): timestamps, embedded
// certificate and revocation values, the proof of existence.
const (
	// Why a timestamp token is not valid.
	TSArchiveNotChecked     Message = "ts.archive_not_checked"
	TSArchiveNoContent      Message = "ts.archive_no_content"
	TSArchiveIndexUnmatched Message = "ts.archive_index_unmatched"
	TSArchiveIndexMissing   Message = "ts.archive_index_missing"
	TSNoRefs                Message = "ts.no_refs"
	TSContentHashDiffers    Message = "ts.content_hash_differs"
	TSMalformed             Message = "ts.malformed"
	TSImprintMismatch       Message = "ts.imprint_mismatch"
	TSNoTimeStampingUsage   Message = "ts.no_timestamping_usage"
	TSNoESSCertID           Message = "ts.no_ess_cert_id"
	TSUnsupportedHash       Message = "ts.unsupported_hash"
	TSNoTSACertificate      Message = "ts.no_tsa_certificate"
	TSSignatureInvalid      Message = "ts.signature_invalid"
	TSNoPath                Message = "ts.no_path"
	TSCertificateNotValid   Message = "ts.certificate_not_valid"
	TSRevoked               Message = "ts.revoked"

	// What each kind of timestamp covers.
	TSCoversContent   Message = "ts.covers.content"
	TSCoversSignature Message = "ts.covers.signature"
	TSCoversCAdESC    Message = "ts.covers.cades_c"
	TSCoversRefs      Message = "ts.covers.refs"
	TSCoversArchive   Message = "ts.covers.archive"

	WarnTimestampFailed      Message = "warn.timestamp_failed"
	WarnSignedAfterTimestamp Message = "warn.signed_after_timestamp"
	WarnLayerFailed          Message = "warn.layer_failed"
	ReasonTimestampOrder     Message = "reason.timestamp_order"
	ReasonOutOfBoundsProven  Message = "reason.out_of_bounds_proven"
	NoteTSAStatusUnknown     Message = "note.tsa_status_unknown"
	NoteRevokedAfterProof    Message = "note.revoked_after_proof"
	NoteCARevokedAfterProof  Message = "note.ca_revoked_after_proof"

	// What a layer of a long-term signature showed.
	LayerBaseInvalid          Message = "layer.base_invalid"
	LayerBaseNotChecked       Message = "layer.base_not_checked"
	LayerNoValidTimestamp     Message = "layer.no_valid_timestamp"
	LayerSomeTimestampsFailed Message = "layer.some_timestamps_failed"
	LayerXTimestampFailed     Message = "layer.x_timestamp_failed"
	LayerMalformedAttribute   Message = "layer.malformed_attribute"
	LayerCertRefUnresolved    Message = "layer.cert_ref_unresolved"
	LayerCRLRefUnresolved     Message = "layer.crl_ref_unresolved"
	LayerOCSPRefUnresolved    Message = "layer.ocsp_ref_unresolved"
	LayerValueInvalid         Message = "layer.value_invalid"

	// Text output.
	TextLevel             Message = "text.level"
	TextTimestamp         Message = "text.timestamp"
	TextBestSignatureTime Message = "text.best_signature_time"
	TextLayer             Message = "text.layer"
	PartValid             Message = "part.valid"
	PartInvalid           Message = "part.invalid"
	PartIndeterminate     Message = "part.indeterminate"

	MeaningTimestampOrderFailure Message = "meaning.TIMESTAMP_ORDER_FAILURE"

	// Where a revocation status came from, in the text output.
	RevSourceEmbedded  Message = "rev_source.embedded"
	RevSourceSignature Message = "rev_source.signature"
	RevSourceCache     Message = "rev_source.cache"
)

var longTermCatalogue = []entry{
	{TSArchiveNotChecked, "this form of archive timestamp (v1, or an unsupported hash index) is not checked by this version; it is not used as proof",
		"такой архивный штамп времени (v1 или с неподдерживаемым индексом хэшей) эта версия не проверяет; штамп не используется как доказательство"},
	{TSArchiveNoContent, "the archive timestamp covers the document itself, which was not read here or is larger than 64 MiB; it was not checked",
		"архивный штамп времени заверяет сам документ, который здесь не читался или больше 64 МиБ; штамп не проверялся"},
	{TSArchiveIndexUnmatched, "the archive timestamp's hash index names %d element(s) the signature does not hold: the signature was changed after it was archived",
		"индекс хэшей архивного штампа времени называет элементы, которых нет в подписи (%d): подпись изменена после архивирования"},
	{TSArchiveIndexMissing, "the archive timestamp has no hash index (ats-hash-index)", "у архивного штампа времени нет индекса хэшей (ats-hash-index)"},
	{TSNoRefs, "the certificate and revocation references the timestamp covers are missing from the signature",
		"в подписи нет ссылок на сертификаты и сведения об отзыве, которые заверяет штамп времени"},
	{TSContentHashDiffers, "the timestamp hashes the document with another algorithm than the signature; its imprint was not checked",
		"штамп времени вычислен по другому алгоритму хэширования документа, чем подпись; его отпечаток не проверялся"},
	{TSMalformed, "the timestamp token is damaged or is not an RFC 3161 token",
		"штамп времени повреждён или не является штампом RFC 3161"},
	{TSImprintMismatch, "the timestamp was made for other data, not for %s (its imprint does not match)",
		"штамп времени выдан на другие данные, а не на %s (отпечаток не совпадает)"},
	{TSNoTimeStampingUsage, "the certificate that signed the timestamp is not a timestamping service certificate (no critical timeStamping extended key usage)",
		"сертификат, которым подписан штамп времени, не является сертификатом службы штампов времени (нет критичного расширения timeStamping)"},
	{TSNoESSCertID, "the timestamp does not name its signer certificate (no signingCertificate attribute)",
		"в штампе времени не указан сертификат его подписанта (нет атрибута signingCertificate)"},
	{TSUnsupportedHash, "the timestamp's hash algorithm is not supported",
		"алгоритм хэширования штампа времени не поддерживается"},
	{TSNoTSACertificate, "the timestamp service's certificate is neither in the timestamp nor in the signature",
		"сертификата службы штампов времени нет ни в штампе, ни в подписи"},
	{TSSignatureInvalid, "the timestamp's own signature does not verify: it was altered",
		"подпись штампа времени неверна: штамп был изменён"},
	{TSNoPath, "the timestamp service's certificate does not chain to a trusted root certificate (issuer %s)",
		"Не удалось построить цепочку сертификатов службы штампов времени до доверенного корневого сертификата (издатель %s)"},
	{TSCertificateNotValid, "the timestamp service's certificate (valid from %s to %s) was not valid at the timestamp's time",
		"сертификат службы штампов времени (действует с %s по %s) не действовал в момент штампа"},
	{TSRevoked, "the timestamp service's certificate was revoked on %s, before the timestamp was made",
		"сертификат службы штампов времени отозван %s, до выдачи штампа"},

	{TSCoversContent, "the document", "документ"},
	{TSCoversSignature, "the signature value", "значение подписи"},
	{TSCoversCAdESC, "the signature and its certificate and revocation references", "подпись и ссылки на сертификаты и сведения об отзыве"},
	{TSCoversRefs, "the certificate and revocation references", "ссылки на сертификаты и сведения об отзыве"},
	{TSCoversArchive, "the whole signature (archive)", "всю подпись (архивный штамп)"},

	{WarnTimestampFailed, "timestamp %d (over %s) is not valid and is not used as proof: %s",
		"штамп времени %d (на %s) недействителен и не используется как доказательство: %s"},
	{WarnSignedAfterTimestamp, "the claimed signing time %s is later than the signature timestamp %s: the signer's clock was wrong, or the claim is",
		"указанное время подписания %s позже штампа времени на подпись %s: часы подписанта шли неверно или время указано неверно"},
	{WarnLayerFailed, "the %s layer of the signature is broken (%s); the verdict rests on what remains",
		"слой %s подписи повреждён (%s); результат основан на остальных данных"},
	{ReasonTimestampOrder, "the content timestamp (%s) is later than the signature timestamp (%s), which cannot be",
		"штамп времени на содержимое (%s) позже штампа времени на подпись (%s), чего не может быть"},
	{ReasonOutOfBoundsProven, "the signer's certificate is valid from %s to %s, and the earliest proof that the signature existed (a timestamp of %s) is outside that period",
		"Сертификат подписанта действует с %s по %s, а самое раннее доказательство существования подписи (штамп времени %s) — вне этого срока"},
	{NoteTSAStatusUnknown, "the timestamp service certificate's revocation status could not be obtained; the timestamp is used as proof all the same",
		"не удалось получить статус отзыва сертификата службы штампов времени; штамп всё же используется как доказательство"},
	{NoteRevokedAfterProof, "the signer's certificate was revoked on %s, after the signature was proven to exist (%s)",
		"сертификат подписанта отозван %s — после того, как существование подписи доказано (%s)"},
	{NoteCARevokedAfterProof, "intermediate CA %s was revoked on %s, after the signature was proven to exist (%s)",
		"сертификат промежуточного УЦ %s отозван %s — после того, как существование подписи доказано (%s)"},

	{LayerBaseInvalid, "the base signature does not verify", "базовая подпись неверна"},
	{LayerBaseNotChecked, "the base signature could not be checked", "базовую подпись проверить не удалось"},
	{LayerNoValidTimestamp, plural.Selectf(1, "%d", "one", "its %d timestamp is not valid", "other", "none of its %d timestamps is valid"),
		plural.Selectf(1, "%d", "one", "его %d штамп времени недействителен", "few", "ни один из его %d штампов времени не действителен", "other", "ни один из его %d штампов времени не действителен")},
	{LayerSomeTimestampsFailed, "%d of its %d timestamps are not valid", "недействительны штампы времени: %d из %d"},
	{LayerXTimestampFailed, "its timestamp over the references is not valid", "его штамп времени на ссылки недействителен"},
	{LayerMalformedAttribute, "an attribute of the long-term form is damaged or repeated", "атрибут долгосрочной подписи повреждён или повторяется"},
	{LayerCertRefUnresolved, "certificate reference %d has no certificate among the values the signature carries",
		"для ссылки на сертификат %d в подписи нет самого сертификата"},
	{LayerCRLRefUnresolved, "a CRL reference (for certificate %d of the path) has no CRL among the values the signature carries",
		"для ссылки на список отзыва (для сертификата %d цепочки) в подписи нет самого списка"},
	{LayerOCSPRefUnresolved, "an OCSP reference (for certificate %d of the path, produced %s) has no response among the values the signature carries",
		"для ссылки на ответ OCSP (для сертификата %d цепочки, выдан %s) в подписи нет самого ответа"},
	{LayerValueInvalid, "revocation data carried in the signature does not verify: %s",
		"сведения об отзыве, вложенные в подпись, не проходят проверку: %s"},

	{TextLevel, "form: %s", "формат: %s"},
	{TextTimestamp, "timestamp %d (%s): %s, %s, TSA %s", "штамп времени %d (%s): %s, %s, служба %s"},
	{TextBestSignatureTime, "proven to exist at: %s", "существование подписи доказано на: %s"},
	{TextLayer, "layer %s: %s", "слой %s: %s"},
	{PartValid, "valid", "действителен"},
	{PartInvalid, "invalid", "недействителен"},
	{PartIndeterminate, "indeterminate", "не определён"},

	{RevSourceEmbedded, "embedded", "сведения, вложенные в подпись"},
	{RevSourceSignature, "a CRL in the signature", "список отзыва в подписи"},
	{RevSourceCache, "cache", "кэш"},
	{MeaningTimestampOrderFailure, "the timestamps of the signature contradict each other (the content timestamp is later than the signature timestamp)",
		"штампы времени подписи противоречат друг другу (штамп на содержимое позже штампа на подпись)"},
}

// The qualified status (63-ФЗ).
const (
	QualifiedYes           Message = "qualified.yes"
	QualifiedNotAccredited Message = "qualified.not_accredited"
	QualifiedProfileFailed Message = "qualified.profile_failed"
	QualifiedNoList        Message = "qualified.no_list"
	QualifiedNoPath        Message = "qualified.no_path"
	TextQualified          Message = "text.qualified"
	TextQualifiedList      Message = "text.qualified_list"
	TextQualifiedListUnver Message = "text.qualified_list_unverified"
	ReasonAlgorithmNoPOE   Message = "reason.algorithm_no_poe"
	MeaningCryptoNoPOE     Message = "meaning.CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
)

var qualifiedCatalogue = []entry{
	{QualifiedYes, "a qualified electronic signature: the certificate was issued by an accredited CA and has the prescribed form",
		"Квалифицированная электронная подпись: сертификат выдан аккредитованным удостоверяющим центром и соответствует установленной форме"},
	{QualifiedNotAccredited, "not a qualified electronic signature: the certificate's CA was not accredited at the signature's time",
		"Не квалифицированная электронная подпись: сертификат выдан не аккредитованным удостоверяющим центром на момент подписания"},
	{QualifiedProfileFailed, "not a qualified electronic signature: the certificate or the algorithm does not meet the requirements (see the checks)",
		"Не квалифицированная электронная подпись: сертификат или алгоритм не соответствуют требованиям (см. проверки)"},
	{QualifiedNoList, "the qualified status is unknown: no list of accredited CAs was given",
		"Квалифицированность не определена: не задан перечень аккредитованных удостоверяющих центров"},
	{QualifiedNoPath, "the qualified status is unknown: the certificate's CA is not known (no certificate chain)",
		"Квалифицированность не определена: удостоверяющий центр сертификата не установлен (нет цепочки сертификатов)"},
	{TextQualified, "qualification: %s", "квалификация: %s"},
	{TextQualifiedList, "by the list of accredited CAs version %d of %s, signed by %s, its signature checked %s",
		"по перечню аккредитованных УЦ версии %d от %s, подписанному %s, подпись проверена %s"},
	{TextQualifiedListUnver, "by the list of accredited CAs version %d of %s, whose signature did NOT hold (accepted by an override)",
		"по перечню аккредитованных УЦ версии %d от %s, подпись которого НЕ подтверждена (принят вопреки этому)"},
	{ReasonAlgorithmNoPOE, "the signature uses GOST R 34.10-2001, which may not be used for signing from 2020-01-01, and nothing proves it was made before then (it is judged at %s; a timestamp from before 2020 would prove it)",
		"Подпись по ГОСТ Р 34.10-2001, который нельзя применять для подписания с 01.01.2020, и нет доказательства, что она создана раньше (оценивается на %s; это доказал бы штамп времени до 2020 года)"},
	{MeaningCryptoNoPOE, "the signature's algorithm is no longer allowed, and nothing proves the signature was made while it was",
		"алгоритм подписи больше не допускается, и нет доказательства, что подпись создана, пока он допускался"},
}
