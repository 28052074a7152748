package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// EventsAfter returns events after a sequence number, optionally by name.
func (s *Store) EventsAfter(ctx context.Context, afterSeq int64, names []string, limit int) ([]rapport.Event, error) {
	if limit <= 0 {
		limit = 10_000
	}
	args := []any{afterSeq}
	where := "seq > ?"
	if len(names) > 0 {
		where += " AND name IN " + inList(len(names))
		for _, n := range names {
			args = append(args, n)
		}
	}
	query := "SELECT seq, " + eventColumns + " FROM events WHERE " + where + " ORDER BY seq LIMIT ?"
	rows, err := s.read.QueryContext(ctx, s.q(query), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("events after %d: %w", afterSeq, err)
	}
	defer rows.Close()
	out := []rapport.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("events after %d: %w", afterSeq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Catalogue returns every product.
func (s *Store) Catalogue(ctx context.Context) ([]rapport.Product, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, name, category, brand, price FROM products ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	defer rows.Close()
	out := []rapport.Product{}
	for rows.Next() {
		var p rapport.Product
		if err := rows.Scan(&p.ID, &p.Name, &p.Category, &p.Brand, &p.Price); err != nil {
			return nil, fmt.Errorf("catalogue: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CustomerSummaries returns every customer's order count, revenue and region.
func (s *Store) CustomerSummaries(ctx context.Context) ([]rapport.CustomerBrief, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, order_count, revenue, basic FROM customers ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("customer summaries: %w", err)
	}
	defer rows.Close()
	out := []rapport.CustomerBrief{}
	for rows.Next() {
		var c rapport.CustomerBrief
		var basic string
		if err := rows.Scan(&c.ID, &c.Orders, &c.Revenue, &basic); err != nil {
			return nil, fmt.Errorf("customer summaries: %w", err)
		}
		var b rapport.Basic
		if err := decodeJSON(basic, &b); err != nil {
			return nil, fmt.Errorf("customer %s: basic: %w", c.ID, err)
		}
		c.Region = b.Region
		out = append(out, c)
	}
	return out, rows.Err()
}

// BestReviews returns each product's most helpful positive review.
func (s *Store) BestReviews(ctx context.Context, productIDs []string, minRating float64) (map[string]rapport.Review, error) {
	out := map[string]rapport.Review{}
	for start := 0; start < len(productIDs); start += 500 {
		ids := productIDs[start:min(len(productIDs), start+500)]
		args := []any{minRating}
		for _, id := range ids {
			args = append(args, id)
		}
		query := `SELECT id, customer_id, product_id, rating, title, body, created_at FROM reviews
 WHERE rating >= ? AND product_id IN ` + inList(len(ids)) + ` ORDER BY product_id, rating DESC, length(body) DESC, created_at DESC, id`
		if err := s.collectReviews(ctx, query, args, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) collectReviews(ctx context.Context, query string, args []any, out map[string]rapport.Review) error {
	rows, err := s.read.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("best reviews: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r rapport.Review
		var created int64
		if err := rows.Scan(&r.ID, &r.CustomerID, &r.ProductID, &r.Rating, &r.Title, &r.Body, &created); err != nil {
			return fmt.Errorf("best reviews: %w", err)
		}
		r.CreatedAt = fromMS(created)
		if _, ok := out[r.ProductID]; !ok {
			out[r.ProductID] = r
		}
	}
	return rows.Err()
}

// SaveRecommendModel replaces the live model and sets m.Version to one more
// than the version it replaced.
func (s *Store) SaveRecommendModel(ctx context.Context, m *rapport.RecommendModel) error {
	const query = `INSERT INTO recommend_models (slot, kind, validation, trained_at, users, items, interactions, last_seq, data, version)
 VALUES ('live', ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (slot) DO UPDATE SET kind = excluded.kind,
 validation = excluded.validation, trained_at = excluded.trained_at, users = excluded.users, items = excluded.items,
 interactions = excluded.interactions, last_seq = excluded.last_seq, data = excluded.data,
 version = recommend_models.version + 1 RETURNING version`
	err := s.write.QueryRowContext(ctx, s.q(query), m.Kind, m.Validation, ms(m.TrainedAt), m.Users, m.Items,
		m.Interactions, m.LastSeq, m.Data).Scan(&m.Version)
	if err != nil {
		return fmt.Errorf("save recommendation model: %w", err)
	}
	return nil
}

// LoadRecommendModel returns the live model or ENOTFOUND.
func (s *Store) LoadRecommendModel(ctx context.Context) (*rapport.RecommendModel, error) {
	var m rapport.RecommendModel
	var trained int64
	err := s.read.QueryRowContext(ctx, `SELECT kind, validation, trained_at, users, items, interactions, last_seq, data, version
 FROM recommend_models WHERE slot = 'live'`).Scan(&m.Kind, &m.Validation, &trained, &m.Users, &m.Items,
		&m.Interactions, &m.LastSeq, &m.Data, &m.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "no recommendation model has been trained")
	}
	if err != nil {
		return nil, fmt.Errorf("load recommendation model: %w", err)
	}
	m.TrainedAt = fromMS(trained)
	return &m, nil
}

// RecommendModelVersion returns the live model's version or ENOTFOUND.
func (s *Store) RecommendModelVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.read.QueryRowContext(ctx, `SELECT version FROM recommend_models WHERE slot = 'live'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, rapport.Errorf(rapport.ENOTFOUND, "no recommendation model has been trained")
	}
	if err != nil {
		return 0, fmt.Errorf("recommendation model version: %w", err)
	}
	return v, nil
}

// RecommendSettings returns the shop's settings or ENOTFOUND.
func (s *Store) RecommendSettings(ctx context.Context) (rapport.RecommendSettings, error) {
	var doc string
	var updated int64
	err := s.read.QueryRowContext(ctx, `SELECT doc, updated_at FROM recommend_settings WHERE slot = 'shop'`).Scan(&doc, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.RecommendSettings{}, rapport.Errorf(rapport.ENOTFOUND, "no recommendation settings have been saved")
	}
	if err != nil {
		return rapport.RecommendSettings{}, fmt.Errorf("recommendation settings: %w", err)
	}
	var set rapport.RecommendSettings
	if err := json.Unmarshal([]byte(doc), &set); err != nil {
		return rapport.RecommendSettings{}, fmt.Errorf("recommendation settings: %w", err)
	}
	set.UpdatedAt = fromMS(updated)
	return set, nil
}

// SaveRecommendSettings replaces the shop's settings.
func (s *Store) SaveRecommendSettings(ctx context.Context, set rapport.RecommendSettings) error {
	doc, err := json.Marshal(set)
	if err != nil {
		return fmt.Errorf("save recommendation settings: %w", err)
	}
	const query = `INSERT INTO recommend_settings (slot, doc, updated_at) VALUES ('shop', ?, ?)
 ON CONFLICT (slot) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`
	if _, err := s.write.ExecContext(ctx, s.q(query), string(doc), ms(set.UpdatedAt)); err != nil {
		return fmt.Errorf("save recommendation settings: %w", err)
	}
	return nil
}

// SetItemAvailability records whether an item may be recommended.
func (s *Store) SetItemAvailability(ctx context.Context, a rapport.ItemAvailability) error {
	if strings.TrimSpace(a.ProductID) == "" {
		return rapport.Errorf(rapport.EINVALID, "product_id: required")
	}
	const query = `INSERT INTO recommend_items (product_id, in_stock, excluded, updated_at) VALUES (?, ?, ?, ?)
 ON CONFLICT (product_id) DO UPDATE SET in_stock = excluded.in_stock, excluded = excluded.excluded, updated_at = excluded.updated_at`
	if _, err := s.write.ExecContext(ctx, s.q(query), a.ProductID, bit(a.InStock), bit(a.Excluded), ms(a.UpdatedAt)); err != nil {
		return fmt.Errorf("item availability %s: %w", a.ProductID, err)
	}
	return nil
}

// ItemAvailabilities lists every recorded availability.
func (s *Store) ItemAvailabilities(ctx context.Context) ([]rapport.ItemAvailability, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT product_id, in_stock, excluded, updated_at FROM recommend_items ORDER BY product_id")
	if err != nil {
		return nil, fmt.Errorf("item availabilities: %w", err)
	}
	defer rows.Close()
	out := []rapport.ItemAvailability{}
	for rows.Next() {
		var a rapport.ItemAvailability
		var inStock, excluded int
		var updated int64
		if err := rows.Scan(&a.ProductID, &inStock, &excluded, &updated); err != nil {
			return nil, fmt.Errorf("item availabilities: %w", err)
		}
		a.InStock, a.Excluded, a.UpdatedAt = inStock == 1, excluded == 1, fromMS(updated)
		out = append(out, a)
	}
	return out, rows.Err()
}

// LogRecommendations records served lists in one transaction.
func (s *Store) LogRecommendations(ctx context.Context, list []rapport.RecommendationServed) error {
	if len(list) == 0 {
		return nil
	}
	const query = `INSERT INTO recommend_served (request_id, customer_id, scene, model, items, served_at)
 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	return s.inTx(ctx, func(t *txq) error {
		for _, r := range list {
			items, err := encodeValue(r.Items)
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, query, r.RequestID, r.CustomerID, r.Scene, r.Model, items, ms(r.ServedAt)); err != nil {
				return fmt.Errorf("log recommendation %s: %w", r.RequestID, err)
			}
		}
		return nil
	})
}

// RecommendationsServed returns the lists served since a time, oldest first.
func (s *Store) RecommendationsServed(ctx context.Context, since time.Time) ([]rapport.RecommendationServed, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT request_id, customer_id, scene, model, items, served_at
 FROM recommend_served WHERE served_at >= ? ORDER BY served_at, request_id`), ms(since))
	if err != nil {
		return nil, fmt.Errorf("recommendations served: %w", err)
	}
	defer rows.Close()
	out := []rapport.RecommendationServed{}
	for rows.Next() {
		var r rapport.RecommendationServed
		var items string
		var served int64
		if err := rows.Scan(&r.RequestID, &r.CustomerID, &r.Scene, &r.Model, &items, &served); err != nil {
			return nil, fmt.Errorf("recommendations served: %w", err)
		}
		if err := decodeJSON(items, &r.Items); err != nil {
			return nil, fmt.Errorf("recommendation %s: %w", r.RequestID, err)
		}
		r.ServedAt = fromMS(served)
		out = append(out, r)
	}
	return out, rows.Err()
}
