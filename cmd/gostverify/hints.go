package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/verify"
)

// hints are what the command line adds to a verdict: which flag would let
// gostverify get further. They are read from the typed causes of the
// report, never from its texts, and printed once each on stderr.
func hints(r *verify.Report) []string {
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
				add(h)
			}
			walk(s.Countersignatures)
		}
	}
	walk(r.Signatures)
	return out
}

// hint is the flag that may help with cause, "" if none.
func hint(cause error) string {
	var (
		se *cms.SignerError
		pe *verify.PathError
		ve *verify.ValidityError
	)
	switch {
	case errors.As(cause, &se) && se.Reason == cms.NoSignerCertificate:
		return "give the signer's certificate with --certs"
	case errors.As(cause, &pe) && pe.NoPath():
		return "give the missing issuer with --certs, or the root with --roots"
	case errors.Is(cause, verify.ErrNoTrustAnchors):
		return "give trust anchors with --roots"
	case errors.As(cause, &ve) && ve.SubIndication == verify.OutOfBoundsNoPOE:
		return "use --at to validate at another time, such as when the signature was made"
	}
	return ""
}

func printHints(stderr io.Writer, r *verify.Report) {
	for _, h := range hints(r) {
		fmt.Fprintf(stderr, "gostverify: hint: %s\n", h)
	}
}
