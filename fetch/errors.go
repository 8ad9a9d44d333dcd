package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// Class says why a fetch failed. Its values are stable strings, suitable for
// JSON reports.
type Class string

// The classes of failure. A successful Attempt has Class "".
const (
	Offline           Class = "offline"
	BadURL            Class = "bad_url"
	UnsupportedScheme Class = "unsupported_scheme"
	DNS               Class = "dns"
	Refused           Class = "refused"
	Unreachable       Class = "unreachable"
	Timeout           Class = "timeout"
	Canceled          Class = "canceled"
	TLS               Class = "tls"
	HTTPStatus        Class = "http_status"
	TooLarge          Class = "too_large"
	Truncated         Class = "truncated"
	TooManyRedirects  Class = "too_many_redirects"
	HTML              Class = "html"
	Empty             Class = "empty"
	Network           Class = "network"
	// AddressRefused: a Guard refused the address (not public, not
	// allowed).
	AddressRefused Class = "address_refused"
)

// Explain returns a plain-language explanation of the class. For
// HTTPStatus, [Error.Explain] is more precise: it depends on the status.
func (c Class) Explain() string {
	switch c {
	case Offline:
		return "network use is off: offline mode"
	case BadURL:
		return "the URL cannot be parsed"
	case UnsupportedScheme:
		return "only http and https are supported; LDAP URLs are not"
	case DNS:
		return "the host name does not resolve (a typo, a retired CA domain, or no DNS)"
	case Refused:
		return "connection refused: nothing listens at this address and port, or a firewall rejects the connection"
	case Unreachable:
		return "the network or host is unreachable (no route to it)"
	case Timeout:
		return "no answer within the timeout"
	case Canceled:
		return "the request was cancelled"
	case TLS:
		return "the TLS handshake or certificate check failed; many Russian CAs use GOST TLS, which Go cannot speak: use the http:// URL if the CA publishes one"
	case HTTPStatus:
		return "the server answered with an HTTP error status"
	case TooLarge:
		return "the response is larger than the size limit"
	case Truncated:
		return "the connection closed before the whole response arrived"
	case TooManyRedirects:
		return "too many redirects, or a redirect loop"
	case HTML:
		return "the server sent an HTML page instead of the document (a captive portal, a login page, or a \"not found\" page served with status 200)"
	case Empty:
		return "the server answered with an empty body"
	case Network:
		return "network error"
	case AddressRefused:
		return "the server refuses to connect to this address: it is not public (loopback, private, link-local, metadata) and not in the allowed networks"
	case "":
		return "success"
	}
	return string(c)
}

// Error is the error returned by [Client.Get] and [Client.Post].
type Error struct {
	Class  Class
	URL    string // the URL the caller asked for
	Status int    // HTTP status of the last response; 0 when there was none
	Err    error  // the cause; may be nil for HTTPStatus
}

// Explain returns a plain-language explanation of the failure: the class's
// explanation, or for HTTPStatus one that depends on the status code.
func (e *Error) Explain() string {
	if e.Class == HTTPStatus {
		return explainStatus(e.Status)
	}
	return e.Class.Explain()
}

func (e *Error) Error() string {
	msg := "fetch: " + e.URL + ": "
	if e.Class == HTTPStatus {
		msg += fmt.Sprintf("HTTP %d %s: ", e.Status, http.StatusText(e.Status))
	}
	msg += e.Explain()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

func explainStatus(code int) string {
	switch {
	case code == http.StatusBadRequest:
		return "the server rejected the request (for OCSP this is often an HTTP/1.0 request without Host, or a wrong content type)"
	case code == http.StatusUnauthorized:
		return "the server asks for authentication"
	case code == http.StatusForbidden:
		return "forbidden: the server refuses to serve this URL (sometimes to clients from other countries)"
	case code == http.StatusNotFound:
		return "no document or service at this path"
	case code == http.StatusMethodNotAllowed:
		return "method not allowed: this URL does not accept this request method (for OCSP, the responder may take only GET or only POST)"
	case code == http.StatusGone:
		return "the document was removed from this path"
	case code == http.StatusTooManyRequests:
		return "too many requests: the server limits the rate, try later"
	case code >= 500 && code <= 599:
		return "server error, try later"
	case code >= 300 && code <= 399:
		return "a redirect without a usable Location"
	case code >= 400 && code <= 499:
		return "the server refused the request"
	}
	return "unexpected HTTP status"
}

// Sentinel causes for failures found by this package itself.
var (
	errRedirectLoop = errors.New("redirect loop")
	errNoHost       = errors.New("no host in URL")
	errNotAbsolute  = errors.New("not an absolute URL")
	errOffline      = errors.New("no request made")
)

// timeoutError is the cause of the context of a request whose
// Client.Timeout ran out. It is a context.DeadlineExceeded.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string        { return fmt.Sprintf("gave up after %v", e.d) }
func (e *timeoutError) Timeout() bool        { return true }
func (e *timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// classify maps the error of an HTTP round trip (with the *url.Error
// already removed) to a Class. ctx is the request's context; tlsErr the
// error reported by the TLS handshake, if one failed.
func classify(ctx context.Context, err, tlsErr error) Class {
	var (
		fe      *Error
		dnsErr  *net.DNSError
		recErr  tls.RecordHeaderError
		alert   tls.AlertError
		verErr  *tls.CertificateVerificationError
		uaErr   x509.UnknownAuthorityError
		hostErr x509.HostnameError
		invErr  x509.CertificateInvalidError
		netErr  net.Error
		addrErr *AddressError
	)
	switch {
	case errors.As(err, &fe): // from CheckRedirect
		return fe.Class
	case errors.As(err, &addrErr): // from a Guard's dial hook
		return AddressRefused
	case errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.Is(err, context.DeadlineExceeded):
		return Timeout
	case errors.Is(ctx.Err(), context.Canceled),
		errors.Is(err, context.Canceled):
		return Canceled
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return Timeout
		}
		return DNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return Refused
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return Unreachable
	case tlsErr != nil,
		errors.As(err, &recErr), errors.As(err, &alert), errors.As(err, &verErr),
		errors.As(err, &uaErr), errors.As(err, &hostErr), errors.As(err, &invErr):
		return TLS
	case errors.As(err, &netErr) && netErr.Timeout():
		return Timeout
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Truncated
	}
	return Network
}
