package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// ScheduleInvitation stores a pending invitation unless its trigger already has one.
func (s *Store) ScheduleInvitation(ctx context.Context, inv *rapport.Invitation) (bool, error) {
	const query = `INSERT INTO survey_invitations (survey_id, customer_id, trigger_ref, status, due_at)
 VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`
	inv.Status = rapport.InvitePending
	err := s.write.QueryRowContext(ctx, s.q(query), inv.SurveyID, inv.CustomerID, inv.TriggerRef, inv.Status,
		ms(inv.DueAt)).Scan(&inv.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("schedule invitation of %s to survey %d: %w", inv.CustomerID, inv.SurveyID, err)
	}
	return true, nil
}

const invitationColumns = "id, survey_id, customer_id, trigger_ref, status, due_at, sent_at, expires_at, responded_at"

func scanInvitation(row interface{ Scan(...any) error }) (rapport.Invitation, error) {
	var inv rapport.Invitation
	var due, sent, expires, responded int64
	err := row.Scan(&inv.ID, &inv.SurveyID, &inv.CustomerID, &inv.TriggerRef, &inv.Status, &due, &sent, &expires, &responded)
	inv.DueAt, inv.SentAt, inv.ExpiresAt, inv.RespondedAt = fromMS(due), fromMS(sent), fromMS(expires), fromMS(responded)
	return inv, err
}

func (s *Store) invitations(ctx context.Context, where string, args ...any) ([]rapport.Invitation, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+invitationColumns+" FROM survey_invitations "+where), args...)
	if err != nil {
		return nil, fmt.Errorf("invitations: %w", err)
	}
	defer rows.Close()
	out := []rapport.Invitation{}
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("invitations: %w", err)
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// DueInvitations lists pending invitations due at or before now.
func (s *Store) DueInvitations(ctx context.Context, now time.Time, limit int) ([]rapport.Invitation, error) {
	return s.invitations(ctx, "WHERE status = ? AND due_at <= ? ORDER BY due_at, id LIMIT ?",
		rapport.InvitePending, ms(now), max(limit, 1))
}

// Invitation returns one invitation.
func (s *Store) Invitation(ctx context.Context, id int64) (*rapport.Invitation, error) {
	list, err := s.invitations(ctx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "invitation %d not found", id)
	}
	return &list[0], nil
}

// Invitations lists invitations matching q, newest first.
func (s *Store) Invitations(ctx context.Context, q rapport.InvitationQuery) ([]rapport.Invitation, error) {
	var conds []string
	var args []any
	if q.SurveyID != 0 {
		conds, args = append(conds, "survey_id = ?"), append(args, q.SurveyID)
	}
	if q.CustomerID != "" {
		conds, args = append(conds, "customer_id = ?"), append(args, q.CustomerID)
	}
	if q.Status != "" {
		conds, args = append(conds, "status = ?"), append(args, q.Status)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	return s.invitations(ctx, where+" ORDER BY due_at DESC, id DESC LIMIT ?", append(args, limit)...)
}

// InvitationCounts counts a survey's invitations by status.
func (s *Store) InvitationCounts(ctx context.Context, surveyID int64) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT status, count(*) FROM survey_invitations WHERE survey_id = ? GROUP BY status"), surveyID)
	if err != nil {
		return nil, fmt.Errorf("invitation counts of survey %d: %w", surveyID, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("invitation counts of survey %d: %w", surveyID, err)
		}
		out[status] = n
	}
	return out, rows.Err()
}

// IssueInvitation sends a pending invitation or caps it, in one transaction.
func (s *Store) IssueInvitation(ctx context.Context, id int64, now time.Time, capDays int, expires time.Time) (string, error) {
	var status string
	err := s.inTx(ctx, func(t *txq) error {
		rows, err := t.query(ctx, "SELECT customer_id FROM survey_invitations WHERE id = ? AND status = ?", id, rapport.InvitePending)
		if err != nil {
			return err
		}
		var customer string
		found := rows.Next()
		if found {
			err = rows.Scan(&customer)
		}
		rows.Close()
		if err != nil || !found {
			return err
		}
		var last int64
		rows, err = t.query(ctx, "SELECT last_at FROM customer_contacts WHERE customer_id = ?", customer)
		if err != nil {
			return err
		}
		if rows.Next() {
			err = rows.Scan(&last)
		}
		rows.Close()
		if err != nil {
			return err
		}
		status = rapport.InviteSent
		if last != 0 && capDays > 0 && now.Sub(fromMS(last)) < time.Duration(capDays)*24*time.Hour {
			status = rapport.InviteCapped
		}
		if _, err := t.exec(ctx, "UPDATE survey_invitations SET status = ?, sent_at = ?, expires_at = ? WHERE id = ? AND status = ?",
			status, ms(now), ms(expires), id, rapport.InvitePending); err != nil {
			return err
		}
		if status == rapport.InviteSent {
			return recordContact(ctx, t, customer, now)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("issue invitation %d: %w", id, err)
	}
	return status, nil
}

// SkipInvitation marks a pending invitation skipped.
func (s *Store) SkipInvitation(ctx context.Context, id int64) error {
	return s.update(ctx, "pending invitation", id, "UPDATE survey_invitations SET status = ? WHERE id = ? AND status = ?",
		rapport.InviteSkipped, id, rapport.InvitePending)
}

// RecordResponse stores an answer, spending its invitation if it has one.
func (s *Store) RecordResponse(ctx context.Context, r *rapport.SurveyResponse) error {
	return s.inTx(ctx, func(t *txq) error {
		if r.InvitationID != 0 {
			if err := spendInvitation(ctx, t, r); err != nil {
				return err
			}
		}
		rows, err := t.query(ctx, `INSERT INTO survey_responses (ref, survey_id, invitation_id, customer_id, kind, score, reason, source, at)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
			r.Ref, r.SurveyID, r.InvitationID, r.CustomerID, string(r.Kind), r.Score, r.Reason, r.Source, ms(r.At))
		if err != nil {
			return fmt.Errorf("record response %s: %w", r.Ref, err)
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return fmt.Errorf("record response %s: %w", r.Ref, err)
			}
			return rapport.Errorf(rapport.ECONFLICT, "response %s is already recorded", r.Ref)
		}
		return rows.Scan(&r.ID)
	})
}

// spendInvitation marks the answer's invitation answered, or says why it cannot be.
func spendInvitation(ctx context.Context, t *txq, r *rapport.SurveyResponse) error {
	rows, err := t.query(ctx, "SELECT "+invitationColumns+" FROM survey_invitations WHERE id = ?", r.InvitationID)
	if err != nil {
		return fmt.Errorf("invitation %d: %w", r.InvitationID, err)
	}
	var inv rapport.Invitation
	found := rows.Next()
	if found {
		inv, err = scanInvitation(rows)
	}
	rows.Close()
	switch {
	case err != nil:
		return fmt.Errorf("invitation %d: %w", r.InvitationID, err)
	case !found || inv.SurveyID != r.SurveyID || inv.CustomerID != r.CustomerID:
		return rapport.Errorf(rapport.ENOTFOUND, "invitation %d not found", r.InvitationID)
	case inv.Status == rapport.InviteAnswered:
		return rapport.Errorf(rapport.ECONFLICT, "this survey was already answered on %s", inv.RespondedAt.Format("2006-01-02"))
	case inv.Status != rapport.InviteSent:
		return rapport.Errorf(rapport.ENOTFOUND, "invitation %d was never sent", r.InvitationID)
	case !r.At.Before(inv.ExpiresAt):
		return rapport.Errorf(rapport.EFORBIDDEN, "this link expired on %s", inv.ExpiresAt.Format("2006-01-02 15:04 MST"))
	}
	_, err = t.exec(ctx, "UPDATE survey_invitations SET status = ?, responded_at = ? WHERE id = ? AND status = ?",
		rapport.InviteAnswered, ms(r.At), r.InvitationID, rapport.InviteSent)
	return err
}

// SurveyResponses lists a survey's answers, newest first.
func (s *Store) SurveyResponses(ctx context.Context, surveyID int64, limit int) ([]rapport.SurveyResponse, error) {
	where, args := "", []any{}
	if surveyID != 0 {
		where, args = "WHERE survey_id = ?", append(args, surveyID)
	}
	out, err := s.responses(ctx, where, args, limit)
	if err != nil {
		return nil, fmt.Errorf("responses of survey %d: %w", surveyID, err)
	}
	return out, nil
}
