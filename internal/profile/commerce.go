package profile

import (
	"math"

	"github.com/rapport-cx/rapport"
)

// products reads the e-commerce spec's products array, or the single product
// described by the properties themselves (Product Viewed, Product Added, …).
func products(props map[string]any) []rapport.OrderItem {
	if list, ok := props["products"].([]any); ok {
		items := make([]rapport.OrderItem, 0, len(list))
		for _, p := range list {
			if item, ok := productItem(object(p)); ok {
				items = append(items, item)
			}
		}
		return items
	}
	if item, ok := productItem(props); ok {
		return []rapport.OrderItem{item}
	}
	return nil
}

// productItem reads one product; it needs a product_id (or sku).
func productItem(m map[string]any) (rapport.OrderItem, bool) {
	id := firstStr(m, "product_id", "productId", "sku", "id")
	if m == nil || id == "" {
		return rapport.OrderItem{}, false
	}
	price, _ := firstNum(m, "price")
	qty := 1
	if q, ok := firstNum(m, "quantity"); ok {
		qty = int(q)
	}
	return rapport.OrderItem{
		ProductID: id,
		Name:      firstStr(m, "name"),
		Category:  firstStr(m, "category"),
		Price:     price,
		Quantity:  qty,
	}, true
}

// orderTotal is the order's total: total, else revenue, else the sum of its lines.
func orderTotal(props map[string]any, items []rapport.OrderItem) float64 {
	if t, ok := firstNum(props, "total", "revenue", "value"); ok {
		return t
	}
	return lineSum(items)
}

// refundAmount is the amount refunded: total or amount, else the sum of lines.
func refundAmount(props map[string]any, items []rapport.OrderItem) float64 {
	if t, ok := firstNum(props, "total", "refund_amount", "amount", "revenue"); ok {
		return math.Abs(t)
	}
	return math.Abs(lineSum(items))
}

func lineSum(items []rapport.OrderItem) float64 {
	var sum float64
	for _, it := range items {
		sum += it.Price * float64(it.Quantity)
	}
	return sum
}

// catalogue lists the products named in an event, for the product table.
func catalogue(props map[string]any, items []rapport.OrderItem) []rapport.Product {
	if len(items) == 0 {
		return nil
	}
	out := make([]rapport.Product, 0, len(items))
	for _, it := range items {
		p := rapport.Product{ID: it.ProductID, Name: it.Name, Category: it.Category, Price: it.Price}
		if len(items) == 1 {
			p.Brand = firstStr(props, "brand")
		}
		out = append(out, p)
	}
	return out
}

// Project returns what the event adds to the order, product and review tables.
// The event's CustomerID must be set.
func Project(e *rapport.Event) rapport.Projection {
	if e.Type != rapport.TypeTrack {
		return rapport.Projection{}
	}
	props := e.Properties
	items := products(props)
	proj := rapport.Projection{Products: catalogue(props, items)}
	orderID := firstStr(props, "order_id", "orderId", "checkout_id")
	switch e.Name {
	case rapport.EventOrderCompleted:
		if orderID == "" {
			orderID = e.MessageID
		}
		proj.Order = &rapport.Order{
			ID: orderID, CustomerID: e.CustomerID, Status: rapport.OrderCompleted,
			Total: orderTotal(props, items), Currency: firstStr(props, "currency"),
			Channel: e.Channel, PlacedAt: e.Timestamp, Items: items,
		}
	case rapport.EventOrderRefunded:
		proj.OrderChange = refundChange(orderID, props, items)
	case rapport.EventOrderCancelled:
		proj.OrderChange = &rapport.OrderChange{OrderID: orderID, Status: rapport.OrderCancelled}
	case rapport.EventOrderShipped:
		proj.OrderChange = &rapport.OrderChange{OrderID: orderID, Status: rapport.OrderShipped,
			PromisedAt: firstTime(props, "promised_at", "promised_delivery_date")}
	case rapport.EventOrderDelivered:
		delivered := firstTime(props, "delivered_at", "actual_delivery_date")
		if delivered.IsZero() {
			delivered = e.Timestamp
		}
		proj.OrderChange = &rapport.OrderChange{OrderID: orderID, Status: rapport.OrderDelivered,
			PromisedAt: firstTime(props, "promised_at", "promised_delivery_date"), DeliveredAt: delivered}
	case rapport.EventProductReviewed:
		proj.Review = review(e)
	}
	if proj.OrderChange != nil && orderID == "" {
		proj.OrderChange = nil
	}
	return proj
}

// refundChange: a refund without a product list refunds the whole order (the
// e-commerce spec's convention), so the order's status becomes refunded.
func refundChange(orderID string, props map[string]any, items []rapport.OrderItem) *rapport.OrderChange {
	ch := &rapport.OrderChange{OrderID: orderID, RefundAdd: refundAmount(props, items)}
	if _, partial := props["products"]; !partial {
		ch.Status = rapport.OrderRefunded
	}
	return ch
}

func review(e *rapport.Event) *rapport.Review {
	props := e.Properties
	rating, ok := firstNum(props, "rating", "score", "stars")
	productID := firstStr(props, "product_id", "productId", "sku")
	if !ok || productID == "" {
		return nil
	}
	id := firstStr(props, "review_id", "reviewId")
	if id == "" {
		id = e.MessageID
	}
	return &rapport.Review{
		ID: id, CustomerID: e.CustomerID, ProductID: productID, Rating: rating,
		Title: firstStr(props, "title", "summary"), Body: firstStr(props, "review_body", "body", "text"),
		CreatedAt: e.Timestamp,
	}
}
