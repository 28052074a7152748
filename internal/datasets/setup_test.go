package datasets

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
)

// testReceivedAt is the arrival time stamped on imported events in tests.
var testReceivedAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// openStore opens a fresh SQLite store in the test's temporary folder.
func openStore(t *testing.T) rapport.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// dataset returns the path of a shared dataset file, skipping loudly if it is absent.
func dataset(t *testing.T, rel string) string {
	t.Helper()
	path, err := Locate(rel)
	if err != nil {
		t.Skipf("!!! SKIPPED: dataset %s is not available (%v); set RAPPORT_DATASETS to the shared datasets folder to run this test !!!", rel, err)
	}
	return path
}

// counts returns the store's table sizes.
func counts(t *testing.T, st rapport.Store) rapport.Counts {
	t.Helper()
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// customer returns one profile.
func customer(t *testing.T, st rapport.Store, id string) *rapport.Customer {
	t.Helper()
	c, err := st.Customer(context.Background(), id)
	if err != nil {
		t.Fatalf("customer %s: %v", id, err)
	}
	return c
}

// reimport runs an import a second time and checks it changed nothing.
func reimport(t *testing.T, st rapport.Store, run func() (Result, error)) {
	t.Helper()
	before := counts(t, st)
	res, err := run()
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 0 || res.Duplicates != res.Events {
		t.Errorf("second import stored %d of %d events (duplicates %d), want none", res.Stored, res.Events, res.Duplicates)
	}
	if after := counts(t, st); after != before {
		t.Errorf("counts after second import = %+v, want %+v", after, before)
	}
}

// near compares money amounts to the penny.
func near(a, b float64) bool {
	return math.Abs(a-b) <= 0.01+1e-9*math.Abs(b)
}
