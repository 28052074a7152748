package jobs_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/jobs"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
)

// backends returns a fresh, migrated database of each kind.
func backends(t *testing.T) map[string]string {
	t.Helper()
	dsns := map[string]string{
		"sqlite":   filepath.Join(t.TempDir(), "rapport.db"),
		"postgres": pgtest.FreshSchema(t),
	}
	for name, dsn := range dsns {
		st, err := store.Open(context.Background(), dsn, true)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Cleanup(func() { _ = st.Close() })
	}
	return dsns
}

// recorder is a scan that remembers the times it was given.
type recorder struct {
	mu    sync.Mutex
	times []time.Time
	ran   chan struct{}
	fail  int // fail this many runs first
}

func newRecorder() *recorder { return &recorder{ran: make(chan struct{}, 16)} }

func (r *recorder) run(_ context.Context, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("scan failed on purpose")
	}
	r.times = append(r.times, now)
	r.ran <- struct{}{}
	return nil
}

// await waits for the next successful run; a minute is far beyond any
// healthy start, so hitting it means the scan never ran.
func (r *recorder) await(t *testing.T) {
	t.Helper()
	select {
	case <-r.ran:
	case <-time.After(time.Minute):
		t.Fatal("the scan did not run")
	}
}

func TestRunnerRunsScansWithTheClocksTime(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			now := time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)
			rec := newRecorder()
			r, err := jobs.Start(ctx, jobs.Config{DSN: dsn, Clock: &rapport.FixedClock{T: now},
				Tasks: []jobs.Periodic{{Name: "record", Every: time.Hour, Run: rec.run}}})
			if err != nil {
				t.Fatal(err)
			}
			rec.await(t)
			if err := r.Stop(ctx); err != nil {
				t.Fatal(err)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if len(rec.times) != 1 || !rec.times[0].Equal(now) {
				t.Fatalf("runs got times %v, want one run at %v", rec.times, now)
			}
		})
	}
}

func TestRunnerRetriesAFailedScanAndSurvivesARestart(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			rec := newRecorder()
			rec.fail = 1
			cfg := jobs.Config{DSN: dsn, Tasks: []jobs.Periodic{{Name: "flaky", Every: time.Hour, Run: rec.run}}}
			r, err := jobs.Start(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			rec.await(t) // the retry after the failure
			if err := r.Stop(ctx); err != nil {
				t.Fatal(err)
			}
			// A restart on the same database migrates nothing new and runs the
			// scan again at start.
			r, err = jobs.Start(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			rec.await(t)
			if err := r.Stop(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestStartRejectsBadTasks(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "rapport.db")
	run := func(context.Context, time.Time) error { return nil }
	for _, tc := range []struct {
		name  string
		tasks []jobs.Periodic
		want  string
	}{
		{"no name", []jobs.Periodic{{Every: time.Hour, Run: run}}, "needs a name"},
		{"no interval", []jobs.Periodic{{Name: "a", Run: run}}, "positive interval"},
		{"bad name", []jobs.Periodic{{Name: "a b", Every: time.Hour, Run: run}}, "must be 2 or more"},
		{"twice", []jobs.Periodic{{Name: "ab", Every: time.Hour, Run: run}, {Name: "ab", Every: time.Minute, Run: run}}, "listed twice"},
	} {
		_, err := jobs.Start(context.Background(), jobs.Config{DSN: dsn, Tasks: tc.tasks})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestQueueFileSitsBesideTheStore(t *testing.T) {
	for dsn, want := range map[string]string{
		"data/rapport.db":                   "data/rapport-jobs.db",
		"file:/var/lib/rapport/shop.db?x=1": "file:/var/lib/rapport/shop-jobs.db?x=1",
		"rapport":                           "rapport-jobs",
	} {
		if got := jobs.QueueFile(dsn); got != want {
			t.Errorf("QueueFile(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// River's queue is not in the store's file, so its commits never contend
// with ingestion's.
func TestSQLiteQueueIsAFileOfItsOwn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "rapport.db")
	st, err := store.Open(ctx, dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec := newRecorder()
	r, err := jobs.Start(ctx, jobs.Config{DSN: dsn, Tasks: []jobs.Periodic{{Name: "record", Every: time.Hour, Run: rec.run}}})
	if err != nil {
		t.Fatal(err)
	}
	rec.await(t)
	if err := r.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "rapport-jobs.db")); err != nil {
		t.Fatalf("River's queue file: %v", err)
	}
	db, err := sqlite.OpenDB(ctx, dsn, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name LIKE 'river%'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d River tables in the store's file (%v)", n, err)
	}
}
