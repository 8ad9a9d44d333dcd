//go:build !linux

package runstate

import bolt "go.etcd.io/bbolt"

// release does nothing here: see release_linux.go.
func (s *Store) release() {}

func (s *Store) releaseIn(*bolt.Tx) {}
