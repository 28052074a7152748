package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every top-level route of a node.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.Handle("/v1/", s.instrument("ingest", s.deps.Ingest))
	mux.Handle("/api/", s.instrument("api", s.deps.API))
	mux.Handle("/", s.instrument("console", s.deps.Console))
	return mux
}
