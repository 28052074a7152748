package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// CreateAfterSale stores an after-sale request and sets its ID and Version.
func (s *Store) CreateAfterSale(ctx context.Context, a *rapport.AfterSale) error {
	a.Version = 1
	doc, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("create after-sale: %w", err)
	}
	const query = `INSERT INTO after_sales (kind, order_id, customer_id, status, doc, created_at, updated_at, version)
 VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`
	err = s.write.QueryRowContext(ctx, s.q(query), string(a.Kind), a.OrderID, a.CustomerID, a.Status, string(doc),
		ms(a.CreatedAt), ms(a.UpdatedAt)).Scan(&a.ID)
	if err != nil {
		a.Version = 0
		return fmt.Errorf("create after-sale: %w", err)
	}
	return nil
}

// AfterSale returns one request.
func (s *Store) AfterSale(ctx context.Context, id int64) (*rapport.AfterSale, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT id, doc, version FROM after_sales WHERE id = ?"), id)
	if err != nil {
		return nil, fmt.Errorf("after-sale %d: %w", id, err)
	}
	list, err := scanAfterSales(rows)
	if err != nil {
		return nil, fmt.Errorf("after-sale %d: %w", id, err)
	}
	if len(list) == 0 {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "after-sale request %d not found", id)
	}
	return &list[0], nil
}

// ListAfterSales returns requests newest first.
func (s *Store) ListAfterSales(ctx context.Context, limit int) ([]rapport.AfterSale, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT id, doc, version FROM after_sales ORDER BY created_at DESC, id DESC LIMIT ?"), limit)
	if err != nil {
		return nil, fmt.Errorf("list after-sales: %w", err)
	}
	return scanAfterSales(rows)
}

func scanAfterSales(rows *sql.Rows) ([]rapport.AfterSale, error) {
	defer rows.Close()
	out := []rapport.AfterSale{}
	for rows.Next() {
		var a rapport.AfterSale
		var id, version int64
		var doc string
		if err := rows.Scan(&id, &doc, &version); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &a); err != nil {
			return nil, fmt.Errorf("after-sale %d: %w", id, err)
		}
		a.ID, a.Version = id, version
		out = append(out, a)
	}
	return out, rows.Err()
}

// UpdateAfterSale writes a request still at the version read.
func (s *Store) UpdateAfterSale(ctx context.Context, a *rapport.AfterSale) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("update after-sale %d: %w", a.ID, err)
	}
	const query = `UPDATE after_sales SET status = ?, doc = ?, updated_at = ?, version = version + 1
 WHERE id = ? AND version = ?`
	res, err := s.write.ExecContext(ctx, s.q(query), a.Status, string(doc), ms(a.UpdatedAt), a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("update after-sale %d: %w", a.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update after-sale %d: %w", a.ID, err)
	} else if n == 0 {
		if _, err := s.AfterSale(ctx, a.ID); err != nil {
			return err
		}
		return rapport.Errorf(rapport.ECONFLICT, "after-sale request %d changed meanwhile", a.ID)
	}
	a.Version++
	return nil
}
