package rapport

import (
	"context"
	"time"
)

// WebhookEndpoint is a URL that receives signed notifications.
type WebhookEndpoint struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Secret    string    `json:"-"`      // base64 key, "whsec_" prefixed
	Events    []string  `json:"events"` // event types it wants; empty means all
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Wants reports whether the endpoint subscribes to an event type.
func (w *WebhookEndpoint) Wants(event string) bool {
	if !w.Active {
		return false
	}
	if len(w.Events) == 0 {
		return true
	}
	for _, e := range w.Events {
		if e == event {
			return true
		}
	}
	return false
}

// Webhook delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // gave up after the last retry
)

// WebhookDelivery is one notification to one endpoint and its attempts.
type WebhookDelivery struct {
	ID            string    `json:"id"` // the webhook-id header; the same on every retry
	EndpointID    int64     `json:"endpoint_id"`
	Event         string    `json:"event"`
	Payload       string    `json:"payload"` // the JSON body
	Status        string    `json:"status"`
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	LastCode      int       `json:"last_code,omitempty"`
	LastError     string    `json:"last_error,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	DeliveredAt   time.Time `json:"delivered_at,omitzero"`
}

// WebhookStore keeps webhook endpoints and the delivery log.
type WebhookStore interface {
	// CreateWebhookEndpoint stores an endpoint and sets its ID.
	CreateWebhookEndpoint(ctx context.Context, w *WebhookEndpoint) error
	// WebhookEndpoints lists every endpoint.
	WebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error)
	// EnqueueWebhooks stores deliveries; one whose ID is already stored is
	// skipped, so enqueueing the same notification twice sends it once.
	EnqueueWebhooks(ctx context.Context, ds []WebhookDelivery) error
	// DueWebhooks lists up to limit pending deliveries due at or before t.
	DueWebhooks(ctx context.Context, t time.Time, limit int) ([]WebhookDelivery, error)
	// ClaimWebhook moves a pending delivery's next attempt to until if it
	// still has the given attempt count, so one sender sends each attempt.
	ClaimWebhook(ctx context.Context, id string, endpointID int64, attempts int, until time.Time) (bool, error)
	// RecordWebhookAttempt stores the outcome of an attempt.
	RecordWebhookAttempt(ctx context.Context, d *WebhookDelivery) error
	// WebhookDeliveries lists the latest deliveries, newest first.
	WebhookDeliveries(ctx context.Context, limit int) ([]WebhookDelivery, error)
	// DisableWebhookEndpoint makes an endpoint inactive; its pending
	// deliveries fail when next due. Returns ENOTFOUND if there is none.
	DisableWebhookEndpoint(ctx context.Context, id int64) error
}
