package ingest

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/rapport-cx/rapport"
)

// Config sets up the /v1 handler. Pipeline and Keys are required.
type Config struct {
	Pipeline      *Pipeline
	Keys          rapport.AccessStore // write keys, looked up via WriteKeyByKey
	Clock         rapport.Clock       // default rapport.SystemClock
	Logger        *slog.Logger        // default: discard
	MaxEventBytes int                 // default DefaultMaxEventBytes
	MaxBatchBytes int                 // default DefaultMaxBatchBytes
	KeyCacheTTL   time.Duration       // how long a key lookup is trusted; default 30 s
}

// handler serves the Segment tracking endpoints.
type handler struct {
	cfg  Config
	keys *keyCache
}

// NewHandler returns the Segment HTTP Tracking API: POST /v1/track,
// /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias and /v1/batch.
// Each answers 200 {"success":true} only once its events are committed.
func NewHandler(cfg Config) http.Handler {
	if cfg.Clock == nil {
		cfg.Clock = rapport.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxEventBytes <= 0 {
		cfg.MaxEventBytes = DefaultMaxEventBytes
	}
	if cfg.MaxBatchBytes <= 0 {
		cfg.MaxBatchBytes = DefaultMaxBatchBytes
	}
	if cfg.KeyCacheTTL <= 0 {
		cfg.KeyCacheTTL = 30 * time.Second
	}
	h := &handler{cfg: cfg, keys: &keyCache{store: cfg.Keys, clock: cfg.Clock, ttl: cfg.KeyCacheTTL}}
	return h.routes()
}

// routes lists every endpoint.
func (h *handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/batch", h.batch)
	for _, typ := range []string{rapport.TypeTrack, rapport.TypeIdentify, rapport.TypePage,
		rapport.TypeScreen, rapport.TypeGroup, rapport.TypeAlias} {
		mux.HandleFunc("POST /v1/"+typ, h.single(typ))
	}
	return mux
}

// batch serves /v1/batch.
func (h *handler) batch(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r, h.cfg.MaxBatchBytes, DecodeBatch)
}

// single serves the endpoint of one message type.
func (h *handler) single(typ string) http.HandlerFunc {
	decode := func(body []byte) (*Request, error) { return DecodeSingle(body, typ) }
	return func(w http.ResponseWriter, r *http.Request) {
		h.serve(w, r, h.cfg.MaxEventBytes, decode)
	}
}

// serve authenticates, reads, validates and commits one request.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, limit int, decode func([]byte) (*Request, error)) {
	receivedAt := h.cfg.Clock.Now().UTC()
	source, err := h.authenticate(r, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	events, err := h.events(w, r, limit, decode, receivedAt, source)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.cfg.Pipeline.Submit(r.Context(), events); err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, successBody)
}

// events reads and validates the body, authenticating by its writeKey when
// the request had no basic auth.
func (h *handler) events(w http.ResponseWriter, r *http.Request, limit int, decode func([]byte) (*Request, error), receivedAt time.Time, source string) ([]*rapport.Event, error) {
	buf, err := readBody(w, r, limit)
	defer putBuffer(buf)
	if err != nil {
		return nil, err
	}
	req, err := decode(buf.Bytes())
	if err != nil {
		return nil, err
	}
	if source == "" {
		if source, err = h.authenticate(r, req); err != nil {
			return nil, err
		}
	}
	return req.Events(receivedAt, source, h.cfg.MaxEventBytes)
}

// authenticate returns the source of the request's write key: the basic-auth
// user or, when req is given, the body's writeKey. Without basic auth and
// before the body is read it returns "" and no error.
func (h *handler) authenticate(r *http.Request, req *Request) (string, error) {
	key := basicAuthKey(r)
	if key == "" && req == nil {
		return "", nil
	}
	if key == "" {
		key = req.WriteKey
	}
	return h.keys.source(r.Context(), key)
}

// fail answers with the error's status and JSON body and counts it.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away; its events are still committed
	}
	status, body := errorResponse(err)
	h.cfg.Pipeline.Reject(rejectReason(status))
	if status >= 500 {
		h.cfg.Logger.Error("ingest request failed", "path", r.URL.Path, "status", status, "err", err)
	} else {
		h.cfg.Logger.Debug("ingest request rejected", "path", r.URL.Path, "status", status, "err", err)
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, body)
}
