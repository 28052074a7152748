package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
	"github.com/rapport-cx/rapport/internal/store/postgres"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
	"github.com/rapport-cx/rapport/internal/store/storetest"
)

// openFresh opens and migrates a store on a fresh schema.
func openFresh(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), pgtest.FreshSchema(tb))
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
	s, err := postgres.Open(context.Background(), pgtest.FreshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The first run applies every migration, 0001 first; the second none.
	first, err := postgres.Migrate(context.Background(), s.DB())
	if err != nil || len(first) == 0 || first[0] != 1 {
		t.Fatalf("first migration applied %v (%v), want 1 and later versions", first, err)
	}
	if again, err := postgres.Migrate(context.Background(), s.DB()); err != nil || len(again) != 0 {
		t.Fatalf("second migration applied %v (%v), want none", again, err)
	}
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(fmt.Errorf("the schema's tables must be on the search_path: %w", err))
	}
}
