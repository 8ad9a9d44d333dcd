package batch

import (
	"fmt"
	"os"
	"strings"

	"github.com/gostverify/gostverify/verify"
)

// Lang selects the language of labels in text, CSV and HTML output.
// Codes (statuses, sub-indications, pairings, revocation statuses) and the
// reasons of package verify are never translated: programs parse them.
type Lang string

// Languages of the output.
const (
	English Lang = "en"
	Russian Lang = "ru"
)

// ParseLang parses the value of --lang: "ru" or "en", case-insensitive; ""
// is LangFromEnv().
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return LangFromEnv(), nil
	case "en":
		return English, nil
	case "ru":
		return Russian, nil
	}
	return "", fmt.Errorf("batch: unknown language %q: use en or ru", s)
}

// LangFromEnv picks Russian when LC_ALL, else LC_MESSAGES, else LANG (the
// first one set and non-empty, as POSIX orders them) starts with "ru",
// and English otherwise.
func LangFromEnv() Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "ru") {
				return Russian
			}
			return English
		}
	}
	return English
}

// labels are the words of the outputs in one language.
type labels struct {
	// WriteSummary.
	Signatures, Documents, UnsignedDocs, Unreadable, Refused, NotChecked, Interrupted string
	Valid, Invalid, Indeterminate                                                     string
	Problems, AndMore, Result                                                         string
	ResultValid, ResultInvalid, ResultIndeterminate, ResultNone, ResultInterrupted    string

	// WriteCSV header, in column order.
	CSVHeader []string

	// WriteHTML.
	Title, Started, Finished, Inputs, Files, Summary, Count, Code, Meaning, Paths string
	DocumentsHeading, AttachedHeading, OrphansHeading, UnreadableHeading          string
	RefusedHeading, NotCheckedHeading, SignatureFile, Signature, Countersignature string
	Document, Pairing, Signer, JobTitle, Organization, INN, INNLE, OGRN, OGRNIP   string
	SNILS, SigningTime, Verdict, Reason, Detail, Chain, Revocation, Warnings      string
	NoSignatures, UnknownSigner, None                                             string
}

var english = labels{
	Signatures:          "Signatures",
	Documents:           "Documents",
	UnsignedDocs:        "Unsigned documents",
	Unreadable:          "Unreadable inputs",
	Refused:             "Refused inputs",
	NotChecked:          "Not checked",
	Interrupted:         "the run was interrupted",
	Valid:               "Valid",
	Invalid:             "Invalid",
	Indeterminate:       "Indeterminate",
	Problems:            "Problems",
	AndMore:             "… and %d more",
	Result:              "Result",
	ResultValid:         "all checked signatures are valid",
	ResultInvalid:       "at least one signature is invalid",
	ResultIndeterminate: "the validity of at least one signature could not be determined",
	ResultNone:          "no signatures were found",
	ResultInterrupted:   "the run was interrupted: %d input(s) not checked",

	CSVHeader: []string{"path", "document", "pairing", "position", "verdict", "subindication", "reason",
		"signer", "organization", "inn", "innle", "ogrn", "snils", "signing_time", "revocation_status", "revocation_source"},

	Title:             "Signature verification report",
	Started:           "Started",
	Finished:          "Finished",
	Inputs:            "Inputs",
	Files:             "Files",
	Summary:           "Summary",
	Count:             "Count",
	Code:              "Code",
	Meaning:           "Meaning",
	Paths:             "Files",
	DocumentsHeading:  "Documents",
	AttachedHeading:   "Signatures carrying their document",
	OrphansHeading:    "Signatures without a document",
	UnreadableHeading: "Unreadable inputs",
	RefusedHeading:    "Refused inputs",
	NotCheckedHeading: "Not checked (the run was interrupted)",
	SignatureFile:     "Signature file",
	Signature:         "Signature",
	Countersignature:  "Countersignature",
	Document:          "Document",
	Pairing:           "Document found",
	Signer:            "Signer",
	JobTitle:          "Title",
	Organization:      "Organization",
	INN:               "INN",
	INNLE:             "INN of the organization",
	OGRN:              "OGRN",
	OGRNIP:            "OGRNIP",
	SNILS:             "SNILS",
	SigningTime:       "Signing time",
	Verdict:           "Verdict",
	Reason:            "Reason",
	Detail:            "Technical detail",
	Chain:             "Certificate chain",
	Revocation:        "Revocation status",
	Warnings:          "Warnings",
	NoSignatures:      "No signature refers to this document.",
	UnknownSigner:     "unknown signer",
	None:              "none",
}

var russian = labels{
	Signatures:          "Подписей",
	Documents:           "Документов",
	UnsignedDocs:        "Документов без подписи",
	Unreadable:          "Нечитаемых файлов",
	Refused:             "Отклонённых файлов",
	NotChecked:          "Не проверено",
	Interrupted:         "проверка прервана",
	Valid:               "Действительных",
	Invalid:             "Недействительных",
	Indeterminate:       "Статус не определён",
	Problems:            "Выявленные проблемы",
	AndMore:             "… и ещё %d",
	Result:              "Итог",
	ResultValid:         "все проверенные подписи действительны",
	ResultInvalid:       "есть недействительные подписи",
	ResultIndeterminate: "действительность части подписей определить не удалось",
	ResultNone:          "подписи не найдены",
	ResultInterrupted:   "проверка прервана, не проверено файлов: %d",

	CSVHeader: []string{"Путь", "Документ", "Сопоставление", "Номер подписи", "Результат", "Код причины", "Причина",
		"Подписант", "Организация", "ИНН", "ИНН ЮЛ", "ОГРН/ОГРНИП", "СНИЛС", "Время подписания (UTC)",
		"Статус отзыва", "Источник статуса отзыва"},

	Title:             "Протокол проверки электронных подписей",
	Started:           "Начало проверки",
	Finished:          "Окончание проверки",
	Inputs:            "Проверялись",
	Files:             "Всего файлов",
	Summary:           "Сводка",
	Count:             "Количество",
	Code:              "Код",
	Meaning:           "Что это значит",
	Paths:             "Файлы",
	DocumentsHeading:  "Документы",
	AttachedHeading:   "Подписи, содержащие документ (присоединённые)",
	OrphansHeading:    "Подписи без документа",
	UnreadableHeading: "Нечитаемые файлы",
	RefusedHeading:    "Отклонённые файлы",
	NotCheckedHeading: "Не проверено (проверка прервана)",
	SignatureFile:     "Файл подписи",
	Signature:         "Подпись",
	Countersignature:  "Заверяющая подпись",
	Document:          "Документ",
	Pairing:           "Как найден документ",
	Signer:            "Подписант",
	JobTitle:          "Должность",
	Organization:      "Организация",
	INN:               "ИНН",
	INNLE:             "ИНН ЮЛ",
	OGRN:              "ОГРН",
	OGRNIP:            "ОГРНИП",
	SNILS:             "СНИЛС",
	SigningTime:       "Время подписания",
	Verdict:           "Результат",
	Reason:            "Причина",
	Detail:            "Технические подробности",
	Chain:             "Цепочка сертификатов",
	Revocation:        "Статус отзыва",
	Warnings:          "Предупреждения",
	NoSignatures:      "Ни одна подпись не относится к этому документу.",
	UnknownSigner:     "подписант не определён",
	None:              "нет",
}

// labels returns the words of l; an unknown Lang is English.
func (l Lang) labels() *labels {
	if l == Russian {
		return &russian
	}
	return &english
}

// text is one phrase in both languages.
type text struct{ en, ru string }

func (t text) in(l Lang) string {
	if l == Russian {
		return t.ru
	}
	return t.en
}

// statusLabels name the statuses of entries and signers.
var statusLabels = map[Status]text{
	Valid:         {"valid", "действительна"},
	Invalid:       {"invalid", "недействительна"},
	Indeterminate: {"indeterminate", "не удалось определить"},
	Unsigned:      {"unsigned", "нет подписи"},
	NotChecked:    {"not checked", "не проверено"},
}

// statusLabel names a status in l; an unknown status is its code.
func statusLabel(s Status, l Lang) string {
	if t, ok := statusLabels[s]; ok {
		return t.in(l)
	}
	return string(s)
}

// meanings say in plain words what each sub-indication means, for the
// people who read the reports (the accountant, not the cryptographer).
var meanings = map[verify.SubIndication]text{
	verify.FormatFailure: {
		"the signature file is damaged or not in a supported format",
		"файл подписи повреждён или имеет неподдерживаемый формат"},
	verify.HashFailure: {
		"the document was changed after signing",
		"документ изменён после подписания"},
	verify.SigCryptoFailure: {
		"the signature does not match the signed data: it is damaged or forged",
		"подпись не соответствует подписанным данным: она повреждена или подделана"},
	verify.SigConstraintsFailure: {
		"the signature does not meet the verification requirements (for example, the signer's certificate was swapped)",
		"подпись не отвечает требованиям проверки (например, подменён сертификат подписанта)"},
	verify.Revoked: {
		"the signer's certificate was revoked before signing",
		"сертификат подписанта отозван до подписания"},
	verify.Expired: {
		"the signer's certificate had already expired when the document was signed",
		"на момент подписания срок действия сертификата подписанта истёк"},
	verify.NotYetValid: {
		"the document was signed before the signer's certificate became valid",
		"документ подписан до начала срока действия сертификата подписанта"},
	verify.NoSigningCertificateFound: {
		"the signer's certificate was not found",
		"не найден сертификат подписанта"},
	verify.NoCertificateChainFound: {
		"no chain to a trusted root certificate could be built",
		"не удалось построить цепочку до доверенного корневого сертификата"},
	verify.ChainConstraintsFailure: {
		"a certificate of the chain does not meet the requirements (for example, a certification authority's certificate has expired)",
		"сертификат в цепочке не отвечает требованиям (например, истёк срок действия сертификата удостоверяющего центра)"},
	verify.OutOfBoundsNoPOE: {
		"the certificate has expired and there is no proof of when the document was signed",
		"срок действия сертификата истёк, а доказательства времени подписания нет"},
	verify.RevokedNoPOE: {
		"the signer's certificate has been revoked and there is no proof that the document was signed before that",
		"сертификат подписанта отозван, а доказательства того, что документ подписан до отзыва, нет"},
	verify.RevokedCANoPOE: {
		"a certification authority's certificate in the chain has been revoked and there is no proof that the document was signed before that",
		"сертификат удостоверяющего центра в цепочке отозван, а доказательства того, что документ подписан до отзыва, нет"},
	verify.TryLater: {
		"the certificate's revocation status could not be obtained — try again later",
		"не удалось получить статус отзыва сертификата — повторите проверку позже"},
	verify.Generic: {
		"the signature could not be checked (for example, its algorithm is not supported)",
		"подпись не удалось проверить (например, её алгоритм не поддерживается)"},
	InputRefused: {
		"the archive entry was refused: too large, too many files, suspicious compression or an unsafe name",
		"файл из архива отклонён: слишком большой размер, слишком много файлов, подозрительная степень сжатия или небезопасное имя"},
	InputUnreadable: {
		"the file could not be read",
		"файл не удалось прочитать"},
	SignedDataNotFound: {
		"the signed document was not found",
		"подписанный документ не найден"},
}

// meaning says what sub-indication s means, in l; an unknown one is its
// code.
func meaning(s verify.SubIndication, l Lang) string {
	if t, ok := meanings[s]; ok {
		return t.in(l)
	}
	return string(s)
}

// pairingLabels say how a signature found its document (HTML only: CSV
// keeps the codes).
var pairingLabels = map[string]text{
	PairedByName:   {"by file name", "по имени файла"},
	PairedByDigest: {"by content (digest)", "по содержимому (хэш)"},
	PairedAttached: {"inside the signature (attached)", "внутри подписи (присоединённая подпись)"},
	PairedNone:     {"not found", "документ не найден"},
}

func pairingLabel(p string, l Lang) string {
	if t, ok := pairingLabels[p]; ok {
		return t.in(l)
	}
	return p
}

// revocationLabels name the revocation statuses of verify.Revocation.
var revocationLabels = map[string]text{
	"good":        {"not revoked", "не отозван"},
	"revoked":     {"revoked", "отозван"},
	"unknown":     {"unknown to the responder", "неизвестен службе OCSP"},
	"unavailable": {"could not be obtained", "получить не удалось"},
	"not_checked": {"not checked", "не проверялся"},
}

func revocationLabel(s string, l Lang) string {
	if t, ok := revocationLabels[s]; ok {
		return t.in(l)
	}
	return s
}
