package rapport

import (
	"context"
	"time"
)

// Store is everything Rapport keeps. Backends: internal/store/sqlite (the
// embedded default) and internal/store/postgres; both pass the conformance
// suite in internal/store/storetest.
type Store interface {
	EventStore
	CustomerStore
	AnalyticsStore
	AccessStore
	RecommendStore
	SurveyStore
	ActionStore
	ServiceStore
	PredictionStore
	SegmentStore
	KnowledgeStore
	ObserverCursorStore
	// Close releases the store's connections.
	Close() error
}

// ObserverCursorStore keeps how far each ingest observer has got through
// the stored events, by sequence number.
type ObserverCursorStore interface {
	// ObserverCursor returns an observer's position. An observer asking for
	// the first time starts at the newest stored event.
	ObserverCursor(ctx context.Context, name string) (int64, error)
	// SaveObserverCursor records that the observer has handled every event
	// up to seq. A cursor never moves back.
	SaveObserverCursor(ctx context.Context, name string, seq int64) error
}

// EventStore writes and reads touchpoint events.
type EventStore interface {
	// Ingest stores events atomically, in order: all of them or, on error,
	// none. Events whose MessageID is already stored are skipped and counted
	// as duplicates. In the same transaction it resolves each event's
	// customer (merging anonymous profiles into known ones on identify and
	// alias, history included), updates the profile aggregates and writes
	// the event's projection (orders, products, reviews). It sets CustomerID
	// and Seq on the stored events.
	Ingest(ctx context.Context, events []*Event) (IngestResult, error)

	// Timeline returns one customer's events ordered by timestamp, then
	// arrival. Returns ENOTFOUND if the customer does not exist.
	Timeline(ctx context.Context, q TimelineQuery) ([]Event, error)
}

// CustomerStore reads customer profiles and the shop's tables.
type CustomerStore interface {
	// Customer returns one profile. An anonymous id that has been merged
	// resolves to the known customer. Returns ENOTFOUND if there is none.
	Customer(ctx context.Context, id string) (*Customer, error)

	// SearchCustomers finds customers whose id, email, phone or name contains
	// the text, known customers first, then by last seen, newest first. It
	// also returns the total number of matches.
	SearchCustomers(ctx context.Context, q CustomerQuery) ([]CustomerSummary, int, error)

	// Orders returns a customer's orders, newest first, with their items.
	Orders(ctx context.Context, customerID string, limit int) ([]Order, error)

	// Product returns one catalogue entry. Returns ENOTFOUND if unknown.
	Product(ctx context.Context, id string) (*Product, error)
}

// Counts are the sizes of the main tables, for imports, tests and /metrics.
type Counts struct {
	Events    int `json:"events"`
	Customers int `json:"customers"` // known customers only
	Anonymous int `json:"anonymous"` // anonymous-only profiles
	Orders    int `json:"orders"`    // all orders, any status
	Items     int `json:"items"`     // order lines
	Products  int `json:"products"`
	Reviews   int `json:"reviews"`
}

// AnalyticsStore computes shop-wide figures.
type AnalyticsStore interface {
	// Overview computes the overview KPIs as of the given time.
	Overview(ctx context.Context, asOf time.Time) (*Overview, error)
	// Counts returns the sizes of the main tables.
	Counts(ctx context.Context) (Counts, error)
}

// AccessStore keeps console users, sessions, API tokens and write keys.
type AccessStore interface {
	// CreateUser adds a user. Returns ECONFLICT if the email is taken.
	CreateUser(ctx context.Context, u *User) error
	// UserByEmail returns ENOTFOUND if there is no such user.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// UserByID returns ENOTFOUND if there is no such user.
	UserByID(ctx context.Context, id int64) (*User, error)
	// SetUserLocale remembers a user's console language.
	SetUserLocale(ctx context.Context, id int64, locale string) error
	// CountUsers returns how many users exist.
	CountUsers(ctx context.Context) (int, error)

	// CreateSession stores a new console session.
	CreateSession(ctx context.Context, s *Session) error
	// SessionByTokenHash returns ENOTFOUND if there is no unexpired session.
	SessionByTokenHash(ctx context.Context, hash string, now time.Time) (*Session, error)
	// DeleteSession logs a session out.
	DeleteSession(ctx context.Context, hash string) error

	// CreateAPIToken stores a token (its hash) and sets its ID.
	CreateAPIToken(ctx context.Context, t *APIToken) error
	// APITokenByHash returns ENOTFOUND if there is no unrevoked token with this hash.
	APITokenByHash(ctx context.Context, hash string) (*APIToken, error)
	// ListAPITokens lists every token, revoked ones included.
	ListAPITokens(ctx context.Context) ([]APIToken, error)
	// RevokeAPIToken returns ENOTFOUND if there is no such token.
	RevokeAPIToken(ctx context.Context, id int64, at time.Time) error

	// CreateWriteKey stores a write key and sets its ID. Returns ECONFLICT if the key exists.
	CreateWriteKey(ctx context.Context, k *WriteKey) error
	// WriteKeyByKey returns ENOTFOUND if there is no unrevoked key with this value.
	WriteKeyByKey(ctx context.Context, key string) (*WriteKey, error)
	// ListWriteKeys lists every key, revoked ones included.
	ListWriteKeys(ctx context.Context) ([]WriteKey, error)
	// RevokeWriteKey returns ENOTFOUND if there is no such key.
	RevokeWriteKey(ctx context.Context, id int64, at time.Time) error
}
