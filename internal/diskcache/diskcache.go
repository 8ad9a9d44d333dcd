// Package diskcache writes cache files so that several processes sharing
// one cache directory never see a partial file: each file is written to a
// temporary name in the same directory and renamed into place.
package diskcache

import (
	"errors"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically, creating its directory.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
