package batch

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/gostverify/gostverify/verify"
)

// entrySource gives the entries of a report that are not in memory, and
// its problems' paths: a report kept in a run's state (storeSource).
type entrySource interface {
	// each calls fn with every entry in path order, each a new Entry.
	each(fn func(*Entry) error) error
	// problemPaths calls fn with the path of every entry listed under
	// the problem sub, in path order.
	problemPaths(sub verify.SubIndication, fn func(string) error) error
}

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
