package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rapport-cx/rapport"
)

// Deps are the parts a node is made of; cmd/rapport builds them.
type Deps struct {
	Store    rapport.Store
	Logger   *slog.Logger
	Registry *prometheus.Registry
	Ingest   http.Handler                    // the /v1 Segment tracking API
	Drain    func(ctx context.Context) error // stops ingestion and commits everything accepted
	API      http.Handler                    // the /api JSON API
	Console  http.Handler                    // the console
	Grace    time.Duration                   // how long shutdown may take
}

// Server is one running node.
type Server struct {
	deps     Deps
	registry *prometheus.Registry
	latency  *prometheus.HistogramVec
	stopping atomic.Bool
}

// New builds a node and registers its HTTP metrics.
func New(deps Deps) *Server {
	s := &Server{deps: deps, registry: deps.Registry}
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "rapport_http_request_duration_seconds",
		Help:    "HTTP request latency by area (ingest, api, console), method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"area", "method", "code"})
	s.registry.MustRegister(s.latency)
	return s
}

// Handler returns the node's routes, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.routes() }

// Serve answers on ln until ctx is cancelled, then shuts down gracefully:
// readiness turns false, in-flight requests finish, ingestion drains every
// accepted event into the store. It returns the first error of that sequence.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	s.stopping.Store(true)
	s.deps.Logger.Info("shutting down", "grace", s.deps.Grace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.deps.Grace)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if s.deps.Drain != nil {
		err = errors.Join(err, s.deps.Drain(shutdownCtx))
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return err
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz reports whether this node should get traffic: not while stopping,
// and only while its database answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.stopping.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "stopping"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.deps.Store.CountUsers(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// instrument records each request's latency under its area.
func (s *Server) instrument(area string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		s.latency.WithLabelValues(area, r.Method, strconv.Itoa(rec.status)).Observe(time.Since(start).Seconds())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
