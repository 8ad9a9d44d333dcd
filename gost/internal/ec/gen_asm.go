//go:build ignore

package main

import (
	"fmt"
	"strings"
)

const cpuidAsm = `// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

`

// emitAsm returns mul<n>WideADX: t = x·y (2n limbs), operand scanning with
// MULX and the two carry chains of ADCX (high halves) and ADOX (low
// halves). Only n accumulator registers are live: the lowest word of each
// row is final after its first ADOX, is stored, and its register is
// recycled (zeroed with MOVQ $0, which leaves the flags alone) as the row's
// new top word.
func emitAsm(n int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, "\t"+format+"\n", args...) }
	pool := []string{"BX", "CX", "SI", "DI", "R8", "R9", "R10", "R11"}[:n]
	lo, hi := "R12", "R13"
	tp, xp, yp := "AX", "R14", "R15"
	fmt.Fprintf(&b, "// func mul%dWideADX(t *[%d]uint64, x, y *fe%d)\n", n, 2*n, n)
	fmt.Fprintf(&b, "TEXT ·mul%dWideADX(SB), NOSPLIT, $0-24\n", n)
	p("MOVQ t+0(FP), %s", tp)
	p("MOVQ x+8(FP), %s", xp)
	p("MOVQ y+16(FP), %s", yp)
	reg := map[int]string{}
	for i, r := range pool {
		reg[i] = r
		p("XORQ %s, %s", r, r)
	}
	for i := 0; i < n; i++ {
		p("MOVQ %d(%s), DX", 8*i, xp)
		p("XORQ %s, %s", lo, lo) // clears CF and OF
		for j := 0; j < n; j++ {
			p("MULXQ %d(%s), %s, %s", 8*j, yp, lo, hi)
			p("ADOXQ %s, %s", lo, reg[i+j])
			if j == 0 {
				p("MOVQ %s, %d(%s)", reg[i], 8*i, tp)
				reg[i+n] = reg[i]
				delete(reg, i)
				p("MOVQ $0, %s", reg[i+n])
			}
			p("ADCXQ %s, %s", hi, reg[i+j+1])
		}
		p("MOVQ $0, %s", lo)
		p("ADOXQ %s, %s", lo, reg[i+n])
	}
	for k := n; k < 2*n; k++ {
		p("MOVQ %s, %d(%s)", reg[k], 8*k, tp)
	}
	p("RET")
	b.WriteString("\n")
	return b.String()
}

func emitADXPath(e *emitter, n int, kind, args string) {
	e.p("if useADX {\nvar t [%d]uint64\nmul%dWideADX(&t, %s)", 2*n, n, args)
	if kind == "mont" {
		if n == 8 {
			// Measured: for 8 limbs the branch-free form below is slower
			// (the 512-bit Montgomery moduli of interest are far below
			// 2^512, so the subtraction is rare and well predicted).
			e.p("if montRed%dADX(z, &t, &f.p, f.pinv) != 0 || !%sLess(z, &f.p) {", n, fmt.Sprintf("fe%d", n))
			e.p("fe%dSub(z, z, &f.p)\n}\nreturn\n}", n)
			return
		}
		// z + hi·2^(64n) < 2p: subtract p if it is ≥ p, branch-free (the
		// branch mispredicts often for p close to 2^(64n)).
		e.p("hi := montRed%dADX(z, &t, &f.p, f.pinv)", n)
		e.p("var s fe%d", n)
		e.p("_, b := bits.Sub64(hi, 0, fe%dSub(&s, z, &f.p))", n)
		e.p("mask := b - 1 // all ones: subtract")
		for i := 0; i < n; i++ {
			e.p("z[%d] ^= (z[%d] ^ s[%d]) & mask", i, i, i)
		}
		e.p("return\n}")
		return
	}
	e.p("f.reduce(z, &t)\nreturn\n}")
}

// emitMontAsm returns montRed<n>ADX: z = t·2^(-64n) mod p up to one
// subtraction of p (the return value is the carry above z), Montgomery
// reduction (SOS) with MULX/ADCX/ADOX. The window of n registers slides up
// t; the carry out of each row is added into t in memory.
func emitMontAsm(n int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, "\t"+format+"\n", args...) }
	pool := []string{"BX", "CX", "SI", "DI", "R8", "R9", "R10", "R11"}[:n]
	lo, hi := "R12", "R13"
	tp, pp, extra := "AX", "R14", "R15"
	fmt.Fprintf(&b, "// func montRed%dADX(z *fe%d, t *[%d]uint64, p *fe%d, pinv uint64) uint64\n", n, n, 2*n, n)
	fmt.Fprintf(&b, "TEXT ·montRed%dADX(SB), NOSPLIT, $0-40\n", n)
	p("MOVQ t+8(FP), %s", tp)
	p("MOVQ p+16(FP), %s", pp)
	p("XORQ %s, %s", extra, extra)
	reg := map[int]string{}
	for i, r := range pool {
		reg[i] = r
		p("MOVQ %d(%s), %s", 8*i, tp, r)
	}
	for i := 0; i < n; i++ {
		p("MOVQ %s, DX", reg[i])
		p("IMULQ pinv+24(FP), DX")
		p("XORQ %s, %s", lo, lo)
		for j := 0; j < n; j++ {
			p("MULXQ %d(%s), %s, %s", 8*j, pp, lo, hi)
			p("ADOXQ %s, %s", lo, reg[i+j])
			if j == 0 {
				reg[i+n] = reg[i]
				delete(reg, i)
				p("MOVQ %d(%s), %s", 8*(i+n), tp, reg[i+n])
			}
			p("ADCXQ %s, %s", hi, reg[i+j+1])
		}
		p("MOVQ $0, %s", lo)
		p("ADOXQ %s, %s", lo, reg[i+n])
		p("MOVQ $0, %s", hi)
		p("ADCXQ %s, %s", lo, hi)
		p("ADOXQ %s, %s", lo, hi)
		if i+n+1 < 2*n {
			// A carry beyond t[i+n+1] is rare: branch around the ripple.
			p("ADDQ %s, %d(%s)", hi, 8*(i+n+1), tp)
			p("JCC mr%d_%d", n, i)
			for k := i + n + 2; k < 2*n; k++ {
				p("ADCQ $0, %d(%s)", 8*k, tp)
			}
			p("ADCQ $0, %s", extra)
			fmt.Fprintf(&b, "mr%d_%d:\n", n, i)
		} else {
			p("ADDQ %s, %s", hi, extra)
		}
	}
	p("MOVQ z+0(FP), %s", lo)
	for k := n; k < 2*n; k++ {
		p("MOVQ %s, %d(%s)", reg[k], 8*(k-n), lo)
	}
	p("MOVQ %s, ret+32(FP)", extra)
	p("RET")
	b.WriteString("\n")
	return b.String()
}
