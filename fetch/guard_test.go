package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestGuardCheck(t *testing.T) {
	tests := []struct {
		ip   string
		want AddressReason // "" allowed
	}{
		{"8.8.8.8", ""},
		{"77.88.8.8", ""},
		{"2a02:6b8::feed:0ff", ""},
		{"127.0.0.1", Loopback},
		{"127.255.0.9", Loopback},
		{"::1", Loopback},
		{"10.1.2.3", Private},
		{"172.16.0.1", Private},
		{"172.31.255.255", Private},
		{"172.32.0.1", ""},
		{"192.168.1.1", Private},
		{"fd00:ec2::254", Private}, // AWS metadata over IPv6
		{"fc00::1", Private},
		{"169.254.169.254", LinkLocal}, // cloud metadata
		{"fe80::1", LinkLocal},
		{"100.64.0.1", SharedAddress},
		{"100.100.100.200", SharedAddress}, // Alibaba metadata
		{"224.0.0.1", Multicast},
		{"ff02::1", Multicast},
		{"0.0.0.0", Unspecified},
		{"::", Unspecified},
		{"0.1.2.3", ReservedAddress},
		{"255.255.255.255", ReservedAddress},
		{"198.18.0.1", ReservedAddress},
		{"2001:db8::1", ReservedAddress},
		{"::ffff:127.0.0.1", Loopback},
		{"::ffff:10.0.0.1", Private},
		{"64:ff9b::a9fe:a9fe", LinkLocal}, // NAT64 of 169.254.169.254
		{"64:ff9b::808:808", ""},          // NAT64 of 8.8.8.8
		{"2002:7f00:1::", Loopback},       // 6to4 of 127.0.0.1
		{"::7f00:1", ReservedAddress},     // IPv4-compatible 127.0.0.1
		{"::808:808", ReservedAddress},    // IPv4-compatible 8.8.8.8
		{"ff01::1", Multicast},            // interface-local
		{"fe80::1%eth0", LinkLocal},
	}
	var g Guard
	for _, tt := range tests {
		err := g.Check(netip.MustParseAddr(tt.ip))
		var ae *AddressError
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.ip, err)
		case tt.want != "" && !errors.As(err, &ae):
			t.Errorf("%s: allowed, want %s", tt.ip, tt.want)
		case tt.want != "" && ae.Reason != tt.want:
			t.Errorf("%s: reason %s, want %s", tt.ip, ae.Reason, tt.want)
		}
	}
}

func TestGuardAllow(t *testing.T) {
	g := Guard{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}}
	for ip, ok := range map[string]bool{"127.0.0.1": true, "::ffff:127.0.0.1": true, "127.0.0.2": false, "10.9.9.9": true, "::1": false, "192.168.0.1": false} {
		if err := g.Check(netip.MustParseAddr(ip)); (err == nil) != ok {
			t.Errorf("%s: Check = %v, want allowed %v", ip, err, ok)
		}
	}
}

func TestParsePrefix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"127.0.0.1/32", "127.0.0.1/32"},
		{"127.0.0.1", "127.0.0.1/32"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{"::1", "::1/128"},
		{"fd00::/8", "fd00::/8"},
	}
	for _, tt := range tests {
		p, err := ParsePrefix(tt.in)
		if err != nil || p.String() != tt.want {
			t.Errorf("ParsePrefix(%q) = %v, %v; want %s", tt.in, p, err, tt.want)
		}
	}
	for _, bad := range []string{"", "localhost", "127.0.0.1/33", "1.2.3"} {
		if _, err := ParsePrefix(bad); err == nil {
			t.Errorf("ParsePrefix(%q): no error", bad)
		}
	}
}

// TestGuardRequests fetches from a real server on 127.0.0.1 under a Guard:
// refused without an allowance (by address literal, by a name resolved to
// it, and on a redirect), served with one.
func TestGuardRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		w.Write(der)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

	tests := []struct {
		name  string
		allow []netip.Prefix
		url   string
		ok    bool
	}{
		{"literal refused", nil, srv.URL + "/a.cer", false},
		{"name resolved to loopback refused", nil, "http://localhost:" + port + "/a.cer", false},
		{"allowed", loopback, srv.URL + "/a.cer", true},
		{"redirect to a refused literal", loopback, srv.URL + "/redirect?to=http://127.0.0.2:" + port + "/a.cer", false},
		{"redirect to a refused metadata address", loopback, srv.URL + "/redirect?to=http://169.254.169.254/latest/meta-data/", false},
		{"redirect within the allowance", loopback, srv.URL + "/redirect?to=" + srv.URL + "/a.cer", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &Guard{Allow: tt.allow}
			var (
				mu   sync.Mutex
				seen []Attempt
			)
			ctx := WithObserver(WithGuard(context.Background(), g), func(a Attempt) {
				mu.Lock()
				seen = append(seen, a)
				mu.Unlock()
			})
			data, att, err := (&Client{}).Get(ctx, tt.url)
			if len(seen) != 1 || seen[0].URL != tt.url || seen[0].Class != att.Class {
				t.Errorf("observer saw %+v, want the one attempt %+v", seen, att)
			}
			if tt.ok {
				if err != nil || string(data) != string(der) {
					t.Fatalf("Get = %q, %v", data, err)
				}
				return
			}
			var fe *Error
			if !errors.As(err, &fe) || fe.Class != AddressRefused {
				t.Fatalf("Get: err = %v, want class %s", err, AddressRefused)
			}
			var ae *AddressError
			if !errors.As(err, &ae) {
				t.Errorf("no *AddressError in %v", err)
			}
			if att.Class != AddressRefused || !strings.Contains(att.Err, "not public") {
				t.Errorf("attempt = %+v", att)
			}
		})
	}
	// The same URL without a Guard is fetched (the CLI's behaviour).
	if _, _, err := (&Client{}).Get(context.Background(), srv.URL+"/a.cer"); err != nil {
		t.Errorf("without a guard: %v", err)
	}
	// A transport of the client's own that does not dial through the
	// hook: its new connection is refused, not trusted.
	plain := &http.Transport{}
	_, _, err := (&Client{Transport: plain}).Get(WithGuard(context.Background(), &Guard{Allow: loopback}), srv.URL+"/a.cer")
	var ae *AddressError
	if !errors.As(err, &ae) || ae.Reason != Unchecked {
		t.Errorf("unchecked transport under a guard: %v", err)
	}
	// A clone of http.DefaultTransport made after GuardDefaultTransport
	// (as package batch makes one) is checked: refused without the
	// allowance, served with it.
	GuardDefaultTransport()
	clone := http.DefaultTransport.(*http.Transport).Clone()
	clone.Proxy = nil
	c := &Client{Transport: clone}
	if _, _, err := c.Get(WithGuard(context.Background(), &Guard{}), srv.URL+"/a.cer"); !errors.As(err, &ae) || ae.Reason != Loopback {
		t.Errorf("hooked clone, no allowance: %v", err)
	}
	if _, _, err := c.Get(WithGuard(context.Background(), &Guard{}), "http://localhost:"+port+"/a.cer"); !errors.As(err, &ae) || ae.Reason != Loopback {
		t.Errorf("hooked clone, a name of loopback, no allowance: %v", err)
	}
	if _, _, err := c.Get(WithGuard(context.Background(), &Guard{Allow: loopback}), srv.URL+"/a.cer"); err != nil {
		t.Errorf("hooked clone, allowed: %v", err)
	}
	// And without a guard the hook does nothing.
	if _, _, err := c.Get(context.Background(), srv.URL+"/a.cer"); err != nil {
		t.Errorf("hooked clone, no guard: %v", err)
	}
	// A request under a guard goes through no proxy (the check must see
	// its target), whatever the environment says.
	req, err := http.NewRequestWithContext(WithGuard(context.Background(), &Guard{}), "GET", "http://example.org/a.cer", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := http.DefaultTransport.(*http.Transport).Clone().Proxy(req); p != nil || err != nil {
		t.Errorf("a guarded request's proxy: %v, %v", p, err)
	}
	always := unguardedProxy(http.ProxyURL(&url.URL{Scheme: "http", Host: "10.9.9.9:3128"}))
	if p, err := always(req); p != nil || err != nil {
		t.Errorf("a guarded request's proxy, one set: %v, %v", p, err)
	}
	if p, _ := always(req.WithContext(context.Background())); p == nil {
		t.Error("an unguarded request lost its proxy")
	}
}

// TestGuardIdleConnection: a connection is checked each time a request
// under a guard gets it, not only when it is dialled: one dialled for a
// request allowed to reach 127.0.0.1 and left idle is refused to the next
// request, whose guard does not allow it, before that request is written;
// one dialled without a guard is refused as unchecked.
func TestGuardIdleConnection(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write(der)
	}))
	defer srv.Close()
	GuardDefaultTransport()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	defer tr.CloseIdleConnections()
	c := &Client{Transport: tr}
	allowed := &Guard{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	if _, _, err := c.Get(WithGuard(context.Background(), allowed), srv.URL+"/a.cer"); err != nil {
		t.Fatal(err)
	}
	var ae *AddressError
	if _, _, err := c.Get(WithGuard(context.Background(), &Guard{}), srv.URL+"/a.cer"); !errors.As(err, &ae) || ae.Reason != Loopback {
		t.Errorf("an idle connection to a refused address: %v", err)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("the server saw %d requests, want 1: the refused one was written", n)
	}
	// A connection a request without a guard dialled (the CLI's) is not
	// one a guarded request may take, even to an allowed address.
	tr.CloseIdleConnections()
	plain := &Client{Transport: &http.Transport{}}
	if _, _, err := plain.Get(context.Background(), srv.URL+"/a.cer"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := plain.Get(WithGuard(context.Background(), allowed), srv.URL+"/a.cer"); !errors.As(err, &ae) || ae.Reason != Unchecked {
		t.Errorf("an idle connection no hook dialled: %v", err)
	}
}
