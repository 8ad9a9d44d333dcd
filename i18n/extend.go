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
	BatchSpillFailed       Message = "batch.spill_failed"

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

	// The extend command and the flags of batch --extend.
	ExtendUsage           Message = "extend.usage"
	ErrExtendNeedsLevel   Message = "err.extend_needs_level"
	ErrExtendLevelValue   Message = "err.extend_level_value"
	ErrExtendNeedsTSA     Message = "err.extend_needs_tsa"
	ErrExtendOffline      Message = "err.extend_offline"
	ErrExtendAt           Message = "err.extend_at"
	ErrExtendNoRevocation Message = "err.extend_revocation_none"
	ErrExtendFlagsAlone   Message = "err.extend_flags_without_extend"
	ErrExtendNeedsOut     Message = "err.extend_needs_out"
	ErrExtendOutInInput   Message = "err.extend_out_inside_input"
	ErrExtendPDF          Message = "err.extend_pdf"
	ErrExtendOutIsInput   Message = "err.extend_out_is_input"
	ErrExtendOutExists    Message = "err.extend_out_exists"
	ErrExtendOutIsDir     Message = "err.extend_out_is_directory"
	ErrExtendNotExtended  Message = "err.extend_not_extended"

	// extend's text output. The roles of certificates and the methods of
	// revocation data are the codes --json prints, in words in Russian.
	ExtendTextExtended        Message = "extend.text.extended"
	ExtendTextSigner          Message = "extend.text.signer"
	ExtendTextSigTimestamp    Message = "extend.text.signature_timestamp"
	ExtendTextCAdESCTimestamp Message = "extend.text.cades_c_timestamp"
	ExtendTextTimestamp       Message = "extend.text.timestamp"
	ExtendTextCertificate     Message = "extend.text.certificate"
	ExtendTextCertificateRef  Message = "extend.text.certificate_referenced"
	ExtendTextRevocation      Message = "extend.text.revocation"
	ExtendTextRevocationRef   Message = "extend.text.revocation_referenced"
	ExtendTextEncoding        Message = "extend.text.encoding"
	ExtendRoleSigner          Message = "extend.role.signer"
	ExtendRoleCA              Message = "extend.role.ca"
	ExtendRoleAnchor          Message = "extend.role.anchor"
	ExtendRoleOCSP            Message = "extend.role.ocsp_responder"
	ExtendRoleTSA             Message = "extend.role.tsa"
	ExtendRoleTSACA           Message = "extend.role.tsa_ca"
	ExtendMethodOCSP          Message = "extend.method.ocsp"
	ExtendMethodCRL           Message = "extend.method.crl"
	ExtendStatusGood          Message = "extend.status.good"
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
	{BatchSpillFailed, "the report is kept in memory: no temporary state could be made (%s)",
		"отчёт хранится в памяти: не удалось создать временное состояние (%s)"},
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

	{ExtendUsage, extendUsageEnglish, extendUsageRussian},
	{ErrExtendNeedsLevel, "extend needs --level T or --level XL1", "extend: укажите --level T или --level XL1"},
	{ErrExtendLevelValue, "%s %q: want T or XL1", "%s %q: допустимы только T и XL1"},
	{ErrExtendNeedsTSA, "extending needs --tsa URL, the timestamping service to ask",
		"для усовершенствования подписи нужен --tsa URL, адрес службы штампов времени"},
	{ErrExtendOffline, "extending needs the network (the TSA, OCSP responders, CRLs): --offline is not for it",
		"для усовершенствования подписи нужна сеть (служба штампов времени, службы OCSP, списки отзыва (CRL)): --offline здесь неприменим"},
	{ErrExtendAt, "extending works at the present time: --at is not for it",
		"подпись усовершенствуется на текущий момент: --at здесь неприменим"},
	{ErrExtendNoRevocation, "--level XL1 embeds revocation data: --revocation none is not for it",
		"--level XL1 встраивает в подпись сведения о статусе отзыва: --revocation none здесь неприменим"},
	{ErrExtendFlagsAlone, "--out and --tsa are for --extend T|XL1", "--out и --tsa нужны только вместе с --extend T|XL1"},
	{ErrExtendNeedsOut, "--extend needs --out DIR, the folder to write the extended signatures to",
		"для --extend нужен --out DIR, папка, куда записать усовершенствованные подписи"},
	{ErrExtendOutInInput, "--out %s is inside the input %s: the extended signatures must go elsewhere",
		"--out %s находится внутри проверяемого %s: усовершенствованные подписи нужно записывать в другое место"},
	{ErrExtendPDF, "%s is a PDF: the signatures inside PDFs are not extended", "%s — файл PDF: подписи внутри PDF не усовершенствуются"},
	{ErrExtendOutIsInput, "%s is the signature itself: extend never writes over its input",
		"%s — это сама подпись: extend никогда не записывает результат поверх входного файла"},
	{ErrExtendOutExists, "%s exists: give another -o OUT, or --force to overwrite it",
		"%s уже существует: укажите другой -o OUT или --force, чтобы перезаписать его"},
	{ErrExtendOutIsDir, "%s is a directory", "%s — это папка"},
	{ErrExtendNotExtended, "%s is not extended: %s", "подпись %s не усовершенствована: %s"},

	{ExtendTextExtended, "extended: %s -> %s", "подпись усовершенствована: %s -> %s"},
	{ExtendTextSigner, "signer %s: %s -> %s", "подписант %s: %s -> %s"},
	{ExtendTextSigTimestamp, "  signature timestamp: %s, TSA %s, serial %s",
		"  штамп времени на значение подписи: %s, служба штампов времени %s, серийный номер %s"},
	{ExtendTextCAdESCTimestamp, "  cades-c timestamp: %s, TSA %s, serial %s",
		"  штамп времени CAdES-C (на подпись и ссылки на сертификаты и сведения об отзыве): %s, служба штампов времени %s, серийный номер %s"},
	{ExtendTextTimestamp, "  %s timestamp: %s, TSA %s, serial %s", "  штамп времени (%s): %s, служба штампов времени %s, серийный номер %s"},
	{ExtendTextCertificate, "  certificate (%s): %s, serial %s", "  сертификат (%s): %s, серийный номер %s"},
	{ExtendTextCertificateRef, "  certificate (%s, referenced): %s, serial %s", "  сертификат (%s, со ссылкой): %s, серийный номер %s"},
	{ExtendTextRevocation, "  revocation (%s): %s for %s from %s, %s", "  статус отзыва (%s): %s для %s, источник %s, %s"},
	{ExtendTextRevocationRef, "  revocation (%s, referenced): %s for %s from %s, %s", "  статус отзыва (%s, со ссылкой): %s для %s, источник %s, %s"},
	{ExtendTextEncoding, "encoding: %s", "изменения в кодировке: %s"},
	{ExtendRoleSigner, "signer", "подписант"},
	{ExtendRoleCA, "ca", "УЦ"},
	{ExtendRoleAnchor, "anchor", "доверенный корневой"},
	{ExtendRoleOCSP, "ocsp responder", "служба OCSP"},
	{ExtendRoleTSA, "tsa", "служба штампов времени"},
	{ExtendRoleTSACA, "tsa ca", "УЦ службы штампов времени"},
	{ExtendMethodOCSP, "ocsp", "ответ OCSP"},
	{ExtendMethodCRL, "crl", "список отзыва (CRL)"},
	{ExtendStatusGood, "good", "не отозван"},
}

// extendUsageEnglish and extendUsageRussian are gostverify extend --help
// before the list of flags.
const extendUsageEnglish = `usage: gostverify extend --level T|XL1 --tsa URL [-o OUT] [flags] SIGNATURE [CONTENT]

Upgrades a CAdES signature while it can still be proven, adding unsigned
attributes only (no private key is needed):
  T    a signature timestamp from the TSA (a second one on a CAdES-T signature)
  XL1  CAdES-X Long Type 1: the timestamp (unless the signature is at T), the
       certificates of the signer's and the TSA's paths and their OCSP
       responses (CRLs where a certificate names no responder), referenced,
       embedded and covered by a CAdES-C timestamp

The signature is verified first, as gostverify verify does it now, and one
that is not valid is not extended. Every timestamp token is checked (nonce,
imprint, TSA certificate) and the result verified again before it is written.

The result goes to OUT, by default SIGNATURE with .t or .xl1 before its
extension (doc.txt.sig -> doc.txt.xl1.sig; give CONTENT to verify it then). An
existing OUT is not overwritten without --force, and SIGNATURE never is. Its
encoding is SIGNATURE's: only the lengths around the new attributes change.

Exit codes: 0 extended; 1 or 2 the signature is not valid now (invalid or
indeterminate), so it was not extended; 3 anything else (TSA, revocation,
usage, I/O).

flags:
`

const extendUsageRussian = `использование: gostverify extend --level T|XL1 --tsa URL [-o OUT] [флаги] SIGNATURE [CONTENT]

Усовершенствование подписи CAdES, пока её ещё можно доказать: в подпись
добавляются только неподписанные атрибуты (закрытый ключ не нужен):
  T    штамп времени на подпись от службы штампов времени (у подписи CAdES-T
       он будет вторым)
  XL1  CAdES-X Long Type 1: штамп времени (если подпись ещё не уровня T),
       сертификаты цепочек подписанта и службы штампов времени и ответы OCSP
       об их статусе отзыва (списки отзыва (CRL), если в сертификате не
       указана служба OCSP): ссылки на них и они сами встраиваются в подпись
       и заверяются штампом времени CAdES-C

Сначала подпись проверяется так, как сейчас проверил бы её gostverify verify;
недействительная подпись не усовершенствуется. Каждый штамп времени
проверяется (nonce, хэш данных, сертификат службы штампов времени), а
результат перед записью проверяется ещё раз.

Результат записывается в OUT, по умолчанию в SIGNATURE с .t или .xl1 перед
расширением (doc.txt.sig -> doc.txt.xl1.sig; проверяя такую подпись, укажите
документ CONTENT). Существующий OUT без --force не перезаписывается, а
SIGNATURE не перезаписывается никогда. Кодировка та же, что у SIGNATURE:
меняются только длины вокруг новых атрибутов.

Коды выхода: 0 подпись усовершенствована; 1 или 2 подпись сейчас не
действительна (недействительна или проверить не удалось), поэтому не
усовершенствована; 3 всё остальное (служба штампов времени, статус отзыва,
ошибка в командной строке, ввод-вывод).

флаги:
`
