package i18n

import "golang.org/x/text/feature/plural"

// The summary of a batch run (package batch): the counts, the problems
// and the result sentence.
const (
	BatchValid               Message = "batch.count.valid"
	BatchInvalid             Message = "batch.count.invalid"
	BatchIndeterminate       Message = "batch.count.indeterminate"
	BatchSignatures          Message = "batch.count.signatures"
	BatchDocuments           Message = "batch.count.documents"
	BatchUnsigned            Message = "batch.count.unsigned"
	BatchUnreadable          Message = "batch.count.unreadable"
	BatchRefused             Message = "batch.count.refused"
	BatchNotChecked          Message = "batch.count.not_checked"
	BatchFiles               Message = "batch.count.files"
	BatchInterrupted         Message = "batch.interrupted"
	BatchProblems            Message = "batch.problems"
	BatchAndMore             Message = "batch.and_more"
	BatchResult              Message = "batch.result"
	BatchResultValid         Message = "batch.result.valid"
	BatchResultInvalid       Message = "batch.result.invalid"
	BatchResultIndeterminate Message = "batch.result.indeterminate"
	BatchResultNone          Message = "batch.result.none"
	BatchResultInterrupted   Message = "batch.result.interrupted"
)

// The header of the CSV report, in column order.
const (
	BatchCSVPath             Message = "batch.csv.path"
	BatchCSVDocument         Message = "batch.csv.document"
	BatchCSVPairing          Message = "batch.csv.pairing"
	BatchCSVPosition         Message = "batch.csv.position"
	BatchCSVVerdict          Message = "batch.csv.verdict"
	BatchCSVSubIndication    Message = "batch.csv.subindication"
	BatchCSVReason           Message = "batch.csv.reason"
	BatchCSVSigner           Message = "batch.csv.signer"
	BatchCSVOrganization     Message = "batch.csv.organization"
	BatchCSVINN              Message = "batch.csv.inn"
	BatchCSVINNLE            Message = "batch.csv.innle"
	BatchCSVOGRN             Message = "batch.csv.ogrn"
	BatchCSVSNILS            Message = "batch.csv.snils"
	BatchCSVSigningTime      Message = "batch.csv.signing_time"
	BatchCSVRevocationStatus Message = "batch.csv.revocation_status"
	BatchCSVRevocationSource Message = "batch.csv.revocation_source"
)

// The HTML report (протокол проверки электронных подписей).
const (
	BatchTitle             Message = "batch.html.title"
	BatchStarted           Message = "batch.html.started"
	BatchFinished          Message = "batch.html.finished"
	BatchInputs            Message = "batch.html.inputs"
	BatchSummary           Message = "batch.html.summary"
	BatchCount             Message = "batch.html.count"
	BatchCode              Message = "batch.html.code"
	BatchMeaning           Message = "batch.html.meaning"
	BatchPaths             Message = "batch.html.paths"
	BatchDocumentsHeading  Message = "batch.html.documents"
	BatchAttachedHeading   Message = "batch.html.attached"
	BatchOrphansHeading    Message = "batch.html.orphans"
	BatchUnreadableHeading Message = "batch.html.unreadable"
	BatchRefusedHeading    Message = "batch.html.refused"
	BatchNotCheckedHeading Message = "batch.html.not_checked"
	BatchSignatureFile     Message = "batch.html.signature_file"
	BatchSignature         Message = "batch.html.signature"
	BatchCountersignature  Message = "batch.html.countersignature"
	BatchDocument          Message = "batch.html.document"
	BatchPairing           Message = "batch.html.pairing"
	BatchSigner            Message = "batch.html.signer"
	BatchJobTitle          Message = "batch.html.job_title"
	BatchOrganization      Message = "batch.html.organization"
	BatchINN               Message = "batch.html.inn"
	BatchINNLE             Message = "batch.html.innle"
	BatchOGRN              Message = "batch.html.ogrn"
	BatchOGRNIP            Message = "batch.html.ogrnip"
	BatchSNILS             Message = "batch.html.snils"
	BatchSigningTime       Message = "batch.html.signing_time"
	BatchVerdict           Message = "batch.html.verdict"
	BatchReason            Message = "batch.html.reason"
	BatchDetail            Message = "batch.html.detail"
	BatchChain             Message = "batch.html.chain"
	BatchRevocation        Message = "batch.html.revocation"
	BatchWarnings          Message = "batch.html.warnings"
	BatchNoSignatures      Message = "batch.html.no_signatures"
	BatchUnknownSigner     Message = "batch.html.unknown_signer"
	BatchNone              Message = "batch.html.none"
)

// The statuses of batch entries (valid and invalid are StatusValid and
// StatusInvalid), how a signature found its document, and the revocation
// statuses of package verify, as people read them.
const (
	BatchStatusIndeterminate Message = "batch.status.indeterminate"
	BatchStatusUnsigned      Message = "batch.status.unsigned"
	BatchStatusNotChecked    Message = "batch.status.not_checked"

	BatchPairedByName   Message = "batch.pairing.name"
	BatchPairedByDigest Message = "batch.pairing.digest"
	BatchPairedManifest Message = "batch.pairing.manifest"
	BatchPairedPDF      Message = "batch.pairing.pdf"
	BatchPairedAttached Message = "batch.pairing.attached"
	BatchPairedNone     Message = "batch.pairing.none"

	BatchRevocationGood        Message = "batch.revocation.good"
	BatchRevocationRevoked     Message = "batch.revocation.revoked"
	BatchRevocationUnknown     Message = "batch.revocation.unknown"
	BatchRevocationUnavailable Message = "batch.revocation.unavailable"
	BatchRevocationNotChecked  Message = "batch.revocation.not_checked"
)

// What each sub-indication means, in plain words for the people who read
// the reports (the accountant, not the cryptographer): those of ETSI EN
// 319 102-1 that package verify gives, and batch's own.
const (
	MeaningFormatFailure             Message = "meaning.FORMAT_FAILURE"
	MeaningHashFailure               Message = "meaning.HASH_FAILURE"
	MeaningSigCryptoFailure          Message = "meaning.SIG_CRYPTO_FAILURE"
	MeaningSigConstraintsFailure     Message = "meaning.SIG_CONSTRAINTS_FAILURE"
	MeaningRevoked                   Message = "meaning.REVOKED"
	MeaningExpired                   Message = "meaning.EXPIRED"
	MeaningNotYetValid               Message = "meaning.NOT_YET_VALID"
	MeaningNoSigningCertificateFound Message = "meaning.NO_SIGNING_CERTIFICATE_FOUND"
	MeaningNoCertificateChainFound   Message = "meaning.NO_CERTIFICATE_CHAIN_FOUND"
	MeaningChainConstraintsFailure   Message = "meaning.CHAIN_CONSTRAINTS_FAILURE"
	MeaningOutOfBoundsNoPOE          Message = "meaning.OUT_OF_BOUNDS_NO_POE"
	MeaningRevokedNoPOE              Message = "meaning.REVOKED_NO_POE"
	MeaningRevokedCANoPOE            Message = "meaning.REVOKED_CA_NO_POE"
	MeaningTryLater                  Message = "meaning.TRY_LATER"
	MeaningGeneric                   Message = "meaning.GENERIC"
	MeaningInputUnreadable           Message = "meaning.INPUT_UNREADABLE"
	// INPUT_REFUSED with every limit that leads to it, and
	// SIGNED_DATA_NOT_FOUND with the bounds of pairing by digest.
	MeaningInputRefusedLimits Message = "meaning.INPUT_REFUSED"
	MeaningNotFoundBounded    Message = "meaning.SIGNED_DATA_NOT_FOUND"
)

var batchCatalogue = []entry{
	{BatchValid, "Valid", "Действительных"},
	{BatchInvalid, "Invalid", "Недействительных"},
	{BatchIndeterminate, "Indeterminate", "Статус не определён"},
	{BatchSignatures, "Signatures", "Подписей"},
	{BatchDocuments, "Documents", "Документов"},
	{BatchUnsigned, "Unsigned documents", "Документов без подписи"},
	{BatchUnreadable, "Unreadable inputs", "Нечитаемых файлов"},
	{BatchRefused, "Refused inputs", "Отклонённых файлов"},
	{BatchNotChecked, "Not checked", "Не проверено"},
	{BatchFiles, "Files", "Всего файлов"},
	{BatchInterrupted, "the run was interrupted", "проверка прервана"},
	{BatchProblems, "Problems", "Выявленные проблемы"},
	// More paths than a list shows: "… и ещё 5 файлов".
	{BatchAndMore, "… and %d more",
		plural.Selectf(1, "%d", "one", "… и ещё %d файл", "few", "… и ещё %d файла", "other", "… и ещё %d файлов")},
	{BatchResult, "Result", "Итог"},
	{BatchResultValid, "all checked signatures are valid", "все проверенные подписи действительны"},
	{BatchResultInvalid, "at least one signature is invalid", "есть недействительные подписи"},
	{BatchResultIndeterminate, "the validity of at least one signature could not be determined",
		"действительность части подписей определить не удалось"},
	{BatchResultNone, "no signatures were found", "подписи не найдены"},
	{BatchResultInterrupted,
		plural.Selectf(1, "%d", "one", "the run was interrupted: %d input not checked", "other", "the run was interrupted: %d inputs not checked"),
		plural.Selectf(1, "%d", "one", "проверка прервана: не проверен %d файл", "few", "проверка прервана: не проверено %d файла",
			"other", "проверка прервана: не проверено %d файлов")},

	// The English header is the column names programs know.
	{BatchCSVPath, "path", "Путь"},
	{BatchCSVDocument, "document", "Документ"},
	{BatchCSVPairing, "pairing", "Сопоставление"},
	{BatchCSVPosition, "position", "Номер подписи"},
	{BatchCSVVerdict, "verdict", "Результат"},
	{BatchCSVSubIndication, "subindication", "Код причины"},
	{BatchCSVReason, "reason", "Причина"},
	{BatchCSVSigner, "signer", "Подписант"},
	{BatchCSVOrganization, "organization", "Организация"},
	{BatchCSVINN, "inn", "ИНН"},
	{BatchCSVINNLE, "innle", "ИНН ЮЛ"},
	{BatchCSVOGRN, "ogrn", "ОГРН/ОГРНИП"},
	{BatchCSVSNILS, "snils", "СНИЛС"},
	{BatchCSVSigningTime, "signing_time", "Время подписания (UTC)"},
	{BatchCSVRevocationStatus, "revocation_status", "Статус отзыва"},
	{BatchCSVRevocationSource, "revocation_source", "Источник статуса отзыва"},

	{BatchTitle, "Signature verification report", "Протокол проверки электронных подписей"},
	{BatchStarted, "Started", "Начало проверки"},
	{BatchFinished, "Finished", "Окончание проверки"},
	{BatchInputs, "Inputs", "Проверялись"},
	{BatchSummary, "Summary", "Сводка"},
	{BatchCount, "Count", "Количество"},
	{BatchCode, "Code", "Код"},
	{BatchMeaning, "Meaning", "Что это значит"},
	{BatchPaths, "Files", "Файлы"},
	{BatchDocumentsHeading, "Documents", "Документы"},
	{BatchAttachedHeading, "Signatures carrying their document", "Подписи, содержащие документ (присоединённые)"},
	{BatchOrphansHeading, "Signatures without a document", "Подписи без документа"},
	{BatchUnreadableHeading, "Unreadable inputs", "Нечитаемые файлы"},
	{BatchRefusedHeading, "Refused inputs", "Отклонённые файлы"},
	{BatchNotCheckedHeading, "Not checked (the run was interrupted)", "Не проверено (проверка прервана)"},
	{BatchSignatureFile, "Signature file", "Файл подписи"},
	{BatchSignature, "Signature %s", "Подпись %s"},
	{BatchCountersignature, "Countersignature %s", "Заверяющая подпись %s"},
	{BatchDocument, "Document", "Документ"},
	{BatchPairing, "Document found", "Как найден документ"},
	{BatchSigner, "Signer", "Подписант"},
	{BatchJobTitle, "Title", "Должность"},
	{BatchOrganization, "Organization", "Организация"},
	{BatchINN, "INN", "ИНН"},
	{BatchINNLE, "INN of the organization", "ИНН ЮЛ"},
	{BatchOGRN, "OGRN", "ОГРН"},
	{BatchOGRNIP, "OGRNIP", "ОГРНИП"},
	{BatchSNILS, "SNILS", "СНИЛС"},
	{BatchSigningTime, "Signing time", "Время подписания"},
	{BatchVerdict, "Verdict", "Результат"},
	{BatchReason, "Reason", "Причина"},
	{BatchDetail, "Technical detail", "Технические подробности"},
	{BatchChain, "Certificate chain", "Цепочка сертификатов"},
	{BatchRevocation, "Revocation status", "Статус отзыва"},
	{BatchWarnings, "Warnings", "Предупреждения"},
	{BatchNoSignatures, "No signature refers to this document.", "Ни одна подпись не относится к этому документу."},
	{BatchUnknownSigner, "unknown signer", "подписант не определён"},
	{BatchNone, "none", "нет"},

	{BatchStatusIndeterminate, "indeterminate", "не удалось определить"},
	{BatchStatusUnsigned, "unsigned", "нет подписи"},
	{BatchStatusNotChecked, "not checked", "не проверено"},

	{BatchPairedByName, "by file name", "по имени файла"},
	{BatchPairedByDigest, "by content (digest)", "по содержимому (хэш)"},
	{BatchPairedManifest, "by the container's description", "по описанию контейнера"},
	{BatchPairedPDF, "inside the PDF", "внутри PDF"},
	{BatchPairedAttached, "inside the signature (attached)", "внутри подписи (присоединённая подпись)"},
	{BatchPairedNone, "not found", "документ не найден"},

	{BatchRevocationGood, "not revoked", "не отозван"},
	{BatchRevocationRevoked, "revoked", "отозван"},
	{BatchRevocationUnknown, "unknown to the responder", "неизвестен службе OCSP"},
	{BatchRevocationUnavailable, "could not be obtained", "получить не удалось"},
	{BatchRevocationNotChecked, "not checked", "не проверялся"},

	{MeaningFormatFailure, "the signature file is damaged or not in a supported format",
		"файл подписи повреждён или имеет неподдерживаемый формат"},
	{MeaningHashFailure, "the document was changed after signing", "документ изменён после подписания"},
	{MeaningSigCryptoFailure, "the signature does not match the signed data: it is damaged or forged",
		"подпись не соответствует подписанным данным: она повреждена или подделана"},
	{MeaningSigConstraintsFailure, "the signature does not meet the verification requirements (for example, the signer's certificate was swapped)",
		"подпись не отвечает требованиям проверки (например, подменён сертификат подписанта)"},
	{MeaningRevoked, "the signer's certificate was revoked before signing", "сертификат подписанта отозван до подписания"},
	{MeaningExpired, "the signer's certificate had already expired when the document was signed",
		"на момент подписания срок действия сертификата подписанта истёк"},
	{MeaningNotYetValid, "the document was signed before the signer's certificate became valid",
		"документ подписан до начала срока действия сертификата подписанта"},
	{MeaningNoSigningCertificateFound, "the signer's certificate was not found", "не найден сертификат подписанта"},
	{MeaningNoCertificateChainFound, "no chain to a trusted root certificate could be built",
		"не удалось построить цепочку до доверенного корневого сертификата"},
	{MeaningChainConstraintsFailure, "a certificate of the chain does not meet the requirements (for example, a certification authority's certificate has expired)",
		"сертификат в цепочке не отвечает требованиям (например, истёк срок действия сертификата удостоверяющего центра)"},
	{MeaningOutOfBoundsNoPOE, "the certificate has expired and there is no proof of when the document was signed",
		"срок действия сертификата истёк, а доказательства времени подписания нет"},
	{MeaningRevokedNoPOE, "the signer's certificate has been revoked and there is no proof that the document was signed before that",
		"сертификат подписанта отозван, а доказательства того, что документ подписан до отзыва, нет"},
	{MeaningRevokedCANoPOE, "a certification authority's certificate in the chain has been revoked and there is no proof that the document was signed before that",
		"сертификат удостоверяющего центра в цепочке отозван, а доказательства того, что документ подписан до отзыва, нет"},
	{MeaningTryLater, "the certificate's revocation status could not be obtained — try again later",
		"не удалось получить статус отзыва сертификата — повторите проверку позже"},
	{MeaningGeneric, "the signature could not be checked (for example, its algorithm is not supported)",
		"подпись не удалось проверить (например, её алгоритм не поддерживается)"},
	{MeaningInputUnreadable, "the file could not be read", "файл не удалось прочитать"},
	{MeaningInputRefusedLimits, "the file was refused: too large (--max-total-size, --max-inflate, --max-temp-size), too many files (--max-entries), suspicious compression (--max-ratio), nested too deep (--max-depth), or an unsafe name or link",
		"файл отклонён: слишком большой размер (--max-total-size, --max-inflate, --max-temp-size), слишком много файлов (--max-entries), подозрительная степень сжатия (--max-ratio), слишком глубокая вложенность (--max-depth) или небезопасное имя либо ссылка"},
	{MeaningNotFoundBounded, "the signed document was not found, by name or by digest (the search by digest reads at most --max-pair-candidates documents per folder, none larger than --max-pair-size)",
		"подписанный документ не найден ни по имени, ни по хэшу (при поиске по хэшу читается не больше --max-pair-candidates документов в папке, каждый не больше --max-pair-size)"},
}

// The reasons batch gives entries itself.
const (
	BatchInterruptedReading  Message = "batch.reason_interrupted_reading"
	BatchInterruptedChecking Message = "batch.reason_interrupted_checking"
	BatchDocumentUnreadable  Message = "batch.reason_document_unreadable"
	BatchOrphan              Message = "batch.reason_orphan"
	BatchRunBudget           Message = "batch.reason_run_budget"
	BatchInterruptedNote     Message = "batch.interrupted_note"
	BatchNoSignatureFiles    Message = "batch.no_signature_files"
	BatchWritingReport       Message = "batch.writing_report"
	BatchProgress            Message = "batch.progress"
	BatchProgressUnit        Message = "batch.progress_unit"
	// The bounds of pairing by digest that left a signature without its
	// document.
	BatchPairTooLarge Message = "batch.pair_too_large"
	BatchPairTooMany  Message = "batch.pair_too_many"
)

var batchReasonCatalogue = []entry{
	{BatchInterruptedNote, "interrupted: finishing the files under way and writing the report (Ctrl-C again to quit at once)",
		"проверка прервана: завершаются начатые файлы и записывается отчёт (повторное Ctrl-C — выйти сразу)"},
	{BatchNoSignatureFiles, "no signature files (.sig, .sgn, .p7s, .p7m) were found", "файлы подписей (.sig, .sgn, .p7s, .p7m) не найдены"},
	{BatchWritingReport, "writing the report: %v", "отчёт не записан: %v"},
	{BatchProgress, "verifying", "проверка"},
	{BatchProgressUnit, "signatures", "подписей"},
	{BatchInterruptedReading, "the run was interrupted while this signature's document was being read", "проверка прервана во время чтения документа этой подписи"},
	{BatchInterruptedChecking, "the run was interrupted while this signature was being checked", "проверка прервана во время проверки этой подписи"},
	{BatchDocumentUnreadable, "its document %s could not be read: %v", "её документ %s не удалось прочитать: %v"},
	{BatchOrphan, "a detached signature, and no file beside it has the name of its document (%s) or the digest it signs",
		"открепленная подпись, и рядом с ней нет ни файла с именем её документа (%s), ни файла с подписанным ею хэшем"},
	{BatchRunBudget, "the run's network budget of %v (--run-network-budget) ran out: this signature's network checks were cut short or not made, and it was checked with what the run and the cache already knew",
		"время на сетевые запросы всей проверки (%v, --run-network-budget) истекло: сетевые проверки этой подписи прерваны или не выполнялись, она проверена по тому, что уже было известно и сохранено в кэше"},
	{BatchPairTooLarge, "%d document(s) larger than %d bytes (--max-pair-size) were not compared",
		"не сравнивались документы больше предела --max-pair-size (их %d, предел %d байт)"},
	{BatchPairTooMany, "the search stopped after reading %d documents (--max-pair-candidates): %d more were not compared",
		"поиск остановлен на пределе --max-pair-candidates (прочитано документов: %d), не сравнивались ещё: %d"},
}

// What batch says of an input it could not read or refused.
const (
	InputSymlinkDir      Message = "input.symlink_dir"
	InputNotRegular      Message = "input.not_regular"
	InputNoLongerRegular Message = "input.no_longer_regular"
	InputNamedPipe       Message = "input.named_pipe"
	InputSocket          Message = "input.socket"
	InputDevice          Message = "input.device"
	InputNotZip          Message = "input.not_zip"
	InputMaxEntries      Message = "input.max_entries"
	InputDuplicatePath   Message = "input.duplicate_path"
	InputMaxDepth        Message = "input.max_depth"
	InputUnsafeName      Message = "input.unsafe_name"
	InputSymlinkEntry    Message = "input.symlink_entry"
	InputDuplicateName   Message = "input.duplicate_name"
	InputMaxTotal        Message = "input.max_total_size"
	InputMaxRatio        Message = "input.max_ratio"
	InputEncrypted       Message = "input.encrypted"
	InputMethod          Message = "input.method"
	InputLonger          Message = "input.longer"
	InputShorter         Message = "input.shorter"
	InputMaxInflate      Message = "input.max_inflate"
	InputInterrupted     Message = "input.interrupted"
	InputMaxTempInside   Message = "input.max_temp_inside"
	InputMaxTempListed   Message = "input.max_temp_listed"
	InputTempFile        Message = "input.temp_file"
)

var batchInputCatalogue = []entry{
	{InputSymlinkDir, "a symbolic link to a directory: not followed", "символическая ссылка на папку: не открывалась"},
	{InputNotRegular, "not a regular file (%s)", "не обычный файл (%s)"},
	{InputNoLongerRegular, "no longer a regular file (%s)", "уже не обычный файл (%s)"},
	{InputNamedPipe, "a named pipe", "именованный канал"},
	{InputSocket, "a socket", "сокет"},
	{InputDevice, "a device", "устройство"},
	{InputNotZip, "not a readable zip archive: %v", "не читается как zip-архив: %v"},
	{InputMaxEntries, "the archive has %d entries, more than the %d left of the limit of %d archive entries (--max-entries)",
		"в архиве %d файлов — больше, чем осталось (%d) от предела в %d файлов архивов (--max-entries)"},
	{InputDuplicatePath, "a second entry of the same path in the archive: which one is signed would be ambiguous",
		"второй файл с тем же путём в архиве: было бы неясно, какой из них подписан"},
	{InputMaxDepth, "a zip nested more than %d levels deep (--max-depth)", "zip-архив вложен глубже %d уровней (--max-depth)"},
	{InputUnsafeName, "an unsafe entry name (absolute, a drive letter, \"..\", NUL or \"x.zip!/\"): not read",
		"небезопасное имя файла в архиве (абсолютный путь, буква диска, \"..\", NUL или \"x.zip!/\"): не читался"},
	{InputSymlinkEntry, "a symbolic link inside an archive: not followed", "символическая ссылка внутри архива: не открывалась"},
	{InputDuplicateName, "a second entry of the same name (letter case aside) in the archive: which one is signed would be ambiguous",
		"второй файл с тем же именем (без учёта регистра) в архиве: было бы неясно, какой из них подписан"},
	{InputMaxTotal, "%d bytes uncompressed would take the archives past the limit of %d bytes in all (--max-total-size)",
		"%d байт после распаковки превысили бы общий предел архивов в %d байт (--max-total-size)"},
	{InputMaxRatio, "compressed %d:1 (%d bytes to %d), beyond the limit of %d:1 (--max-ratio): a zip bomb?",
		"сжат в %d:1 (%d байт в %d), больше предела %d:1 (--max-ratio): zip-бомба?"},
	{InputEncrypted, "an encrypted archive entry", "зашифрованный файл в архиве"},
	{InputMethod, "an archive entry compressed with method %d, which is not supported (only stored and deflated)",
		"файл в архиве сжат методом %d, который не поддерживается (только без сжатия и deflate)"},
	{InputLonger, "the entry holds more than the %d bytes it declares", "в файле архива больше заявленных %d байт"},
	{InputShorter, "the entry ends before the %d bytes it declares: %v", "файл архива кончается раньше заявленных %d байт: %v"},
	{InputMaxInflate, "inflating its %d bytes would take the bytes inflated from archives in this run (%d so far) past the limit of %d (--max-inflate)",
		"распаковка его %d байт превысила бы предел распакованного из архивов за проверку (уже %d) в %d байт (--max-inflate)"},
	{InputInterrupted, "the run was interrupted before this archive was opened", "проверка прервана до того, как этот архив был открыт"},
	{InputMaxTempInside, "a nested zip of %d bytes, and the zips it is inside take %d bytes of temporary space: more than the limit of %d bytes (--max-temp-size)",
		"вложенный zip-архив в %d байт, а архивы, в которые он вложен, занимают %d байт временного места: больше предела в %d байт (--max-temp-size)"},
	{InputMaxTempListed, "a nested zip of %d bytes, and the nested zips already listed take %d bytes of temporary space: more than the limit of %d bytes (--max-temp-size)",
		"вложенный zip-архив в %d байт, а уже найденные вложенные архивы занимают %d байт временного места: больше предела в %d байт (--max-temp-size)"},
	{InputTempFile, "a temporary file for the nested zip: %v", "временный файл для вложенного zip-архива: %v"},
}
