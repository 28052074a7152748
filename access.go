package rapport

import "time"

// Role is what a console user may do.
type Role string

// The console roles.
const (
	RoleAdmin   Role = "admin"   // everything, including users and keys
	RoleAnalyst Role = "analyst" // read everything, edit segments, surveys and reports
	RoleAgent   Role = "agent"   // service cases and customer 360
)

// ValidRole reports whether r is one of the defined roles.
func ValidRole(r Role) bool { return r == RoleAdmin || r == RoleAnalyst || r == RoleAgent }

// User is a console login.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Locale       string    `json:"locale"` // "en" or "zh"
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a logged-in console browser.
type Session struct {
	TokenHash string // SHA-256 of the cookie value, hex
	UserID    int64
	CSRF      string // token forms must echo
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Scopes an API token can carry.
const (
	ScopeRead  = "read"  // GET on /api/v1
	ScopeWrite = "write" // changes through /api/v1
	ScopeAdmin = "admin" // users, tokens and write keys
)

// APIToken is a bearer token for the JSON API. Only its hash is stored.
type APIToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"` // first characters, to recognise it in lists
	Hash      string    `json:"-"`
	Scopes    []string  `json:"scopes"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// HasScope reports whether the token carries scope s (admin implies all).
func (t *APIToken) HasScope(s string) bool {
	for _, have := range t.Scopes {
		if have == s || have == ScopeAdmin {
			return true
		}
	}
	return false
}

// WriteKey lets one event source (a shop's app, mini-program, website or
// importer) send events to /v1. Keys are random and stored as given, since
// Segment clients send them in clear on every request.
type WriteKey struct {
	ID        int64     `json:"id"`
	Key       string    `json:"key"`
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}
