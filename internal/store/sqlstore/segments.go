package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

const segmentColumns = "id, name, description, builtin, rule, created_at, updated_at"

// CreateSegment adds a segment; ECONFLICT if the id is taken.
func (s *Store) CreateSegment(ctx context.Context, sg *rapport.Segment) error {
	res, err := s.write.ExecContext(ctx, s.q("INSERT INTO segments ("+segmentColumns+") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
		sg.ID, sg.Name, sg.Description, boolInt(sg.Builtin), string(sg.Rule), ms(sg.CreatedAt), ms(sg.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create segment %s: %w", sg.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &rapport.Error{Code: rapport.ECONFLICT, Field: "id", Message: fmt.Sprintf("a segment with id %s exists", sg.ID)}
	}
	return nil
}

// UpdateSegment replaces a segment's name, description and rule.
func (s *Store) UpdateSegment(ctx context.Context, sg *rapport.Segment) error {
	res, err := s.write.ExecContext(ctx, s.q("UPDATE segments SET name = ?, description = ?, rule = ?, updated_at = ? WHERE id = ?"),
		sg.Name, sg.Description, string(sg.Rule), ms(sg.UpdatedAt), sg.ID)
	if err != nil {
		return fmt.Errorf("update segment %s: %w", sg.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "segment %s not found", sg.ID)
	}
	return nil
}

// DeleteSegment removes a segment with its members and sizes.
func (s *Store) DeleteSegment(ctx context.Context, id string) error {
	return s.inTx(ctx, func(t *txq) error {
		res, err := t.exec(ctx, "DELETE FROM segments WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete segment %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return rapport.Errorf(rapport.ENOTFOUND, "segment %s not found", id)
		}
		for _, q := range []string{"DELETE FROM segment_members WHERE segment_id = ?", "DELETE FROM segment_sizes WHERE segment_id = ?"} {
			if _, err := t.exec(ctx, q, id); err != nil {
				return fmt.Errorf("delete segment %s: %w", id, err)
			}
		}
		return nil
	})
}

// Segment returns one segment.
func (s *Store) Segment(ctx context.Context, id string) (*rapport.Segment, error) {
	row := s.read.QueryRowContext(ctx, s.q("SELECT "+segmentColumns+" FROM segments WHERE id = ?"), id)
	sg, err := scanSegment(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "segment %s not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("segment %s: %w", id, err)
	}
	return &sg, nil
}

// Segments lists every segment, built-in ones first, then by name.
func (s *Store) Segments(ctx context.Context) ([]rapport.Segment, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+segmentColumns+" FROM segments ORDER BY builtin DESC, name, id")
	if err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	defer rows.Close()
	out := []rapport.Segment{}
	for rows.Next() {
		sg, err := scanSegment(rows)
		if err != nil {
			return nil, fmt.Errorf("segments: %w", err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

func scanSegment(row interface{ Scan(...any) error }) (rapport.Segment, error) {
	var sg rapport.Segment
	var builtin int
	var rule string
	var created, updated int64
	if err := row.Scan(&sg.ID, &sg.Name, &sg.Description, &builtin, &rule, &created, &updated); err != nil {
		return sg, err
	}
	sg.Builtin, sg.Rule = builtin != 0, []byte(rule)
	sg.CreatedAt, sg.UpdatedAt = fromMS(created), fromMS(updated)
	return sg, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SegmentSizes counts the members of every segment.
func (s *Store) SegmentSizes(ctx context.Context) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT segment_id, count(*) FROM segment_members GROUP BY segment_id")
	if err != nil {
		return nil, fmt.Errorf("segment sizes: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("segment sizes: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// RecordSegmentSizes stores each segment's size for a day.
func (s *Store) RecordSegmentSizes(ctx context.Context, day string, sizes map[string]int) error {
	return s.inTx(ctx, func(t *txq) error {
		for id, n := range sizes {
			_, err := t.exec(ctx, `INSERT INTO segment_sizes (segment_id, day, size) VALUES (?, ?, ?)
 ON CONFLICT (segment_id, day) DO UPDATE SET size = excluded.size`, id, day, n)
			if err != nil {
				return fmt.Errorf("record segment size %s: %w", id, err)
			}
		}
		return nil
	})
}

// SegmentSizeHistory returns a segment's daily sizes from a day on.
func (s *Store) SegmentSizeHistory(ctx context.Context, id string, from string) ([]rapport.SegmentSize, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT day, size FROM segment_sizes WHERE segment_id = ? AND day >= ? ORDER BY day"), id, from)
	if err != nil {
		return nil, fmt.Errorf("segment %s sizes: %w", id, err)
	}
	defer rows.Close()
	out := []rapport.SegmentSize{}
	for rows.Next() {
		var sz rapport.SegmentSize
		if err := rows.Scan(&sz.Day, &sz.Size); err != nil {
			return nil, fmt.Errorf("segment %s sizes: %w", id, err)
		}
		out = append(out, sz)
	}
	return out, rows.Err()
}

// SegmentSettings returns the stored lifecycle settings document.
func (s *Store) SegmentSettings(ctx context.Context) (json.RawMessage, error) {
	var doc string
	err := s.read.QueryRowContext(ctx, s.q("SELECT doc FROM segment_settings WHERE id = 1")).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "no segment settings saved")
	}
	if err != nil {
		return nil, fmt.Errorf("segment settings: %w", err)
	}
	return json.RawMessage(doc), nil
}

// SaveSegmentSettings stores the settings and the rules they produce.
func (s *Store) SaveSegmentSettings(ctx context.Context, doc json.RawMessage, at time.Time, rules []rapport.Segment) error {
	return s.inTx(ctx, func(t *txq) error {
		for _, sg := range rules {
			res, err := t.exec(ctx, "UPDATE segments SET rule = ?, updated_at = ? WHERE id = ?", string(sg.Rule), ms(at), sg.ID)
			if err != nil {
				return fmt.Errorf("segment settings: segment %s: %w", sg.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return rapport.Errorf(rapport.ENOTFOUND, "segment %s not found", sg.ID)
			}
		}
		_, err := t.exec(ctx, `INSERT INTO segment_settings (id, doc, updated_at) VALUES (1, ?, ?)
 ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`, string(doc), ms(at))
		if err != nil {
			return fmt.Errorf("segment settings: %w", err)
		}
		return nil
	})
}
