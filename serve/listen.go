package serve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// HTTPOptions configure the HTTP server around a Server. Zero fields take
// the defaults.
type HTTPOptions struct {
	// ReadHeaderTimeout bounds reading a request's headers (default 10s)
	// and ReadTimeout the whole request, upload included (default 5
	// minutes): a client that sends slowly is cut off.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	// WriteTimeout bounds a request from the end of its headers to the
	// end of the answer (default 5 minutes); IdleTimeout a kept-alive
	// connection's wait for the next request (default 2 minutes).
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// MaxHeaderBytes caps the request headers (default 64 KiB).
	MaxHeaderBytes int
	// TLSCert and TLSKey, when set, serve HTTPS with that certificate
	// and key (PEM files).
	TLSCert, TLSKey string
	// ShutdownTimeout is how long requests under way may finish once ctx
	// is done (default 30s).
	ShutdownTimeout time.Duration
	// Listening, when set, is called with the address once the server
	// listens.
	Listening func(net.Addr)
}

func (o HTTPOptions) withDefaults() HTTPOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ReadHeaderTimeout, 10*time.Second)
	def(&o.ReadTimeout, 5*time.Minute)
	def(&o.WriteTimeout, 5*time.Minute)
	def(&o.IdleTimeout, 2*time.Minute)
	def(&o.ShutdownTimeout, 30*time.Second)
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = 64 << 10
	}
	return o
}

// Listen serves s on addr until ctx is done, then shuts down gracefully:
// /readyz answers 503, no new connection is accepted, the requests under
// way get ShutdownTimeout to finish, and the jobs are cancelled and their
// files removed.
func Listen(ctx context.Context, addr string, s *Server, o HTTPOptions) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, s, o)
}

// Serve is Listen on a listener of the caller's.
func Serve(ctx context.Context, ln net.Listener, s *Server, o HTTPOptions) error {
	o = o.withDefaults()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: o.ReadHeaderTimeout, ReadTimeout: o.ReadTimeout,
		WriteTimeout: o.WriteTimeout, IdleTimeout: o.IdleTimeout, MaxHeaderBytes: o.MaxHeaderBytes,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() {
		if o.TLSCert != "" {
			errc <- srv.ServeTLS(ln, o.TLSCert, o.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	s.log.Info("listening", slog.String("addr", ln.Addr().String()), slog.Bool("tls", o.TLSCert != ""))
	if o.Listening != nil {
		o.Listening(ln.Addr())
	}
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	s.SetReady(false)
	sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if s.opts.Guard != nil {
		s.opts.Guard.CloseIdleConnections()
	}
	if e := <-errc; err == nil && !errors.Is(e, http.ErrServerClosed) {
		err = e
	}
	return err
}
