//go:build amd64 && !purego

package ec

import "testing"

// TestPureGoPath reruns the arithmetic tests with the assembly disabled
// (the normal run uses it when the CPU has BMI2 and ADX). -tags purego
// builds without the assembly altogether.
func TestPureGoPath(t *testing.T) {
	if !useADX {
		t.Skip("CPU without ADX: the normal run already uses pure Go")
	}
	useADX = false
	defer func() { useADX = true }()
	t.Run("field", TestFieldArithmetic)
	t.Run("bounds", TestFieldReductionBounds)
	t.Run("points", TestPointOps)
	t.Run("scalarmult", TestScalarMult)
	t.Run("verify", TestVerifyRandom)
}
