package web

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/recommend/live"
	"github.com/rapport-cx/rapport/internal/survey"
)

// SessionTTL is how long a console login lasts.
const SessionTTL = 12 * time.Hour

// Config is what the console needs from the binary.
type Config struct {
	Store         rapport.Store // where every figure and user comes from
	Clock         rapport.Clock // nil means the system clock
	Logger        *slog.Logger  // nil discards logs
	SecureCookies bool          // mark cookies Secure (serve over HTTPS)
	Recommender   *live.Service // the Recommendations page; nil shows it as not enabled
}

// console holds the dependencies every handler shares.
type console struct {
	store   rapport.Store
	clock   rapport.Clock
	log     *slog.Logger
	secure  bool
	assets  *assets
	surveys *survey.Service

	recommender *live.Service
	// analyzer reads feedback text; without one, pain points come from
	// tickets and returns only.
	analyzer insight.Analyzer
	insights *insight.Loader
}

// New returns the console's handler, to be mounted at "/".
func New(cfg Config) (http.Handler, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: Config.Store is required")
	}
	c := &console{store: cfg.Store, clock: cfg.Clock, log: cfg.Logger, secure: cfg.SecureCookies, recommender: cfg.Recommender}
	if c.clock == nil {
		c.clock = rapport.SystemClock{}
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a, err := staticAssets()
	if err != nil {
		return nil, err
	}
	c.assets = a
	c.surveys = survey.New(cfg.Store, c.clock, c.log)
	c.analyzer = insight.NewTextAnalyzer()
	c.insights = insight.NewLoader(cfg.Store)
	return securityHeaders(c.routes()), nil
}

// securityHeaders sets the headers every console response carries.
func securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
