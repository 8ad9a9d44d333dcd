package once

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentDo: many goroutines asking for a few keys compute each key once and
// all get its value, also those that arrive while it is computed.
func TestConcurrentDo(t *testing.T) {
	var m Map[string, int]
	var calls atomic.Int32
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			k := []string{"a", "b", "c"}[i%3]
			v := m.Do(k, func() int {
				calls.Add(1)
				time.Sleep(10 * time.Millisecond) // let the others arrive
				return len(k) + int(k[0])
			})
			if v != 1+int(k[0]) {
				t.Errorf("%s: %d", k, v)
			}
		})
	}
	wg.Wait()
	if n := calls.Load(); n != 3 {
		t.Errorf("%d computations, want 3", n)
	}
}
