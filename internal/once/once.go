// Package once computes a value once per key, however many goroutines ask
// for it: the first caller computes, the others wait for its result.
package once

import "sync"

// Map remembers one value per key for its lifetime, failures included
// (make the value carry them). It is safe for concurrent use; the zero
// value is ready.
type Map[K comparable, V any] struct {
	mu    sync.Mutex
	calls map[K]*call[V]
}

type call[V any] struct {
	done chan struct{}
	v    V
}

// Do returns the value for k, calling f to compute it if no goroutine
// has; callers that arrive while f runs wait for it.
func (m *Map[K, V]) Do(k K, f func() V) V {
	m.mu.Lock()
	if c, ok := m.calls[k]; ok {
		m.mu.Unlock()
		<-c.done
		return c.v
	}
	c := &call[V]{done: make(chan struct{})}
	if m.calls == nil {
		m.calls = map[K]*call[V]{}
	}
	m.calls[k] = c
	m.mu.Unlock()
	defer close(c.done)
	c.v = f()
	return c.v
}
