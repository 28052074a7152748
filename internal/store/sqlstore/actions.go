package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// CreateActionItem stores an action item and sets its ID.
func (s *Store) CreateActionItem(ctx context.Context, a *rapport.ActionItem) error {
	const query = `INSERT INTO action_items (title, aspect, owner, rule, metric, status, due_at, changed_at, note, created_at)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	err := s.write.QueryRowContext(ctx, s.q(query), a.Title, a.Aspect, a.Owner, a.Rule, a.Metric, a.Status,
		ms(a.DueAt), ms(a.ChangedAt), a.Note, ms(a.CreatedAt)).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("create action item %q: %w", a.Title, err)
	}
	return nil
}

// UpdateActionItem saves an item's status, owner, dates and note.
func (s *Store) UpdateActionItem(ctx context.Context, a *rapport.ActionItem) error {
	return s.update(ctx, "action item", a.ID, `UPDATE action_items SET owner = ?, status = ?, due_at = ?, changed_at = ?,
 note = ?, metric = ? WHERE id = ?`, a.Owner, a.Status, ms(a.DueAt), ms(a.ChangedAt), a.Note, a.Metric, a.ID)
}

const actionColumns = "id, title, aspect, owner, rule, metric, status, due_at, changed_at, notified_at, note, created_at"

func (s *Store) actionItems(ctx context.Context, where string, args ...any) ([]rapport.ActionItem, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+actionColumns+" FROM action_items "+where), args...)
	if err != nil {
		return nil, fmt.Errorf("action items: %w", err)
	}
	defer rows.Close()
	out := []rapport.ActionItem{}
	for rows.Next() {
		var a rapport.ActionItem
		var due, changed, notified, created int64
		if err := rows.Scan(&a.ID, &a.Title, &a.Aspect, &a.Owner, &a.Rule, &a.Metric, &a.Status,
			&due, &changed, &notified, &a.Note, &created); err != nil {
			return nil, fmt.Errorf("action items: %w", err)
		}
		a.DueAt, a.ChangedAt, a.NotifiedAt, a.CreatedAt = fromMS(due), fromMS(changed), fromMS(notified), fromMS(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// ActionItem returns one action item.
func (s *Store) ActionItem(ctx context.Context, id int64) (*rapport.ActionItem, error) {
	list, err := s.actionItems(ctx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "action item %d not found", id)
	}
	return &list[0], nil
}

// ActionItems lists every action item, due first.
func (s *Store) ActionItems(ctx context.Context) ([]rapport.ActionItem, error) {
	return s.actionItems(ctx, "ORDER BY due_at, id")
}

// ClaimOverdue marks an unfinished item past due as notified, once.
func (s *Store) ClaimOverdue(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := s.write.ExecContext(ctx, s.q(`UPDATE action_items SET notified_at = ?
 WHERE id = ? AND notified_at = 0 AND status <> ? AND due_at < ?`), ms(now), id, rapport.ActionDone, ms(now))
	if err != nil {
		return false, fmt.Errorf("claim overdue action item %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
