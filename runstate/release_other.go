//go:build !linux

package runstate

// release does nothing here: see release_linux.go.
func (s *Store) release() {}
