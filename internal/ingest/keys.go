package ingest

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
)

// maxCachedKeys bounds the key cache; past it the cache starts afresh, so
// requests with random keys cannot grow it without limit.
const maxCachedKeys = 10_000

// keyCache remembers write-key lookups briefly so that ingestion does not
// read the database on every request. A revoked key keeps working for at
// most ttl; an unknown key is remembered as unknown for at most ttl/6.
type keyCache struct {
	store rapport.AccessStore
	clock rapport.Clock
	ttl   time.Duration
	mu    sync.Mutex
	keys  map[string]cachedKey
}

// cachedKey is one lookup result: the source, or "" for an unknown key.
type cachedKey struct {
	source  string
	known   bool
	expires time.Time
}

// errBadKey is the answer for a missing, unknown or revoked write key.
var errBadKey = rapport.Errorf(rapport.EUNAUTHORIZED, "missing, unknown or revoked write key")

// source returns the source name of a valid write key, errBadKey for a bad
// one, or the store's error.
func (c *keyCache) source(ctx context.Context, key string) (string, error) {
	if key == "" {
		return "", errBadKey
	}
	now := c.clock.Now()
	c.mu.Lock()
	hit, ok := c.keys[key]
	c.mu.Unlock()
	if !ok || now.After(hit.expires) {
		var err error
		if hit, err = c.lookup(ctx, key, now); err != nil {
			return "", err
		}
	}
	if !hit.known {
		return "", errBadKey
	}
	return hit.source, nil
}

// lookup reads a key from the store and caches the answer.
func (c *keyCache) lookup(ctx context.Context, key string, now time.Time) (cachedKey, error) {
	wk, err := c.store.WriteKeyByKey(ctx, key)
	hit := cachedKey{expires: now.Add(c.ttl)}
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		hit.expires = now.Add(c.ttl / 6)
	case err != nil:
		return hit, err
	case !wk.RevokedAt.IsZero():
	default:
		hit.source, hit.known = wk.Source, true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil || len(c.keys) >= maxCachedKeys {
		c.keys = make(map[string]cachedKey)
	}
	c.keys[key] = hit
	return hit, nil
}

// basicAuthKey returns the write key sent as the basic-auth user. Some
// clients encode the key without the ":" and empty password; that works too.
func basicAuthKey(r *http.Request) string {
	h := r.Header.Get("Authorization")
	const prefix = "basic "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return ""
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len(prefix):]))
	if err != nil {
		return ""
	}
	user, _, _ := strings.Cut(string(raw), ":")
	return user
}
