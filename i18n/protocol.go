package i18n

import "golang.org/x/text/feature/plural"

// Long-term signatures as the outputs show them: what `gostverify show`
// says a CAdES attribute holds, and the form, timestamps, proof of
// existence and layers of a signature in the HTML протокол and the CSV of
// `gostverify batch`.
const (
	// show: the contents of an attribute.
	ShowLevel                 Message = "show.level"
	ShowBytes                 Message = "show.bytes"
	ShowValuesBytes           Message = "show.values_bytes"
	ShowUnreadableValue       Message = "show.unreadable_value"
	ShowRepeated              Message = "show.repeated"
	ShowTimestampToken        Message = "show.timestamp_token"
	ShowTimestampTokens       Message = "show.timestamp_tokens"
	ShowTimestampNumbered     Message = "show.timestamp_numbered"
	ShowTSAUnnamed            Message = "show.tsa_unnamed"
	ShowHashIndex             Message = "show.hash_index"
	ShowCertificateRefs       Message = "show.certificate_refs"
	ShowRevocationRefs        Message = "show.revocation_refs"
	ShowRevocationRefsOther   Message = "show.revocation_refs_other"
	ShowCertificateValues     Message = "show.certificate_values"
	ShowRevocationValues      Message = "show.revocation_values"
	ShowRevocationValuesOther Message = "show.revocation_values_other"
	ShowSigningCertificate    Message = "show.signing_certificate"
	ShowPolicy                Message = "show.policy"
	ShowPolicyImplied         Message = "show.policy_implied"

	// batch: the HTML протокол and the CSV.
	BatchForm                 Message = "batch.html.form"
	BatchTimestamps           Message = "batch.html.timestamps"
	BatchTimestampKind        Message = "batch.html.timestamp_kind"
	BatchTimestampTime        Message = "batch.html.timestamp_time"
	BatchTSA                  Message = "batch.html.tsa"
	BatchBestSignatureTime    Message = "batch.html.best_signature_time"
	BatchLayers               Message = "batch.html.layers"
	BatchTSKindContent        Message = "batch.html.ts_content"
	BatchTSKindSignature      Message = "batch.html.ts_signature"
	BatchTSKindCAdESC         Message = "batch.html.ts_cades_c"
	BatchTSKindRefs           Message = "batch.html.ts_refs"
	BatchTSKindArchive        Message = "batch.html.ts_archive"
	BatchCSVLevel             Message = "batch.csv.level"
	BatchCSVBestSignatureTime Message = "batch.csv.best_signature_time"
)

var protocolCatalogue = []entry{
	{ShowLevel, "  form: %s", "  формат: %s"},
	{ShowBytes, plural.Selectf(1, "%d", "one", "%d byte", "other", "%d bytes"),
		plural.Selectf(1, "%d", "one", "%d байт", "few", "%d байта", "other", "%d байт")},
	{ShowValuesBytes, "%d value(s), %d bytes", "значений: %d, байт: %d"},
	{ShowUnreadableValue, "unreadable: %s", "не читается: %s"},
	{ShowRepeated, "repeats unsigned attribute %d; a single instance is allowed, and verifiers use the first",
		"повторяет неподписанный атрибут %d; допускается один экземпляр, и проверка использует первый"},
	{ShowTimestampToken, "time %s, TSA %s, policy %s, hash %s, serial %s",
		"время %s, служба %s, политика %s, хэш %s, серийный номер %s"},
	{ShowTimestampTokens, "timestamp tokens: %d", "штампов времени: %d"},
	{ShowTimestampNumbered, "    token %d: %s", "    штамп %d: %s"},
	{ShowTSAUnnamed, "not named", "не указана"},
	{ShowHashIndex, "    %s: hashes of certificates %d, of CRLs %d, of unsigned attribute values %d",
		"    %s: хэши сертификатов %d, списков отзыва %d, значений неподписанных атрибутов %d"},
	{ShowCertificateRefs, "certificate references: %d", "ссылок на сертификаты: %d"},
	{ShowRevocationRefs, "revocation references for certificates: %d (to CRLs: %d, to OCSP responses: %d)",
		"ссылки на сведения об отзыве для сертификатов: %d (на списки отзыва: %d, на ответы OCSP: %d)"},
	{ShowRevocationRefsOther, "revocation references for certificates: %d (to CRLs: %d, to OCSP responses: %d, of another kind: %d)",
		"ссылки на сведения об отзыве для сертификатов: %d (на списки отзыва: %d, на ответы OCSP: %d, другого вида: %d)"},
	{ShowCertificateValues, "certificates: %d", "сертификатов: %d"},
	{ShowRevocationValues, "CRLs: %d, OCSP responses: %d", "списков отзыва: %d, ответов OCSP: %d"},
	{ShowRevocationValuesOther, "CRLs: %d, OCSP responses: %d, of another kind: %d",
		"списков отзыва: %d, ответов OCSP: %d, другого вида: %d"},
	{ShowSigningCertificate, "certificate identifiers: %d, hash %s", "идентификаторов сертификатов: %d, хэш %s"},
	{ShowPolicy, "policy %s", "политика %s"},
	{ShowPolicyImplied, "implied policy", "политика подразумевается"},

	{BatchForm, "Form", "Формат подписи"},
	{BatchTimestamps, "Timestamps", "Штампы времени"},
	{BatchTimestampKind, "Kind", "Вид штампа"},
	{BatchTimestampTime, "Time", "Время"},
	{BatchTSA, "Time-stamping authority", "Служба штампов времени"},
	{BatchBestSignatureTime, "Proven to exist at", "Существование подписи доказано на"},
	{BatchLayers, "Layers", "Слои подписи"},
	{BatchTSKindContent, "content timestamp (over the document)", "штамп времени на содержимое (документ)"},
	{BatchTSKindSignature, "signature timestamp", "штамп времени на подпись"},
	{BatchTSKindCAdESC, "CAdES-C timestamp (over the signature and its references)",
		"штамп времени CAdES-C (на подпись и ссылки на сертификаты и сведения об отзыве)"},
	{BatchTSKindRefs, "timestamp over the certificate and revocation references",
		"штамп времени на ссылки на сертификаты и сведения об отзыве"},
	{BatchTSKindArchive, "archive timestamp (over the whole signature)", "архивный штамп времени (на всю подпись)"},
	{BatchCSVLevel, "level", "Формат подписи"},
	{BatchCSVBestSignatureTime, "best_signature_time", "Доказанное время существования подписи (UTC)"},
}
