package verify

import (
	"fmt"
	"io"
	"strings"

	"github.com/gostverify/gostverify/i18n"
)

// WriteText prints the report for people, in the language of Localize
// (English by default): a line per signature with the verdict and the
// signer, then the reason when it is not valid.
func (r *Report) WriteText(w io.Writer) error {
	l := r.lang
	var b strings.Builder
	if r.SubIndication != "" {
		fmt.Fprintf(&b, "%s: %s (%s)\n  %s\n", r.File, verdictWord(l, r.Status), r.SubIndication, r.Reason)
		if d, ok := r.detailLine(l); ok {
			fmt.Fprintf(&b, "  %s\n", l.Sprintf(i18n.TextDetail, d))
		}
	} else {
		fmt.Fprintf(&b, "%s: %s\n", r.File, verdictWord(l, r.Status))
		if r.Content != "" {
			fmt.Fprintf(&b, "  %s\n", l.Sprintf(i18n.TextDocument, r.Content))
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "  %s\n", l.Sprintf(i18n.TextWarning, w))
		}
		for i := range r.Signatures {
			r.Signatures[i].writeText(&b, "  ", l)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// verdictWord is the verdict of a file: VALID, INVALID, INDETERMINATE.
func verdictWord(l i18n.Lang, s Status) string {
	return l.Sprintf(pick(s == Valid, s == Invalid, i18n.TextVerdictValid, i18n.TextVerdictInvalid, i18n.TextVerdictIndeterminate))
}

// statusWord is the verdict of one signature in words.
func statusWord(l i18n.Lang, s Status) string {
	return l.Sprintf(pick(s == Valid, s == Invalid, i18n.StatusValid, i18n.StatusInvalid, i18n.StatusIndeterminate))
}

// partWord is the verdict on a part of a signature (a timestamp, a
// layer) in words.
func partWord(l i18n.Lang, s Status) string {
	return l.Sprintf(pick(s == Valid, s == Invalid, i18n.PartValid, i18n.PartInvalid, i18n.PartIndeterminate))
}

// checkWord is the outcome of a check in words.
func checkWord(l i18n.Lang, c CheckStatus) string {
	return l.Sprintf(pick(c == Passed, c == Failed, i18n.CheckPassed, i18n.CheckFailed, i18n.CheckNotChecked))
}

// pick is good when good is true, else bad when bad is, else other.
func pick(good, bad bool, goodMsg, badMsg, other i18n.Message) i18n.Message {
	switch {
	case good:
		return goodMsg
	case bad:
		return badMsg
	}
	return other
}

func (s *SignatureReport) writeText(b *strings.Builder, indent string, l i18n.Lang) {
	who := l.Sprintf(i18n.TextUnknownSigner)
	if s.Signer != nil {
		who = s.Signer.displayName(l)
	}
	verdict := statusWord(l, s.Status)
	if s.SubIndication != "" {
		verdict += " (" + string(s.SubIndication) + ")"
	}
	kind := l.Sprintf(i18n.TextSignature, s.Position)
	if strings.Contains(s.Position, ".") {
		kind = l.Sprintf(i18n.TextCountersignature, s.Position)
	}
	fmt.Fprintf(b, "%s%s: %s — %s", indent, kind, verdict, who)
	if s.SigningTime != nil {
		fmt.Fprintf(b, ", %s", l.Sprintf(i18n.TextSigned, s.SigningTime.UTC().Format("2006-01-02 15:04:05 UTC")))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextChecks, checkWord(l, s.Checks.Signature), checkWord(l, s.Checks.Chain), checkWord(l, s.Checks.Revocation)))
	if s.Status != Valid && s.Reason != "" {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextReason, s.Reason))
	}
	// The detail in l, left out in another language than English when it
	// can be said only in English words (the JSON keeps them).
	if d, ok := errorIn(l, s.Error, s.Cause); s.Error != "" && ok {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextDetail, d))
	}
	if p := s.PDF; p != nil {
		covers := l.Sprintf(i18n.TextPDFCoversPart)
		switch {
		case p.CoversWholeFile:
			covers = l.Sprintf(i18n.TextPDFCoversFile)
		case p.CoversRevision:
			covers = l.Sprintf(i18n.TextPDFCoversRevision)
		}
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextPDFSignature, printable(p.Field), p.Revision, covers))
	}
	s.writeLongTerm(b, indent, l)
	if q := s.Qualified; q != nil {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextQualified, q.Reason))
		if li := q.List; li != nil {
			var line string
			switch {
			case li.SignatureCheckedAt != nil:
				line = l.Sprintf(i18n.TextQualifiedList, li.Version, day(li.Date), printable(li.SignedBy), instant(*li.SignatureCheckedAt))
			case li.Unverified:
				line = l.Sprintf(i18n.TextQualifiedListUnver, li.Version, day(li.Date))
			}
			if line != "" {
				fmt.Fprintf(b, "%s    %s\n", indent, line)
			}
		}
		for _, c := range q.Checks {
			if c.Result != "failed" && c.Result != "warning" {
				continue
			}
			line := c.Name + " (" + c.Result + ")"
			if l == i18n.English && c.Detail != "" { // the checks' details are English
				line += ": " + c.Detail
			}
			fmt.Fprintf(b, "%s    %s\n", indent, line)
		}
	}
	if p := s.POA; p != nil {
		p.writeText(b, indent+"  ", l)
	}
	if r := s.Revocation; r.Status != "not_checked" {
		line := revocationWords(l, r.Status)
		if r.Source != "" {
			line += " (" + strings.TrimSpace(sourceWords(l, r.Source)+" "+r.URL) + ")"
		}
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextRevocation, line))
		for _, a := range r.Attempts {
			if a.Error != "" {
				fmt.Fprintf(b, "%s    %s %s: %s\n", indent, a.Method, a.URL, a.Error)
			}
		}
	}
	if s.Revocation.Reason != "" {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextNote, s.Revocation.Reason))
	}
	for _, n := range s.Notes {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextNote, n))
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextWarning, w))
	}
	for i := range s.Countersignatures {
		s.Countersignatures[i].writeText(b, indent+"  ", l)
	}
}

// writeLongTerm prints the form of a long-term signature, each timestamp
// with its TSA, time and verdict, the best-signature-time and each layer.
func (s *SignatureReport) writeLongTerm(b *strings.Builder, indent string, l i18n.Lang) {
	if len(s.Timestamps) == 0 && len(s.Layers) == 0 {
		return
	}
	fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextLevel, s.Level))
	for i, ts := range s.Timestamps {
		when, tsa := "?", ts.TSA
		if ts.Time != nil {
			when = instant(*ts.Time)
		}
		if tsa == "" {
			tsa = "?"
		}
		verdict := partWord(l, ts.Status)
		if ts.SubIndication != "" {
			verdict += " (" + string(ts.SubIndication) + ")"
		}
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextTimestamp, i+1, kindWords(l, ts.Kind), verdict, when, tsa))
		if ts.Status != Valid && ts.Reason != "" {
			fmt.Fprintf(b, "%s    %s\n", indent, l.Sprintf(i18n.TextReason, ts.Reason))
		}
		if ts.Revocation != nil && ts.Revocation.Reason != "" {
			fmt.Fprintf(b, "%s    %s\n", indent, l.Sprintf(i18n.TextNote, ts.Revocation.Reason))
		}
	}
	if s.BestSignatureTime != nil {
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextBestSignatureTime, instant(*s.BestSignatureTime)))
	}
	for _, ly := range s.Layers {
		line := partWord(l, ly.Status)
		if ly.Reason != "" {
			line += " — " + ly.Reason
		}
		fmt.Fprintf(b, "%s  %s\n", indent, l.Sprintf(i18n.TextLayer, ly.Level, line))
	}
}

// revocationWords is a revocation status in words: the code itself in
// English, as it always was.
func revocationWords(l i18n.Lang, status string) string {
	m, ok := map[string]i18n.Message{
		"good": i18n.BatchRevocationGood, "revoked": i18n.BatchRevocationRevoked, "unknown": i18n.BatchRevocationUnknown,
		"unavailable": i18n.BatchRevocationUnavailable,
	}[status]
	if !ok || l == i18n.English {
		return status
	}
	return l.Sprintf(m)
}

// sourceWords says where a revocation status came from: the code itself
// in English.
func sourceWords(l i18n.Lang, source string) string {
	m, ok := map[string]i18n.Message{
		SourceEmbedded: i18n.RevSourceEmbedded, SourceSignature: i18n.RevSourceSignature, SourceCache: i18n.RevSourceCache,
	}[source]
	if !ok || l == i18n.English {
		return source
	}
	return l.Sprintf(m)
}
