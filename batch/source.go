package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"

	"github.com/gostverify/gostverify/verify"
)

// entrySource gives the entries of a report that are not in memory, and
// its problems' paths: a report kept in a run's state (storeSource).
type entrySource interface {
	// each calls fn with every entry in path order, each a new Entry.
	each(fn func(*Entry) error) error
	// entry returns the entry of path (as reports name it), nil when
	// there is none.
	entry(path string) (*Entry, error)
	// problemPaths calls fn with the path of every entry listed under
	// the problem sub, in path order.
	problemPaths(sub verify.SubIndication, fn func(string) error) error
}

// closedSource is the source of a report closed (Close): it has no more
// entries to give.
type closedSource struct{}

var errClosed = errors.New("batch: the report was closed")

func (closedSource) each(func(*Entry) error) error { return errClosed }
func (closedSource) entry(string) (*Entry, error)  { return nil, errClosed }
func (closedSource) problemPaths(verify.SubIndication, func(string) error) error {
	return errClosed
}

// Each calls fn with every entry of the report in path order, wherever
// they are: in Entries, or in the state a large run or Options.State keeps
// them in (then read one at a time; the report must not be closed yet).
// An error of fn stops it and is returned.
func (r *Report) Each(fn func(*Entry) error) error { return r.eachSorted(fn) }

// eachEntry calls fn with every entry of r, in order, wherever they are;
// an error of fn stops it and is returned.
func (r *Report) eachEntry(fn func(*Entry) error) error {
	if r.src != nil {
		return r.src.each(fn)
	}
	for i := range r.Entries {
		if err := fn(&r.Entries[i]); err != nil {
			return err
		}
	}
	return nil
}

// lookup returns a function that finds an entry of r by its path (nil
// when there is none), in memory through a map, in a state by its key;
// and one that gives the signatures that name a document entry as their
// document: its Signatures, and those it could not be read for.
func (r *Report) lookup() (find func(path string) (*Entry, error), naming func(doc *Entry) []string) {
	if r.src != nil {
		return r.src.entry, func(doc *Entry) []string {
			if len(doc.namedBy) == 0 {
				return doc.Signatures
			}
			return slices.Sorted(slices.Values(append(slices.Clone(doc.Signatures), doc.namedBy...)))
		}
	}
	byPath := make(map[string]*Entry, len(r.Entries))
	namedBy := map[string][]string{}
	for i := range r.Entries {
		e := &r.Entries[i]
		byPath[e.Path] = e
		if e.Kind == KindSignature && e.Document != "" {
			namedBy[e.Document] = append(namedBy[e.Document], e.Path)
		}
	}
	for _, sigs := range namedBy {
		slices.Sort(sigs)
	}
	return func(path string) (*Entry, error) { return byPath[path], nil },
		func(doc *Entry) []string { return namedBy[doc.Path] }
}

// eachProblemPath calls fn with the path of every entry of r listed under
// the problem sub, in path order.
func (r *Report) eachProblemPath(sub verify.SubIndication, fn func(string) error) error {
	if r.src != nil {
		return r.src.problemPaths(sub, fn)
	}
	for i := range r.Summary.Problems {
		if p := &r.Summary.Problems[i]; p.SubIndication == sub {
			for _, path := range slices.Sorted(slices.Values(p.Paths)) {
				if err := fn(path); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// errEnough stops a listing early.
var errEnough = errors.New("batch: enough")

// problemPaths returns the first n paths listed under p (all when n is
// negative).
func (r *Report) problemPaths(p *Problem, n int) ([]string, error) {
	if r.src == nil {
		if n < 0 || n > len(p.Paths) {
			n = len(p.Paths)
		}
		return p.Paths[:n], nil
	}
	var out []string
	if n == 0 {
		return out, nil
	}
	err := r.src.problemPaths(p.SubIndication, func(path string) error {
		out = append(out, path)
		if len(out) == n {
			return errEnough
		}
		return nil
	})
	if err != nil && err != errEnough {
		return nil, err
	}
	return out, nil
}

// MarshalJSON encodes the report as encoding/json encodes its fields;
// a report kept in a run's state is read from it whole (WriteJSON writes
// it a piece at a time).
func (r *Report) MarshalJSON() ([]byte, error) {
	if r.src == nil {
		type plain Report // without this method
		// HTML characters as they are: the caller's encoder escapes them
		// or not, as it was told.
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode((*plain)(r)); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
