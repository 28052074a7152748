package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// Orders returns a customer's orders, newest first, with their lines.
func (s *Store) Orders(ctx context.Context, customerID string, limit int) ([]rapport.Order, error) {
	if limit <= 0 {
		limit = 50
	}
	if id, err := s.customerID(ctx, customerID); err == nil {
		customerID = id
	}
	const query = `SELECT id, customer_id, status, total, refunded, currency, channel, placed_at,
 promised_at, delivered_at FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT ?`
	rows, err := s.read.QueryContext(ctx, s.q(query), customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("orders of %s: %w", customerID, err)
	}
	defer rows.Close()
	out := []rapport.Order{}
	for rows.Next() {
		var o rapport.Order
		var channel string
		var placed, promised, delivered int64
		if err := rows.Scan(&o.ID, &o.CustomerID, &o.Status, &o.Total, &o.Refunded, &o.Currency,
			&channel, &placed, &promised, &delivered); err != nil {
			return nil, fmt.Errorf("orders of %s: %w", customerID, err)
		}
		o.Channel, o.PlacedAt = rapport.Channel(channel), fromMS(placed)
		o.PromisedAt, o.DeliveredAt = fromMS(promised), fromMS(delivered)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orders of %s: %w", customerID, err)
	}
	return out, s.orderItems(ctx, out)
}

// orderItems fills in the lines of orders.
func (s *Store) orderItems(ctx context.Context, orders []rapport.Order) error {
	if len(orders) == 0 {
		return nil
	}
	index := make(map[string]*rapport.Order, len(orders))
	ids := make([]any, len(orders))
	for i := range orders {
		index[orders[i].ID] = &orders[i]
		ids[i] = orders[i].ID
	}
	query := `SELECT order_id, product_id, name, category, price, quantity FROM order_items
 WHERE order_id IN ` + inList(len(ids)) + ` ORDER BY order_id, line`
	rows, err := s.read.QueryContext(ctx, s.q(query), ids...)
	if err != nil {
		return fmt.Errorf("order items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var orderID string
		var it rapport.OrderItem
		if err := rows.Scan(&orderID, &it.ProductID, &it.Name, &it.Category, &it.Price, &it.Quantity); err != nil {
			return fmt.Errorf("order items: %w", err)
		}
		o := index[orderID]
		o.Items = append(o.Items, it)
	}
	return rows.Err()
}
