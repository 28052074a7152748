package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// Timeline returns one customer's events by timestamp, then arrival.
func (s *Store) Timeline(ctx context.Context, q rapport.TimelineQuery) ([]rapport.Event, error) {
	id, err := s.customerID(ctx, q.CustomerID)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	query := "SELECT seq, " + eventColumns + " FROM events WHERE customer_id = ? ORDER BY ts, seq LIMIT ? OFFSET ?"
	rows, err := s.read.QueryContext(ctx, s.q(query), id, limit, max(q.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("timeline %s: %w", id, err)
	}
	defer rows.Close()
	out := []rapport.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("timeline %s: %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanEvent(row interface{ Scan(...any) error }) (rapport.Event, error) {
	var e rapport.Event
	var channel, props, traits, ctxJSON string
	var ts, received int64
	err := row.Scan(&e.Seq, &e.MessageID, &e.CustomerID, &e.Type, &e.Name, &channel, &e.Source,
		&e.UserID, &e.AnonymousID, &e.PreviousID, &e.GroupID, &ts, &received, &props, &traits, &ctxJSON)
	if err != nil {
		return e, err
	}
	e.Channel, e.Timestamp, e.ReceivedAt = rapport.Channel(channel), fromMS(ts), fromMS(received)
	for _, f := range []struct {
		text string
		dst  *map[string]any
	}{{props, &e.Properties}, {traits, &e.Traits}, {ctxJSON, &e.Context}} {
		if err := decodeJSON(f.text, f.dst); err != nil {
			return e, fmt.Errorf("event %s: %w", e.MessageID, err)
		}
	}
	return e, nil
}
