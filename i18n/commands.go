package i18n

import "golang.org/x/text/feature/plural"

// The outputs of gostverify show, chain, ocsp, roots and selftest.
const (
	ShowHeader          Message = "show.header"
	ShowHeaderBER       Message = "show.header_ber"
	ShowDetached        Message = "show.detached"
	ShowAttached        Message = "show.attached"
	ShowSigner          Message = "show.signer"
	ShowSigned          Message = "show.signed_attribute"
	ShowUnsigned        Message = "show.unsigned_attribute"
	ShowUnreadableCert  Message = "show.unreadable_certificate"
	ShowCertificate     Message = "show.certificate"
	ShowSubjectSignTool Message = "show.subject_sign_tool"
	ShowIssuerSignTool  Message = "show.issuer_sign_tool"
	ShowCRLs            Message = "show.crls"
	ChainCertificate    Message = "chain.certificate"
	ChainCAIssuersURL   Message = "chain.ca_issuers_url"
	ChainAnchors        Message = "chain.anchors"
	ChainFetched        Message = "chain.fetched"
	ChainOK             Message = "chain.ok"
	ChainNoDownloads    Message = "chain.no_downloads"
	ChainRejected       Message = "chain.rejected"
	ChainNoPath         Message = "chain.no_path"
	ChainPath           Message = "chain.path"
	ChainNotValidAt     Message = "chain.not_valid_at"
	RootsAnchor         Message = "roots.anchor"
	RootsCount          Message = "roots.count"
	OCSPCertificate     Message = "ocsp.certificate"
	OCSPIssuerDownload  Message = "ocsp.issuer_download"
	OCSPIssuerNotFound  Message = "ocsp.issuer_not_found"
	OCSPIssuer          Message = "ocsp.issuer"
	OCSPNoURL           Message = "ocsp.no_url"
	OCSPURL             Message = "ocsp.url"
	OCSPAttempt         Message = "ocsp.attempt"
	OCSPFailedClass     Message = "ocsp.failed_class"
	OCSPFailed          Message = "ocsp.failed"
	OCSPByIssuer        Message = "ocsp.by_issuer"
	OCSPByDelegate      Message = "ocsp.by_delegate"
	OCSPByDelegateNoChk Message = "ocsp.by_delegate_nocheck"
	OCSPResponder       Message = "ocsp.responder"
	OCSPNonceAndUpdate  Message = "ocsp.nonce_this_update"
	OCSPNextUpdate      Message = "ocsp.next_update"
	OCSPStatus          Message = "ocsp.status"
	OCSPRevokedOn       Message = "ocsp.revoked_on"
	SelftestPassed      Message = "selftest.passed"
	SelftestFailed      Message = "selftest.failed"
)

var commandCatalogue = []entry{
	{ShowHeader, "%s: CMS SignedData, %s", "%s: подпись CMS SignedData, %s"},
	{ShowHeaderBER, "%s: CMS SignedData, %s holding BER", "%s: подпись CMS SignedData, %s с BER внутри"},
	{ShowDetached, "%s, detached, content type %s", "%s, открепленная подпись, тип содержимого %s"},
	{ShowAttached, "%s, attached content, %d bytes, content type %s", "%s, присоединённая подпись, содержимое %d байт, тип содержимого %s"},
	{ShowSigner, "signer %s: %s\n  digest %s, signature %s", "подписант %s: %s\n  хэш %s, подпись %s"},
	{ShowSigned, "  signed   %s: %s", "  подписанный   %s: %s"},
	{ShowUnsigned, "  unsigned %s: %s", "  неподписанный %s: %s"},
	{ShowUnreadableCert, "certificate %d: unreadable: %s (SHA-256 %s)", "сертификат %d: не читается: %s (SHA-256 %s)"},
	{ShowCertificate, "certificate %d: %s\n  issuer: %s\n  serial %s, valid %s to %s\n  key: %s\n  SHA-1 %s",
		"сертификат %d: %s\n  издатель: %s\n  серийный номер %s, действует с %s по %s\n  ключ: %s\n  SHA-1 %s"},
	{ShowSubjectSignTool, "  subject sign tool: %s", "  средство ЭП владельца: %s"},
	{ShowIssuerSignTool, "  issuer sign tool: %s", "  средство ЭП и УЦ издателя: %s"},
	{ShowCRLs, plural.Selectf(1, "%d", "one", "%d CRL", "other", "%d CRLs"),
		plural.Selectf(1, "%d", "one", "%d список отозванных сертификатов", "few", "%d списка отозванных сертификатов", "other", "%d списков отозванных сертификатов")},

	{ChainCertificate, "certificate: %s\n  issuer: %s\n  serial %s, valid %s to %s", "сертификат: %s\n  издатель: %s\n  серийный номер %s, действует с %s по %s"},
	{ChainCAIssuersURL, "  CA issuers URL: %s", "  адрес сертификата издателя (AIA): %s"},
	{ChainAnchors, "trust anchors: %d; extra certificates: %d; validation time %s", "доверенных корневых: %d; дополнительных сертификатов: %d; момент проверки %s"},
	{ChainFetched, "fetched %s %s: HTTP %d %s, %d bytes, %dms: %s", "загрузка %s %s: HTTP %d %s, %d байт, %d мс: %s"},
	{ChainOK, "ok", "успешно"},
	{ChainNoDownloads, "no downloads needed", "загрузки не понадобились"},
	{ChainRejected, "rejected issuer candidate %s (from %s, serial %s): %s", "отклонён кандидат в издатели %s (источник %s, серийный номер %s): %s"},
	{ChainNoPath, "no valid path: %s", "действительная цепочка не построена: %s"},
	{ChainPath, "path:", "цепочка:"},
	{ChainNotValidAt, "the certificate itself is not valid at %s", "сам сертификат не действует на момент %s"},

	{RootsAnchor, "%s\n  valid %s to %s, SHA-256 %X\n  from %s", "%s\n  действует с %s по %s, SHA-256 %X\n  источник %s"},
	{RootsCount, "%d trust anchors", plural.Selectf(1, "%d", "one", "%d доверенный корневой сертификат", "few", "%d доверенных корневых сертификата", "other", "%d доверенных корневых сертификатов")},

	{OCSPCertificate, "certificate: %s\n  serial %X", "сертификат: %s\n  серийный номер %X"},
	{OCSPIssuerDownload, "issuer download %s %s: HTTP %d, %s %s", "загрузка издателя %s %s: HTTP %d, %s %s"},
	{OCSPIssuerNotFound, "issuer: not found; give it with --issuer or --certs", "издатель: не найден; укажите его в --issuer или --certs"},
	{OCSPIssuer, "issuer: %s (from %s; its key signed the certificate)", "издатель: %s (источник %s; его ключом подписан сертификат)"},
	{OCSPNoURL, "OCSP URL: none in the certificate; give one with --url", "адрес OCSP: в сертификате нет; укажите его в --url"},
	{OCSPURL, "OCSP URL: %s", "адрес OCSP: %s"},
	{OCSPAttempt, "  %s, CertID %s, serial %X, nonce sent: HTTP %d %s, %s: %s", "  %s, CertID %s, серийный номер %X, nonce отправлен: HTTP %d %s, %s: %s"},
	{OCSPFailedClass, "  failed (%s): %s", "  ошибка (%s): %s"},
	{OCSPFailed, "  failed: %v", "  ошибка: %v"},
	{OCSPByIssuer, "the issuer itself", "сам издатель"},
	{OCSPByDelegate, "a delegated responder with id-kp-OCSPSigning", "делегированная служба с id-kp-OCSPSigning"},
	{OCSPByDelegateNoChk, "a delegated responder with id-kp-OCSPSigning and id-pkix-ocsp-nocheck", "делегированная служба с id-kp-OCSPSigning и id-pkix-ocsp-nocheck"},
	{OCSPResponder, "  responder: %s, %s; signature verified", "  служба: %s, %s; подпись ответа проверена"},
	{OCSPNonceAndUpdate, "  nonce echoed: %v\n  this update: %s", "  nonce возвращён: %v\n  время ответа (thisUpdate): %s"},
	{OCSPNextUpdate, "  next update: %s", "  следующее обновление (nextUpdate): %s"},
	{OCSPStatus, "status: %s", "статус: %s"},
	{OCSPRevokedOn, "  revoked on %s, reason code %d", "  отозван %s, код причины %d"},

	{SelftestPassed, "all %d checks passed", plural.Selectf(1, "%d", "one", "пройдена %d проверка", "few", "пройдены все %d проверки", "other", "пройдены все %d проверок")},
	{SelftestFailed, "self-test failed: the GOST implementation on this machine gives wrong answers", "самопроверка не пройдена: реализация ГОСТ на этой машине даёт неверные ответы"},
}

// Usage mistakes the command line reports.
const (
	NeedsVerify           Message = "needs.verify"
	NeedsBatch            Message = "needs.batch"
	NeedsShow             Message = "needs.show"
	NeedsCert             Message = "needs.cert"
	NeedsFiles            Message = "needs.files"
	NeedsNothing          Message = "needs.nothing"
	ErrDetachedNoDocument Message = "err.detached_no_document"
	ErrDetachedNotFound   Message = "err.detached_document_not_found"
	ErrSignatureIsDir     Message = "err.signature_is_directory"
	ErrSignatureTooLarge  Message = "err.signature_too_large"
	ErrDocumentIsDir      Message = "err.document_is_directory"
	ErrRevocationValue    Message = "err.revocation_value"
	ErrAtValue            Message = "err.at_value"
	ErrLangValue          Message = "err.lang_value"
	ErrCertFileEmpty      Message = "err.cert_file_empty"
	ErrUnknownCommand     Message = "err.unknown_command"
	ErrUnknownHash        Message = "err.unknown_hash"

	// The values of batch's flags.
	ErrAtLeastOne  Message = "err.at_least_one"
	ErrReportExt   Message = "err.report_extension"
	ErrSizeValue   Message = "err.size_value"
	ErrLimitsValue Message = "err.limits_value"

	// The mistakes the flag parser finds; in English its own words.
	ErrUnknownFlag  Message = "err.unknown_flag"
	ErrFlagNeedsArg Message = "err.flag_needs_argument"
	ErrFlagSyntax   Message = "err.flag_syntax"
	ErrFlagInteger  Message = "err.flag_integer"
	ErrFlagDuration Message = "err.flag_duration"
	ErrFlagBool     Message = "err.flag_bool"
	ErrFlagBadValue Message = "err.flag_value"
)

var usageCatalogue = []entry{
	{NeedsVerify, "%s needs SIGNATURE and optionally CONTENT", "%s: нужен файл подписи (SIGNATURE) и, если нужно, документ (CONTENT)"},
	{NeedsBatch, "%s needs at least one PATH", "%s: нужна хотя бы одна папка или архив (PATH)"},
	{NeedsShow, "%s needs one SIGNATURE", "%s: нужен один файл подписи (SIGNATURE)"},
	{NeedsCert, "%s needs one CERT", "%s: нужен один сертификат (CERT)"},
	{NeedsFiles, "%s needs at least one FILE", "%s: нужен хотя бы один файл (FILE)"},
	{NeedsNothing, "%s takes no arguments", "%s: аргументы не нужны"},
	{ErrDetachedNoDocument, "%s is a detached signature: name the signed document: gostverify verify %s DOCUMENT",
		"%s — открепленная подпись: укажите подписанный документ: gostverify verify %s ДОКУМЕНТ"},
	{ErrDetachedNotFound, "%s is a detached signature and its document %s was not found; name it: gostverify verify %s DOCUMENT",
		"%s — открепленная подпись, а её документ %s не найден; укажите его: gostverify verify %s ДОКУМЕНТ"},
	{ErrSignatureIsDir, "%s is a directory, not a signature file", "%s — папка, а не файл подписи"},
	{ErrSignatureTooLarge, "%s: %d bytes is larger than a signature file may be (%d MiB)", "%s: %d байт — больше допустимого размера файла подписи (%d МиБ)"},
	{ErrDocumentIsDir, "%s is a directory, not a document", "%s — папка, а не документ"},
	{ErrRevocationValue, "--revocation %q: want ocsp,crl, ocsp, crl or none", "--revocation %q: допустимо ocsp,crl, ocsp, crl или none"},
	{ErrAtValue, "--at %q: want an RFC 3339 time such as 2024-05-01T12:00:00Z", "--at %q: нужно время в формате RFC 3339, например 2024-05-01T12:00:00Z"},
	{ErrLangValue, "--lang: unknown language %q: use en or ru", "--lang: неизвестный язык %q: используйте en или ru"},
	{ErrCertFileEmpty, "%s holds no certificate", "в %s нет сертификата"},
	{ErrUnknownCommand, "unknown command %q", "неизвестная команда %q"},
	{ErrUnknownHash, "unknown hash %q (streebog256, streebog512, gost94, gost94-test)",
		"неизвестный алгоритм хэширования %q (допустимо streebog256, streebog512, gost94, gost94-test)"},

	{ErrAtLeastOne, "%s %d: want at least 1", "%s %d: нужно не меньше 1"},
	{ErrReportExt, "--report %s: the extension must be .json, .csv or .html", "--report %s: расширение файла должно быть .json, .csv или .html"},
	{ErrSizeValue, "%s %q: want a positive size such as 500M or 64G", "%s %q: нужен положительный размер, например 500M или 64G"},
	{ErrLimitsValue, "--max-entries and --max-ratio must be at least 1, --max-depth at least 0",
		"--max-entries и --max-ratio должны быть не меньше 1, а --max-depth — не меньше 0"},

	{ErrUnknownFlag, "unknown flag: %s", "неизвестный флаг %s"},
	{ErrFlagNeedsArg, "flag needs an argument: %s", "флагу %s нужно значение"},
	{ErrFlagSyntax, "bad flag syntax: %s", "неверная запись флага: %s"},
	{ErrFlagInteger, "%s %q: want an integer", "%s %q: нужно целое число"},
	{ErrFlagDuration, "%s %q: want a duration such as 30s or 2m", "%s %q: нужна длительность, например 30s или 2m"},
	{ErrFlagBool, "%s %q: want true or false", "%s %q: нужно true или false"},
	{ErrFlagBadValue, "%s %q: invalid value", "%s %q: недопустимое значение"},
}
