package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// FeedbackMark reads the highest event sequence number, the latest model
// run and the time of the latest survey answer or review. Each part is an
// index lookup.
func (s *Store) FeedbackMark(ctx context.Context) (rapport.FeedbackMark, error) {
	const query = `SELECT
 (SELECT COALESCE(MAX(seq), 0) FROM events),
 (SELECT COALESCE(MAX(id), 0) FROM model_runs),
 (SELECT COALESCE(MAX(ts), 0) FROM events WHERE name = ?),
 (SELECT COALESCE(MAX(ts), 0) FROM events WHERE name = ?)`
	var m rapport.FeedbackMark
	var answered, reviewed int64
	err := s.read.QueryRowContext(ctx, s.q(query), rapport.EventSurveyResponded, rapport.EventProductReviewed).
		Scan(&m.Seq, &m.Run, &answered, &reviewed)
	if err != nil {
		return m, fmt.Errorf("feedback mark: %w", err)
	}
	if latest := max(answered, reviewed); latest > 0 {
		m.Feedback = fromMS(latest)
	}
	return m, nil
}

// FeedbackCustomers loads the customers in chunks with their RFM segments.
func (s *Store) FeedbackCustomers(ctx context.Context, ids []string) (map[string]rapport.FeedbackCustomer, error) {
	out := make(map[string]rapport.FeedbackCustomer, len(ids))
	err := forChunks(ids, func(part []string) error {
		rows, err := s.read.QueryContext(ctx, s.q("SELECT "+customerColumns+" FROM customers WHERE id IN "+inList(len(part))), anys(part)...)
		if err != nil {
			return fmt.Errorf("feedback customers: %w", err)
		}
		list, err := scanInputs(rows)
		if err != nil {
			return err
		}
		for _, in := range list {
			out[in.Customer.ID] = rapport.FeedbackCustomer{Customer: in.Customer}
		}
		rows, err = s.read.QueryContext(ctx, s.q("SELECT customer_id, rfm_segment FROM predicted_tags WHERE customer_id IN "+inList(len(part))), anys(part)...)
		if err != nil {
			return fmt.Errorf("feedback customers: rfm: %w", err)
		}
		return scanRFM(rows, out)
	})
	return out, err
}

func scanRFM(rows *sql.Rows, out map[string]rapport.FeedbackCustomer) error {
	defer rows.Close()
	for rows.Next() {
		var id, seg string
		if err := rows.Scan(&id, &seg); err != nil {
			return fmt.Errorf("feedback customers: rfm: %w", err)
		}
		if c, ok := out[id]; ok {
			c.RFMSegment = seg
			out[id] = c
		}
	}
	return rows.Err()
}
