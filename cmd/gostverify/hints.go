package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// hints are what the command line adds to a verdict: which flag would let
// gostverify get further. They are read from the typed causes of the
// report, never from its texts, and printed once each on stderr.
func hints(r *verify.Report, l i18n.Lang) []string {
	var out []string
	seen := map[string]bool{}
	add := func(h string) {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	var walk func([]verify.SignatureReport)
	walk = func(sigs []verify.SignatureReport) {
		for _, s := range sigs {
			if h := hint(s.Cause); h != "" {
				add(l.Sprintf(h))
			}
			walk(s.Countersignatures)
		}
	}
	walk(r.Signatures)
	return out
}

// hint is the message naming the flag that may help with cause, "" if
// none.
func hint(cause error) i18n.Message {
	var (
		se *cms.SignerError
		pe *verify.PathError
		ve *verify.ValidityError
	)
	switch {
	case errors.As(cause, &se) && se.Reason == cms.NoSignerCertificate:
		return i18n.HintCerts
	case errors.As(cause, &pe) && pe.NoPath():
		return i18n.HintIssuer
	case errors.Is(cause, verify.ErrNoTrustAnchors):
		return i18n.HintRoots
	case errors.As(cause, &ve) && ve.SubIndication == verify.OutOfBoundsNoPOE:
		return i18n.HintAt
	}
	return ""
}

func printHints(stderr io.Writer, r *verify.Report, l i18n.Lang) {
	for _, h := range hints(r, l) {
		fmt.Fprintf(stderr, "gostverify: hint: %s\n", h)
	}
}
