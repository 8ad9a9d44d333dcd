// Package ocspclient will check certificate revocation over OCSP (RFC 6960)
// with CRL as a fallback, verifying GOST-signed responses and explaining
// every failure. It is not implemented yet: see the project's issue on
// revocation.
package ocspclient
