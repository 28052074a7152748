package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rapport-cx/rapport/internal/store"
)

func TestIsPostgres(t *testing.T) {
	for dsn, want := range map[string]bool{
		"postgres://u@h/db":           true,
		"postgresql://u@h/db":         true,
		"data/rapport.db":             false,
		"file:data/rapport.db?x=1":    false,
		"/var/lib/rapport/rapport.db": false,
	} {
		if got := store.IsPostgres(dsn); got != want {
			t.Errorf("IsPostgres(%q) = %v, want %v", dsn, got, want)
		}
	}
}

func TestMigrateThenOpen(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "data", "rapport.db")
	applied, err := store.Migrate(ctx, dsn)
	if err != nil || len(applied) == 0 || applied[0] != 1 {
		t.Fatalf("Migrate applied %v (%v), want 1 and later versions", applied, err)
	}
	if again, err := store.Migrate(ctx, dsn); err != nil || len(again) != 0 {
		t.Fatalf("second Migrate applied %v (%v), want nothing", again, err)
	}
	s, err := store.Open(ctx, dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on a new store: %d %v", n, err)
	}
}
