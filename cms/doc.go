// Package cms will parse CMS SignedData (RFC 5652, RFC 4490) as CryptoPro
// CSP, ViPNet and other producers write it — DER, PEM, bare base64, BER —
// and verify each signer with package gost. It is not implemented yet: see
// the project's issue on `cms` and `gostverify verify`.
package cms
