package tsp_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/gostverify/gostverify/tsp"
)

func Example() {
	der, _ := os.ReadFile("../testdata/tsp/good_2012_256.tsr")
	data, _ := os.ReadFile("../testdata/tsp/data.txt")

	tok, err := tsp.Parse(der)
	if err != nil {
		fmt.Println(err)
		return
	}
	tsa, err := tok.Verify(data, tsp.Options{})
	fmt.Println("valid:", err == nil, "TSA:", tsa.Subject.CommonName)
	// tok.Info.GenTime is the time vouched for: check tsa's path with
	// package chain at that time.

	_, err = tok.Verify([]byte("other data"), tsp.Options{})
	var ve *tsp.VerifyError
	if errors.As(err, &ve) {
		fmt.Println(ve.Reason == tsp.ImprintMismatch, err)
	}
	// Output:
	// valid: true TSA: Тестовая служба штампов времени gostverify
	// true tsp: messageImprint does not match the data
}
