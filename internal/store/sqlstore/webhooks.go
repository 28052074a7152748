package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// CreateWebhookEndpoint stores an endpoint and sets its ID.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, w *rapport.WebhookEndpoint) error {
	const query = `INSERT INTO webhook_endpoints (url, secret, events, active, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`
	err := s.write.QueryRowContext(ctx, s.q(query), w.URL, w.Secret, strings.Join(w.Events, ","), bit(w.Active),
		ms(w.CreatedAt)).Scan(&w.ID)
	if err != nil {
		return fmt.Errorf("create webhook endpoint %s: %w", w.URL, err)
	}
	return nil
}

// WebhookEndpoints lists every endpoint.
func (s *Store) WebhookEndpoints(ctx context.Context) ([]rapport.WebhookEndpoint, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, url, secret, events, active, created_at FROM webhook_endpoints ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("webhook endpoints: %w", err)
	}
	defer rows.Close()
	out := []rapport.WebhookEndpoint{}
	for rows.Next() {
		var w rapport.WebhookEndpoint
		var events string
		var active int
		var created int64
		if err := rows.Scan(&w.ID, &w.URL, &w.Secret, &events, &active, &created); err != nil {
			return nil, fmt.Errorf("webhook endpoints: %w", err)
		}
		if events != "" {
			w.Events = strings.Split(events, ",")
		}
		w.Active, w.CreatedAt = active != 0, fromMS(created)
		out = append(out, w)
	}
	return out, rows.Err()
}

// EnqueueWebhooks stores deliveries, skipping those already stored.
func (s *Store) EnqueueWebhooks(ctx context.Context, ds []rapport.WebhookDelivery) error {
	if len(ds) == 0 {
		return nil
	}
	const query = `INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, status, attempts, next_attempt_at, created_at)
 VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING`
	return s.inTx(ctx, func(t *txq) error {
		for _, d := range ds {
			if _, err := t.exec(ctx, query, d.ID, d.EndpointID, d.Event, d.Payload, rapport.DeliveryPending,
				ms(d.NextAttemptAt), ms(d.CreatedAt)); err != nil {
				return fmt.Errorf("enqueue webhook %s: %w", d.ID, err)
			}
		}
		return nil
	})
}

const deliveryColumns = `id, endpoint_id, event, payload, status, attempts, next_attempt_at, last_code, last_error,
 created_at, delivered_at`

// DueWebhooks lists pending deliveries due at or before t.
func (s *Store) DueWebhooks(ctx context.Context, t time.Time, limit int) ([]rapport.WebhookDelivery, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+deliveryColumns+
		" FROM webhook_deliveries WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?"),
		rapport.DeliveryPending, ms(t), limit)
	if err != nil {
		return nil, fmt.Errorf("due webhooks: %w", err)
	}
	return scanDeliveries(rows)
}

// WebhookDeliveries lists the latest deliveries, newest first.
func (s *Store) WebhookDeliveries(ctx context.Context, limit int) ([]rapport.WebhookDelivery, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+deliveryColumns+
		" FROM webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT ?"), limit)
	if err != nil {
		return nil, fmt.Errorf("webhook deliveries: %w", err)
	}
	return scanDeliveries(rows)
}

func scanDeliveries(rows *sql.Rows) ([]rapport.WebhookDelivery, error) {
	defer rows.Close()
	out := []rapport.WebhookDelivery{}
	for rows.Next() {
		var d rapport.WebhookDelivery
		var next, created, delivered int64
		if err := rows.Scan(&d.ID, &d.EndpointID, &d.Event, &d.Payload, &d.Status, &d.Attempts, &next,
			&d.LastCode, &d.LastError, &created, &delivered); err != nil {
			return nil, fmt.Errorf("webhook deliveries: %w", err)
		}
		d.NextAttemptAt, d.CreatedAt, d.DeliveredAt = fromMS(next), fromMS(created), fromMS(delivered)
		out = append(out, d)
	}
	return out, rows.Err()
}

// ClaimWebhook moves a pending delivery's next attempt if its attempt count is unchanged.
func (s *Store) ClaimWebhook(ctx context.Context, id string, endpointID int64, attempts int, until time.Time) (bool, error) {
	const query = `UPDATE webhook_deliveries SET next_attempt_at = ?
 WHERE id = ? AND endpoint_id = ? AND attempts = ? AND status = ?`
	res, err := s.write.ExecContext(ctx, s.q(query), ms(until), id, endpointID, attempts, rapport.DeliveryPending)
	if err != nil {
		return false, fmt.Errorf("claim webhook %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim webhook %s: %w", id, err)
	}
	return n == 1, nil
}

// RecordWebhookAttempt stores the outcome of an attempt.
func (s *Store) RecordWebhookAttempt(ctx context.Context, d *rapport.WebhookDelivery) error {
	const query = `UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_code = ?,
 last_error = ?, delivered_at = ? WHERE id = ? AND endpoint_id = ?`
	_, err := s.write.ExecContext(ctx, s.q(query), d.Status, d.Attempts, ms(d.NextAttemptAt), d.LastCode,
		d.LastError, ms(d.DeliveredAt), d.ID, d.EndpointID)
	if err != nil {
		return fmt.Errorf("record webhook %s: %w", d.ID, err)
	}
	return nil
}
