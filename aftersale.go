package rapport

import (
	"context"
	"time"
)

// After-sale request statuses, in the order the customer sees them.
const (
	AfterSaleRequested       = "requested"
	AfterSaleApproved        = "approved"
	AfterSaleRejected        = "rejected"
	AfterSalePickupScheduled = "pickup_scheduled"
	AfterSaleReceived        = "received"
	AfterSaleRefunded        = "refunded"
)

// AfterSaleSteps lists the customer-facing steps of an approved request.
var AfterSaleSteps = []string{AfterSaleRequested, AfterSaleApproved, AfterSalePickupScheduled, AfterSaleReceived, AfterSaleRefunded}

// AfterSale is one return, exchange, refund or quality-claim request.
type AfterSale struct {
	ID         int64           `json:"id"`
	Kind       CaseType        `json:"kind"` // return, exchange, refund or quality_claim
	OrderID    string          `json:"order_id"`
	CustomerID string          `json:"customer_id"`
	Items      []AfterSaleItem `json:"items"`
	Reason     string          `json:"reason"`
	Photos     []string        `json:"photos,omitempty"`
	Amount     float64         `json:"amount"` // value of the items asked about
	Status     string          `json:"status"`
	// Decision is "auto_approved", "manual" (a person decides) or, once a
	// person did, "approved" / "rejected".
	Decision         string          `json:"decision"`
	Reasons          []string        `json:"reasons"` // why, one line per rule checked
	CaseID           int64           `json:"case_id,omitempty"`
	InspectionCaseID int64           `json:"inspection_case_id,omitempty"`
	Steps            []AfterSaleStep `json:"steps"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
	Version          int64           `json:"version"`
}

// AfterSaleItem is one order line an after-sale request is about.
type AfterSaleItem struct {
	ProductID string  `json:"product_id"`
	Quantity  int     `json:"quantity"`
	Price     float64 `json:"price,omitempty"`
	Category  string  `json:"category,omitempty"`
}

// AfterSaleStep is one status the request went through.
type AfterSaleStep struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

// AfterSaleStore keeps after-sale requests.
type AfterSaleStore interface {
	// CreateAfterSale stores a request and sets its ID and Version.
	CreateAfterSale(ctx context.Context, a *AfterSale) error
	// AfterSale returns ENOTFOUND if there is no such request.
	AfterSale(ctx context.Context, id int64) (*AfterSale, error)
	// ListAfterSales returns requests newest first, at most limit.
	ListAfterSales(ctx context.Context, limit int) ([]AfterSale, error)
	// UpdateAfterSale writes a request whose Version is still the stored
	// one and increments it. Returns ECONFLICT if it changed meanwhile.
	UpdateAfterSale(ctx context.Context, a *AfterSale) error
}
