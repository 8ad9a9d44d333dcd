package i18n

// Signatures inside PDF files.
const (
	ReasonPDFMalformed    Message = "reason.pdf_malformed"
	ReasonPDFByteRange    Message = "reason.pdf_byte_range"
	ReasonPDFContents     Message = "reason.pdf_contents"
	ReasonPDFEncrypted    Message = "reason.pdf_encrypted"
	ReasonPDFNoSignature  Message = "reason.pdf_no_signature"
	ReasonPDFNoEnd        Message = "reason.pdf_no_end"
	WarnPDFModifiedAfter  Message = "warn.pdf_modified_after"
	WarnPDFNotCovered     Message = "warn.pdf_not_covered"
	TextPDFSignature      Message = "text.pdf_signature"
	ErrPDFWithContent     Message = "err.pdf_with_content"
	ShowPDFNone           Message = "show.pdf_none"
	ShowPDFSignature      Message = "show.pdf_signature"
	ShowPDFCovers         Message = "show.pdf_covers"
	TextPDFCoversFile     Message = "text.pdf_covers_file"
	TextPDFCoversRevision Message = "text.pdf_covers_revision"
	TextPDFCoversPart     Message = "text.pdf_covers_part"
)

var pdfCatalogue = []entry{
	{ReasonPDFMalformed, "the PDF cannot be read (%s at offset %d)", "файл PDF не читается (%s, смещение %d)"},
	{ReasonPDFByteRange, "the signature's /ByteRange does not cover the file but for its own /Contents, or lies outside it",
		"/ByteRange подписи не покрывает файл целиком за вычетом её /Contents или выходит за его пределы"},
	{ReasonPDFContents, "the signature's /Contents is missing or not where its byte range leaves room for it",
		"/Contents подписи отсутствует или находится не там, где для него оставлено место"},
	{ReasonPDFEncrypted, "the PDF is encrypted: its signatures cannot be read", "файл PDF зашифрован: его подписи не прочитать"},
	{ReasonPDFNoEnd, "the file starts like a PDF but has no cross-reference at its end (startxref): cut short, or not a PDF",
		"файл начинается как PDF, но в его конце нет таблицы перекрёстных ссылок (startxref): он обрезан или это не PDF"},
	{ReasonPDFNoSignature, "the PDF holds no signature", "в файле PDF нет подписей"},
	{WarnPDFModifiedAfter, "the file was changed after this signature (its signed revision ends at byte %d; a later revision or appended bytes follow)",
		"файл изменён после этой подписи (подписанная редакция заканчивается на байте %d; за ней следует более поздняя редакция или дописанные байты)"},
	{WarnPDFNotCovered, "no signature covers the whole file: its last bytes are signed by nobody",
		"ни одна подпись не покрывает файл целиком: его последние байты никем не подписаны"},
	{ErrPDFWithContent, "%s is a PDF: its signatures cover the PDF itself, give no CONTENT", "%s — это PDF: его подписи покрывают сам PDF, документ (CONTENT) не нужен"},
	{TextPDFCoversFile, "covers the whole file", "покрывает весь файл"},
	{TextPDFCoversRevision, "covers its revision, not what was added after it", "покрывает свою редакцию, но не добавленное после неё"},
	{TextPDFCoversPart, "covers part of the file only", "покрывает лишь часть файла"},
	{ShowPDFNone, "%s: a PDF with no signature", "%s: PDF без подписей"},
	{ShowPDFSignature, "PDF signature %d: field %s, %s, revision %d, byte range [%d %d %d %d]",
		"подпись PDF %d: поле %s, %s, редакция %d, диапазон байтов [%d %d %d %d]"},
	{ShowPDFCovers, "  covers the whole file: %v; its revision: %v; changed after it: %v",
		"  покрывает весь файл: %v; свою редакцию: %v; файл изменён после неё: %v"},
	{TextPDFSignature, "in the PDF: field %s, revision %d, %s", "в PDF: поле %s, редакция %d, %s"},
}
