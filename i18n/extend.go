package i18n

// Extending signatures: batch --extend.
const (
	BatchCountExtended     Message = "batch.count_extended"
	BatchCountNotExtended  Message = "batch.count_not_extended"
	BatchCountExtendFailed Message = "batch.count_extend_failed"
	BatchCSVExtension      Message = "batch.csv.extension"
	BatchCSVExtensionOut   Message = "batch.csv.extension_output"
	BatchExtension         Message = "batch.html.extension"
	BatchExtendedTo        Message = "batch.extended_to"
	BatchExtendNotValid    Message = "batch.extend_not_valid"
	BatchExtendPDF         Message = "batch.extend_pdf"
	BatchExtendNotChecked  Message = "batch.extend_not_checked"
	BatchExtendWrite       Message = "batch.extend_write"

	ExtendNotValid              Message = "extend.not_valid"
	ExtendAlreadyAtLevel        Message = "extend.already_at_level"
	ExtendTSAUnavailable        Message = "extend.tsa_unavailable"
	ExtendTSARejected           Message = "extend.tsa_rejected"
	ExtendTSANonceMismatch      Message = "extend.tsa_nonce_mismatch"
	ExtendTSAImprintMismatch    Message = "extend.tsa_imprint_mismatch"
	ExtendTSAMalformed          Message = "extend.tsa_malformed"
	ExtendTSACertificateInvalid Message = "extend.tsa_certificate_invalid"
	ExtendPathIncomplete        Message = "extend.path_incomplete"
	ExtendRevocationUnavailable Message = "extend.revocation_unavailable"
	ExtendNotVerifiedAfter      Message = "extend.not_verified_after"
	ExtendEncoding              Message = "extend.encoding"
)

var extendCatalogue = []entry{
	{BatchCountExtended, "Extended", "Усовершенствовано"},
	{BatchCountNotExtended, "Not extended", "Не усовершенствовано"},
	{BatchCountExtendFailed, "Extension failed", "Ошибок усовершенствования"},
	{BatchCSVExtension, "extension", "Усовершенствование"},
	{BatchCSVExtensionOut, "extension_output", "Усовершенствованная подпись"},
	{BatchExtension, "Extension", "Усовершенствование"},
	{BatchExtendedTo, "extended to %s: %s", "усовершенствована до %s: %s"},
	{BatchExtendNotValid, "not extended: the signature is not valid (%s)", "не усовершенствована: подпись не действительна (%s)"},
	{BatchExtendPDF, "not extended: signatures inside PDFs are not extended", "не усовершенствована: подписи внутри PDF не усовершенствуются"},
	{BatchExtendNotChecked, "not extended: not checked", "не усовершенствована: не проверена"},
	{BatchExtendWrite, "the extended signature cannot be written to %s: %s", "усовершенствованную подпись не удалось записать в %s: %s"},

	{ExtendNotValid, "the signature is not valid now", "подпись сейчас не действительна"},
	{ExtendAlreadyAtLevel, "the signature is already at this level or above", "подпись уже этого уровня или выше"},
	{ExtendTSAUnavailable, "the TSA is unavailable", "служба штампов времени недоступна"},
	{ExtendTSARejected, "the TSA rejected the request", "служба штампов времени отклонила запрос"},
	{ExtendTSANonceMismatch, "the TSA's token does not carry the request's nonce", "в штампе времени не то случайное число (nonce), что в запросе"},
	{ExtendTSAImprintMismatch, "the TSA's token is over other bytes than asked for", "штамп времени выдан на другие данные, чем запрошено"},
	{ExtendTSAMalformed, "the TSA's answer cannot be used", "ответ службы штампов времени непригоден"},
	{ExtendTSACertificateInvalid, "the TSA's token or certificate is not valid", "штамп времени или сертификат службы штампов времени не действителен"},
	{ExtendPathIncomplete, "a certificate of the path cannot be found to embed", "не найден сертификат цепочки, который нужно встроить"},
	{ExtendRevocationUnavailable, "no revocation data can be had", "не удалось получить данные о статусе отзыва"},
	{ExtendNotVerifiedAfter, "the extended signature does not verify", "усовершенствованная подпись не проходит проверку"},
	{ExtendEncoding, "the attributes cannot be appended", "атрибуты не удалось добавить в подпись"},
}
