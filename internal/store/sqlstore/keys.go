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

// CreateAPIToken stores a token's hash and sets its ID.
func (s *Store) CreateAPIToken(ctx context.Context, t *rapport.APIToken) error {
	const query = `INSERT INTO api_tokens (name, prefix, hash, scopes, created_at, revoked_at)
 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`
	err := s.write.QueryRowContext(ctx, s.q(query), t.Name, t.Prefix, t.Hash, strings.Join(t.Scopes, " "),
		ms(t.CreatedAt), ms(t.RevokedAt)).Scan(&t.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ECONFLICT, "token %s exists", t.Prefix)
	}
	if err != nil {
		return fmt.Errorf("create token %s: %w", t.Name, err)
	}
	return nil
}

const tokenColumns = "id, name, prefix, hash, scopes, created_at, revoked_at"

// APITokenByHash returns the unrevoked token with this hash.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (*rapport.APIToken, error) {
	row := s.read.QueryRowContext(ctx, s.q("SELECT "+tokenColumns+" FROM api_tokens WHERE hash = ? AND revoked_at = 0"), hash)
	t, err := scanToken(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "token not found")
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return &t, nil
}

// ListAPITokens lists every token, revoked ones included, oldest first.
func (s *Store) ListAPITokens(ctx context.Context) ([]rapport.APIToken, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	out := []rapport.APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func scanToken(row interface{ Scan(...any) error }) (rapport.APIToken, error) {
	var t rapport.APIToken
	var scopes string
	var created, revoked int64
	if err := row.Scan(&t.ID, &t.Name, &t.Prefix, &t.Hash, &scopes, &created, &revoked); err != nil {
		return t, err
	}
	t.Scopes, t.CreatedAt, t.RevokedAt = strings.Fields(scopes), fromMS(created), fromMS(revoked)
	return t, nil
}

// RevokeAPIToken marks a token revoked at the given time.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, at time.Time) error {
	return s.update(ctx, "token", id, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", ms(at), id)
}

// CreateWriteKey stores a write key and sets its ID.
func (s *Store) CreateWriteKey(ctx context.Context, k *rapport.WriteKey) error {
	const query = `INSERT INTO write_keys (write_key, source, created_at, revoked_at)
 VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`
	err := s.write.QueryRowContext(ctx, s.q(query), k.Key, k.Source, ms(k.CreatedAt), ms(k.RevokedAt)).Scan(&k.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ECONFLICT, "write key for %s exists", k.Source)
	}
	if err != nil {
		return fmt.Errorf("create write key for %s: %w", k.Source, err)
	}
	return nil
}

const keyColumns = "id, write_key, source, created_at, revoked_at"

// WriteKeyByKey returns the unrevoked write key with this value.
func (s *Store) WriteKeyByKey(ctx context.Context, key string) (*rapport.WriteKey, error) {
	row := s.read.QueryRowContext(ctx, s.q("SELECT "+keyColumns+" FROM write_keys WHERE write_key = ? AND revoked_at = 0"), key)
	k, err := scanKey(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "write key not found")
	}
	if err != nil {
		return nil, fmt.Errorf("write key: %w", err)
	}
	return &k, nil
}

// ListWriteKeys lists every key, revoked ones included, oldest first.
func (s *Store) ListWriteKeys(ctx context.Context) ([]rapport.WriteKey, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+keyColumns+" FROM write_keys ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list write keys: %w", err)
	}
	defer rows.Close()
	out := []rapport.WriteKey{}
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, fmt.Errorf("list write keys: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func scanKey(row interface{ Scan(...any) error }) (rapport.WriteKey, error) {
	var k rapport.WriteKey
	var created, revoked int64
	if err := row.Scan(&k.ID, &k.Key, &k.Source, &created, &revoked); err != nil {
		return k, err
	}
	k.CreatedAt, k.RevokedAt = fromMS(created), fromMS(revoked)
	return k, nil
}

// RevokeWriteKey marks a write key revoked at the given time.
func (s *Store) RevokeWriteKey(ctx context.Context, id int64, at time.Time) error {
	return s.update(ctx, "write key", id, "UPDATE write_keys SET revoked_at = ? WHERE id = ?", ms(at), id)
}
