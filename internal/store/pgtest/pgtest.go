// Package pgtest gives tests a PostgreSQL schema of their own on the test
// server: 127.0.0.1:5432 unless RAPPORT_TEST_POSTGRES names another. An
// unreachable server fails the test; RAPPORT_SKIP_POSTGRES=1 skips instead,
// for machines without PostgreSQL (CI never sets it).
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// defaultDSN is the local server the tests use unless RAPPORT_TEST_POSTGRES names another.
const defaultDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// ServerDSN returns the test server's DSN.
func ServerDSN(tb testing.TB) string {
	tb.Helper()
	if os.Getenv("RAPPORT_SKIP_POSTGRES") == "1" {
		tb.Skip("RAPPORT_SKIP_POSTGRES=1")
	}
	if dsn := os.Getenv("RAPPORT_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	return defaultDSN
}

// FreshSchema creates a schema of its own for tb, dropped at cleanup, and
// returns a DSN whose search_path selects it.
func FreshSchema(tb testing.TB) string {
	tb.Helper()
	dsn := ServerDSN(tb)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = admin.Close() })
	schema := "rapport_test_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("PostgreSQL at %s (set RAPPORT_TEST_POSTGRES, or RAPPORT_SKIP_POSTGRES=1): %v", dsn, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("RAPPORT_TEST_POSTGRES must be a URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
