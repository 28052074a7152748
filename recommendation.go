package rapport

import (
	"context"
	"time"
)

// Recommendation event names (docs/events.md): a shop reports which served
// list a customer saw and which item they clicked, with the request id the
// recommendations API returned.
const (
	EventRecommendationViewed  = "Recommendation Viewed"
	EventRecommendationClicked = "Recommendation Clicked"
)

// RecommendModel is the persisted state of the serving recommendation model,
// so that a restarted node serves at once.
type RecommendModel struct {
	Kind         string    `json:"kind"`       // model name with parameters
	Validation   float64   `json:"validation"` // nDCG@10 on the validation split when it went live
	TrainedAt    time.Time `json:"trained_at"`
	Users        int       `json:"users"`
	Items        int       `json:"items"`
	Interactions int       `json:"interactions"`
	LastSeq      int64     `json:"last_seq"` // the last event folded into the training data
	Version      int64     `json:"version"`  // set by SaveRecommendModel: one more than the model it replaced
	Data         []byte    `json:"-"`        // the encoded model
}

// ItemAvailability says whether an item may be recommended.
type ItemAvailability struct {
	ProductID string    `json:"product_id"`
	InStock   bool      `json:"in_stock"`
	Excluded  bool      `json:"excluded"` // never recommend, whatever the stock
	UpdatedAt time.Time `json:"updated_at"`
}

// RecommendationServed is one served list, for attribution of views,
// clicks and orders to a scene and a model.
type RecommendationServed struct {
	RequestID  string    `json:"request_id"`
	CustomerID string    `json:"customer_id"`
	Scene      string    `json:"scene"`
	Model      string    `json:"model"`
	Items      []string  `json:"items"`
	ServedAt   time.Time `json:"served_at"`
}

// RecommendStore keeps what recommendations need beyond profiles: the
// interaction events, the catalogue, reviews, the live model, item
// availability and the log of served lists.
type RecommendStore interface {
	// EventsAfter returns events with Seq > afterSeq whose Name is one of
	// names (all if names is empty), in Seq order, at most limit (0 means
	// 10,000), with CustomerID set.
	EventsAfter(ctx context.Context, afterSeq int64, names []string, limit int) ([]Event, error)
	// Catalogue returns every product, by id.
	Catalogue(ctx context.Context) ([]Product, error)
	// CustomerSummaries returns the order count, revenue and region of every
	// customer with at least one event.
	CustomerSummaries(ctx context.Context) ([]CustomerBrief, error)
	// BestReviews returns, for each product that has one, its most helpful
	// positive review: rating ≥ minRating, then the longest text, then the
	// newest.
	BestReviews(ctx context.Context, productIDs []string, minRating float64) (map[string]Review, error)

	// SaveRecommendModel replaces the live model.
	SaveRecommendModel(ctx context.Context, m *RecommendModel) error
	// LoadRecommendModel returns the live model. Returns ENOTFOUND if none.
	LoadRecommendModel(ctx context.Context) (*RecommendModel, error)

	// SetItemAvailability records whether an item may be recommended.
	SetItemAvailability(ctx context.Context, a ItemAvailability) error
	// ItemAvailabilities lists every recorded availability.
	ItemAvailabilities(ctx context.Context) ([]ItemAvailability, error)

	// LogRecommendations records served lists (a request id already logged
	// is ignored).
	LogRecommendations(ctx context.Context, list []RecommendationServed) error
	// RecommendationsServed returns the lists served at or after since, oldest first.
	RecommendationsServed(ctx context.Context, since time.Time) ([]RecommendationServed, error)

	// RecommendModelVersion returns the version of the live model, which
	// SaveRecommendModel increases by one, so nodes notice a model another
	// node saved. Returns ENOTFOUND if there is no model.
	RecommendModelVersion(ctx context.Context) (int64, error)
	// RecommendSettings returns the shop's settings. Returns ENOTFOUND if
	// none were saved.
	RecommendSettings(ctx context.Context) (RecommendSettings, error)
	// SaveRecommendSettings replaces the shop's settings.
	SaveRecommendSettings(ctx context.Context, s RecommendSettings) error
}

// CustomerBrief is what recommendations know of a customer besides events.
type CustomerBrief struct {
	ID      string
	Orders  int
	Revenue float64
	Region  string
}

// RecommendSettings are a shop's recommendation settings, shared by every
// node serving it.
type RecommendSettings struct {
	Weights           map[string]float64 `json:"weights"`             // interaction kind → weight (view, search, wishlist, cart, purchase, return, low_rating, not_interested)
	RepeatCategories  []string           `json:"repeat_categories"`   // categories whose items may be recommended again after purchase (consumables)
	PerCategory       int                `json:"per_category"`        // at most this many items of one category in a page
	MaxEASEItems      int                `json:"max_ease_items"`      // a serving node tries EASE only up to this many items (0: never)
	RetrainEveryHours int                `json:"retrain_every_hours"` // scheduled full retrain
	UpdatedAt         time.Time          `json:"updated_at"`
}
