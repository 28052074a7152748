package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// project writes one event's projection. Products are gathered and written
// once by saveProducts.
func (in *ingestion) project(ctx context.Context, p rapport.Projection) error {
	for i := range p.Products {
		in.addProduct(p.Products[i])
	}
	if p.Order != nil {
		if err := in.insertOrder(ctx, p.Order); err != nil {
			return err
		}
	}
	if p.OrderChange != nil {
		if err := in.changeOrder(ctx, p.OrderChange); err != nil {
			return err
		}
	}
	if p.Review != nil {
		return in.insertReview(ctx, p.Review)
	}
	return nil
}

// insertOrder writes a new order and its lines; an order id already stored
// is left as it is.
func (in *ingestion) insertOrder(ctx context.Context, o *rapport.Order) error {
	const query = `INSERT INTO orders (id, customer_id, status, total, refunded, currency,
 channel, placed_at, placed_month, promised_at, delivered_at)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	res, err := in.t.exec(ctx, query, o.ID, o.CustomerID, o.Status, o.Total, o.Refunded,
		o.Currency, string(o.Channel), ms(o.PlacedAt), month(o.PlacedAt), ms(o.PromisedAt), ms(o.DeliveredAt))
	if err != nil {
		return fmt.Errorf("order %s: %w", o.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	const item = `INSERT INTO order_items (order_id, line, product_id, name, category, price, quantity)
 VALUES (?, ?, ?, ?, ?, ?, ?)`
	for i, it := range o.Items {
		if _, err := in.t.exec(ctx, item, o.ID, i+1, it.ProductID, it.Name, it.Category, it.Price, it.Quantity); err != nil {
			return fmt.Errorf("order %s line %d: %w", o.ID, i+1, err)
		}
	}
	return nil
}

// changeOrder applies a later step of an order; unknown orders are ignored.
func (in *ingestion) changeOrder(ctx context.Context, c *rapport.OrderChange) error {
	const query = `UPDATE orders SET status = COALESCE(?, status), refunded = refunded + ?,
 promised_at = COALESCE(?, promised_at), delivered_at = COALESCE(?, delivered_at) WHERE id = ?`
	var status any
	if c.Status != "" {
		status = c.Status
	}
	_, err := in.t.exec(ctx, query, status, c.RefundAdd, nullMS(c.PromisedAt), nullMS(c.DeliveredAt), c.OrderID)
	if err != nil {
		return fmt.Errorf("order %s change: %w", c.OrderID, err)
	}
	return nil
}

func (in *ingestion) insertReview(ctx context.Context, r *rapport.Review) error {
	const query = `INSERT INTO reviews (id, customer_id, product_id, rating, title, body, created_at)
 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
	_, err := in.t.exec(ctx, query, r.ID, r.CustomerID, r.ProductID, r.Rating, r.Title, r.Body, ms(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("review %s: %w", r.ID, err)
	}
	return nil
}

// addProduct merges a catalogue entry into the batch's, later non-empty
// fields winning.
func (in *ingestion) addProduct(p rapport.Product) {
	if p.ID == "" {
		return
	}
	have := in.products[p.ID]
	if have == nil {
		in.products[p.ID] = &p
		in.prodIDs = append(in.prodIDs, p.ID)
		return
	}
	*have = mergeProduct(*have, p)
}

func keepSet(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// saveProducts upserts the batch's catalogue entries, keeping stored
// fields the batch left empty. Entries that would not change what the
// cache knows is stored are skipped.
func (in *ingestion) saveProducts(ctx context.Context) error {
	ids := in.prodIDs
	if in.cache != nil {
		ids = ids[:0:0]
		for _, id := range in.prodIDs {
			if have, ok := in.cache.products[id]; !ok || mergeProduct(have, *in.products[id]) != have {
				ids = append(ids, id)
			}
		}
	}
	return forChunks(ids, func(ids []string) error {
		query := "INSERT INTO products (id, name, category, brand, price) VALUES " + rowsOf(len(ids), 5) +
			` ON CONFLICT (id) DO UPDATE SET
 name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE products.name END,
 category = CASE WHEN excluded.category <> '' THEN excluded.category ELSE products.category END,
 brand = CASE WHEN excluded.brand <> '' THEN excluded.brand ELSE products.brand END,
 price = CASE WHEN excluded.price <> 0 THEN excluded.price ELSE products.price END
 RETURNING id, name, category, brand, price`
		args := make([]any, 0, len(ids)*5)
		for _, id := range ids {
			p := in.products[id]
			args = append(args, p.ID, p.Name, p.Category, p.Brand, p.Price)
		}
		rows, err := in.t.query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("save products: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p rapport.Product
			if err := rows.Scan(&p.ID, &p.Name, &p.Category, &p.Brand, &p.Price); err != nil {
				return fmt.Errorf("save products: %w", err)
			}
			if in.savedProducts != nil {
				in.savedProducts[p.ID] = p
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("save products: %w", err)
		}
		return nil
	})
}

// mergeProduct is what saveProducts stores for p over have.
func mergeProduct(have, p rapport.Product) rapport.Product {
	keepSet(&have.Name, p.Name)
	keepSet(&have.Category, p.Category)
	keepSet(&have.Brand, p.Brand)
	if p.Price != 0 {
		have.Price = p.Price
	}
	return have
}
