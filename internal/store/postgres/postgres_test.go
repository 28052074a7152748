package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/postgres"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
	"github.com/rapport-cx/rapport/internal/store/storetest"
)

// defaultDSN is the local server the tests use unless RAPPORT_TEST_POSTGRES names another.
const defaultDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// serverDSN returns the test server's DSN. An unreachable server fails the
// test unless RAPPORT_SKIP_POSTGRES=1.
func serverDSN(tb testing.TB) string {
	tb.Helper()
	if os.Getenv("RAPPORT_SKIP_POSTGRES") == "1" {
		tb.Skip("RAPPORT_SKIP_POSTGRES=1")
	}
	dsn := os.Getenv("RAPPORT_TEST_POSTGRES")
	if dsn == "" {
		dsn = defaultDSN
	}
	return dsn
}

// freshSchema creates a schema of its own for tb, dropped at cleanup, and
// returns a DSN whose search_path selects it.
func freshSchema(tb testing.TB) string {
	tb.Helper()
	dsn := serverDSN(tb)
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

// openFresh opens and migrates a store on a fresh schema.
func openFresh(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), freshSchema(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() }) // runs before the schema is dropped
	if _, err := postgres.Migrate(context.Background(), s.DB()); err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Exercise(t, func(t *testing.T) rapport.Store { return openFresh(t) })
}

func BenchmarkIngest(b *testing.B) {
	storetest.BenchmarkIngest(b, func(b *testing.B) rapport.Store { return openFresh(b) })
}

func TestMigrateTwice(t *testing.T) {
	s, err := postgres.Open(context.Background(), freshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, want := range [][]int64{{1}, {}} {
		got, err := postgres.Migrate(context.Background(), s.DB())
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("migration %d applied %v (%v), want %v", i, got, err, want)
		}
	}
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(fmt.Errorf("the schema's tables must be on the search_path: %w", err))
	}
}
