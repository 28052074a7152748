package access

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// validScopes are the scopes a token may carry.
var validScopes = map[string]bool{rapport.ScopeRead: true, rapport.ScopeWrite: true, rapport.ScopeAdmin: true}

// CreateAPIToken makes a token with the given scopes and stores its hash. It
// returns the token itself, which is shown once and never stored.
func CreateAPIToken(ctx context.Context, s rapport.AccessStore, name string, scopes []string, now time.Time) (string, *rapport.APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, rapport.FieldErrorf("name", "must be 1 to 100 characters")
	}
	if len(scopes) == 0 {
		return "", nil, rapport.FieldErrorf("scopes", "at least one of read, write, admin is required")
	}
	for _, sc := range scopes {
		if !validScopes[sc] {
			return "", nil, rapport.FieldErrorf("scopes", "unknown scope %q (want read, write or admin)", sc)
		}
	}
	raw := NewToken(APITokenPrefix)
	t := &rapport.APIToken{Name: name, Prefix: raw[:len(APITokenPrefix)+6], Hash: HashToken(raw), Scopes: scopes, CreatedAt: now}
	if err := s.CreateAPIToken(ctx, t); err != nil {
		return "", nil, err
	}
	return raw, t, nil
}

// CreateWriteKey makes a write key for an event source.
func CreateWriteKey(ctx context.Context, s rapport.AccessStore, source string, now time.Time) (*rapport.WriteKey, error) {
	source = strings.TrimSpace(source)
	if source == "" || len(source) > 100 {
		return nil, rapport.FieldErrorf("source", "must be 1 to 100 characters")
	}
	k := &rapport.WriteKey{Key: NewToken(WriteKeyPrefix), Source: source, CreatedAt: now}
	if err := s.CreateWriteKey(ctx, k); err != nil {
		return nil, err
	}
	return k, nil
}

// CreateUser validates and stores a console user with a hashed password.
func CreateUser(ctx context.Context, s rapport.AccessStore, email, name string, role rapport.Role, password string, now time.Time) (*rapport.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") {
		return nil, rapport.FieldErrorf("email", "%q is not an email address", email)
	}
	if !rapport.ValidRole(role) {
		return nil, rapport.FieldErrorf("role", "unknown role %q (want admin, analyst or agent)", role)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = email
	}
	u := &rapport.User{Email: email, Name: name, Role: role, Locale: "en", PasswordHash: hash, CreatedAt: now}
	if err := s.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
