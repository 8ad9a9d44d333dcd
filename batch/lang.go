package batch

import (
	"fmt"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// Lang is the language of the text, CSV and HTML outputs: their words come
// from the catalogue of package i18n, and the reasons, notes and warnings
// of the verify reports they show are printed in it (verify.Report's
// Localize). Codes (statuses, sub-indications, pairings, revocation
// statuses) are never translated: programs read them. An entry's own
// reason, kept when its verify report is not (Options.SummaryOnly), is in
// the language of Options.Verify.Lang.
type Lang = i18n.Lang

// Languages of the output.
const (
	English = i18n.English
	Russian = i18n.Russian
)

// ParseLang parses the value of --lang as i18n.Parse does: "ru" or "en"
// in any case, or a locale such as ru_RU.UTF-8; "" is LangFromEnv().
func ParseLang(s string) (Lang, error) {
	l, err := i18n.Parse(s)
	if err != nil {
		return "", fmt.Errorf("batch: %w", err)
	}
	return l, nil
}

// LangFromEnv is i18n.FromEnv: Russian when LC_ALL, else LC_MESSAGES, else
// LANG (the first one set and non-empty) starts with "ru", and English
// otherwise.
func LangFromEnv() Lang { return i18n.FromEnv() }

// say prints the message of code in l; a code with no message is printed
// as it is.
func say[C ~string](messages map[C]i18n.Message, code C, l Lang) string {
	if m, ok := messages[code]; ok {
		return l.Sprintf(m)
	}
	return string(code)
}

// statusMessages name the statuses of entries and signers.
var statusMessages = map[Status]i18n.Message{
	Valid:         i18n.StatusValid,
	Invalid:       i18n.StatusInvalid,
	Indeterminate: i18n.BatchStatusIndeterminate,
	Unsigned:      i18n.BatchStatusUnsigned,
	NotChecked:    i18n.BatchStatusNotChecked,
}

func statusLabel(s Status, l Lang) string { return say(statusMessages, s, l) }

// meanings say in plain words what each sub-indication means.
var meanings = map[verify.SubIndication]i18n.Message{
	verify.FormatFailure:                 i18n.MeaningFormatFailure,
	verify.HashFailure:                   i18n.MeaningHashFailure,
	verify.SigCryptoFailure:              i18n.MeaningSigCryptoFailure,
	verify.SigConstraintsFailure:         i18n.MeaningSigConstraintsFailure,
	verify.Revoked:                       i18n.MeaningRevoked,
	verify.Expired:                       i18n.MeaningExpired,
	verify.NotYetValid:                   i18n.MeaningNotYetValid,
	verify.NoSigningCertificateFound:     i18n.MeaningNoSigningCertificateFound,
	verify.NoCertificateChainFound:       i18n.MeaningNoCertificateChainFound,
	verify.ChainConstraintsFailure:       i18n.MeaningChainConstraintsFailure,
	verify.OutOfBoundsNoPOE:              i18n.MeaningOutOfBoundsNoPOE,
	verify.RevokedNoPOE:                  i18n.MeaningRevokedNoPOE,
	verify.RevokedCANoPOE:                i18n.MeaningRevokedCANoPOE,
	verify.TryLater:                      i18n.MeaningTryLater,
	verify.Generic:                       i18n.MeaningGeneric,
	verify.TimestampOrderFailure:         i18n.MeaningTimestampOrderFailure,
	verify.CryptoConstraintsFailureNoPOE: i18n.MeaningCryptoNoPOE,
	InputRefused:                         i18n.MeaningInputRefusedLimits,
	InputUnreadable:                      i18n.MeaningInputUnreadable,
	SignedDataNotFound:                   i18n.MeaningNotFoundBounded,
}

// meaning says what sub-indication s means, in l; an unknown one is its
// code.
func meaning(s verify.SubIndication, l Lang) string { return say(meanings, s, l) }

// pairingMessages say how a signature found its document (HTML only: CSV
// keeps the codes).
var pairingMessages = map[string]i18n.Message{
	PairedByName:   i18n.BatchPairedByName,
	PairedByDigest: i18n.BatchPairedByDigest,
	PairedAttached: i18n.BatchPairedAttached,
	PairedNone:     i18n.BatchPairedNone,
	PairedManifest: i18n.BatchPairedManifest,
	PairedPDF:      i18n.BatchPairedPDF,
}

func pairingLabel(p string, l Lang) string { return say(pairingMessages, p, l) }

// revocationMessages name the revocation statuses of verify.Revocation.
var revocationMessages = map[string]i18n.Message{
	"good":        i18n.BatchRevocationGood,
	"revoked":     i18n.BatchRevocationRevoked,
	"unknown":     i18n.BatchRevocationUnknown,
	"unavailable": i18n.BatchRevocationUnavailable,
	"not_checked": i18n.BatchRevocationNotChecked,
}

func revocationLabel(s string, l Lang) string { return say(revocationMessages, s, l) }

// localized is r with its reasons, notes and warnings printed in l
// (verify.Report.Localize), as a copy: rendering a report in one language
// never changes what its JSON or another rendering says. Warnings that
// package verify did not write (a report decoded from JSON, or made by
// hand) cannot be printed again and are kept as they are. nil is nil.
func localized(r *verify.Report, l Lang) *verify.Report {
	if r == nil {
		return nil
	}
	c := r.In(l)
	if len(c.Warnings) < len(r.Warnings) {
		c.Warnings = r.Warnings
	}
	keepWarnings(c.Signatures, r.Signatures)
	return c
}

// keepWarnings gives back the warnings Localize dropped from the localized
// copies of orig because verify did not write them.
func keepWarnings(copies, orig []verify.SignatureReport) {
	for i := range copies {
		if len(copies[i].Warnings) < len(orig[i].Warnings) {
			copies[i].Warnings = orig[i].Warnings
		}
		keepWarnings(copies[i].Countersignatures, orig[i].Countersignatures)
	}
}
