package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
	"github.com/rapport-cx/rapport/internal/store/storetest"
)

// openAt opens and migrates the database at path, closed when tb ends.
func openAt(tb testing.TB, path string) *sqlstore.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	if _, err := sqlite.Migrate(context.Background(), s.DB()); err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Exercise(t, func(t *testing.T) rapport.Store {
		return openAt(t, filepath.Join(t.TempDir(), "rapport.db"))
	})
}

func BenchmarkIngest(b *testing.B) {
	storetest.BenchmarkIngest(b, func(b *testing.B) rapport.Store {
		return openAt(b, filepath.Join(b.TempDir(), "rapport.db"))
	})
}

func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "sub", "rapport.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The first run applies every migration, 0001 first; the second none.
	first, err := sqlite.Migrate(context.Background(), s.DB())
	if err != nil || len(first) == 0 || first[0] != 1 {
		t.Fatalf("first migration applied %v (%v), want 1 and later versions", first, err)
	}
	if again, err := sqlite.Migrate(context.Background(), s.DB()); err != nil || len(again) != 0 {
		t.Fatalf("second migration applied %v (%v), want none", again, err)
	}
}

func TestDuplicatesSurviveReopen(t *testing.T) {
	path := "file:" + filepath.Join(t.TempDir(), "rapport.db")
	e := func() *rapport.Event {
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		return &rapport.Event{MessageID: "m-1", Type: rapport.TypePage, UserID: "u1",
			Channel: rapport.ChannelApp, Timestamp: now, ReceivedAt: now}
	}
	first := openAt(t, path)
	if res, err := first.Ingest(context.Background(), []*rapport.Event{e()}); err != nil || res.Stored != 1 {
		t.Fatalf("first ingest %+v %v", res, err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := openAt(t, path)
	res, err := second.Ingest(context.Background(), []*rapport.Event{e()})
	if err != nil || res != (rapport.IngestResult{Duplicates: 1}) {
		t.Fatalf("ingest after reopen %+v %v, want one duplicate", res, err)
	}
	if c, err := second.Customer(context.Background(), "u1"); err != nil || c.Stats.Events != 1 {
		t.Fatalf("customer after reopen %+v %v", c, err)
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	if _, err := sqlite.Open(context.Background(), ":memory:"); err == nil {
		t.Fatal("Open accepted an in-memory database")
	}
}
