package batch

import (
	"encoding/json"

	"github.com/gostverify/gostverify/runstate"
)

// stateRecord is what a run's state keeps of a signature file: its entry
// as it was finished, the size of the file it was made from (a file
// changed since is checked again) and what the summary counts.
type stateRecord struct {
	Size      int64  `json:"size"`
	Entry     Entry  `json:"entry"`
	Qualified [3]int `json:"qualified"`
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
	if r.opts.SummaryOnly {
		e.Verification = nil
	}
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
	data, err := json.Marshal(stateRecord{Size: r.files[i].Size, Entry: e, Qualified: e.qualified})
	if err != nil {
		return
	}
	if err := st.Record(r.files[i].Path, data); err != nil {
		r.stateErr(err)
	}
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

// finishState stores the report in the state, without the verify
// reports its results hold already: the run is finished, and ReportOf
// gives the report again.
func finishState(st *runstate.Store, rep *Report) error {
	c := *rep
	c.Entries = make([]Entry, len(rep.Entries))
	for i, e := range rep.Entries {
		e.Verification = nil
		c.Entries[i] = e
	}
	data, err := json.Marshal(&c)
	if err != nil {
		return err
	}
	return st.Finish(data)
}

// ReportOf reads the report a finished run stored in its state, each
// signature entry with its verify report from the run's results.
func ReportOf(st *runstate.Store) (*Report, error) {
	data, err := st.Report()
	if err != nil {
		return nil, err
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, &runstate.Error{File: st.File(), Reason: runstate.Damaged, Detail: "the stored report", Err: err}
	}
	for i := range rep.Entries {
		e := &rep.Entries[i]
		key := e.Path
		if e.PathBytes != nil {
			key = string(e.PathBytes) // recorded by the name's own bytes
		}
		if v, ok := st.Result(key); ok {
			var rec stateRecord
			if json.Unmarshal(v, &rec) == nil {
				e.Verification, e.qualified = rec.Entry.Verification, rec.Qualified
			}
		}
	}
	return &rep, nil
}
