package verify

import (
	"fmt"
	"io"
	"strings"
)

// WriteText prints the report for people: a line per signature with the
// verdict and the signer, then the reason when it is not valid.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	if r.SubIndication != "" {
		fmt.Fprintf(&b, "%s: %s (%s)\n  %s\n", r.File, strings.ToUpper(string(r.Status)), r.SubIndication, r.Reason)
	} else {
		fmt.Fprintf(&b, "%s: %s\n", r.File, strings.ToUpper(string(r.Status)))
		if r.Content != "" {
			fmt.Fprintf(&b, "  document: %s\n", r.Content)
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", w)
		}
		for i := range r.Signatures {
			r.Signatures[i].writeText(&b, "  ")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (s *SignatureReport) writeText(b *strings.Builder, indent string) {
	who := "unknown signer"
	if s.Signer != nil {
		who = s.Signer.displayName()
	}
	verdict := string(s.Status)
	if s.SubIndication != "" {
		verdict += " (" + string(s.SubIndication) + ")"
	}
	kind := "signature"
	if strings.Contains(s.Position, ".") {
		kind = "countersignature"
	}
	fmt.Fprintf(b, "%s%s %s: %s — %s", indent, kind, s.Position, verdict, who)
	if s.SigningTime != nil {
		fmt.Fprintf(b, ", signed %s", s.SigningTime.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "%s  checks: signature %s, chain %s, revocation %s\n", indent, s.Checks.Signature, s.Checks.Chain, s.Checks.Revocation)
	if s.Status != Valid && s.Reason != "" {
		fmt.Fprintf(b, "%s  reason: %s\n", indent, s.Reason)
	}
	if s.Error != "" {
		fmt.Fprintf(b, "%s  detail: %s\n", indent, s.Error)
	}
	if r := s.Revocation; r.Status != "not_checked" {
		fmt.Fprintf(b, "%s  revocation: %s", indent, r.Status)
		if r.Source != "" {
			fmt.Fprintf(b, " (%s %s)", r.Source, r.URL)
		}
		b.WriteString("\n")
		for _, a := range r.Attempts {
			if a.Error != "" {
				fmt.Fprintf(b, "%s    %s %s: %s\n", indent, a.Method, a.URL, a.Error)
			}
		}
	}
	if s.Revocation.Reason != "" {
		fmt.Fprintf(b, "%s  note: %s\n", indent, s.Revocation.Reason)
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(b, "%s  warning: %s\n", indent, w)
	}
	for i := range s.Countersignatures {
		s.Countersignatures[i].writeText(b, indent+"  ")
	}
}
