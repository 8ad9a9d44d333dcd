package fetch

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// Guard restricts the addresses a Client may connect to, for a server that
// fetches URLs taken from uploaded data (AIA, OCSP and CRL URLs of the
// certificates in a signature, the МЧД registry): without it, a signature
// could make the server probe its own loopback, its private network or a
// cloud metadata service.
//
// A Guard is put in the context of the requests it covers with
// [WithGuard]: every request a Client makes under that context, by any
// package, is checked. The check is on the address actually dialled, after
// name resolution (a net.Dialer Control hook), so a host name resolving to
// a private address is refused, a name that resolves differently the second
// time (DNS rebinding) too, and so is every redirect's target, each being a
// connection of its own. A URL whose host is an address literal is refused
// before any request.
//
// Allowed are the public unicast addresses and Allow; refused are loopback,
// private (RFC 1918, unique-local fc00::/7), link-local (the metadata
// addresses 169.254.169.254 and fd00:ec2::254 among them), shared
// (CGNAT 100.64.0.0/10), multicast, unspecified, reserved, documentation
// and benchmarking ranges (the deprecated IPv4-compatible ::/96 among
// them), and IPv6 addresses embedding a refused IPv4 address (mapped,
// NAT64, 6to4).
//
// Under a Guard, a Client without a Transport of its own never goes
// through a proxy (HTTP_PROXY is ignored: the check would see the
// proxy's address, not the server's). A Client with its own Transport
// (package batch wraps one for its network budget) is checked only if
// that transport dials through the hook: a clone of http.DefaultTransport
// made after [GuardDefaultTransport] does. A new connection that no hook
// checked fails with [AddressRefused], so a transport that cannot be
// checked is refused, not trusted.
type Guard struct {
	// Allow lists networks allowed even though they are not public
	// (--fetch-allow 127.0.0.1/32 for a test responder on loopback).
	Allow []netip.Prefix

	once sync.Once
	tr   *http.Transport
}

// AddressReason says why an address is refused.
type AddressReason string

// Reasons of an AddressError.
const (
	Loopback          AddressReason = "loopback"
	Private           AddressReason = "private"
	LinkLocal         AddressReason = "link_local"
	SharedAddress     AddressReason = "shared"
	Multicast         AddressReason = "multicast"
	Unspecified       AddressReason = "unspecified"
	ReservedAddress   AddressReason = "reserved"
	UnparsableAddress AddressReason = "unparsable"
	// Unchecked: a new connection of a Client's own Transport that did
	// not dial through the Guard's hook.
	Unchecked AddressReason = "unchecked"
)

// AddressError is a connection a Guard refused.
type AddressError struct {
	Addr   string // the address dialled (ip:port), or the URL's host
	Reason AddressReason
}

func (e *AddressError) Error() string {
	if e.Reason == Unchecked {
		return "fetch: the client's own transport made a connection the address guard could not check"
	}
	return fmt.Sprintf("fetch: address %s is not public (%s) and not in the allowed networks", e.Addr, e.Reason)
}

// WithGuard returns ctx with g: every request a Client makes under it is
// checked by g. A nil g removes nothing: it returns ctx as it is.
func WithGuard(ctx context.Context, g *Guard) context.Context {
	if g == nil {
		return ctx
	}
	return context.WithValue(ctx, guardKey{}, g)
}

// GuardFrom returns the Guard of ctx, nil when there is none.
func GuardFrom(ctx context.Context) *Guard {
	g, _ := ctx.Value(guardKey{}).(*Guard)
	return g
}

type guardKey struct{}

// ParsePrefix reads a --fetch-allow value: a CIDR ("127.0.0.0/8",
// "::1/128") or a single address, which stands for itself alone.
func ParsePrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("fetch: %q is neither a CIDR nor an IP address", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Check returns nil when a connection to ip is allowed, else an
// *AddressError.
func (g *Guard) Check(ip netip.Addr) error {
	if e := g.check(ip); e != nil {
		return e
	}
	return nil
}

func (g *Guard) check(ip netip.Addr) *AddressError {
	ip = ip.WithZone("")
	for _, p := range g.Allow {
		if p.Contains(ip) || p.Contains(ip.Unmap()) {
			return nil
		}
	}
	if r := refused(ip); r != "" {
		return &AddressError{Addr: ip.String(), Reason: r}
	}
	return nil
}

// Refused ranges beyond what netip.Addr's predicates say.
var (
	shared4   = netip.MustParsePrefix("100.64.0.0/10") // RFC 6598 CGNAT
	reserved4 = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
		netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
		netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
		netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
		netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
		netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
		netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast
	}
	reserved6 = []netip.Prefix{
		netip.MustParsePrefix("::/96"),          // IPv4-compatible, deprecated (:: and ::1 are told apart before)
		netip.MustParsePrefix("100::/64"),       // discard
		netip.MustParsePrefix("2001:db8::/32"),  // documentation
		netip.MustParsePrefix("fec0::/10"),      // site-local, deprecated
		netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	}
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixto4 = netip.MustParsePrefix("2002::/16")
)

// refused says why ip is not public, "" when it is.
func refused(ip netip.Addr) AddressReason {
	if !ip.IsValid() {
		return UnparsableAddress
	}
	if ip.Is4In6() {
		return refused(ip.Unmap())
	}
	switch {
	case ip.IsUnspecified():
		return Unspecified
	case ip.IsLoopback():
		return Loopback
	case ip.IsPrivate(): // RFC 1918, and fc00::/7
		return Private
	case ip.IsLinkLocalUnicast():
		return LinkLocal
	case ip.IsMulticast():
		return Multicast
	}
	if ip.Is4() {
		if shared4.Contains(ip) {
			return SharedAddress
		}
		for _, p := range reserved4 {
			if p.Contains(ip) {
				return ReservedAddress
			}
		}
		return ""
	}
	for _, p := range reserved6 {
		if p.Contains(ip) {
			return ReservedAddress
		}
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return refused(netip.AddrFrom4([4]byte(b[12:16])))
	case sixto4.Contains(ip):
		return refused(netip.AddrFrom4([4]byte(b[2:6])))
	}
	return ""
}

// checkHost refuses a URL host that is an address literal the guard does
// not allow; names are checked when dialled.
func (g *Guard) checkHost(hostname string) *AddressError {
	ip, err := netip.ParseAddr(hostname)
	if err != nil {
		return nil
	}
	return g.check(ip)
}

// control is the Dialer's hook: address is the ip:port being dialled.
// It checks with the Guard of ctx, if any.
func control(ctx context.Context, network, address string, c syscall.RawConn) error {
	g := GuardFrom(ctx)
	if g == nil {
		return nil
	}
	return g.control(address)
}

// hookedConn is a connection dialled through the hook: the only kind a
// request under a Guard may use (checkConn).
type hookedConn struct{ net.Conn }

// dialHooked dials through the hook.
func dialHooked(ctx context.Context, network, address string) (net.Conn, error) {
	c, err := hookedDialer.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return hookedConn{c}, nil
}

// checkConn is the check of the connection a request under g got, new or
// idle, whichever request it was dialled for: one the hook dialled, to an
// address g allows. A transport's connections are shared by requests
// with other guards and none; checking each one as it is handed out,
// before the request is written, covers them all.
func (g *Guard) checkConn(c net.Conn) *AddressError {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	hc, ok := c.(hookedConn)
	if !ok {
		return &AddressError{Addr: c.RemoteAddr().String(), Reason: Unchecked}
	}
	return g.checkAddress(hc.RemoteAddr().String())
}

var installOnce sync.Once

// hookedDialer is http.DefaultTransport's dialer with the Guard hook.
var hookedDialer = &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, ControlContext: control}

// GuardDefaultTransport makes http.DefaultTransport dial through the
// Guard hook, so that the transports cloned from it afterwards (package
// batch's) check their connections too under a Guard, and use no proxy
// for a request under a Guard (through a proxy the check would see the
// proxy, not the target). Without a Guard in a request's context, the
// hook does nothing and the proxy is the environment's. A server calls it
// once at start, before any request.
func GuardDefaultTransport() {
	installOnce.Do(func() {
		t := http.DefaultTransport.(*http.Transport)
		t.DialContext = dialHooked
		t.Proxy = unguardedProxy(t.Proxy)
	})
}

// unguardedProxy is proxy for the requests under no Guard; those under
// one connect themselves.
func unguardedProxy(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		if GuardFrom(r.Context()) != nil || proxy == nil {
			return nil, nil
		}
		return proxy(r)
	}
}

func (g *Guard) control(address string) error {
	if e := g.checkAddress(address); e != nil {
		return e
	}
	return nil
}

// checkAddress checks an ip:port.
func (g *Guard) checkAddress(address string) *AddressError {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &AddressError{Addr: address, Reason: UnparsableAddress}
	}
	if e := g.check(ap.Addr()); e != nil {
		e.Addr = address
		return e
	}
	return nil
}

// transport is the guard's own: it dials through the check, uses no
// proxy, and keeps its connections apart from unguarded clients'.
func (g *Guard) transport() *http.Transport {
	g.once.Do(func() {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.Proxy = nil
		t.DialContext = dialHooked
		g.tr = t
	})
	return g.tr
}

// CloseIdleConnections closes the guard's idle connections (at shutdown).
func (g *Guard) CloseIdleConnections() { g.transport().CloseIdleConnections() }

// observeKey holds the Observe function of a context.
type observeKey struct{}

// WithObserver returns ctx with fn, which is called with the Attempt of
// every request a Client makes under ctx, successful or not, once it is
// over (for metrics). fn must be safe for concurrent use.
func WithObserver(ctx context.Context, fn func(Attempt)) context.Context {
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, observeKey{}, fn)
}

func observerFrom(ctx context.Context) func(Attempt) {
	fn, _ := ctx.Value(observeKey{}).(func(Attempt))
	return fn
}
