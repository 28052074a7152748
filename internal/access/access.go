package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"golang.org/x/crypto/bcrypt"

	"github.com/rapport-cx/rapport"
)

// MinPasswordLength is the shortest password a user may set.
const MinPasswordLength = 10

// HashPassword returns the bcrypt hash of a password, or EINVALID if it is too short.
func HashPassword(password string) (string, error) {
	if len(password) < MinPasswordLength {
		return "", rapport.FieldErrorf("password", "must be at least %d characters", MinPasswordLength)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// CheckPassword reports whether password matches the bcrypt hash.
func CheckPassword(hash, password string) bool {
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	return err == nil
}

// NewToken returns a random URL-safe token with the given prefix, e.g. "rpt_".
func NewToken(prefix string) string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(errors.Join(errors.New("access: no randomness"), err))
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hex SHA-256 of a token, the form in which session and
// API tokens are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Token prefixes, so a leaked credential is recognisable by what it opens.
const (
	APITokenPrefix = "rpt_" // bearer tokens for /api/v1
	WriteKeyPrefix = "wk_"  // Segment write keys for /v1
	SessionPrefix  = "rps_" // console session cookies
)
