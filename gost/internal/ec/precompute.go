package ec

// keyTable is what Precompute stores for a key: the output of the curve's
// splitTable for the key's point, for the width in use. It is never
// modified after it is stored.
type keyTable struct {
	t4 []aff4
	t8 []aff8
}

// precomputeKeys makes NewPublicKey precompute every key. Tests set it to
// run the whole suite on the precomputed path.
var precomputeKeys = false

// Precompute prepares k for many verifications: it builds affine tables
// of multiples of the key's point Q and of 2^(n/2)·Q (n = 8·Size()), which
// halve the doublings of each later Verify with k and make all its point
// additions mixed ones. It costs about as much as one verification and
// about 4 KiB (256-bit curves) or 8 KiB (512-bit curves) of memory; the
// first call for any key of a curve also builds a table for the curve's
// base point. Verify gives the same answers with or without it.
//
// Precompute is idempotent and safe to call concurrently with itself and
// with Verify. Curves computed on their Edwards form (TC26-256-A,
// TC26-512-C) ignore it.
func (k *PublicKey) Precompute() {
	if k == nil || k.c == nil || k.pre.Load() != nil {
		return
	}
	if t := k.c.impl.precompute(k); t != nil {
		k.pre.CompareAndSwap(nil, t)
	}
}

// The Edwards-form curves have no precomputed path.
func (*edwards4pm) precompute(*PublicKey) *keyTable { return nil }
func (*edwards8pm) precompute(*PublicKey) *keyTable { return nil }
