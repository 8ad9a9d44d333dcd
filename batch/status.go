package batch

import (
	"cmp"
	"strings"

	"github.com/gostverify/gostverify/verify"
)

// Status is the status of an Entry: one of the three verdicts of package
// verify, or one of batch's own (Unsigned, NotChecked). It is its own type,
// not verify.Status, so that package verify's order of verdicts never has
// to rank values it does not know.
type Status string

// Statuses of an entry. The first three are verify's verdicts, with the
// same strings.
const (
	Valid         Status = Status(verify.Valid)
	Invalid       Status = Status(verify.Invalid)
	Indeterminate Status = Status(verify.Indeterminate)
	// Unsigned is a document that no signature in the run refers to.
	Unsigned Status = "unsigned"
	// NotChecked is an input the run stopped before (Ctrl-C).
	NotChecked Status = "not_checked"
)

// statusOf is the entry status of a verdict of package verify.
func statusOf(s verify.Status) Status { return Status(s) }

// rank orders statuses from best to worst:
//
//	valid < unsigned < not_checked < indeterminate < (unknown) < invalid
//
// Unsigned says only that no signature refers to a document, and
// not_checked that no verdict was reached: any verdict on a signature
// outranks them. An invalid signature is the worst news whatever else is
// known, so a document signed by [not_checked, invalid] is invalid, and by
// [not_checked, valid] not_checked. A status this version does not know
// is not valid and not a definite failure: it ranks just below invalid.
func (s Status) rank() int {
	switch s {
	case Valid:
		return 0
	case Unsigned:
		return 1
	case NotChecked:
		return 2
	case Indeterminate:
		return 3
	case Invalid:
		return 5
	}
	return 4
}

// compare orders statuses by rank, and two of one rank (statuses this
// version does not know) by their strings: a total order.
func (s Status) compare(t Status) int {
	return cmp.Or(cmp.Compare(s.rank(), t.rank()), strings.Compare(string(s), string(t)))
}

// Worst returns the worse of two statuses in the order of rank; of two
// statuses this version does not know, the greater string is worse. The
// order is total, so Worst is commutative and associative: the worst of
// many statuses does not depend on their order.
func Worst(a, b Status) Status {
	if a.compare(b) < 0 {
		return b
	}
	return a
}

// verdict is the verdict a status counts as in the run's overall status:
// valid and invalid as they are, anything else indeterminate (an input not
// checked is not known to be valid).
func (s Status) verdict() verify.Status {
	switch s {
	case Valid:
		return verify.Valid
	case Invalid:
		return verify.Invalid
	}
	return verify.Indeterminate
}
