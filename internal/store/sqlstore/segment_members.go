package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// SegmentMembers pages through a segment's members, newest entries first.
func (s *Store) SegmentMembers(ctx context.Context, id string, offset, limit int) ([]rapport.SegmentMember, int, error) {
	if limit <= 0 {
		limit = 50
	}
	var total int
	if err := s.read.QueryRowContext(ctx, s.q("SELECT count(*) FROM segment_members WHERE segment_id = ?"), id).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("segment %s members: %w", id, err)
	}
	query := `SELECT c.id, c.known, c.email, c.phone, c.name, c.order_count, c.revenue, c.last_seen, m.entered_at
 FROM segment_members m JOIN customers c ON c.id = m.customer_id WHERE m.segment_id = ?
 ORDER BY m.entered_at DESC, c.id LIMIT ? OFFSET ?`
	rows, err := s.read.QueryContext(ctx, s.q(query), id, limit, max(offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("segment %s members: %w", id, err)
	}
	defer rows.Close()
	out := []rapport.SegmentMember{}
	for rows.Next() {
		var m rapport.SegmentMember
		var known int
		var lastSeen, entered int64
		if err := rows.Scan(&m.ID, &known, &m.Email, &m.Phone, &m.Name, &m.Orders, &m.Revenue, &lastSeen, &entered); err != nil {
			return nil, 0, fmt.Errorf("segment %s members: %w", id, err)
		}
		m.Known, m.LastSeen, m.EnteredAt = known != 0, fromMS(lastSeen), fromMS(entered)
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// CustomerSegments lists the segments a customer is in.
func (s *Store) CustomerSegments(ctx context.Context, customerID string) ([]rapport.SegmentMembership, error) {
	id, err := s.customerID(ctx, customerID)
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, s.q("SELECT segment_id, entered_at FROM segment_members WHERE customer_id = ? ORDER BY segment_id"), id)
	if err != nil {
		return nil, fmt.Errorf("customer %s segments: %w", id, err)
	}
	defer rows.Close()
	out := []rapport.SegmentMembership{}
	for rows.Next() {
		var m rapport.SegmentMembership
		var entered int64
		if err := rows.Scan(&m.SegmentID, &entered); err != nil {
			return nil, fmt.Errorf("customer %s segments: %w", id, err)
		}
		m.EnteredAt = fromMS(entered)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Memberships returns the segment ids each customer is in.
func (s *Store) Memberships(ctx context.Context, customerIDs []string) (map[string][]string, error) {
	out := make(map[string][]string, len(customerIDs))
	err := forChunks(customerIDs, func(part []string) error {
		rows, err := s.read.QueryContext(ctx, s.q("SELECT customer_id, segment_id FROM segment_members WHERE customer_id IN "+inList(len(part))), anys(part)...)
		if err != nil {
			return fmt.Errorf("memberships: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var cid, sid string
			if err := rows.Scan(&cid, &sid); err != nil {
				return fmt.Errorf("memberships: %w", err)
			}
			out[cid] = append(out[cid], sid)
		}
		return rows.Err()
	})
	return out, err
}

// ApplySegmentChanges records the entries and exits that change something
// and ingests their events, in one transaction.
func (s *Store) ApplySegmentChanges(ctx context.Context, changes []rapport.SegmentChange) ([]rapport.SegmentChange, error) {
	var done []rapport.SegmentChange
	_, err := s.ingestWith(ctx, func(t *txq) ([]*rapport.Event, error) {
		done = done[:0]
		var events []*rapport.Event
		for _, c := range changes {
			ok, err := applyChange(ctx, t, c)
			if err != nil {
				return nil, err
			}
			if ok {
				done = append(done, c)
				if c.Event != nil {
					events = append(events, c.Event)
				}
			}
		}
		if err := validate(events); err != nil {
			return nil, err
		}
		events, _ = dedupe(events)
		return events, nil
	})
	if err != nil {
		for _, c := range changes {
			if c.Event != nil {
				c.Event.Seq, c.Event.CustomerID = 0, ""
			}
		}
		return nil, err
	}
	return done, nil
}

// applyChange writes one entry or exit and its history row, and reports
// whether it changed anything.
func applyChange(ctx context.Context, t *txq, c rapport.SegmentChange) (bool, error) {
	var query string
	args := []any{c.SegmentID, c.CustomerID}
	if c.Entered {
		query = "INSERT INTO segment_members (segment_id, customer_id, entered_at) VALUES (?, ?, ?) ON CONFLICT (segment_id, customer_id) DO NOTHING"
		args = append(args, ms(c.At))
	} else {
		query = "DELETE FROM segment_members WHERE segment_id = ? AND customer_id = ?"
	}
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("segment %s member %s: %w", c.SegmentID, c.CustomerID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, recordHistory(ctx, t, c)
}

// recordHistory writes one entry or exit to the history.
func recordHistory(ctx context.Context, t *txq, c rapport.SegmentChange) error {
	_, err := t.exec(ctx, "INSERT INTO segment_history (segment_id, customer_id, entered, at) VALUES (?, ?, ?, ?)",
		c.SegmentID, c.CustomerID, boolInt(c.Entered), ms(c.At))
	if err != nil {
		return fmt.Errorf("segment %s history: %w", c.SegmentID, err)
	}
	return nil
}

// SegmentHistory lists a customer's entries and exits, newest first.
func (s *Store) SegmentHistory(ctx context.Context, customerID string, limit int) ([]rapport.SegmentChange, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT segment_id, customer_id, entered, at FROM segment_history
 WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?`), customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("customer %s segment history: %w", customerID, err)
	}
	defer rows.Close()
	out := []rapport.SegmentChange{}
	for rows.Next() {
		var c rapport.SegmentChange
		var entered int
		var at int64
		if err := rows.Scan(&c.SegmentID, &c.CustomerID, &entered, &at); err != nil {
			return nil, fmt.Errorf("customer %s segment history: %w", customerID, err)
		}
		c.Entered, c.At = entered != 0, fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// endMemberships ends every membership of a profile merged into another at
// the merge, each with an exit in the history: the customer it went into is
// evaluated on their own, and nobody is counted twice.
func endMemberships(ctx context.Context, t *txq, customerID string, at time.Time) error {
	rows, err := t.query(ctx, "SELECT segment_id FROM segment_members WHERE customer_id = ? ORDER BY segment_id", customerID)
	if err != nil {
		return fmt.Errorf("memberships of merged %s: %w", customerID, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("memberships of merged %s: %w", customerID, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	if _, err := t.exec(ctx, "DELETE FROM segment_members WHERE customer_id = ?", customerID); err != nil {
		return fmt.Errorf("memberships of merged %s: %w", customerID, err)
	}
	for _, id := range ids {
		if err := recordHistory(ctx, t, rapport.SegmentChange{SegmentID: id, CustomerID: customerID, At: at}); err != nil {
			return err
		}
	}
	return nil
}
