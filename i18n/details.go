package i18n

// Technical details: the failures of lower layers (the file system, zip
// archives, the CMS parser) said in plain words, for the "detail" of a
// reason and for error lines. Package verify picks the message by the
// error's type (verify.Detail); in English it prints the error's own
// words, which these say in the same sense.
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
)

// What batch says of the limits it applies: the meaning of INPUT_REFUSED
// and of SIGNED_DATA_NOT_FOUND with every limit that leads to them, and
// the bounds of pairing by digest that left a signature without its
// document.
const (
	MeaningInputRefusedLimits Message = "meaning.INPUT_REFUSED.limits"
	MeaningNotFoundBounded    Message = "meaning.SIGNED_DATA_NOT_FOUND.bounded"
	BatchPairTooLarge         Message = "batch.pair_too_large"
	BatchPairTooMany          Message = "batch.pair_too_many"
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

	{MeaningInputRefusedLimits, "the file was refused: too large (--max-total-size, --max-inflate, --max-temp-size), too many files (--max-entries), suspicious compression (--max-ratio), nested too deep (--max-depth), or an unsafe name or link",
		"файл отклонён: слишком большой размер (--max-total-size, --max-inflate, --max-temp-size), слишком много файлов (--max-entries), подозрительная степень сжатия (--max-ratio), слишком глубокая вложенность (--max-depth) или небезопасное имя либо ссылка"},
	{MeaningNotFoundBounded, "the signed document was not found, by name or by digest (the search by digest reads at most --max-pair-candidates documents per folder, none larger than --max-pair-size)",
		"подписанный документ не найден ни по имени, ни по хэшу (при поиске по хэшу читается не больше --max-pair-candidates документов в папке, каждый не больше --max-pair-size)"},
	{BatchPairTooLarge, "%d document(s) larger than %d bytes (--max-pair-size) were not compared",
		"не сравнивались документы больше предела --max-pair-size (их %d, предел %d байт)"},
	{BatchPairTooMany, "the search stopped after reading %d documents (--max-pair-candidates): %d more were not compared",
		"поиск остановлен на пределе --max-pair-candidates (прочитано документов: %d), не сравнивались ещё: %d"},
}
