package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// CreateSurvey stores a survey definition and sets its ID.
func (s *Store) CreateSurvey(ctx context.Context, sv *rapport.Survey) error {
	def, err := encodeValue(sv)
	if err != nil {
		return fmt.Errorf("create survey %s: %w", sv.Key, err)
	}
	const query = `INSERT INTO surveys (survey_key, definition, trigger_event, schedule, next_run_at, active, created_at)
 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`
	err = s.write.QueryRowContext(ctx, s.q(query), sv.Key, def, sv.TriggerEvent, sv.Schedule, ms(sv.NextRunAt),
		bit(sv.Active), ms(sv.CreatedAt)).Scan(&sv.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ECONFLICT, "a survey with key %s exists", sv.Key)
	}
	if err != nil {
		return fmt.Errorf("create survey %s: %w", sv.Key, err)
	}
	return nil
}

// UpdateSurvey replaces a survey's definition.
func (s *Store) UpdateSurvey(ctx context.Context, sv *rapport.Survey) error {
	def, err := encodeValue(sv)
	if err != nil {
		return fmt.Errorf("update survey %d: %w", sv.ID, err)
	}
	return s.update(ctx, "survey", sv.ID, `UPDATE surveys SET survey_key = ?, definition = ?, trigger_event = ?,
 schedule = ?, next_run_at = ?, active = ? WHERE id = ?`,
		sv.Key, def, sv.TriggerEvent, sv.Schedule, ms(sv.NextRunAt), bit(sv.Active), sv.ID)
}

const surveyColumns = "id, definition, next_run_at, active"

// Survey returns one survey.
func (s *Store) Survey(ctx context.Context, id int64) (*rapport.Survey, error) {
	row := s.read.QueryRowContext(ctx, s.q("SELECT "+surveyColumns+" FROM surveys WHERE id = ?"), id)
	sv, err := scanSurvey(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "survey %d not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("survey %d: %w", id, err)
	}
	return sv, nil
}

// Surveys lists every survey, oldest first.
func (s *Store) Surveys(ctx context.Context) ([]rapport.Survey, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+surveyColumns+" FROM surveys ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("surveys: %w", err)
	}
	defer rows.Close()
	out := []rapport.Survey{}
	for rows.Next() {
		sv, err := scanSurvey(rows)
		if err != nil {
			return nil, fmt.Errorf("surveys: %w", err)
		}
		out = append(out, *sv)
	}
	return out, rows.Err()
}

func scanSurvey(row interface{ Scan(...any) error }) (*rapport.Survey, error) {
	var sv rapport.Survey
	var def string
	var id, next int64
	var active int
	if err := row.Scan(&id, &def, &next, &active); err != nil {
		return nil, err
	}
	if err := decodeJSON(def, &sv); err != nil {
		return nil, err
	}
	sv.ID, sv.NextRunAt, sv.Active = id, fromMS(next), active == 1
	return &sv, nil
}

// ClaimSurveyRun moves a scheduled survey's next run from prev to next.
func (s *Store) ClaimSurveyRun(ctx context.Context, id int64, prev, next time.Time) (bool, error) {
	res, err := s.write.ExecContext(ctx, s.q("UPDATE surveys SET next_run_at = ? WHERE id = ? AND next_run_at = ?"),
		ms(next), id, ms(prev))
	if err != nil {
		return false, fmt.Errorf("claim run of survey %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DefaultCapDays is the frequency cap of a new shop.
const DefaultCapDays = 30

// SurveySettings returns the rules, creating them on first use.
func (s *Store) SurveySettings(ctx context.Context, secret []byte) (rapport.SurveySettings, error) {
	var out rapport.SurveySettings
	if len(secret) > 0 {
		_, err := s.write.ExecContext(ctx, s.q(`INSERT INTO survey_settings (id, cap_days, secret) VALUES (1, ?, ?)
 ON CONFLICT DO NOTHING`), DefaultCapDays, hex.EncodeToString(secret))
		if err != nil {
			return out, fmt.Errorf("survey settings: %w", err)
		}
	}
	var hexSecret string
	err := s.write.QueryRowContext(ctx, "SELECT cap_days, secret, webhook FROM survey_settings WHERE id = 1").
		Scan(&out.CapDays, &hexSecret, &out.Webhook)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.SurveySettings{CapDays: DefaultCapDays}, nil
	}
	if err != nil {
		return out, fmt.Errorf("survey settings: %w", err)
	}
	if out.Secret, err = hex.DecodeString(hexSecret); err != nil {
		return out, fmt.Errorf("survey settings: secret: %w", err)
	}
	return out, nil
}

// SaveSurveySettings changes the cap and the webhook.
func (s *Store) SaveSurveySettings(ctx context.Context, set rapport.SurveySettings) error {
	return s.update(ctx, "survey settings", 1, "UPDATE survey_settings SET cap_days = ?, webhook = ? WHERE id = 1",
		set.CapDays, set.Webhook)
}

// RecordContact notes that a customer was contacted at a time.
func (s *Store) RecordContact(ctx context.Context, customerID string, at time.Time) error {
	return s.inTx(ctx, func(t *txq) error { return recordContact(ctx, t, customerID, at) })
}

func recordContact(ctx context.Context, t *txq, customerID string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO customer_contacts (customer_id, last_at) VALUES (?, ?)
 ON CONFLICT (customer_id) DO UPDATE SET last_at = excluded.last_at WHERE excluded.last_at > customer_contacts.last_at`,
		customerID, ms(at))
	if err != nil {
		return fmt.Errorf("contact %s: %w", customerID, err)
	}
	return nil
}

// ContactedSince returns the customers contacted at or after since.
func (s *Store) ContactedSince(ctx context.Context, since time.Time) (map[string]time.Time, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT customer_id, last_at FROM customer_contacts WHERE last_at >= ?"), ms(since))
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("contacts: %w", err)
		}
		out[id] = fromMS(at)
	}
	return out, rows.Err()
}

// EventsNamed returns the events with one of the names in [from, to).
func (s *Store) EventsNamed(ctx context.Context, names []string, from, to time.Time) ([]rapport.Event, error) {
	if len(names) == 0 {
		return nil, nil
	}
	args := []any{}
	for _, n := range names {
		args = append(args, n)
	}
	args = append(args, ms(from), ms(to))
	query := "SELECT seq, " + eventColumns + " FROM events WHERE name IN " + inList(len(names)) +
		" AND ts >= ? AND ts < ? ORDER BY ts, seq"
	rows, err := s.read.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("events named %v: %w", names, err)
	}
	defer rows.Close()
	out := []rapport.Event{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("events named %v: %w", names, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CustomerIDs lists known customers by id.
func (s *Store) CustomerIDs(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id FROM customers WHERE known = 1 ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("customer ids: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("customer ids: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
