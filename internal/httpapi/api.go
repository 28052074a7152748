package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/recommend/live"
)

// Config is what the JSON API needs.
type Config struct {
	Store   rapport.Store
	Clock   rapport.Clock
	Logger  *slog.Logger
	Version string
	// Recommender serves /api/v1/recommendations; nil answers 404 there.
	Recommender *live.Service
}

// New returns the JSON API's handler (to be mounted at /api/) and the huma API,
// whose OpenAPI document other packages may extend with their own routes.
func New(cfg Config) (http.Handler, huma.API) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = rapport.SystemClock{}
	}
	mux := http.NewServeMux()
	hc := huma.DefaultConfig("Rapport API", cfg.Version)
	hc.Info.Description = "Customer profiles, timelines, KPIs and access management of Rapport. " +
		"Event ingestion (/v1/*) follows the Segment HTTP Tracking API and authenticates with write keys."
	hc.OpenAPIPath = "/api/openapi"
	hc.DocsPath = ""
	hc.SchemasPath = ""
	hc.CreateHooks = nil // no $schema links: schemas are in the OpenAPI document
	hc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer":   {Type: "http", Scheme: "bearer", Description: "An API token (rpt_…) created with `rapport tokens create`."},
		"writeKey": {Type: "http", Scheme: "basic", Description: "A write key as the basic-auth user name, empty password."},
	}
	hc.Security = []map[string][]string{{"bearer": {}}}
	api := humago.New(mux, hc)
	h := &handlers{store: cfg.Store, clock: cfg.Clock, log: cfg.Logger, rec: cfg.Recommender}
	h.analyzer, h.insights = insight.NewTextAnalyzer(), insight.NewLoader(cfg.Store)
	api.UseMiddleware(authenticate(api, cfg.Store))
	routes(api, h)
	DocumentIngestion(api)
	return requireTokenForDocument(mux, cfg.Store), api
}

// handlers holds the dependencies of every operation.
type handlers struct {
	store rapport.Store
	clock rapport.Clock
	log   *slog.Logger
	rec   *live.Service
	// analyzer reads feedback text for pain points.
	analyzer insight.Analyzer
	insights *insight.Loader
}
