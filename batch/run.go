package batch

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/extend"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/runstate"
	"github.com/gostverify/gostverify/verify"
)

// MaxSignatureSize caps a signature file (attached content included): it
// is read into memory to be parsed, unlike documents, which are streamed.
const MaxSignatureSize = verify.MaxSignatureSize

// Options for Run.
type Options struct {
	// Verify configures the run's verify.Verifier, which every signature
	// shares (with its caches). A zero Time is the start of the run, so
	// that every signature is judged at the same instant.
	Verify verify.Options
	// Jobs is the number of signatures verified at once; default the
	// number of CPUs.
	Jobs int
	// Limits protect against hostile archives.
	Limits Limits
	// SummaryOnly drops each signature's verify report once its verdict
	// is recorded (Entry.Verification stays nil), for callers that need
	// only the verdicts, reasons and summary: an entry then costs a few
	// hundred bytes instead of a few kilobytes, which counts in archives
	// of hundreds of thousands of files.
	SummaryOnly bool
	// Progress, when set, is called after each signature file is done
	// with the number done and the total, one call at a time. The total
	// is of the signature files found so far: it grows as zips inside
	// zips are opened.
	Progress func(done, total int)

	// MaxPairSize bounds the documents compared with a detached signature
	// named after no document (pairing by digest): larger ones are not
	// read for it. Zero means DefaultMaxPairSize; negative, no bound.
	MaxPairSize int64
	// MaxPairCandidates bounds the documents of one folder read to pair
	// such signatures by digest, in path order. Zero means
	// DefaultMaxPairCandidates; negative, no bound.
	MaxPairCandidates int
	// RunNetworkBudget bounds the time the whole run may spend waiting on
	// the network (issuer downloads, OCSP, CRLs): the time during which
	// at least one request is under way, however many workers wait. Once
	// it is spent, requests under way are cut short and no new one is
	// made: the remaining signatures are checked offline (with what the
	// run and the cache already know), and those whose network checks
	// were cut say so. Zero means DefaultRunNetworkBudget; negative, no
	// bound. Verify.NetworkBudget still bounds each signature file.
	RunNetworkBudget time.Duration

	// POAFiles are powers of attorney (МЧД with their signatures), loaded
	// by the run's Verifier (LoadPOA) and applied to every signature whose
	// signer they name as representative. The powers of attorney found
	// among the inputs (ON_EMCHD_….xml with its .sig) are applied the same
	// way to the signatures of their folder or archive.
	POAFiles []verify.POAFile

	// State, when set, keeps the run on disk (package runstate): each
	// signature file's result as soon as it is finished, and the whole
	// report at the end. Results an earlier run of the same command kept
	// there are taken instead of verifying those files again (a file whose
	// size changed is verified again). Its Meta must match this run's.
	State *runstate.Store
	// Warnings are the run's own (a stale list of accredited CAs, say),
	// put in the report.
	Warnings []string
	// Shard, when set, checks only the inputs of that part of the run
	// (Shard.owns); Merge joins the parts' reports.
	Shard Shard

	// SpillAfter is how many entries a run without a State keeps in
	// memory: past it, they go to a temporary state (runstate.Temp in
	// TempDir), which the report is read from until Report.Close, so that
	// a run of millions of files needs no more memory than one of
	// thousands. Zero means DefaultSpillAfter, or DefaultSpillAfterSummary
	// for a run that keeps no verify reports (SummaryOnly); negative,
	// never.
	SpillAfter int
	// TempDir is where that temporary state is made; default os.TempDir.
	TempDir string

	// Extend, when set, extends every signature file found valid (to
	// CAdES-T or X Long Type 1: package extend) and writes the result
	// under ExtendOut (ExtendedPath); each signature entry's Extension
	// says what came of it. The inputs are never written to: ExtendOut
	// must not be among them.
	Extend    *extend.Extender
	ExtendOut string
}

// DefaultSpillAfter is Options.SpillAfter's default: 20 to 60 MB of
// entries with their verify reports (long-term signatures' are larger).
const DefaultSpillAfter = 10000

// DefaultSpillAfterSummary is SpillAfter's default when the entries have
// no verify reports (SummaryOnly): about 70 MB of entries.
const DefaultSpillAfterSummary = 50000

// Run verifies every signature found under paths (directories, zip
// archives, single files) and reports on every file. It returns an error
// only when a path cannot be read at all; everything found below one is
// an Entry. Files are listed and checked a folder or archive at a time:
// a zip inside a zip is checked as soon as it is listed, and the space it
// took freed (see Limits). When ctx is cancelled (Ctrl-C), Run stops
// starting new work, finishes what is under way and returns the report
// with the files not checked marked so, and Interrupted set. With
// Options.State, a failure to write the state is returned with the
// report, which is whole all the same.
func Run(ctx context.Context, paths []string, opts Options) (*Report, error) {
	started := time.Now()
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.NumCPU()
	}
	if opts.Verify.Time.IsZero() {
		opts.Verify.Time = started
	}
	r := &run{ctx: ctx, opts: opts}
	r.net = newNetBudget(opts.RunNetworkBudget)
	defer r.net.close()
	r.v = verify.New(r.net.options(opts.Verify))
	for _, f := range opts.POAFiles {
		r.global = append(r.global, r.v.LoadPOA(ctx, f))
	}
	if st := opts.State; st != nil {
		// The entries are put in the state as each group is finished.
		if err := st.Reset(); err != nil {
			return nil, err
		}
		r.tally = newTally(false)
	}
	c := newCollector(ctx, opts.Limits)
	c.flush = r.check
	err := c.walk(paths)
	c.close()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(r.all, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	rep := &Report{
		SchemaVersion: SchemaVersion, Kind: "batch", Started: started, Inputs: paths,
		Interrupted: ctx.Err() != nil, Entries: r.all, Policy: cmp.Or(opts.Verify.Policy, verify.PolicyQualified),
		Shard: opts.Shard.String(),
	}
	if l := opts.Verify.TSL; l != nil && rep.Policy == verify.PolicyQualified {
		rep.TSL = &verify.ListInfo{Version: l.Version, Date: l.Date, Unverified: l.SignatureErr != nil}
	}
	if rep.Entries == nil {
		rep.Entries = []Entry{}
	}
	rep.Warnings = append(rep.Warnings, opts.Warnings...)
	rep.Warnings = append(rep.Warnings, r.warnings...)
	rep.escapeNames()
	if r.tally != nil {
		r.tally.done(rep)
		if r.spill != nil {
			rep.src = &storeSource{st: r.spill, reports: !opts.SummaryOnly, inline: true}
			rep.closer = r.spill
		} else {
			rep.src = &storeSource{st: opts.State, reports: !opts.SummaryOnly}
		}
	} else {
		rep.finish()
	}
	rep.Finished = time.Now()
	if st := opts.State; st != nil {
		if r.stateFailure != nil {
			return rep, r.stateFailure
		}
		if !rep.Interrupted {
			if err := finishState(st, rep); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// run is the state of one Run.
type run struct {
	ctx  context.Context
	opts Options
	v    *verify.Verifier // the run's, shared by every signature
	net  *netBudget       // the run's network budget
	all  []Entry          // the entries of the groups checked so far, without a state
	// tally counts the entries of the groups checked so far, with a state
	// (keep).
	tally *tally
	// spill is the temporary state of a run without one whose entries
	// passed Options.SpillAfter (spillOver): its entries go there, with
	// their verify reports.
	spill   *runstate.Store
	noSpill bool // the temporary state could not be made

	// The group of inputs being checked: whole folders and archives,
	// sorted by path (check).
	files []*Input
	idx   dirIndex
	poas  []scopedPOA // the powers of attorney the group's signatures are judged by
	// manifest pairs signatures with their documents by the group's EDO
	// container descriptions (readLayouts).
	manifest map[string]manifestPair
	warnings []string // the run's own, for the report

	global []*verify.POA // Options.POAFiles, loaded

	mu           sync.Mutex
	stateFailure error           // the first failure to write Options.State
	entries      []Entry         // parallel to files; each written by one task, Signatures under mu
	orphans      map[int][]claim // detached signatures with no document by name, by file index
	pairing      *pairing        // what pairByDigest knows before it starts
	done         int
	total        int
}

// check verifies the signatures of files (whole folders and archives) and
// adds their entries to the report.
func (r *run) check(files []*Input) {
	if r.opts.Shard.N > 1 {
		files = slices.DeleteFunc(files, func(in *Input) bool { return !r.opts.Shard.owns(in.Path) })
		if len(files) == 0 {
			return
		}
	}
	slices.SortFunc(files, func(a, b *Input) int { return strings.Compare(a.Path, b.Path) })
	r.files, r.idx = files, newDirIndex(files)
	r.entries = make([]Entry, len(files))
	r.orphans = map[int][]claim{}
	r.pairing = newPairing(r.files, r.idx)
	manifest, layoutPOAs := r.readLayouts()
	r.manifest = manifest
	// A power a container's description names judges the container's
	// signatures (its scope is the container); the others, their folder's
	// or archive's.
	r.poas = nil
	loaded := map[string]bool{} // each МЧД is read and verified once
	for _, f := range layoutPOAs {
		if !loaded[f.file.Name] {
			loaded[f.file.Name] = true
			r.poas = append(r.poas, scopedPOA{poa: r.v.LoadPOA(r.ctx, f.file), prefix: f.prefix})
		}
	}
	r.poas = append(r.poas, r.loadPOAs(loaded)...)
	var sigs []int
	for i, in := range r.files {
		r.entries[i] = initialEntry(in, r.lang())
		if _, ok := r.manifest[in.Path]; ok && r.entries[i].Kind == KindDocument {
			// A signature by the container's word, whatever its name.
			r.entries[i].Kind, r.entries[i].Status = KindSignature, NotChecked
		}
		if r.entries[i].Kind == KindSignature {
			sigs = append(sigs, i)
		}
	}
	r.mu.Lock()
	r.total += len(sigs)
	r.mu.Unlock()
	r.parallel(len(sigs), func(k int) { r.checkSignature(sigs[k]) })
	r.pairByDigest()
	r.extensions()
	r.spillOver()
	if r.tally != nil {
		r.keep()
	} else if r.all == nil {
		r.all = r.entries // the first group (often the only one): no copy
	} else {
		r.all = append(r.all, r.entries...)
	}
	r.files, r.idx, r.entries, r.orphans, r.pairing, r.poas, r.manifest = nil, nil, nil, nil, nil, nil, nil
}

// unreadable makes e the entry of an input that could not be read for
// err: refused when a limit or an unsafe name stopped it.
func (e *Entry) unreadable(err error, l i18n.Lang) {
	e.Kind, e.Status, e.SubIndication, e.Reason = KindUnreadable, Indeterminate, InputUnreadable, errorIn(err, l)
	var ie *InputError
	if errors.As(err, &ie) && ie.Refused {
		e.Kind, e.SubIndication = KindRefused, InputRefused
	}
}

// initialEntry is an input's entry before any check: signature files are
// not_checked until a worker gets to them, documents unsigned until a
// signature claims them.
func initialEntry(in *Input, l i18n.Lang) Entry {
	e := Entry{Path: in.Path, Size: in.Size}
	switch {
	case errors.Is(in.Err, errInterrupted):
		e.Kind, e.Status, e.Reason = KindUnreadable, NotChecked, errorIn(in.Err, l)
	case in.Err != nil:
		e.unreadable(in.Err, l)
	case isSignatureName(in.Name), isPDFName(in.Name):
		// A PDF's signatures are inside it (checkPDF): one without any
		// becomes an unsigned document.
		e.Kind, e.Status = KindSignature, NotChecked
	default:
		e.Kind, e.Status = KindDocument, Unsigned
	}
	return e
}

// parallel calls f(0) … f(n-1) on opts.Jobs goroutines, and starts no new
// call once the context is cancelled.
func (r *run) parallel(n int, f func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(r.opts.Jobs, n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		if r.ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-r.ctx.Done():
		}
	}
	close(next)
	wg.Wait()
}

// errorIn says err in l: an input's problem from the catalogue in l, an
// error of the file system, archive/zip or io as verify.Detail says it,
// any other error as it is.
func errorIn(err error, l i18n.Lang) string {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.In(l)
	}
	return verify.Detail(l, err)
}

// lang is the language of the reasons: the verify reports'.
func (r *run) lang() i18n.Lang { return r.opts.Verify.Lang }

// progress counts one signature file done.
func (r *run) progress() {
	if r.opts.Progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done++
	r.opts.Progress(r.done, r.total)
}

// checkSignature reads and verifies signature file i: attached, or with
// its document by name; a detached signature with no document by name is
// left for pairByDigest.
func (r *run) checkSignature(i int) {
	if r.restore(i) {
		r.progress()
		return
	}
	if isPDFName(r.files[i].Name) {
		r.checkPDF(i)
		return
	}
	sig, e := r.files[i], &r.entries[i]
	sd, ok := r.parse(i)
	if !ok {
		r.record(i)
		r.progress()
		return
	}
	doc, pairing := r.idx.document(sig), PairedByName
	if m, ok := r.manifest[sig.Path]; ok {
		doc, pairing = m.doc, PairedManifest
		e.Layout = m.layout
	}
	if sd.Content != nil {
		e.Pairing = PairedAttached
		r.verify(i, sd, doc, nil)
		r.progress()
		return
	}
	if doc == nil {
		r.mu.Lock()
		r.orphans[i] = claims(sd)
		r.mu.Unlock()
		return // progress when pairByDigest settles it
	}
	e.Pairing = pairing
	r.verify(i, sd, doc, nil)
	r.progress()
}

// parse reads and parses signature file i; on failure it fills the entry.
func (r *run) parse(i int) (*cms.SignedData, bool) {
	in, e := r.files[i], &r.entries[i]
	data, err := readSignature(in)
	if err != nil {
		e.unreadable(err, r.lang())
		return nil, false
	}
	sd, err := r.v.Parse(data)
	if err != nil {
		rep := verify.NotASignature(in.Path, err)
		rep.Localize(r.lang()) // as Verify gives its reports: the entry's reason in the run's language
		r.setVerification(e, rep)
		return nil, false
	}
	return sd, true
}

func readSignature(in *Input) ([]byte, error) {
	if in.Size > MaxSignatureSize {
		return nil, inErr(nil, i18n.ErrSignatureTooLarge, in.Path, in.Size, MaxSignatureSize>>20)
	}
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// Sized from the listing: one read, not a growing buffer.
	b := bytes.NewBuffer(make([]byte, 0, in.Size+bytes.MinRead))
	if _, err := b.ReadFrom(io.LimitReader(rc, MaxSignatureSize+1)); err != nil {
		return nil, err
	}
	data := b.Bytes()
	if len(data) > MaxSignatureSize {
		return nil, inErr(nil, i18n.DetailGrew, in.Path, MaxSignatureSize>>20)
	}
	return data, nil
}

// verify verifies signature file i with doc as its document: for a
// detached signature the document paired with it, for an attached one a
// file of its document's name beside it (or nil), which it signs when it
// is the content the signature carries.
//
// digests, when not nil, are doc's digests computed while pairing: doc is
// then not read again for them.
func (r *run) verify(i int, sd *cms.SignedData, doc *Input, digests map[gost.Hash][]byte) {
	defer r.record(i) // whatever the outcome, but not_checked
	sig, e := r.files[i], &r.entries[i]
	in := verify.Input{Name: sig.Path, Signed: sd, Digests: digests, POAs: r.poasFor(sig.Path), POAMatchOnly: true}
	if doc != nil && (sd.Content == nil || doc.Err == nil) {
		in.Document = &verify.Document{Name: doc.Path, Open: doc.Open}
	}
	if sd.Content == nil {
		e.Document = doc.Path
		if doc.Err != nil {
			r.documentUnreadable(e, doc, doc.Err)
			return
		}
	}
	mark := &netMark{}
	rep, err := r.v.Verify(withNetMark(r.ctx, mark), in)
	if err != nil && r.ctx.Err() != nil {
		e.Status, e.SubIndication = NotChecked, ""
		e.Reason = r.lang().Sprintf(i18n.BatchInterruptedReading)
		return
	}
	if err != nil {
		r.documentUnreadable(e, doc, err)
		return
	}
	cut := r.net.affected(rep, mark)
	if cut {
		rep.Warn(i18n.BatchRunBudget, r.net.limit)
	}
	r.setVerification(e, rep)
	if cut && e.Status != Valid && e.Status != NotChecked {
		if note := r.net.note(r.lang()); !strings.Contains(e.Reason, note) {
			if e.Reason != "" {
				e.Reason += "; "
			}
			e.Reason += note
		}
	}
	if rep.Content != "" {
		e.Document = doc.Path
		r.claim(doc, sig)
		if sd.Content == nil {
			r.pairing.learn(doc, sd, rep)
		}
	}
	r.extendSignature(i, doc, sd.Content != nil)
}

// warn adds a warning of the run to its report.
func (r *run) warn(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.warnings = append(r.warnings, msg)
}

// claimPath lists the signature sig among the signatures of the document
// at path, when it is in the group.
func (r *run) claimPath(path, sig string) {
	j, ok := slices.BinarySearchFunc(r.files, path, func(in *Input, p string) int { return strings.Compare(in.Path, p) })
	if !ok {
		return
	}
	r.mu.Lock()
	r.entries[j].Signatures = append(r.entries[j].Signatures, sig)
	r.mu.Unlock()
}

// documentUnreadable records that signature entry e could not be checked
// because its document could not be read.
func (r *run) documentUnreadable(e *Entry, doc *Input, err error) {
	e.Status, e.SubIndication = Indeterminate, InputUnreadable
	var ie *InputError
	if errors.As(err, &ie) && ie.Refused {
		e.SubIndication = InputRefused
	}
	e.Reason = r.lang().Sprintf(i18n.BatchDocumentUnreadable, doc.Path, errorIn(err, r.lang()))
}

// setVerification records a verify report on a signature entry: the
// entry's status is the report's, and its sub-indication and reason are
// the file's own or those of the first signer with the worst status. An
// indeterminate report made while the run was being interrupted makes the
// entry not_checked.
func (r *run) setVerification(e *Entry, rep *verify.Report) {
	if !r.opts.SummaryOnly && r.opts.State == nil {
		e.Verification = rep // with a state, the report reads it from there
	}
	if r.opts.State != nil {
		e.stateReport = rep // the state keeps it whatever SummaryOnly says
	}
	e.qualified = [3]int{}
	for _, s := range signersOf(rep) {
		if q := s.Qualified; q != nil {
			switch q.Status {
			case verify.StatusQualified:
				e.qualified[0]++
			case verify.StatusNotQualified:
				e.qualified[1]++
			default:
				e.qualified[2]++
			}
		}
	}
	e.POA = string(rep.POAStatus())
	e.Status = statusOf(rep.Status)
	e.SubIndication, e.Reason = rep.SubIndication, rep.Reason
	if rep.Status == verify.Indeterminate && r.ctx.Err() != nil {
		// Most likely a revocation request the interruption cut short.
		e.Status, e.SubIndication = NotChecked, ""
		e.Reason = r.lang().Sprintf(i18n.BatchInterruptedChecking)
		return
	}
	if e.SubIndication != "" {
		return
	}
	for _, s := range rep.Signatures {
		if s.Status == rep.Status && s.Status != verify.Valid {
			e.SubIndication, e.Reason = s.SubIndication, s.Reason
			return
		}
	}
}

// claim lists sig among the signatures of doc.
func (r *run) claim(doc, sig *Input) { r.claimPath(doc.Path, sig.Path) }
