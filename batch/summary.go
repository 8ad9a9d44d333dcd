package batch

import (
	"slices"
	"strings"

	"github.com/gostverify/gostverify/verify"
)

// finish sorts the documents' signature lists, sets the documents'
// statuses and computes the summary and the overall status.
func (rep *Report) finish() {
	settleDocuments(rep.Entries)
	t := newTally(true)
	for i := range rep.Entries {
		t.add(&rep.Entries[i])
	}
	t.done(rep)
}

// settleDocuments sorts the signature lists of the documents among
// entries and sets their statuses: the worst of their signatures', which
// are among entries too (pairing never leaves a group of inputs).
func settleDocuments(entries []Entry) {
	status := make(map[string]Status, len(entries))
	for i := range entries {
		if e := &entries[i]; e.Kind != KindDocument {
			status[e.Path] = e.Status
		}
	}
	for i := range entries {
		e := &entries[i]
		if e.Kind != KindDocument {
			continue
		}
		slices.Sort(e.Signatures)
		if len(e.Signatures) == 0 {
			continue
		}
		e.Status = Valid
		for _, p := range e.Signatures {
			e.Status = Worst(e.Status, status[p])
		}
	}
}

// tally counts entries whose documents are settled into a summary, in
// any order: a run with a state counts each group of inputs as it is
// finished, and keeps neither the entries nor the problems' paths
// (keepPaths false).
type tally struct {
	s                   Summary
	status              verify.Status
	checked             int
	unreadable, refused int
	keepPaths           bool
	problems            map[verify.SubIndication]*Problem
	// first is the first path in path order of each problem: its status
	// is the problem's.
	first map[verify.SubIndication]string
}

func newTally(keepPaths bool) *tally {
	return &tally{status: verify.Valid, keepPaths: keepPaths,
		problems: map[verify.SubIndication]*Problem{}, first: map[verify.SubIndication]string{}}
}

// add counts e, and reports whether it is a problem (an entry listed
// under its sub-indication).
func (t *tally) add(e *Entry) bool {
	s := &t.s
	s.Files++
	if e.Kind == KindDocument {
		s.Documents++
		if len(e.Signatures) == 0 {
			s.Unsigned++
		}
		return false
	}
	switch e.Kind {
	case KindSignature:
		s.Signatures++
	case KindUnreadable:
		t.unreadable++
	case KindRefused:
		t.refused++
	}
	s.Qualified += e.qualified[0]
	s.NotQualified += e.qualified[1]
	s.QualifiedUnknown += e.qualified[2]
	if x := e.Extension; x != nil {
		switch x.Status {
		case Extended:
			s.Extended++
		case NotExtended:
			s.NotExtended++
		default:
			s.ExtendFailed++
		}
	}
	switch verify.Status(e.POA) {
	case verify.Valid:
		s.POAValid++
	case verify.Invalid:
		s.POAInvalid++
	case verify.Indeterminate:
		s.POAIndeterminate++
	}
	t.checked++
	switch e.Status {
	case Valid:
		s.Valid++
	case Invalid:
		s.Invalid++
	case NotChecked:
		s.NotChecked++
	default:
		s.Indeterminate++
	}
	t.status = verify.Worst(t.status, e.Status.verdict())
	if e.Status == Valid || e.Status == NotChecked || e.SubIndication == "" {
		return false
	}
	p := t.problems[e.SubIndication]
	if p == nil {
		p = &Problem{SubIndication: e.SubIndication, Status: e.Status}
		t.problems[e.SubIndication], t.first[e.SubIndication] = p, e.Path
	} else if e.Path < t.first[e.SubIndication] {
		p.Status, t.first[e.SubIndication] = e.Status, e.Path
	}
	p.Count++
	if t.keepPaths {
		p.Paths = append(p.Paths, e.Path)
	}
	return true
}

// done puts the summary and the overall status in rep.
func (t *tally) done(rep *Report) {
	rep.Summary, rep.Status = t.s, t.status
	if t.checked == 0 {
		rep.Status = verify.Indeterminate // nothing was verified
	}
	s := &rep.Summary
	s.Problems = []Problem{}
	for _, p := range t.problems {
		s.Problems = append(s.Problems, *p)
	}
	slices.SortFunc(s.Problems, func(a, b Problem) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(string(a.SubIndication), string(b.SubIndication))
	})
	rep.kinds = &[2]int{t.unreadable, t.refused}
}
