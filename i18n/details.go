package i18n

// Technical details: the failures of lower layers (the file system, zip
// archives, the CMS parser, the path builder) said in plain words, for
// the "detail" of a reason and for error lines. Package verify picks the
// message by the error's type (verify.Detail); in English it prints the
// error's own words, which these say in the same sense.
const (
	// Where a failure happened: a file, or a part of a signature.
	DetailAt Message = "detail.at"

	// The file system.
	DetailNotExist    Message = "detail.not_exist"
	DetailPermission  Message = "detail.permission"
	DetailExist       Message = "detail.exist"
	DetailIsDir       Message = "detail.is_dir"
	DetailNotDir      Message = "detail.not_dir"
	DetailLinkLoop    Message = "detail.link_loop"
	DetailNameTooLong Message = "detail.name_too_long"
	DetailNoSpace     Message = "detail.no_space"
	DetailReadOnly    Message = "detail.read_only"
	DetailIO          Message = "detail.io"
	DetailTooManyOpen Message = "detail.too_many_open"
	DetailGrew        Message = "detail.grew"
	DetailTooLargeFor Message = "detail.too_large_for"

	// Zip archives and compressed data.
	DetailZipFormat    Message = "detail.zip_format"
	DetailZipAlgorithm Message = "detail.zip_algorithm"
	DetailZipChecksum  Message = "detail.zip_checksum"
	DetailZipPath      Message = "detail.zip_insecure_path"
	DetailCorrupt      Message = "detail.flate_corrupt"
	DetailTruncated    Message = "detail.unexpected_eof"

	// The CMS parser: the part of the signature, what is wrong with it.
	DetailPartSigner      Message = "detail.part.signer"
	DetailPartCertificate Message = "detail.part.certificate"
	DetailPartCRL         Message = "detail.part.crl"
	DetailPartStructure   Message = "detail.part.structure"
	DetailPartWhole       Message = "detail.part.whole"
	DetailUnreadable      Message = "detail.part_unreadable"
	DetailVersion         Message = "detail.version"
	DetailEncoding        Message = "detail.encoding"

	// A certificate inside a signature that crypto/x509 cannot read.
	DetailCertificateFormat Message = "detail.certificate_format"

	// Package chain: why no path was found, each issuer candidate
	// rejected and where it came from, and why a link may not be in a
	// path.
	DetailNoChain            Message = "detail.chain.no_chain"
	DetailNoValidChain       Message = "detail.chain.no_valid_chain"
	DetailCandidate          Message = "detail.chain.candidate"
	DetailSourceSignature    Message = "detail.chain.source.signature"
	DetailSourceEmbedded     Message = "detail.chain.source.embedded"
	DetailSourceTimestamp    Message = "detail.chain.source.timestamp"
	DetailSourceCerts        Message = "detail.chain.source.certs"
	DetailSourceCache        Message = "detail.chain.source.cache"
	DetailSourceAnchor       Message = "detail.chain.source.anchor"
	DetailSourceURL          Message = "detail.chain.source.url"
	DetailLinkSignature      Message = "detail.chain.bad_signature"
	DetailLinkNotYetValid    Message = "detail.chain.not_yet_valid"
	DetailLinkExpired        Message = "detail.chain.expired"
	DetailLinkCritical       Message = "detail.chain.unknown_critical"
	DetailLinkNotCA          Message = "detail.chain.not_ca"
	DetailLinkNoConstraints  Message = "detail.chain.no_basic_constraints"
	DetailLinkNoCertSign     Message = "detail.chain.no_cert_sign"
	DetailLinkPathLen        Message = "detail.chain.path_len"
	DetailLinkLeafUsage      Message = "detail.chain.leaf_key_usage"
	DetailLinkTooManyChecks  Message = "detail.chain.too_many_checks"
	DetailNoCertificates     Message = "detail.chain.no_certificates"
	DetailNotCertificateFile Message = "detail.chain.not_certificate_file"
	DetailCertFileTooLarge   Message = "detail.chain.file_too_large"
	DetailFoldersTooDeep     Message = "detail.chain.too_deep"
)

var detailCatalogue = []entry{
	{DetailAt, "%s: %s", "%s: %s"},

	// The words Russian Windows and Linux users see for these errors
	// ("Нет такого файла или каталога", "Отказано в доступе"), with
	// "папка" as Windows says it.
	{DetailNotExist, "no such file or folder", "нет такого файла или папки"},
	{DetailPermission, "permission denied", "отказано в доступе"},
	{DetailExist, "already exists", "уже существует"},
	{DetailIsDir, "a folder, not a file", "это папка, а не файл"},
	{DetailNotDir, "a part of the path is a file, not a folder", "часть пути — файл, а не папка"},
	{DetailLinkLoop, "too many levels of symbolic links", "слишком много уровней символических ссылок"},
	{DetailNameTooLong, "file name too long", "слишком длинное имя файла"},
	{DetailNoSpace, "no space left on the disk", "на диске не осталось места"},
	{DetailReadOnly, "read-only file system", "файловая система доступна только для чтения"},
	{DetailIO, "input/output error (a disk or network failure)", "ошибка ввода-вывода (сбой диска или сети)"},
	{DetailTooManyOpen, "too many open files", "слишком много открытых файлов"},
	{DetailTooLargeFor, "%s: more than the %d bytes such a file may have", "%s: больше допустимых для такого файла %d байт"},
	{DetailGrew, "%s: the file grew past the size a signature file may have (%d MiB) while it was read",
		"%s: файл вырос больше допустимого размера файла подписи (%d МиБ), пока читался"},

	{DetailZipFormat, "damaged, cut short or not a zip archive at all", "архив повреждён, обрезан или это не zip"},
	{DetailZipAlgorithm, "compressed with a method that is not supported", "сжат неподдерживаемым методом"},
	{DetailZipChecksum, "the checksum does not match: the archive entry is damaged", "не совпадает контрольная сумма: файл в архиве повреждён"},
	{DetailZipPath, "an unsafe path in the archive", "небезопасный путь в архиве"},
	{DetailCorrupt, "the compressed data is damaged (at byte %d)", "сжатые данные повреждены (байт %d)"},
	{DetailTruncated, "the data ends too early: the file is cut short or damaged", "данные обрываются: файл обрезан или повреждён"},

	{DetailPartSigner, "signature %s", "подпись %s"},
	{DetailPartCertificate, "certificate %s", "сертификат %s"},
	{DetailPartCRL, "CRL %s", "список отозванных сертификатов (CRL) %s"},
	{DetailPartStructure, "the %s structure", "структура %s"},
	{DetailPartWhole, "the signature structure", "структура подписи"},
	{DetailUnreadable, "%s cannot be read", "не читается %s"},
	// RFC 5652 fixes the version of SignedData (section 5.1) and of each
	// SignerInfo (section 5.3) by what they hold.
	{DetailVersion, "%s version %d, where RFC 5652 (section %s) requires %d",
		"версия %s — %d, а по RFC 5652 (раздел %s) должна быть %d"},
	// As Gosuslugi and Kontur.Crypto say it: "неверный формат файла
	// подписи".
	{DetailEncoding, "wrong signature file format: not a signature in DER, PEM or base64, or the file is cut short",
		"неверный формат файла подписи: это не подпись ни в DER, ни в PEM, ни в base64, либо файл обрезан"},
	{DetailCertificateFormat, "not a certificate crypto/x509 can read", "сертификат повреждён или его формат не поддерживается"},

	{DetailNoChain, "no chain to a trust anchor for %s", "нет цепочки до доверенного корневого сертификата для %s"},
	{DetailNoValidChain, "no valid chain to a trust anchor for %s", "нет действительной цепочки до доверенного корневого сертификата для %s"},
	{DetailCandidate, "candidate %s (%s): %s", "кандидат в издатели %s (%s): %s"},
	{DetailSourceSignature, "the signature", "из подписи"},
	{DetailSourceEmbedded, "the signature's certificate-values", "из certificate-values подписи"},
	{DetailSourceTimestamp, "a timestamp", "из штампа времени"},
	{DetailSourceCerts, "--certs", "из --certs"},
	{DetailSourceCache, "the download cache", "из кэша загрузок"},
	{DetailSourceAnchor, "the trust anchors", "доверенный корневой"},
	{DetailSourceURL, "downloaded from %s", "загружен с %s"},
	{DetailLinkSignature, "its key did not sign this certificate", "его ключом этот сертификат не подписан"},
	{DetailLinkNotYetValid, "not valid before %s", "ещё не действует (действует с %s)"},
	{DetailLinkExpired, "expired on %s", "срок действия истёк %s"},
	{DetailLinkCritical, "it has an unknown critical extension %s", "в нём неизвестное критическое расширение %s"},
	{DetailLinkNotCA, "basicConstraints says it is not a CA", "по расширению basicConstraints это не сертификат УЦ"},
	{DetailLinkNoConstraints, "it has no basicConstraints, so it is not a CA (accepted only as an explicit trust anchor)",
		"в нём нет расширения basicConstraints, поэтому это не сертификат УЦ (такой принимается только как явно заданный доверенный корневой)"},
	{DetailLinkNoCertSign, "its key usage does not include keyCertSign", "назначение его ключа не включает подпись сертификатов (keyCertSign)"},
	{DetailLinkPathLen, "pathLenConstraint %d allows fewer CAs below it than this path has (%d)",
		"его ограничение длины цепочки (pathLenConstraint) %d допускает меньше УЦ ниже него, чем в этой цепочке (%d)"},
	{DetailLinkLeafUsage, "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation",
		"назначение ключа сертификата подписанта не допускает ни digitalSignature, ни nonRepudiation"},
	{DetailLinkTooManyChecks, "too many signature checks: gave up", "слишком много проверок подписей: поиск остановлен"},
	{DetailNoCertificates, "no certificate found", "сертификаты не найдены"},
	{DetailNotCertificateFile, "no certificate found: not a certificate, not a .p7b bundle", "это не сертификат и не набор сертификатов .p7b"},
	{DetailCertFileTooLarge, "%d bytes is too large for a certificate file (at most %d MiB)", "%d байт — слишком большой файл сертификата (не больше %d МиБ)"},
	{DetailFoldersTooDeep, "more than %d folder levels", "вложенность папок больше %d уровней"},
}
