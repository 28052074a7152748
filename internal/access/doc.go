// Package access owns credentials: password hashing for console users and the
// random tokens behind sessions, API tokens and write keys. It stores nothing.
package access
