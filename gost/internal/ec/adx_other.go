//go:build !amd64 || purego

package ec

// useADX is false without the amd64 assembly: the pure-Go products are used.
const useADX = false

func mul4WideADX(t *[8]uint64, x, y *fe4)  { panic("ec: no assembly") }
func mul8WideADX(t *[16]uint64, x, y *fe8) { panic("ec: no assembly") }

func montRed4ADX(z *fe4, t *[8]uint64, p *fe4, pinv uint64) uint64  { panic("ec: no assembly") }
func montRed8ADX(z *fe8, t *[16]uint64, p *fe8, pinv uint64) uint64 { panic("ec: no assembly") }
