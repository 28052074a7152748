package rapport

import "time"

// Customer is one live profile: who the customer is (basic tags from identify
// traits) and what they did (behaviour aggregates kept up to date by ingest).
type Customer struct {
	ID        string         `json:"id"`
	Known     bool           `json:"known"` // false while only an anonymous id is known
	Email     string         `json:"email,omitempty"`
	Phone     string         `json:"phone,omitempty"`
	Name      string         `json:"name,omitempty"`
	Basic     Basic          `json:"basic"`
	Traits    map[string]any `json:"traits,omitempty"`
	Stats     Stats          `json:"stats"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// Basic is the first tag layer of S0 §3.1: demographic facts from traits.
type Basic struct {
	Birthday     string    `json:"birthday,omitempty"` // YYYY-MM-DD
	Age          int       `json:"age,omitempty"`
	AgeBand      string    `json:"age_band,omitempty"` // "18-24", "25-34", …
	Gender       string    `json:"gender,omitempty"`   // female, male, other
	Region       string    `json:"region,omitempty"`
	City         string    `json:"city,omitempty"`
	Occupation   string    `json:"occupation,omitempty"`
	IncomeBand   string    `json:"income_band,omitempty"`
	Household    string    `json:"household,omitempty"`
	RegisteredAt time.Time `json:"registered_at,omitzero"`
	Channel      Channel   `json:"channel,omitempty"` // channel of registration
}

// Stats are the behaviour aggregates of one customer, updated in the same
// transaction as each event they count.
type Stats struct {
	FirstSeen     time.Time                 `json:"first_seen,omitzero"`
	LastSeen      time.Time                 `json:"last_seen,omitzero"`
	Events        int                       `json:"events"`
	Channels      map[Channel]*ChannelStats `json:"channels,omitempty"`
	Searches      int                       `json:"searches"`
	SearchTerms   map[string]int            `json:"search_terms,omitempty"` // query → count, the 20 most frequent
	CartAdds      int                       `json:"cart_adds"`
	WishlistAdds  int                       `json:"wishlist_adds"`
	Checkouts     int                       `json:"checkouts"`
	Orders        int                       `json:"orders"`
	Revenue       float64                   `json:"revenue"` // sum of Order Completed totals
	FirstOrderAt  time.Time                 `json:"first_order_at,omitzero"`
	LastOrderAt   time.Time                 `json:"last_order_at,omitzero"`
	LastOrderID   string                    `json:"last_order_id,omitempty"`
	Refunds       int                       `json:"refunds"`
	RefundAmount  float64                   `json:"refund_amount"`
	Cancellations int                       `json:"cancellations"`
	Returns       int                       `json:"returns"`
	ReturnReasons map[string]int            `json:"return_reasons,omitempty"`
	Reviews       int                       `json:"reviews"`
	RatingSum     float64                   `json:"rating_sum"`
	LastRating    float64                   `json:"last_rating,omitempty"`
	Categories    map[string]*CategoryStats `json:"categories,omitempty"`
	Tickets       int                       `json:"tickets"`
	LastTicketAt  time.Time                 `json:"last_ticket_at,omitzero"`
	Surveys       int                       `json:"surveys"`
	LastNPS       *int                      `json:"last_nps,omitempty"`
	Referrals     int                       `json:"referrals"`
	Hours         []int                     `json:"hours,omitempty"` // events by the customer's local hour of day, 0–23
}

// AverageOrderValue is Revenue / Orders, 0 without orders.
func (s *Stats) AverageOrderValue() float64 {
	if s.Orders == 0 {
		return 0
	}
	return s.Revenue / float64(s.Orders)
}

// AverageRating is the mean star rating of the customer's reviews, 0 without reviews.
func (s *Stats) AverageRating() float64 {
	if s.Reviews == 0 {
		return 0
	}
	return s.RatingSum / float64(s.Reviews)
}

// ChannelStats counts one customer's activity on one channel.
type ChannelStats struct {
	Events   int       `json:"events"`
	Sessions int       `json:"sessions"` // runs of events with no gap over SessionGap
	Views    int       `json:"views"`    // page, screen and Product Viewed events
	LastSeen time.Time `json:"last_seen"`
}

// SessionGap is the idle time after which the next event starts a new session.
const SessionGap = 30 * time.Minute

// CategoryStats counts one customer's interest in one product category.
type CategoryStats struct {
	Views   int     `json:"views"`
	Carts   int     `json:"carts"`
	Orders  int     `json:"orders"` // order lines in the category
	Revenue float64 `json:"revenue"`
}

// CustomerSummary is one row of a customer search.
type CustomerSummary struct {
	ID       string    `json:"id"`
	Known    bool      `json:"known"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	Name     string    `json:"name,omitempty"`
	Orders   int       `json:"orders"`
	Revenue  float64   `json:"revenue"`
	LastSeen time.Time `json:"last_seen,omitzero"`
}

// CustomerQuery searches customers by id, email, phone or name.
type CustomerQuery struct {
	Text   string // substring, case-insensitive; empty lists everyone
	Offset int
	Limit  int // 0 means 50
}

// Order is one order as projected from order events.
type Order struct {
	ID          string      `json:"id"`
	CustomerID  string      `json:"customer_id"`
	Status      string      `json:"status"` // completed, cancelled, refunded, shipped, delivered
	Total       float64     `json:"total"`
	Refunded    float64     `json:"refunded"`
	Currency    string      `json:"currency,omitempty"`
	Channel     Channel     `json:"channel"`
	PlacedAt    time.Time   `json:"placed_at"`
	PromisedAt  time.Time   `json:"promised_at,omitzero"`
	DeliveredAt time.Time   `json:"delivered_at,omitzero"`
	Items       []OrderItem `json:"items,omitempty"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	ProductID string  `json:"product_id"`
	Name      string  `json:"name,omitempty"`
	Category  string  `json:"category,omitempty"`
	Price     float64 `json:"price"`
	Quantity  int     `json:"quantity"`
}

// Product is a catalogue entry as learned from product properties.
type Product struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Category string  `json:"category,omitempty"`
	Brand    string  `json:"brand,omitempty"`
	Price    float64 `json:"price"`
}

// Review is one product review, from Product Reviewed events or imports.
type Review struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	ProductID  string    `json:"product_id"`
	Rating     float64   `json:"rating"`
	Title      string    `json:"title,omitempty"`
	Body       string    `json:"body,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}
