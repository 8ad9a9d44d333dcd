package batch

import (
	"encoding/json"
	"slices"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/runstate"
	"github.com/gostverify/gostverify/verify"
)

// stateRecord is what a run's state keeps of a signature file: its entry
// as it was finished, the size of the file it was made from (a file
// changed since is checked again) and what the summary counts.
type stateRecord struct {
	Size      int64  `json:"size"`
	Entry     Entry  `json:"entry"`
	Qualified [3]int `json:"qualified"`
	// Details are the technical details of the signers in the run's
	// language, when it is not English (Entry.details).
	Details *signerDetails `json:"details,omitempty"`
}

// restore takes signature file i's result from the state of an earlier
// run of the same command, and reports whether there was one for this
// very file: it is then not verified again.
func (r *run) restore(i int) bool {
	st := r.opts.State
	if st == nil {
		return false
	}
	in := r.files[i]
	data, ok := st.Result(in.Path)
	if !ok {
		return false
	}
	var rec stateRecord
	if json.Unmarshal(data, &rec) != nil || rec.Size != in.Size || rec.Entry.Path != in.Path || rec.Entry.Status == NotChecked {
		return false
	}
	e := rec.Entry
	e.qualified = rec.Qualified
	e.Signatures = nil
	e.Verification = nil // the report reads it from the state
	r.entries[i] = e
	if e.Document != "" {
		r.claimPath(e.Document, in.Path)
	}
	return true
}

// record keeps signature file i's finished result in the state; a result
// the run did not finish (not_checked) is not kept.
func (r *run) record(i int) {
	st := r.opts.State
	if st == nil {
		return
	}
	e := r.entries[i]
	r.entries[i].stateReport = nil
	if e.Status == NotChecked || e.Kind != KindSignature && e.Kind != KindUnreadable && e.Kind != KindRefused {
		return
	}
	e.Signatures = nil
	if e.stateReport != nil {
		e.Verification = e.stateReport
	}
	data, err := json.Marshal(stateRecord{Size: r.files[i].Size, Entry: e, Qualified: e.qualified, Details: detailsOf(e.Verification, r.lang())})
	if err != nil {
		return
	}
	if err := st.Record(r.files[i].Path, data); err != nil {
		r.stateErr(err)
	}
}

// detailsOf are the technical details of v's signers in l, nil when
// there is none but in English (the JSON of v keeps those).
func detailsOf(v *verify.Report, l Lang) *signerDetails {
	d := &signerDetails{Lang: l}
	some := false
	for _, s := range signersOf(v) {
		t := s.ErrorIn(l)
		if t == s.Error {
			t = ""
		}
		some = some || t != ""
		d.Text = append(d.Text, t)
	}
	if !some {
		return nil
	}
	return d
}

// stateErr keeps the first failure to write the state: the run goes on
// (its report is whole), and Run returns the failure with it.
func (r *run) stateErr(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stateFailure == nil {
		r.stateFailure = err
	}
}

// storedEntry is an entry as the state keeps it for the report, without
// its verify report (its result has it): with what the summary counts and
// whether a signature names it as its document.
type storedEntry struct {
	Entry     Entry  `json:"entry"`
	Qualified [3]int `json:"qualified,omitempty"`
	Named     bool   `json:"named,omitempty"`
	// Details are those of the verify report the entry has (in a
	// temporary state, where there are no results), as in stateRecord.
	Details *signerDetails `json:"details,omitempty"`
	// NamedBy is Entry.namedBy.
	NamedBy []string `json:"named_by,omitempty"`
}

// problemKey is the key of the state's index that lists path under the
// problem sub.
func problemKey(sub verify.SubIndication, path string) string {
	return string(sub) + "\x00" + path
}

// spillOver moves the entries of a run without a state to a temporary
// one when, with the group just checked, they pass Options.SpillAfter:
// from then on the run keeps its entries there (keep), as a run with a
// state does. When the temporary state cannot be made the run goes on in
// memory, with a warning.
func (r *run) spillOver() {
	limit := r.opts.SpillAfter
	if limit == 0 {
		limit = DefaultSpillAfter
		if r.opts.SummaryOnly {
			limit = DefaultSpillAfterSummary
		}
	}
	if r.tally != nil || r.noSpill || limit < 0 || len(r.all)+len(r.entries) <= limit {
		return
	}
	st, err := runstate.Temp(r.opts.TempDir)
	if err != nil {
		r.noSpill = true
		r.warn(r.lang().Sprintf(i18n.BatchSpillFailed, verify.Detail(r.lang(), err)))
		return
	}
	r.spill, r.tally = st, newTally(false)
	r.keepEntries(r.all)
	r.all = nil
}

// keep settles the group's documents, counts its entries and puts them
// in the state, which the report is read from: no entry stays in memory.
func (r *run) keep() { r.keepEntries(r.entries) }

// keepEntries keeps entries, whole groups of inputs, as keep says.
func (r *run) keepEntries(entries []Entry) {
	st, inline := r.opts.State, false
	if r.spill != nil {
		// A temporary state has no results: each entry keeps its own
		// verify report.
		st, inline = r.spill, true
	}
	settleDocuments(entries)
	named := map[string][]string{} // document: the signatures naming it
	for i := range entries {
		if e := &entries[i]; e.Kind == KindSignature && e.Document != "" {
			named[e.Document] = append(named[e.Document], e.Path)
		}
	}
	for i := range entries {
		e := &entries[i]
		rec := storedEntry{Qualified: e.qualified}
		if e.Kind == KindDocument {
			rec.Named = len(named[e.Path]) > 0
			for _, sig := range named[e.Path] {
				if !slices.Contains(e.Signatures, sig) {
					rec.NamedBy = append(rec.NamedBy, EscapePath(sig))
				}
			}
		}
		if inline {
			rec.Details = detailsOf(e.Verification, r.lang())
		} else {
			e.Verification = nil // its result has it
		}
		e.stateReport = nil
		escapeEntry(e)
		if r.tally.add(e) {
			if err := st.PutIndex(problemKey(e.SubIndication, e.Path)); err != nil {
				r.stateErr(err)
			}
		}
		rec.Entry = *e
		e.Verification = nil
		data, err := json.Marshal(&rec)
		if err == nil {
			err = st.PutEntry(e.Path, data)
		}
		if err != nil {
			r.stateErr(err)
		}
	}
}

// storeSource reads a report's entries and problems' paths from the state
// of its run.
type storeSource struct {
	st *runstate.Store
	// reports: each signature entry gets its verify report from its
	// result (not for a run that keeps only the summary).
	reports bool
	// inline: the entries have their verify reports (a temporary state).
	inline bool
}

func (s *storeSource) each(fn func(*Entry) error) error {
	return s.st.Entries(func(key string, value []byte) error {
		e, err := s.decode(key, value)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

func (s *storeSource) entry(path string) (*Entry, error) {
	value, ok, err := s.st.Entry(path)
	if err != nil || !ok {
		return nil, err
	}
	return s.decode(path, value)
}

// decode is the entry stored under key, with its verify report.
func (s *storeSource) decode(key string, value []byte) (*Entry, error) {
	var rec storedEntry
	if err := json.Unmarshal(value, &rec); err != nil {
		return nil, &runstate.Error{File: s.st.File(), Reason: runstate.Damaged, Detail: "the entry of " + key, Err: err}
	}
	e := &rec.Entry
	e.qualified, e.named, e.namedBy = rec.Qualified, rec.Named, rec.NamedBy
	if s.inline {
		e.details = rec.Details
	} else if s.reports && e.Kind != KindDocument {
		raw := e.Path
		if e.PathBytes != nil {
			raw = string(e.PathBytes) // recorded by the name's own bytes
		}
		if v, ok := s.st.Result(raw); ok {
			var res stateRecord
			if json.Unmarshal(v, &res) == nil {
				e.Verification, e.details = res.Entry.Verification, res.Details
				escapeVerification(e.Verification)
			}
		}
	}
	return e, nil
}

func (s *storeSource) problemPaths(sub verify.SubIndication, fn func(string) error) error {
	prefix := problemKey(sub, "")
	return s.st.Index(prefix, func(key string) error { return fn(key[len(prefix):]) })
}

// storedHead is the report a finished run keeps in its state: all but
// its entries and problems' paths, which are in the state's entries and
// index.
type storedHead struct {
	Report *Report `json:"report"`
	// Kinds counts the unreadable and refused entries.
	Kinds [2]int `json:"kinds"`
}

// finishState stores the report's head in the state: the run is
// finished, and ReportOf gives the report again.
func finishState(st *runstate.Store, rep *Report) error {
	c := *rep
	c.src, c.Entries = nil, []Entry{}
	c.Summary.Problems = slices.Clone(rep.Summary.Problems)
	for i := range c.Summary.Problems {
		c.Summary.Problems[i].Paths = nil
	}
	h := storedHead{Report: &c}
	if rep.kinds != nil {
		h.Kinds = *rep.kinds
	}
	data, err := json.Marshal(&h)
	if err != nil {
		return err
	}
	return st.Finish(data)
}

// ReportOf reads the report a finished run stored in its state. Its
// entries stay in the state, read one at a time as the report is written
// out (each signature entry with its verify report from the run's
// results): st must stay open until then.
func ReportOf(st *runstate.Store) (*Report, error) {
	data, err := st.Report()
	if err != nil {
		return nil, err
	}
	var h storedHead
	if err := json.Unmarshal(data, &h); err != nil || h.Report == nil {
		return nil, &runstate.Error{File: st.File(), Reason: runstate.Damaged, Detail: "the stored report", Err: err}
	}
	rep := h.Report
	rep.Entries = []Entry{}
	rep.src, rep.kinds = &storeSource{st: st, reports: true}, &h.Kinds
	return rep, nil
}
