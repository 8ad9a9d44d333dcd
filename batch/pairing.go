package batch

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strconv"
	"sync"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/internal/ctxio"
	"github.com/gostverify/gostverify/verify"
)

// Bounds of pairing by digest when Options leave them zero: a detached
// signature named after no document makes its folder's documents be
// read, but never one larger than DefaultMaxPairSize, nor more than
// DefaultMaxPairCandidates of them.
const (
	DefaultMaxPairSize       = 256 << 20
	DefaultMaxPairCandidates = 1000
)

// pairing is what a group's check learns for pairByDigest before it
// starts: the folders where a signature is named after no document (only
// there are documents compared by digest), and the digests of their
// documents that a signature by name proved.
type pairing struct {
	dirs map[string]bool

	mu    sync.Mutex
	known map[*Input]map[gost.Hash][]byte
}

func newPairing(files []*Input, idx dirIndex) *pairing {
	p := &pairing{dirs: map[string]bool{}, known: map[*Input]map[gost.Hash][]byte{}}
	for _, in := range files {
		if in.Err == nil && isSignatureName(in.Name) && idx.document(in) == nil {
			p.dirs[in.Dir] = true // an orphan, unless it is attached
		}
	}
	return p
}

// learn records the digests of doc that a detached signature verified
// with it proves: a signer whose signature check passed signed doc's
// digest, the messageDigest it carries, so doc need not be read again to
// be compared with an orphan of the same digest algorithm. GOST R
// 34.11-94 is left out: its S-boxes come from the signer's key, not from
// the algorithm identifier that claims names.
func (p *pairing) learn(doc *Input, sd *cms.SignedData, rep *verify.Report) {
	if p == nil || !p.dirs[doc.Dir] {
		return
	}
	for i, s := range rep.Signatures {
		if i >= len(sd.Signers) || s.Position != strconv.Itoa(i+1) || s.Checks.Signature != verify.Passed {
			continue
		}
		si := sd.Signers[i]
		h, err := gost.HashByOID(si.DigestAlgorithm.Algorithm)
		if err != nil || h == gost.GOST94CryptoPro {
			continue
		}
		if d, ok := si.MessageDigest(); ok {
			p.mu.Lock()
			if p.known[doc] == nil {
				p.known[doc] = map[gost.Hash][]byte{}
			}
			p.known[doc][h] = bytes.Clone(d)
			p.mu.Unlock()
		}
	}
}

// pairBounds counts, in one folder, the documents pairByDigest left out.
type pairBounds struct {
	hashed   int // documents read to be compared
	tooLarge int // larger than MaxPairSize
	tooMany  int // beyond MaxPairCandidates
}

// pairByDigest settles the detached signatures that no document matched
// by name: each document beside them is compared with the digests they
// claim, and a signature is verified with the first document (in path
// order) whose digest its messageDigest claims. A document is read for
// it at most once, with every digest algorithm the folder's orphans use,
// and not at all when a signature by name already proved its digests;
// documents larger than MaxPairSize are not compared, and at most
// MaxPairCandidates are read per folder. An orphan left unpaired says
// which bound cut its search.
func (r *run) pairByDigest() {
	if len(r.orphans) == 0 || r.ctx.Err() != nil {
		return
	}
	maxSize, maxCands := r.opts.MaxPairSize, r.opts.MaxPairCandidates
	if maxSize == 0 {
		maxSize = DefaultMaxPairSize
	}
	if maxCands == 0 {
		maxCands = DefaultMaxPairCandidates
	}
	needed := map[string]map[gost.Hash]bool{} // by Dir
	for i, cs := range r.orphans {
		dir := r.files[i].Dir
		if needed[dir] == nil {
			needed[dir] = map[gost.Hash]bool{}
		}
		for _, c := range cs {
			needed[dir][c.hash] = true
		}
	}
	digests := make([]map[gost.Hash][]byte, len(r.files))
	bounds := map[string]*pairBounds{}
	var cands []int                 // documents to compare, in path order
	toHash := map[int][]gost.Hash{} // of those, the ones to read, and with what
	for j, in := range r.files {
		want := needed[in.Dir]
		if r.entries[j].Kind != KindDocument || len(want) == 0 {
			continue
		}
		b := bounds[in.Dir]
		if b == nil {
			b = &pairBounds{}
			bounds[in.Dir] = b
		}
		if maxSize >= 0 && in.Size > maxSize {
			b.tooLarge++
			continue
		}
		known := r.pairing.known[in]
		digests[j] = maps.Clone(known)
		var missing []gost.Hash
		for h := range want {
			if _, ok := known[h]; !ok {
				missing = append(missing, h)
			}
		}
		if len(missing) > 0 {
			if maxCands >= 0 && b.hashed >= maxCands {
				b.tooMany++
				if len(known) == 0 {
					continue
				}
			} else {
				b.hashed++
				toHash[j] = missing
			}
		}
		cands = append(cands, j)
	}
	hashing := slices.Sorted(maps.Keys(toHash))
	var mu sync.Mutex
	r.parallel(len(hashing), func(k int) {
		j := hashing[k]
		d := hashInput(r.ctx, r.files[j], toHash[j])
		mu.Lock()
		if digests[j] == nil {
			digests[j] = map[gost.Hash][]byte{}
		}
		maps.Copy(digests[j], d)
		mu.Unlock()
	})
	if r.ctx.Err() != nil {
		return
	}
	// The first document in path order with each digest in each folder.
	type digestKey struct {
		dir    string
		hash   gost.Hash
		digest string
	}
	first := map[digestKey]int{}
	for _, j := range cands {
		for h, d := range digests[j] {
			k := digestKey{r.files[j].Dir, h, string(d)}
			if _, ok := first[k]; !ok {
				first[k] = j
			}
		}
	}
	orphans := slices.Sorted(maps.Keys(r.orphans))
	paired := make([]*Input, len(r.files))
	pairedDigests := make([]map[gost.Hash][]byte, len(r.files))
	for _, i := range orphans {
		best := -1
		for _, c := range r.orphans[i] {
			if j, ok := first[digestKey{r.files[i].Dir, c.hash, string(c.digest)}]; ok && (best < 0 || j < best) {
				best = j
			}
		}
		if best >= 0 {
			paired[i], pairedDigests[i] = r.files[best], digests[best]
		}
	}
	r.parallel(len(orphans), func(k int) {
		i := orphans[k]
		defer r.progress()
		e := &r.entries[i]
		doc := paired[i]
		if doc == nil {
			e.Pairing, e.Status, e.SubIndication = PairedNone, Indeterminate, SignedDataNotFound
			e.Reason = r.lang().Sprintf(i18n.BatchOrphan, signedName(r.files[i].Name)) + bounds[r.files[i].Dir].note(r.lang(), maxSize, maxCands)
			return
		}
		// Parsed again rather than kept since checkSignature: an archive
		// of thousands of orphans would otherwise hold them all at once.
		sd, ok := r.parse(i)
		if !ok {
			return
		}
		e.Pairing = PairedByDigest
		// The document is not read again: its digests are known.
		r.verify(i, sd, doc, pairedDigests[i])
	})
}

// note says in l which bounds cut the search of a folder, for an orphan's
// reason: "" when none did.
func (b *pairBounds) note(l i18n.Lang, maxSize int64, maxCands int) string {
	var s string
	if b == nil {
		return s
	}
	if b.tooLarge > 0 {
		s += "; " + l.Sprintf(i18n.BatchPairTooLarge, b.tooLarge, maxSize)
	}
	if b.tooMany > 0 {
		s += "; " + l.Sprintf(i18n.BatchPairTooMany, maxCands, b.tooMany)
	}
	return s
}

// hashInput digests an input with each algorithm in hashes, reading it
// once; nil when it cannot be read or ctx is done.
func hashInput(ctx context.Context, in *Input, hashes []gost.Hash) map[gost.Hash][]byte {
	if in.Err != nil {
		return nil
	}
	rc, err := in.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	needed := map[gost.Hash]bool{}
	for _, h := range hashes {
		needed[h] = true
	}
	digests, err := cms.HashContent(ctxio.Reader(ctx, rc), needed)
	if err != nil {
		return nil
	}
	return digests
}
