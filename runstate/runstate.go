// Package runstate keeps the state of a batch run on disk, in a bbolt
// database (go.etcd.io/bbolt: one file, transactions, no server), so
// that a run stopped by Ctrl-C, a crash or kill -9 continues where it
// stopped, and its report can be rendered again later.
//
//	st, resumed, err := runstate.Open("run.state", runstate.Meta{Inputs: paths, Options: fingerprint})
//	defer st.Close()
//	if rec, ok := st.Result(path); ok { ... }  // done by an earlier run: not verified again
//	st.Record(path, rec)                      // a result, as soon as it is produced
//	st.PutEntry(path, entry)                  // a report's entry, as soon as it is final
//	st.PutIndex(problem + "\x00" + path)      // a key of an index (problems by sub-indication)
//	st.Finish(report)                         // the report's head, once the run is complete
//	report, err := st.Report()                // later: render it again,
//	st.Entries(fn); st.Index(prefix, fn)      // its entries and index in key order
//
// A state belongs to one run: Open refuses (*Error, Reason Mismatch) a
// file made for other inputs or other options, and one written by another
// format version (Reason Format) or damaged on disk (Reason Damaged) — it
// is never silently reused. Values are the caller's bytes; this package
// does not read them.
//
// A report of a million files is never whole in memory: its entries go
// to the state as their group of inputs is finished (PutEntry, PutIndex),
// and are read back one at a time in key order (Entries, Index); Reset
// drops them when a run starts again.
//
// Durability: Record hands results (and PutEntry, PutIndex their values) to a writer that commits them in
// groups, at least every FlushInterval, so recording costs the verifying
// goroutines nothing; after kill -9 at most the results of that last
// interval are lost, and the next run verifies those files again. Close
// commits everything. The file is not fsync'd after each group (a power
// cut may cost a little more; bbolt's file stays consistent either way).
package runstate

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// FormatVersion is the version of the state's layout; a state of another
// version is refused.
//
// Version 2 keeps a report's entries and index in buckets of their own;
// version 3, a document's entry names the signatures that name it as
// their document without signing it (one it could not be read for), so
// that its report can be written out a document at a time.
const FormatVersion = 3

// FlushInterval is the longest a recorded result waits to be committed.
const FlushInterval = 100 * time.Millisecond

// flushCount commits a group early once it has this many results.
const flushCount = 2048

var (
	bucketMeta    = []byte("meta")
	bucketResults = []byte("results")
	bucketReport  = []byte("report")
	bucketEntries = []byte("entries")
	bucketIndex   = []byte("index")
	// buckets are every bucket of a state; every value but meta's is
	// sealed (seal).
	buckets   = [][]byte{bucketMeta, bucketResults, bucketReport, bucketEntries, bucketIndex}
	sealed    = [][]byte{bucketResults, bucketReport, bucketEntries, bucketIndex}
	keyMeta   = []byte("meta")
	keyReport = []byte("report")
)

// Meta identifies a run: a state is only ever continued by the same run.
type Meta struct {
	Format int `json:"format"`
	// Inputs are the paths given, in order.
	Inputs []string `json:"inputs"`
	// Options is the caller's fingerprint of whatever else decides the
	// results (trust anchors, validation time, policy, shard ...).
	Options string `json:"options"`
	// Shard is the part of the inputs the run checks ("2/4"), "" for all.
	Shard string `json:"shard,omitempty"`
	// Created is when the state was made; Tool the program's version.
	Created time.Time `json:"created"`
	Tool    string    `json:"tool,omitempty"`
}

// Reason says why a state file is refused.
type Reason int

const (
	// Damaged: not a state file, or one damaged on disk.
	Damaged Reason = iota
	// Format: a state of another format version.
	Format
	// Mismatch: the state of another run (other inputs or options).
	Mismatch
	// NotFinished: the run has not finished; its report is not there yet.
	NotFinished
)

func (r Reason) String() string {
	switch r {
	case Damaged:
		return "damaged"
	case Format:
		return "format"
	case Mismatch:
		return "mismatch"
	case NotFinished:
		return "not_finished"
	}
	return "unknown"
}

// Error is a state file that cannot be used.
type Error struct {
	File   string
	Reason Reason
	// Detail says what differs or what is wrong.
	Detail string
	Err    error
}

func (e *Error) Error() string {
	s := "runstate: " + e.File + ": "
	switch e.Reason {
	case Damaged:
		s += "not a state file of this program, or damaged"
	case Format:
		s += "written by another version of the state format"
	case Mismatch:
		s += "the state of another run"
	case NotFinished:
		s += "the run has not finished"
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Store is an open state file. Its methods are safe for concurrent use.
type Store struct {
	file string
	db   *bolt.DB
	meta Meta

	flushMu  sync.Mutex
	mu       sync.Mutex
	pending  map[string][]byte // recorded, not committed yet
	inflight map[string][]byte // being committed
	entries  map[string][]byte // PutEntry, not committed yet
	index    map[string]bool   // PutIndex, not committed yet
	err      error             // the first failure to commit
	wrote    bool              // something was committed: Close syncs
	flushes  int               // groups committed
	lookups  atomic.Int64      // Result calls that read the file
	kick     chan struct{}
	done     chan struct{}
	closed   bool
}

// Open opens the state file name for the run meta, creating it when it
// does not exist (resumed false), or continuing it (resumed true) when it
// is the state of the same run: the same inputs and options. Any other
// file is refused with an *Error.
func Open(name string, meta Meta) (st *Store, resumed bool, err error) {
	meta.Format = FormatVersion
	fi, statErr := os.Stat(name)
	exists := statErr == nil
	if exists {
		if err := plausible(name, fi); err != nil {
			return nil, false, err
		}
	}
	db, err := openDB(name, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		return nil, false, err
	}
	s := &Store{file: name, db: db, pending: map[string][]byte{}, entries: map[string][]byte{}, index: map[string]bool{},
		kick: make(chan struct{}, 1), done: make(chan struct{})}
	if exists {
		stored, err := s.readMeta()
		if err == nil {
			err = s.check()
		}
		if err != nil {
			db.Close()
			return nil, false, err
		}
		if err := compatible(name, stored, meta); err != nil {
			db.Close()
			return nil, false, err
		}
		s.meta, resumed = stored, true
	} else {
		if meta.Created.IsZero() {
			meta.Created = time.Now().UTC()
		}
		err := db.Update(func(tx *bolt.Tx) error {
			for _, b := range buckets {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			data, err := json.Marshal(meta)
			if err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Put(keyMeta, data)
		})
		if err != nil {
			db.Close()
			return nil, false, &Error{File: name, Reason: Damaged, Err: err}
		}
		s.meta = meta
	}
	go s.writer()
	return s, resumed, nil
}

// Temp creates a state that no later run will read, in a new file in dir
// (os.TempDir when empty) that is removed at once: it lives as long as
// the Store, and no file is left behind whatever happens to the process.
// A batch run too large to keep its report in memory keeps it there.
func Temp(dir string) (*Store, error) {
	f, err := os.CreateTemp(dir, "gostverify-*.state")
	if err != nil {
		return nil, fmt.Errorf("runstate: temporary state: %w", err)
	}
	name := f.Name()
	f.Close()
	os.Remove(name) // bbolt creates it
	st, _, err := Open(name, Meta{Options: "temporary"})
	os.Remove(name)
	if err != nil {
		return nil, err
	}
	st.file = name + " (temporary)"
	return st, nil
}

// OpenReport opens a state file only to read its report (Report), with no
// run to match.
func OpenReport(name string) (*Store, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := plausible(name, fi); err != nil {
		return nil, err
	}
	db, err := openDB(name, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	s := &Store{file: name, db: db, closed: true}
	if s.meta, err = s.readMeta(); err == nil {
		err = s.check()
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// plausible refuses a file that cannot be a state file before bbolt maps
// it: bbolt's files are whole pages, at least four.
func plausible(name string, fi os.FileInfo) error {
	const page = 4096
	if !fi.Mode().IsRegular() || fi.Size() < 4*page || fi.Size()%page != 0 {
		return &Error{File: name, Reason: Damaged, Detail: fmt.Sprintf("%d bytes, not whole pages of a database", fi.Size())}
	}
	return nil
}

// openDB opens a bbolt file, a damaged one being an *Error, not a crash:
// bbolt panics on some damage, and a fault in the mapped file is turned
// into a panic too.
func openDB(name string, opts *bolt.Options) (db *bolt.DB, err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(name, &err)
	db, err = bolt.Open(name, 0o600, opts)
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, &Error{File: name, Reason: Damaged, Detail: "another run holds it", Err: err}
		}
		return nil, &Error{File: name, Reason: Damaged, Err: err}
	}
	return db, nil
}

// guard turns a panic of bbolt, or a fault reading the mapped file, into
// a Damaged error in *err. Deferred at the top of a function that reads
// the database.
func guard(name string, err *error) {
	if r := recover(); r != nil {
		*err = &Error{File: name, Reason: Damaged, Detail: fmt.Sprint(r)}
	}
}

// check reads the whole database on this goroutine — every key of every
// bucket, every value's checksum — so that a file damaged on disk is
// refused when it is opened, not half-used. (bbolt's own Tx.Check runs
// on a goroutine of its own, where a fault in a damaged file could not
// be caught.)
func (s *Store) check() (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(s.file, &err)
	return s.db.View(func(tx *bolt.Tx) error {
		n := 0
		for _, name := range sealed {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				if v == nil {
					return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("a bucket %q inside %s", k, name)}
				}
				if n++; n%(releaseEvery*scanPage) == 0 {
					s.releaseIn(tx) // a state of gigabytes is read whole
				}
				if !intact(v) {
					return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("the value of %q in %s", k, name)}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		s.releaseIn(tx)
		return nil
	})
}

func (s *Store) readMeta() (m Meta, err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(s.file, &err)
	err = s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("no %s bucket", bucketMeta)}
		}
		data := meta.Get(keyMeta)
		if data == nil {
			return &Error{File: s.file, Reason: Damaged, Detail: "no meta record"}
		}
		if err := json.Unmarshal(data, &m); err != nil {
			return &Error{File: s.file, Reason: Damaged, Detail: "meta record", Err: err}
		}
		if m.Format != FormatVersion {
			return nil // refused below: another version has other buckets
		}
		for _, b := range buckets {
			if tx.Bucket(b) == nil {
				return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("no %s bucket", b)}
			}
		}
		return nil
	})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			err = &Error{File: s.file, Reason: Damaged, Err: err}
		}
		return Meta{}, err
	}
	if m.Format != FormatVersion {
		return Meta{}, &Error{File: s.file, Reason: Format, Detail: fmt.Sprintf("format %d, this version reads %d", m.Format, FormatVersion)}
	}
	return m, nil
}

// compatible refuses a stored state of another run.
func compatible(name string, stored, run Meta) error {
	switch {
	case !slices.Equal(stored.Inputs, run.Inputs):
		return &Error{File: name, Reason: Mismatch, Detail: fmt.Sprintf("it was made for the inputs %q, not %q", stored.Inputs, run.Inputs)}
	case stored.Options != run.Options:
		return &Error{File: name, Reason: Mismatch, Detail: "it was made with other options (trust anchors, validation time, policy or limits)"}
	case stored.Shard != run.Shard:
		return &Error{File: name, Reason: Mismatch, Detail: fmt.Sprintf("it was made for the shard %q, not %q", stored.Shard, run.Shard)}
	}
	return nil
}

// File is the state file's name.
func (s *Store) File() string { return s.file }

// Meta is the run the state belongs to.
func (s *Store) Meta() Meta { return s.meta }

// Result returns the result recorded for key by this run or an earlier
// one, and whether there is one. A stored result damaged on disk (its
// checksum does not match) is none: the caller makes it again.
func (s *Store) Result(key string) (value []byte, ok bool) {
	s.mu.Lock()
	v, ok := s.pending[key]
	if !ok {
		v, ok = s.inflight[key]
	}
	s.mu.Unlock()
	if ok {
		return v, true
	}
	var err error
	func() {
		old := debug.SetPanicOnFault(true)
		defer debug.SetPanicOnFault(old)
		defer guard(s.file, &err)
		s.db.View(func(tx *bolt.Tx) error {
			if v := tx.Bucket(bucketResults).Get([]byte(key)); v != nil {
				value, ok = unseal(v)
			}
			if s.lookups.Add(1)%(releaseEvery*scanPage) == 0 {
				s.releaseIn(tx) // a resumed run reads every result
			}
			return nil
		})
	}()
	if err != nil {
		return nil, false
	}
	return value, ok
}

// castagnoli is the CRC each stored value carries, so that a value
// damaged on disk is not taken for a result.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// seal is v as stored: its CRC-32C, then v.
func seal(v []byte) []byte {
	out := make([]byte, 4, 4+len(v))
	binary.BigEndian.PutUint32(out, crc32.Checksum(v, castagnoli))
	return append(out, v...)
}

// intact reports whether a stored value's CRC matches.
func intact(stored []byte) bool {
	return len(stored) >= 4 && binary.BigEndian.Uint32(stored) == crc32.Checksum(stored[4:], castagnoli)
}

// unseal checks a stored value's CRC and returns a copy of the value.
func unseal(stored []byte) ([]byte, bool) {
	if !intact(stored) {
		return nil, false
	}
	return bytes.Clone(stored[4:]), true
}

// Record keeps the result of key; it is committed within FlushInterval.
// It returns the first failure to commit an earlier group, if any.
func (s *Store) Record(key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writableLocked(); err != nil {
		return err
	}
	s.pending[key] = value
	s.kickLocked()
	return nil
}

// kickLocked has the writer commit early when many values wait; s.mu is
// held.
func (s *Store) kickLocked() {
	if len(s.pending)+len(s.entries)+len(s.index) >= flushCount {
		select {
		case s.kick <- struct{}{}:
		default:
		}
	}
}

// PutEntry keeps value as the entry key of the report, committed with
// the results (within FlushInterval); Entries gives the entries back in
// key order. It returns the first failure to commit an earlier group.
func (s *Store) PutEntry(key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writableLocked(); err != nil {
		return err
	}
	s.entries[key] = value
	s.kickLocked()
	return nil
}

// PutIndex adds key to the index (a set of keys, such as a
// sub-indication and a path), committed with the results; Index lists
// the keys with a prefix in order.
func (s *Store) PutIndex(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writableLocked(); err != nil {
		return err
	}
	s.index[key] = true
	s.kickLocked()
	return nil
}

// writableLocked says why nothing can be put: a failure to commit, or
// the store closed. s.mu is held.
func (s *Store) writableLocked() error {
	if s.err != nil {
		return s.err
	}
	if s.closed {
		return &Error{File: s.file, Reason: Damaged, Detail: "closed"}
	}
	return nil
}

// writer commits the pending results every FlushInterval, or sooner when
// many wait, until Close.
func (s *Store) writer() {
	defer close(s.done)
	t := time.NewTicker(FlushInterval)
	defer t.Stop()
	for {
		var last bool
		select {
		case <-t.C:
		case _, ok := <-s.kick:
			last = !ok
		}
		s.flush()
		if last {
			return
		}
	}
}

// flush commits the pending results.
func (s *Store) flush() {
	s.flushMu.Lock() // one group at a time: inflight is that group
	defer s.flushMu.Unlock()
	s.mu.Lock()
	if len(s.pending)+len(s.entries)+len(s.index) == 0 {
		s.mu.Unlock()
		return
	}
	s.wrote = true
	s.flushes++
	group, entries, index := s.pending, s.entries, s.index
	s.pending, s.inflight = map[string][]byte{}, group
	s.entries, s.index = map[string][]byte{}, map[string]bool{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight = nil
		s.mu.Unlock()
	}()
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := putSorted(tx.Bucket(bucketResults), group); err != nil {
			return err
		}
		if err := putSorted(tx.Bucket(bucketEntries), entries); err != nil {
			return err
		}
		b := tx.Bucket(bucketIndex)
		for _, k := range slices.Sorted(maps.Keys(index)) {
			if err := b.Put([]byte(k), seal(nil)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = &Error{File: s.file, Reason: Damaged, Detail: "writing results", Err: err}
		}
		// Keep them for the next try: nothing recorded is dropped.
		for k, v := range group {
			if _, newer := s.pending[k]; !newer {
				s.pending[k] = v
			}
		}
		for k, v := range entries {
			if _, newer := s.entries[k]; !newer {
				s.entries[k] = v
			}
		}
		for k := range index {
			s.index[k] = true
		}
		s.mu.Unlock()
		return
	}
	if s.flushes%releaseEvery == 0 {
		s.release()
	}
}

// putSorted puts the values of m in b, sealed, in key order (bbolt
// writes sorted keys fastest).
func putSorted(b *bolt.Bucket, m map[string][]byte) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := b.Put([]byte(k), seal(m[k])); err != nil {
			return err
		}
	}
	return nil
}

// Results calls fn with every committed result, in key order; a value
// damaged on disk stops it with a Damaged *Error.
func (s *Store) Results(fn func(key string, value []byte) error) (err error) {
	s.flush()
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(s.file, &err)
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketResults).ForEach(func(k, v []byte) error {
			value, ok := unseal(v)
			if !ok {
				return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("the result of %q", k)}
			}
			return fn(string(k), value)
		})
	})
}

// Entries calls fn with every entry put (PutEntry), committed first, in
// key order; a value damaged on disk stops it with a Damaged *Error. The
// entries are read a page at a time: fn runs outside any transaction, and
// may read the store (Result) or take its time.
func (s *Store) Entries(fn func(key string, value []byte) error) error {
	return s.scan(bucketEntries, "", func(k string, v []byte) error { return fn(k, v) })
}

// Entry returns the value PutEntry put under key, and whether there is
// one, after committing what is pending.
func (s *Store) Entry(key string) (value []byte, ok bool, err error) {
	s.flush()
	err = s.read(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketEntries).Get([]byte(key)); v != nil {
			if value, ok = unseal(v); !ok {
				return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("the value of %q in %s", key, bucketEntries)}
			}
			value = bytes.Clone(value)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return value, ok, nil
}

// Index calls fn with every key of the index (PutIndex) that starts with
// prefix, committed first, in order, as Entries does.
func (s *Store) Index(prefix string, fn func(key string) error) error {
	return s.scan(bucketIndex, prefix, func(k string, _ []byte) error { return fn(k) })
}

// scanPage is how many keys scan reads in one transaction.
const scanPage = 512

// releaseEvery is how many pages of keys scan reads between two releases
// of the mapped file (release).
const releaseEvery = 16

// scan calls fn with the keys of bucket that start with prefix and their
// values, in order, after committing what is pending. Each page of keys
// is read in a transaction of its own and handed to fn after it is
// closed.
func (s *Store) scan(bucket []byte, prefix string, fn func(key string, value []byte) error) error {
	s.flush()
	type kv struct {
		k string
		v []byte
	}
	page := make([]kv, 0, scanPage)
	after, first := []byte(prefix), true
	pages := 0
	for {
		page = page[:0]
		err := s.read(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			k, v := c.Seek(after)
			if !first && k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
			for ; k != nil && bytes.HasPrefix(k, []byte(prefix)) && len(page) < scanPage; k, v = c.Next() {
				value, ok := unseal(v)
				if v == nil || !ok {
					return &Error{File: s.file, Reason: Damaged, Detail: fmt.Sprintf("the value of %q in %s", k, bucket)}
				}
				page = append(page, kv{string(k), value})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, p := range page {
			if err := fn(p.k, p.v); err != nil {
				return err
			}
		}
		if len(page) < scanPage {
			return nil
		}
		if pages++; pages%releaseEvery == 0 {
			s.release()
		}
		after, first = []byte(page[len(page)-1].k), false
	}
}

// read runs fn in a read transaction, a fault reading the mapped file or
// a panic of bbolt being a Damaged *Error.
func (s *Store) read(fn func(tx *bolt.Tx) error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(s.file, &err)
	return s.db.View(fn)
}

// Reset drops the report, its entries and index (what is pending too):
// a run that starts again puts them anew, and until it finishes the
// state has no report.
func (s *Store) Reset() error {
	s.flush()
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	s.entries, s.index = map[string][]byte{}, map[string]bool{}
	s.mu.Unlock()
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketReport, bucketEntries, bucketIndex} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return &Error{File: s.file, Reason: Damaged, Detail: "dropping the report", Err: err}
	}
	s.release() // dropping a bucket reads every page of it
	return nil
}

// Finish stores the run's report (the caller's bytes: its head, when its
// entries were put with PutEntry), committed
// and synced to disk before it returns: the run is then finished.
func (s *Store) Finish(report []byte) error {
	s.flush()
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketReport).Put(keyReport, seal(report)) }); err != nil {
		return &Error{File: s.file, Reason: Damaged, Detail: "writing the report", Err: err}
	}
	return s.db.Sync()
}

// Report returns the report Finish stored; a run that has not finished
// is an *Error with Reason NotFinished.
func (s *Store) Report() (out []byte, err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer guard(s.file, &err)
	damaged := false
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketReport).Get(keyReport); v != nil {
			var ok bool
			out, ok = unseal(v)
			damaged = !ok
		}
		return nil
	})
	if damaged {
		return nil, &Error{File: s.file, Reason: Damaged, Detail: "the stored report"}
	}
	if out == nil {
		return nil, &Error{File: s.file, Reason: NotFinished, Detail: "run the same command again to complete it"}
	}
	return out, nil
}

// Close commits what is pending and closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.db.Close()
	}
	s.closed = true
	s.mu.Unlock()
	close(s.kick)
	<-s.done
	var err error
	if s.wrote {
		err = s.db.Sync()
	}
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	return err
}
