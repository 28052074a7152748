package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// CreateUser adds a console user and sets its ID.
func (s *Store) CreateUser(ctx context.Context, u *rapport.User) error {
	const query = `INSERT INTO users (email, name, role, locale, password_hash, created_at)
 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`
	err := s.write.QueryRowContext(ctx, s.q(query), u.Email, u.Name, string(u.Role), u.Locale,
		u.PasswordHash, ms(u.CreatedAt)).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ECONFLICT, "a user with email %s exists", u.Email)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return nil
}

const userColumns = "id, email, name, role, locale, password_hash, created_at"

// UserByEmail finds a user by email, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*rapport.User, error) {
	return s.user(ctx, "lower(email) = lower(?)", email)
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id int64) (*rapport.User, error) {
	return s.user(ctx, "id = ?", id)
}

func (s *Store) user(ctx context.Context, where string, arg any) (*rapport.User, error) {
	var u rapport.User
	var role string
	var created int64
	err := s.read.QueryRowContext(ctx, s.q("SELECT "+userColumns+" FROM users WHERE "+where), arg).
		Scan(&u.ID, &u.Email, &u.Name, &role, &u.Locale, &u.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "user %v not found", arg)
	}
	if err != nil {
		return nil, fmt.Errorf("user %v: %w", arg, err)
	}
	u.Role, u.CreatedAt = rapport.Role(role), fromMS(created)
	return &u, nil
}

// SetUserLocale remembers a user's console language.
func (s *Store) SetUserLocale(ctx context.Context, id int64, locale string) error {
	return s.update(ctx, "user", id, "UPDATE users SET locale = ? WHERE id = ?", locale, id)
}

// CountUsers returns how many users exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateSession stores a new console session.
func (s *Store) CreateSession(ctx context.Context, sess *rapport.Session) error {
	const query = `INSERT INTO sessions (token_hash, user_id, csrf, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`
	_, err := s.write.ExecContext(ctx, s.q(query), sess.TokenHash, sess.UserID, sess.CSRF,
		ms(sess.ExpiresAt), ms(sess.CreatedAt))
	if err != nil {
		return fmt.Errorf("create session for user %d: %w", sess.UserID, err)
	}
	return nil
}

// SessionByTokenHash returns the unexpired session with this token hash.
func (s *Store) SessionByTokenHash(ctx context.Context, hash string, now time.Time) (*rapport.Session, error) {
	const query = `SELECT token_hash, user_id, csrf, expires_at, created_at FROM sessions
 WHERE token_hash = ? AND expires_at > ?`
	var sess rapport.Session
	var expires, created int64
	err := s.read.QueryRowContext(ctx, s.q(query), hash, ms(now)).
		Scan(&sess.TokenHash, &sess.UserID, &sess.CSRF, &expires, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "session not found")
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	sess.ExpiresAt, sess.CreatedAt = fromMS(expires), fromMS(created)
	return &sess, nil
}

// DeleteSession logs a session out.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.write.ExecContext(ctx, s.q("DELETE FROM sessions WHERE token_hash = ?"), hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// update runs a one-row change, ENOTFOUND when no row of kind id matched.
func (s *Store) update(ctx context.Context, kind string, id int64, query string, args ...any) error {
	res, err := s.write.ExecContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("update %s %d: %w", kind, id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update %s %d: %w", kind, id, err)
	} else if n == 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "%s %d not found", kind, id)
	}
	return nil
}
