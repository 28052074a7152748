package rapport

import "time"

// Projection is what one event adds to the shop's tables besides the event
// itself and the customer's profile: an order, a change to an order, catalogue
// entries and a review. The profile engine derives it; stores write it in the
// event's transaction.
type Projection struct {
	Order       *Order       // a new order (Order Completed)
	OrderChange *OrderChange // a later step of an existing order
	Products    []Product    // products seen in the event's properties
	Review      *Review      // a product review
}

// OrderChange is a later step in an order's life.
type OrderChange struct {
	OrderID     string
	Status      string    // new status; "" keeps the current one
	RefundAdd   float64   // amount refunded by this step
	PromisedAt  time.Time // zero keeps the current value
	DeliveredAt time.Time // zero keeps the current value
}

// Order statuses.
const (
	OrderCompleted = "completed"
	OrderShipped   = "shipped"
	OrderDelivered = "delivered"
	OrderRefunded  = "refunded"
	OrderCancelled = "cancelled"
)
