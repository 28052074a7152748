package jobs_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/jobs"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
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
		{"twice", []jobs.Periodic{{Name: "a", Every: time.Hour, Run: run}, {Name: "a", Every: time.Minute, Run: run}}, "listed twice"},
	} {
		_, err := jobs.Start(context.Background(), jobs.Config{DSN: dsn, Tasks: tc.tasks})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}
