package tsl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/diskcache"
)

// DefaultURL is where Минцифры publishes the current list
// (e-trust.gosuslugi.ru).
const DefaultURL = "https://e-trust.gosuslugi.ru/app/scc/portal/api/v1/portal/ca/getxml"

// The bounds of Fetch when the client leaves them zero: the list is tens
// of megabytes, more than the fetch defaults allow.
const (
	FetchMaxSize = 128 << 20
	FetchTimeout = 5 * time.Minute
)

// Fetch downloads a list with client (nil: a default client), and returns
// its bytes, unchecked: pass them to Read. A zero client.MaxSize or
// client.Timeout is FetchMaxSize or FetchTimeout instead of the fetch
// defaults. Failures are a *fetch.Error; the Attempt says what was fetched
// with what result either way.
func Fetch(ctx context.Context, client *fetch.Client, url string) ([]byte, fetch.Attempt, error) {
	c := fetch.Client{}
	if client != nil {
		c = *client
	}
	if c.MaxSize == 0 {
		c.MaxSize = FetchMaxSize
	}
	if c.Timeout == 0 {
		c.Timeout = FetchTimeout
	}
	return c.Get(ctx, url)
}

// File is the name of the list in a cache directory.
const File = "tsl.xml"

// Cached is a list kept in a cache directory.
type Cached struct {
	Header
	Data   []byte    // the list as fetched
	Stored time.Time // when it was stored (the file's modification time)
}

// StaleError is Store's refusal to replace a list with an older edition.
type StaleError struct {
	Stored, New Header
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("tsl: the cached list (version %d of %s) is newer than this one (version %d of %s)",
		e.Stored.Version, e.Stored.Date.Format(time.RFC3339), e.New.Version, e.New.Date.Format(time.RFC3339))
}

// Store keeps data, a list that Read accepted, as dir/tsl.xml, written
// atomically so that concurrent readers see the old list or the new one.
// It refuses (*StaleError) to replace a list with a lower version; the
// same version is written again. It returns the list's header.
func Store(dir string, data []byte) (Header, error) {
	h, err := readHeader(data)
	if err != nil {
		return Header{}, err
	}
	if old, err := os.ReadFile(filepath.Join(dir, File)); err == nil {
		if oh, err := readHeader(old); err == nil && oh.Version > h.Version {
			return h, &StaleError{Stored: oh, New: h}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return h, fmt.Errorf("tsl: %w", err)
	}
	if err := diskcache.WriteFile(filepath.Join(dir, File), data); err != nil {
		return h, fmt.Errorf("tsl: storing the list: %w", err)
	}
	return h, nil
}

// Load reads the list kept in dir by Store, with its version and date.
// Without one the error wraps fs.ErrNotExist. The bytes are not checked:
// pass Data to Read.
func Load(dir string) (*Cached, error) {
	name := filepath.Join(dir, File)
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	if fi.Size() > DefaultMaxBytes {
		return nil, &ParseError{Reason: TooLarge, Err: fmt.Errorf("%s is larger than %d bytes", name, DefaultMaxBytes)}
	}
	data := make([]byte, fi.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("tsl: %w", err)
	}
	h, err := readHeader(data)
	if err != nil {
		return nil, err
	}
	return &Cached{Header: h, Data: data, Stored: fi.ModTime()}, nil
}

// errHeaderRead stops a scan once the header is read.
var errHeaderRead = errors.New("header read")

// readHeader reads the version and date of a list. They come first, so
// the scan stops at the first CA when both are read; a list that has them
// after its CAs is read through.
func readHeader(data []byte) (Header, error) {
	h, err := Scan(bytes.NewReader(data), Limits{}, func(*CA) error { return errHeaderRead })
	if err == errHeaderRead {
		if h.Version != 0 && !h.Date.IsZero() {
			return h, nil
		}
		return Scan(bytes.NewReader(data), Limits{}, func(*CA) error { return nil })
	}
	return h, err
}
