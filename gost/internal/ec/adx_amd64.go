//go:build amd64 && !purego

package ec

// useADX selects the MULX/ADCX/ADOX products of mul_amd64.s (BMI2 and ADX,
// CPUID leaf 7 EBX bits 8 and 19). It is a variable so that the tests can
// run the pure-Go path too; build with -tags purego to drop the assembly.
var useADX = hasADX()

func hasADX() bool {
	if maxLeaf, _, _, _ := cpuid(0, 0); maxLeaf < 7 {
		return false
	}
	_, ebx, _, _ := cpuid(7, 0)
	return ebx&(1<<8) != 0 && ebx&(1<<19) != 0
}

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

// mul4WideADX sets t = x·y. Requires BMI2 and ADX.
//
//go:noescape
func mul4WideADX(t *[8]uint64, x, y *fe4)

// mul8WideADX sets t = x·y. Requires BMI2 and ADX.
//
//go:noescape
func mul8WideADX(t *[16]uint64, x, y *fe8)

// montRed4ADX sets z = t·2^-256 mod p, possibly plus p; it returns the bit
// above z. Requires BMI2 and ADX.
//
//go:noescape
func montRed4ADX(z *fe4, t *[8]uint64, p *fe4, pinv uint64) uint64

// montRed8ADX sets z = t·2^-512 mod p, possibly plus p; it returns the bit
// above z. Requires BMI2 and ADX.
//
//go:noescape
func montRed8ADX(z *fe8, t *[16]uint64, p *fe8, pinv uint64) uint64
