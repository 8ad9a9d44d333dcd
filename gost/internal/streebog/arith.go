package streebog

import "math/bits"

// add512 sets a to a + b mod 2^512 (the ⊞ operation of RFC 6986).
func add512(a, b *[8]uint64) {
	var carry uint64
	a[0], carry = bits.Add64(a[0], b[0], 0)
	a[1], carry = bits.Add64(a[1], b[1], carry)
	a[2], carry = bits.Add64(a[2], b[2], carry)
	a[3], carry = bits.Add64(a[3], b[3], carry)
	a[4], carry = bits.Add64(a[4], b[4], carry)
	a[5], carry = bits.Add64(a[5], b[5], carry)
	a[6], carry = bits.Add64(a[6], b[6], carry)
	a[7], _ = bits.Add64(a[7], b[7], carry)
}

// addSmall sets a to a + x mod 2^512.
func addSmall(a *[8]uint64, x uint64) {
	var carry uint64
	a[0], carry = bits.Add64(a[0], x, 0)
	for i := 1; i < len(a) && carry != 0; i++ {
		a[i], carry = bits.Add64(a[i], 0, carry)
	}
}
