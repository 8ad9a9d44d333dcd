package runstate

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// release drops the pages of the state file mapped into memory that
// reading it (a report written out, a million entries) has brought in:
// they stay in the page cache, ready to be mapped again, but no longer
// count in the process's resident memory. It runs inside a read
// transaction, during which bbolt never remaps the file, so the range is
// the mapping's.
func (s *Store) release() {
	s.db.View(func(tx *bolt.Tx) error {
		s.releaseIn(tx)
		return nil
	})
}

// releaseIn is release inside the read transaction tx.
func (s *Store) releaseIn(tx *bolt.Tx) {
	if size := tx.Size(); size > 0 {
		// MADV_DONTNEED on a shared read-only mapping of a file only
		// unmaps its pages: the next read faults them in again.
		syscall.Syscall(syscall.SYS_MADVISE, s.db.Info().Data, uintptr(size), syscall.MADV_DONTNEED)
	}
}
