package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"

	"github.com/rapport-cx/rapport"
)

const kbColumns = "id, lang, question, answer, examples, handover, created_at, updated_at"

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// kbChange runs one change to kb_entries with the version bump in the same
// transaction; it returns the number of rows the change touched.
func (s *Store) kbChange(ctx context.Context, what string, fn func(tx *sql.Tx) (int64, error)) (int64, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	n, err := fn(tx)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return 0, nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE kb_version SET version = version + 1 WHERE id = 1"); err != nil {
		return 0, fmt.Errorf("%s: version: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("%s: commit: %w", what, err)
	}
	return n, nil
}

// CreateKBEntry stores an entry and sets its ID.
func (s *Store) CreateKBEntry(ctx context.Context, e *rapport.KBEntry) error {
	ex, err := json.Marshal(nonNil(e.Examples))
	if err != nil {
		return err
	}
	_, err = s.kbChange(ctx, "create kb entry", func(tx *sql.Tx) (int64, error) {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO kb_entries (lang, question, answer, examples, handover, created_at, updated_at)
 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), e.Lang, e.Question, e.Answer, string(ex), flag(e.Handover),
			ms(e.CreatedAt), ms(e.UpdatedAt)).Scan(&e.ID)
		return 1, err
	})
	return err
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// UpdateKBEntry replaces an entry's content (not its creation time).
func (s *Store) UpdateKBEntry(ctx context.Context, e *rapport.KBEntry) error {
	ex, err := json.Marshal(nonNil(e.Examples))
	if err != nil {
		return err
	}
	n, err := s.kbChange(ctx, "update kb entry", func(tx *sql.Tx) (int64, error) {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE kb_entries SET lang = ?, question = ?, answer = ?, examples = ?,
 handover = ?, updated_at = ? WHERE id = ?`), e.Lang, e.Question, e.Answer, string(ex), flag(e.Handover), ms(e.UpdatedAt), e.ID)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	})
	if err == nil && n == 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "knowledge-base entry %d not found", e.ID)
	}
	return err
}

// DeleteKBEntry removes an entry.
func (s *Store) DeleteKBEntry(ctx context.Context, id int64) error {
	n, err := s.kbChange(ctx, "delete kb entry", func(tx *sql.Tx) (int64, error) {
		res, err := tx.ExecContext(ctx, s.q("DELETE FROM kb_entries WHERE id = ?"), id)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	})
	if err == nil && n == 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "knowledge-base entry %d not found", id)
	}
	return err
}

// KBEntry returns one entry.
func (s *Store) KBEntry(ctx context.Context, id int64) (*rapport.KBEntry, error) {
	e, err := scanKB(s.read.QueryRowContext(ctx, s.q("SELECT "+kbColumns+" FROM kb_entries WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "knowledge-base entry %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("kb entry %d: %w", id, err)
	}
	return &e, nil
}

// KBEntries lists every entry, oldest first.
func (s *Store) KBEntries(ctx context.Context) ([]rapport.KBEntry, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+kbColumns+" FROM kb_entries ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("kb entries: %w", err)
	}
	defer rows.Close()
	out := []rapport.KBEntry{}
	for rows.Next() {
		e, err := scanKB(rows)
		if err != nil {
			return nil, fmt.Errorf("kb entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scanKB(row interface{ Scan(...any) error }) (rapport.KBEntry, error) {
	var e rapport.KBEntry
	var ex string
	var handover int
	var created, updated int64
	if err := row.Scan(&e.ID, &e.Lang, &e.Question, &e.Answer, &ex, &handover, &created, &updated); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(ex), &e.Examples); err != nil {
		return e, fmt.Errorf("entry %d examples: %w", e.ID, err)
	}
	e.Handover, e.CreatedAt, e.UpdatedAt = handover != 0, fromMS(created), fromMS(updated)
	return e, nil
}

// KBVersion returns the counter every knowledge-base change bumps.
func (s *Store) KBVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.read.QueryRowContext(ctx, "SELECT version FROM kb_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("kb version: %w", err)
	}
	return v, nil
}

// AddAssistantMessages appends messages in one transaction and sets their IDs.
func (s *Store) AddAssistantMessages(ctx context.Context, msgs ...*rapport.AssistantMessage) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("assistant messages: %w", err)
	}
	defer tx.Rollback()
	for _, m := range msgs {
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO assistant_messages
 (conversation_id, customer_id, role, text, entry_id, confidence, handover, created_at)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), m.ConversationID, m.CustomerID, m.Role, m.Text, m.EntryID,
			m.Confidence, flag(m.Handover), ms(m.CreatedAt)).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("assistant message %s: %w", m.ConversationID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("assistant messages: commit: %w", err)
	}
	return nil
}

// AssistantConversation returns a conversation's messages in order.
func (s *Store) AssistantConversation(ctx context.Context, conversationID string) ([]rapport.AssistantMessage, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, conversation_id, customer_id, role, text, entry_id, confidence,
 handover, created_at FROM assistant_messages WHERE conversation_id = ? ORDER BY id`), conversationID)
	if err != nil {
		return nil, fmt.Errorf("conversation %s: %w", conversationID, err)
	}
	defer rows.Close()
	out := []rapport.AssistantMessage{}
	for rows.Next() {
		var m rapport.AssistantMessage
		var handover int
		var created int64
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.CustomerID, &m.Role, &m.Text, &m.EntryID, &m.Confidence,
			&handover, &created); err != nil {
			return nil, fmt.Errorf("conversation %s: %w", conversationID, err)
		}
		m.Handover, m.CreatedAt = handover != 0, fromMS(created)
		out = append(out, m)
	}
	return out, rows.Err()
}
