package ocspclient

import "testing"

func FuzzParseResponse(f *testing.F) {
	f.Add(ocspResponseStatus(3))
	f.Add([]byte{0x30, 0x03, 0x0a, 0x01, 0x00})
	f.Add([]byte{0x30, 0x0a, 0x0a, 0x01, 0x00, 0xa0, 0x05, 0x30, 0x03, 0x06, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := parseResponse(der)
		if err != nil {
			return
		}
		if r.status == statusSuccessful && r.rawTBS == nil {
			t.Fatal("successful response without tbsResponseData")
		}
	})
}
