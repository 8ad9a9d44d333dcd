package batch

import (
	"testing"

	"github.com/gostverify/gostverify/verify"
)

// everyStatus is every status an entry has, and values no version knows,
// the empty one among them.
var everyStatus = []Status{Valid, Invalid, Indeterminate, Unsigned, NotChecked, "", "weird", "zzz"}

// checkOrder checks that worse, over values, is commutative and
// associative, and when selects is set that it returns one of its
// arguments.
func checkOrder[S ~string](t *testing.T, name string, worse func(a, b S) S, values []S, selects bool) {
	t.Helper()
	for _, a := range values {
		for _, b := range values {
			ab, ba := worse(a, b), worse(b, a)
			if ab != ba {
				t.Errorf("%s(%q, %q) = %q, but %s(%q, %q) = %q", name, a, b, ab, name, b, a, ba)
			}
			if selects && ab != a && ab != b {
				t.Errorf("%s(%q, %q) = %q, neither argument", name, a, b, ab)
			}
			for _, c := range values {
				if l, r := worse(worse(a, b), c), worse(a, worse(b, c)); l != r {
					t.Errorf("%s: (%q %q) %q = %q, but %q (%q %q) = %q", name, a, b, c, l, a, b, c, r)
				}
			}
		}
	}
}

// TestWorstOrders: every "worse of" — verify.Worst, Worst, and the
// overall verdict that two entries make — is commutative and associative
// over every value, unknown ones included: the worst of a document's
// signatures, or of a run, does not depend on the order they are in.
func TestWorstOrders(t *testing.T) {
	var verdicts []verify.Status
	for _, s := range everyStatus {
		verdicts = append(verdicts, verify.Status(s))
	}
	checkOrder(t, "verify.Worst", verify.Worst, verdicts, true)
	checkOrder(t, "Worst", Worst, everyStatus, true)
	// What finish and Report.overall fold over a run's entries: the worst
	// of their verdicts.
	overall := func(a, b Status) Status { return statusOf(verify.Worst(a.verdict(), b.verdict())) }
	checkOrder(t, "overall", overall, everyStatus, false)

	// The order itself.
	for _, tt := range []struct{ a, b, want Status }{
		{Valid, NotChecked, NotChecked},
		{NotChecked, Invalid, Invalid},
		{NotChecked, Indeterminate, Indeterminate},
		{Indeterminate, Invalid, Invalid},
		{Unsigned, Valid, Unsigned},
		{"weird", Indeterminate, "weird"},
		{"weird", Invalid, Invalid},
	} {
		if got := Worst(tt.a, tt.b); got != tt.want {
			t.Errorf("Worst(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
	for _, tt := range []struct{ a, b, want verify.Status }{
		{verify.Valid, verify.Indeterminate, verify.Indeterminate},
		{verify.Indeterminate, verify.Invalid, verify.Invalid},
		{"not_checked", verify.Invalid, verify.Invalid},
		{verify.Indeterminate, "not_checked", "not_checked"},
	} {
		if got := verify.Worst(tt.a, tt.b); got != tt.want {
			t.Errorf("verify.Worst(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestDocumentStatus: a document's status is the worst of its
// signatures' in any order; one not checked (the run was interrupted)
// hides a valid signature, never an invalid one.
func TestDocumentStatus(t *testing.T) {
	for _, tt := range []struct {
		sigs    [2]Status // of doc.xml.p7s and doc.xml.sig, in path order
		want    Status
		overall verify.Status
	}{
		{[2]Status{NotChecked, Invalid}, Invalid, verify.Invalid},
		{[2]Status{Invalid, NotChecked}, Invalid, verify.Invalid},
		{[2]Status{NotChecked, Valid}, NotChecked, verify.Indeterminate},
		{[2]Status{Valid, NotChecked}, NotChecked, verify.Indeterminate},
		{[2]Status{NotChecked, Indeterminate}, Indeterminate, verify.Indeterminate},
		{[2]Status{Indeterminate, Invalid}, Invalid, verify.Invalid},
		{[2]Status{Valid, Valid}, Valid, verify.Valid},
	} {
		rep := &Report{Interrupted: true, Entries: []Entry{
			{Path: "doc.xml", Kind: KindDocument, Status: Unsigned, Signatures: []string{"doc.xml.sig", "doc.xml.p7s"}},
			{Path: "doc.xml.p7s", Kind: KindSignature, Status: tt.sigs[0], Document: "doc.xml"},
			{Path: "doc.xml.sig", Kind: KindSignature, Status: tt.sigs[1], Document: "doc.xml"},
		}}
		rep.finish()
		if got := rep.Entries[0].Status; got != tt.want {
			t.Errorf("signed by %q: %s, want %s", tt.sigs, got, tt.want)
		}
		if rep.Status != tt.overall {
			t.Errorf("signed by %q: run %s, want %s", tt.sigs, rep.Status, tt.overall)
		}
	}
}
