package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// SegmentInputs loads the given customers with their events of the window.
func (s *Store) SegmentInputs(ctx context.Context, ids []string, w rapport.EventWindow) ([]rapport.SegmentInput, error) {
	var out []rapport.SegmentInput
	err := forChunks(ids, func(part []string) error {
		rows, err := s.read.QueryContext(ctx, s.q("SELECT "+customerColumns+" FROM customers WHERE id IN "+inList(len(part))), anys(part)...)
		if err != nil {
			return fmt.Errorf("segment inputs: %w", err)
		}
		list, err := scanInputs(rows)
		if err != nil {
			return err
		}
		if err := s.windowEvents(ctx, list, w); err != nil {
			return err
		}
		out = append(out, list...)
		return nil
	})
	return out, err
}

// ScanSegmentInputs returns the customers after an id, in id order.
func (s *Store) ScanSegmentInputs(ctx context.Context, after string, limit int, w rapport.EventWindow) ([]rapport.SegmentInput, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+customerColumns+" FROM customers WHERE id > ? ORDER BY id LIMIT ?"), after, limit)
	if err != nil {
		return nil, fmt.Errorf("scan segment inputs: %w", err)
	}
	list, err := scanInputs(rows)
	if err != nil {
		return nil, err
	}
	for rest := list; len(rest) > 0; {
		n := min(len(rest), 500)
		if err := s.windowEvents(ctx, rest[:n], w); err != nil {
			return nil, err
		}
		rest = rest[n:]
	}
	return list, nil
}

func scanInputs(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]rapport.SegmentInput, error) {
	defer rows.Close()
	var out []rapport.SegmentInput
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, fmt.Errorf("segment inputs: %w", err)
		}
		out = append(out, rapport.SegmentInput{Customer: c})
	}
	return out, rows.Err()
}

// windowEvents fills each input's events of the window (names and
// properties only: rules read nothing else).
func (s *Store) windowEvents(ctx context.Context, list []rapport.SegmentInput, w rapport.EventWindow) error {
	if len(w.Names) == 0 || len(list) == 0 {
		return nil
	}
	index := make(map[string]int, len(list))
	args := make([]any, 0, len(list)+len(w.Names)+1)
	for i, in := range list {
		index[in.Customer.ID] = i
		args = append(args, in.Customer.ID)
	}
	for _, n := range w.Names {
		args = append(args, n)
	}
	args = append(args, ms(w.Since))
	// name || '' keeps the planner off the (name, ts) index: with many
	// names SQLite would scan every event of those names in the window
	// instead of seeking each customer's events.
	query := "SELECT customer_id, seq, type, name, ts, properties FROM events WHERE customer_id IN " + inList(len(list)) +
		" AND name || '' IN " + inList(len(w.Names)) + " AND ts >= ? ORDER BY customer_id, ts, seq"
	rows, err := s.read.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("segment events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e rapport.Event
		var ts int64
		var props string
		if err := rows.Scan(&e.CustomerID, &e.Seq, &e.Type, &e.Name, &ts, &props); err != nil {
			return fmt.Errorf("segment events: %w", err)
		}
		e.Timestamp = fromMS(ts)
		if err := decodeJSON(props, &e.Properties); err != nil {
			return fmt.Errorf("segment events: %w", err)
		}
		i := index[e.CustomerID]
		list[i].Events = append(list[i].Events, e)
	}
	return rows.Err()
}
