package sqlstore

import (
	"context"
	"fmt"
)

// ObserverCursor returns how far an ingest observer has got. An observer
// asking for the first time starts at the newest stored event.
func (s *Store) ObserverCursor(ctx context.Context, name string) (int64, error) {
	if _, err := s.write.ExecContext(ctx, s.q(`INSERT INTO observer_cursors (name, seq)
		SELECT ?, COALESCE(MAX(seq), 0) FROM events WHERE true ON CONFLICT (name) DO NOTHING`), name); err != nil {
		return 0, fmt.Errorf("observer cursor %q: %w", name, err)
	}
	var seq int64
	if err := s.write.QueryRowContext(ctx, s.q("SELECT seq FROM observer_cursors WHERE name = ?"), name).Scan(&seq); err != nil {
		return 0, fmt.Errorf("observer cursor %q: %w", name, err)
	}
	return seq, nil
}

// SaveObserverCursor records that an observer has handled every event up
// to seq. A cursor never moves back.
func (s *Store) SaveObserverCursor(ctx context.Context, name string, seq int64) error {
	_, err := s.write.ExecContext(ctx, s.q(`INSERT INTO observer_cursors (name, seq) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq WHERE observer_cursors.seq < excluded.seq`), name, seq)
	if err != nil {
		return fmt.Errorf("save observer cursor %q: %w", name, err)
	}
	return nil
}
