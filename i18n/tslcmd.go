package i18n

import "golang.org/x/text/feature/plural"

// The list of accredited CAs on the command line: gostverify tsl update and
// tsl show, the list verify and batch use (--tsl, --tsl-max-age,
// --accept-unsigned-list, --policy), and the qualified status in the HTML
// протокол, the CSV and the summary of batch.
const (
	// Usage mistakes.
	NeedsTSL         Message = "needs.tsl"
	NeedsTSLUpdate   Message = "needs.tsl_update"
	NeedsTSLShow     Message = "needs.tsl_show"
	ErrTSLSubcommand Message = "err.tsl_subcommand"
	ErrPolicyValue   Message = "err.policy_value"
	ErrTSLMaxAge     Message = "err.tsl_max_age"
	ErrTSLURLAndFile Message = "err.tsl_url_and_file"
	ErrTSLNoneStored Message = "err.tsl_none_stored"

	// Why a list is refused.
	ErrTSLUnsigned     Message = "err.tsl_unsigned"
	ErrTSLDigest       Message = "err.tsl_digest"
	ErrTSLBadSignature Message = "err.tsl_bad_signature"
	ErrTSLSigMalformed Message = "err.tsl_signature_malformed"
	ErrTSLUnsupported  Message = "err.tsl_unsupported"
	ErrTSLSigner       Message = "err.tsl_signer"
	ErrTSLSignerTime   Message = "err.tsl_signer_time"
	ErrTSLSignerStatus Message = "err.tsl_signer_status"
	ErrTSLParse        Message = "err.tsl_parse"
	ErrTSLParseCA      Message = "err.tsl_parse_ca"
	ErrTSLMalformed    Message = "err.tsl_malformed"
	ErrTSLBadValue     Message = "err.tsl_bad_value"
	ErrTSLMissing      Message = "err.tsl_missing"
	ErrTSLDuplicate    Message = "err.tsl_duplicate"
	ErrTSLTooLarge     Message = "err.tsl_too_large"

	// Warnings and hints.
	WarnAcceptUnsigned Message = "warn.accept_unsigned_list"
	WarnListUnsigned   Message = "warn.tsl_unsigned"
	WarnListOld        Message = "warn.tsl_old"
	WarnListRefused    Message = "warn.tsl_refused"
	WarnListFuture     Message = "warn.tsl_future"
	WarnListKept       Message = "warn.tsl_kept"
	HintTSLUpdate      Message = "hint.tsl_update"
	HintTSLRefresh     Message = "hint.tsl_refresh"
	HintTSLSigner      Message = "hint.tsl_signer"
	WarnTSLSignerState Message = "warn.tsl_signer_status"
	WarnTSLSignerOff   Message = "warn.tsl_signer_offline"
	TSLDays            Message = "tsl.days"

	// tsl update and tsl show.
	TSLEdition    Message = "tsl.edition"
	TSLSignedBy   Message = "tsl.signed_by"
	TSLNotSigned  Message = "tsl.not_signed"
	TSLCount      Message = "tsl.count"
	TSLMatching   Message = "tsl.matching"
	TSLNoMatch    Message = "tsl.no_match"
	TSLDownloaded Message = "tsl.downloaded"
	TSLReadFrom   Message = "tsl.read_from"
	TSLStored     Message = "tsl.stored"
	TSLSignerGood Message = "tsl.signer_good"
	TSLAge        Message = "tsl.age"
	TSLCAIDs      Message = "tsl.ca_ids"
	TSLCARegistry Message = "tsl.ca_registry"
	TSLCAStatus   Message = "tsl.ca_status"
	TSLCANoStatus Message = "tsl.ca_no_status"
	TSLCAHistory  Message = "tsl.ca_history"
	TSLCAPowers   Message = "tsl.ca_powers"
	TSLCAKeys     Message = "tsl.ca_keys"
	TSLJSONHint   Message = "tsl.json_hint"

	// batch: the HTML протокол, the CSV and the summary.
	BatchQualified         Message = "batch.html.qualified"
	BatchQualifiedYes      Message = "batch.html.qualified_yes"
	BatchQualifiedNo       Message = "batch.html.qualified_no"
	BatchQualifiedUnknown  Message = "batch.html.qualified_unknown"
	BatchQualifiedCA       Message = "batch.html.qualified_ca"
	BatchQualifiedCAStatus Message = "batch.html.qualified_ca_status"
	BatchQualifiedChecks   Message = "batch.html.qualified_checks"
	BatchCheckFailed       Message = "batch.html.check_failed"
	BatchCheckWarning      Message = "batch.html.check_warning"
	BatchTSL               Message = "batch.html.tsl"
	BatchTSLEdition        Message = "batch.html.tsl_edition"
	BatchTSLNone           Message = "batch.html.tsl_none"
	BatchTSLUnverified     Message = "batch.html.tsl_unverified"
	BatchPolicy            Message = "batch.html.policy"
	BatchPolicyQualified   Message = "batch.html.policy_qualified"
	BatchPolicyBasic       Message = "batch.html.policy_basic"
	BatchCountQualified    Message = "batch.count_qualified"
	BatchCountNotQualified Message = "batch.count_not_qualified"
	BatchCountQualUnknown  Message = "batch.count_qualified_unknown"
	BatchCSVQualified      Message = "batch.csv.qualified"
	BatchCSVQualifiedCA    Message = "batch.csv.qualified_ca"
)

var tslCommandCatalogue = []entry{
	{NeedsTSL, "%s needs a subcommand: update or show", "%s: нужна подкоманда: update или show"},
	{NeedsTSLUpdate, "%s takes no arguments (--url URL or --tsl FILE)", "%s: аргументы не нужны (--url URL или --tsl FILE)"},
	{NeedsTSLShow, "%s takes at most one QUERY", "%s: допустим не более одного запроса (QUERY)"},
	{ErrTSLSubcommand, "unknown subcommand tsl %q: want update or show", "неизвестная подкоманда tsl %q: допустимо update или show"},
	{ErrPolicyValue, "--policy %q: want qualified or basic", "--policy %q: допустимо qualified или basic"},
	{ErrTSLMaxAge, "--tsl-max-age %s: want a positive duration such as 168h", "--tsl-max-age %s: нужна положительная длительность, например 168h"},
	{ErrTSLURLAndFile, "--url and --tsl exclude each other: download a list or read one", "--url и --tsl несовместимы: перечень либо загружается, либо читается из файла"},
	{ErrTSLNoneStored, "no list of accredited CAs is stored in %s: run 'gostverify tsl update' or give --tsl FILE",
		"в %s нет сохранённого перечня аккредитованных УЦ: выполните gostverify tsl update или укажите --tsl FILE"},

	{ErrTSLUnsigned, "the list is not signed", "перечень не подписан"},
	{ErrTSLDigest, "the list was changed after it was signed", "перечень изменён после подписания"},
	{ErrTSLBadSignature, "the list's signature does not verify", "подпись перечня не верна"},
	{ErrTSLSigMalformed, "the list's signature is malformed", "подпись перечня повреждена"},
	{ErrTSLUnsupported, "the list's signature uses something not supported: %s", "в подписи перечня использовано то, что не поддерживается: %s"},
	{ErrTSLSigner, "the list's signer %s is not trusted: %s", "подписанту перечня %s нет доверия: %s"},
	{ErrTSLSignerTime, "the signer's certificate is not valid now (valid from %s to %s)",
		"сертификат подписанта сейчас не действует (действует с %s по %s)"},
	{ErrTSLSignerStatus, "the list's signer's certificate is not in good standing: %s", "сертификат подписанта перечня недействителен: %s"},
	{ErrTSLParse, "the list of accredited CAs cannot be read: %s", "перечень аккредитованных УЦ не читается: %s"},
	{ErrTSLParseCA, "CA %d (%s)", "УЦ %d (%s)"},
	{ErrTSLMalformed, "not well-formed XML, or not the list", "это не корректный XML или не перечень"},
	{ErrTSLBadValue, "bad value %q", "недопустимое значение %q"},
	{ErrTSLMissing, "missing", "отсутствует"},
	{ErrTSLDuplicate, "appears more than once", "встречается более одного раза"},
	{ErrTSLTooLarge, "beyond the limits of its size", "превышены допустимые размеры"},

	{WarnAcceptUnsigned, "--accept-unsigned-list: a list of accredited CAs is accepted even if its signature does not hold; what such a list says proves nothing",
		"--accept-unsigned-list: перечень аккредитованных УЦ принимается даже без действительной подписи; сведения такого перечня ничего не доказывают"},
	{WarnListUnsigned, "the list of accredited CAs %s is used without a valid signature: %s", "перечень аккредитованных УЦ %s используется без действительной подписи: %s"},
	{WarnListOld, "the list of accredited CAs (version %d of %s) is %s old, older than %s: CAs may have lost their accreditation since",
		"перечень аккредитованных УЦ (версия %d от %s) составлен %s назад, это больше %s: с тех пор УЦ могли лишиться аккредитации"},
	{WarnListFuture, "the list of accredited CAs (version %d) is dated %s, later than now: is this machine's clock right?",
		"перечень аккредитованных УЦ (версия %d) датирован %s, позже текущего времени: верно ли идут часы этого компьютера?"},
	{WarnListRefused, "the stored list of accredited CAs %s is not used: %s; the qualified status is unknown",
		"сохранённый перечень аккредитованных УЦ %s не используется: %s; квалифицированность не определяется"},
	{WarnListKept, "the stored list (version %d of %s) is newer than this one (version %d of %s) and is kept",
		"сохранённый перечень (версия %d от %s) новее этого (версия %d от %s) и оставлен"},
	{HintTSLUpdate, "the qualified status needs the list of accredited CAs: run 'gostverify tsl update' or give --tsl FILE (--policy basic leaves the status out)",
		"для квалифицированности нужен перечень аккредитованных УЦ: выполните gostverify tsl update или укажите --tsl FILE (--policy basic — без квалифицированности)"},
	{HintTSLRefresh, "run 'gostverify tsl update' for the current list", "текущий перечень загружает gostverify tsl update"},
	{HintTSLSigner, "the list's signer must lead to a trust anchor: --roots, --certs", "путь от подписанта перечня должен вести к доверенному корню: --roots, --certs"},
	{WarnTSLSignerState, "the revocation status of the list's signer could not be checked: %s", "статус отзыва сертификата подписанта перечня проверить не удалось: %s"},
	{WarnTSLSignerOff, "--offline: the revocation status of the list's signer is not checked", "--offline: статус отзыва сертификата подписанта перечня не проверяется"},
	{TSLDays, plural.Selectf(1, "%d", "one", "%d day", "other", "%d days"),
		plural.Selectf(1, "%d", "one", "%d день", "few", "%d дня", "other", "%d дней")},

	{TSLEdition, "list of accredited CAs: version %d of %s", "перечень аккредитованных УЦ: версия %d от %s"},
	{TSLSignedBy, "signed by: %s", "подписан: %s"},
	{TSLNotSigned, "signature: does not hold (%s); accepted because of --accept-unsigned-list",
		"подпись: недействительна (%s); перечень принят из-за --accept-unsigned-list"},
	{TSLCount, plural.Selectf(1, "%d", "one", "%d CA", "other", "%d CAs"),
		plural.Selectf(1, "%d", "one", "%d удостоверяющий центр", "few", "%d удостоверяющих центра", "other", "%d удостоверяющих центров")},
	{TSLMatching, "matching %q: %d", "по запросу %q: %d"},
	{TSLNoMatch, "no CA matches %q", "по запросу %q удостоверяющих центров нет"},
	{TSLDownloaded, "downloaded: %s (HTTP %d, %d bytes)", "загружен: %s (HTTP %d, байт: %d)"},
	{TSLReadFrom, "read from: %s", "прочитан из: %s"},
	{TSLStored, "stored in: %s", "сохранён в: %s"},
	{TSLSignerGood, "signer's certificate: not revoked (%s %s)", "сертификат подписанта: не отозван (%s %s)"},
	{TSLAge, "age: %s", "составлен: %s назад"},
	{TSLCAIDs, "INN %s, OGRN %s", "ИНН %s, ОГРН %s"},
	{TSLCARegistry, "registry number %s", "реестровый номер %s"},
	{TSLCAStatus, "status: %s since %s", "статус: %s с %s"},
	{TSLCANoStatus, "status: none", "статус: не указан"},
	{TSLCAHistory, "history:", "история:"},
	{TSLCAPowers, "powers transferred to the CA with OGRN %s", "полномочия переданы УЦ с ОГРН %s"},
	{TSLCAKeys, "keys: %d, certificates: %d", "ключей: %d, сертификатов: %d"},
	{TSLJSONHint, "(--json prints every field, keys and certificates included)", "(--json выводит все поля, включая ключи и сертификаты)"},

	{BatchQualified, "Qualified status", "Квалифицированность"},
	{BatchQualifiedYes, "A qualified electronic signature", "Квалифицированная электронная подпись"},
	{BatchQualifiedNo, "Not a qualified electronic signature", "Не квалифицированная электронная подпись"},
	{BatchQualifiedUnknown, "The qualified status is unknown", "Квалифицированность не определена"},
	{BatchQualifiedCA, "CA in the list", "УЦ в перечне"},
	{BatchQualifiedCAStatus, "%s since %s", "%s с %s"},
	{BatchQualifiedChecks, "Checks not passed", "Не пройденные проверки"},
	{BatchCheckFailed, "failed", "не пройдена"},
	{BatchCheckWarning, "warning", "предупреждение"},
	{BatchTSL, "List of accredited CAs", "Перечень аккредитованных УЦ"},
	{BatchTSLEdition, "version %d of %s", "версия %d от %s"},
	{BatchTSLUnverified, "version %d of %s, accepted although its signature does not hold: what it says proves nothing",
		"версия %d от %s, принят без действительной подписи: его сведения ничего не доказывают"},
	{BatchTSLNone, "none: the qualified status is not determined", "не задан: квалифицированность не определяется"},
	{BatchPolicy, "Validation policy", "Политика проверки"},
	{BatchPolicyQualified, "qualified: by the Russian rules, each signature's qualified status decided",
		"квалифицированная: по правилам 63-ФЗ, с определением квалифицированности каждой подписи"},
	{BatchPolicyBasic, "basic: the cryptography, the certificate chain and revocation only, no qualified status",
		"базовая: только криптография, цепочка сертификатов и отзыв, без квалифицированности"},
	{BatchCountQualified, "Qualified signatures", "Квалифицированных подписей"},
	{BatchCountNotQualified, "Not qualified", "Не квалифицированных"},
	{BatchCountQualUnknown, "Qualified status unknown", "Квалифицированность не определена"},
	{BatchCSVQualified, "qualified", "Квалифицированность"},
	{BatchCSVQualifiedCA, "qualified_ca", "УЦ из перечня"},
}
