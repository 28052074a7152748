package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-cx/rapport"
)

// Customer returns one profile, following identity links for merged ids.
func (s *Store) Customer(ctx context.Context, id string) (*rapport.Customer, error) {
	for _, candidate := range s.candidates(ctx, id) {
		row := s.read.QueryRowContext(ctx, s.q("SELECT "+customerColumns+" FROM customers WHERE id = ?"), candidate)
		c, err := scanCustomer(row)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("customer %s: %w", id, err)
		}
		return c, nil
	}
	return nil, rapport.Errorf(rapport.ENOTFOUND, "customer %s not found", id)
}

// candidates lists the profile ids id may stand for: itself, then where
// its identity link (or its anonymous id's) points.
func (s *Store) candidates(ctx context.Context, id string) []string {
	out := []string{id}
	aliases := []string{id}
	if raw, ok := strings.CutPrefix(id, rapport.AnonymousPrefix); ok {
		aliases = append(aliases, raw)
	}
	for _, alias := range aliases {
		var to string
		err := s.read.QueryRowContext(ctx, s.q("SELECT customer_id FROM identities WHERE alias_id = ?"), alias).Scan(&to)
		if err == nil {
			out = append(out, to)
		}
	}
	return out
}

// customerID returns the stored profile id id stands for, or ENOTFOUND.
func (s *Store) customerID(ctx context.Context, id string) (string, error) {
	for _, candidate := range s.candidates(ctx, id) {
		var found string
		err := s.read.QueryRowContext(ctx, s.q("SELECT id FROM customers WHERE id = ?"), candidate).Scan(&found)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("customer %s: %w", id, err)
		}
		return found, nil
	}
	return "", rapport.Errorf(rapport.ENOTFOUND, "customer %s not found", id)
}

const searchWhere = ` FROM customers WHERE lower(id) LIKE ? ESCAPE '\' OR lower(email) LIKE ? ESCAPE '\'
 OR lower(phone) LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\'`

// SearchCustomers finds customers by a substring of id, email, phone or name.
func (s *Store) SearchCustomers(ctx context.Context, q rapport.CustomerQuery) ([]rapport.CustomerSummary, int, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	p := likePattern(q.Text)
	var total int
	if err := s.read.QueryRowContext(ctx, s.q("SELECT count(*)"+searchWhere), p, p, p, p).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("search customers: %w", err)
	}
	query := "SELECT id, known, email, phone, name, order_count, revenue, last_seen" + searchWhere +
		" ORDER BY known DESC, last_seen DESC, id LIMIT ? OFFSET ?"
	rows, err := s.read.QueryContext(ctx, s.q(query), p, p, p, p, limit, max(q.Offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("search customers: %w", err)
	}
	defer rows.Close()
	out := []rapport.CustomerSummary{}
	for rows.Next() {
		var c rapport.CustomerSummary
		var known int
		var lastSeen int64
		if err := rows.Scan(&c.ID, &known, &c.Email, &c.Phone, &c.Name, &c.Orders, &c.Revenue, &lastSeen); err != nil {
			return nil, 0, fmt.Errorf("search customers: %w", err)
		}
		c.Known, c.LastSeen = known != 0, fromMS(lastSeen)
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// Product returns one catalogue entry.
func (s *Store) Product(ctx context.Context, id string) (*rapport.Product, error) {
	var p rapport.Product
	err := s.read.QueryRowContext(ctx, s.q("SELECT id, name, category, brand, price FROM products WHERE id = ?"), id).
		Scan(&p.ID, &p.Name, &p.Category, &p.Brand, &p.Price)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "product %s not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("product %s: %w", id, err)
	}
	return &p, nil
}
