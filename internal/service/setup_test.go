package service

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
)

// bundle is one test's store, clock and service.
type bundle struct {
	dsn   string
	store rapport.Store
	clock *rapport.FixedClock
	svc   *Service
}

// monday10 is 10:00 on Monday 2026-11-23 in Shanghai, the office calendar's zone.
var monday10 = time.Date(2026, 11, 23, 10, 0, 0, 0, shanghaiZone)

var shanghaiZone = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// sh is a wall-clock time in Shanghai on day of November 2026 (23 = Monday).
func sh(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, shanghaiZone)
}

// eachBackend runs f on a fresh store of each backend, SQLite and
// PostgreSQL, as subtests named after them.
func eachBackend(t *testing.T, f func(t *testing.T, b *bundle)) {
	t.Helper()
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			f(t, setup(t, backend))
		})
	}
}

// setup opens a fresh store of the backend with a service over it.
func setup(t *testing.T, backend string) *bundle {
	t.Helper()
	b := &bundle{dsn: filepath.Join(t.TempDir(), "rapport.db"), clock: &rapport.FixedClock{T: monday10}}
	if backend == "postgres" {
		b.dsn = pgtest.FreshSchema(t)
	}
	b.open(t)
	return b
}

// open (re)opens the store and a fresh service over it, as after a restart.
func (b *bundle) open(t *testing.T) {
	t.Helper()
	st, err := store.Open(context.Background(), b.dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	b.store, b.svc = st, New(st, b.clock, nil)
}

// restart closes the store and opens it again with a new service.
func (b *bundle) restart(t *testing.T) {
	t.Helper()
	if err := b.store.Close(); err != nil {
		t.Fatal(err)
	}
	b.open(t)
}

func (b *bundle) openCase(t *testing.T, in NewCase) *rapport.Case {
	t.Helper()
	if in.CustomerID == "" {
		in.CustomerID = "u1"
	}
	if in.Subject == "" {
		in.Subject = "Where is my order?"
	}
	c, err := b.svc.Open(t.Context(), in)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return c
}

func (b *bundle) get(t *testing.T, id int64) *rapport.Case {
	t.Helper()
	c, err := b.store.Case(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (b *bundle) scan(t *testing.T, at time.Time) {
	t.Helper()
	b.clock.T = at
	if err := b.svc.ScanTimers(t.Context(), at); err != nil {
		t.Fatalf("ScanTimers at %v: %v", at, err)
	}
}

func (b *bundle) reply(t *testing.T, id int64, kind string, at time.Time, status rapport.CaseStatus) *rapport.Case {
	t.Helper()
	b.clock.T = at
	c, _, err := b.svc.Reply(t.Context(), rapport.CaseMessage{CaseID: id, Kind: kind, Author: "x", Body: "hello"}, status)
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	return c
}

func (b *bundle) setStatus(t *testing.T, id int64, at time.Time, st rapport.CaseStatus) *rapport.Case {
	t.Helper()
	b.clock.T = at
	c, err := b.svc.Update(t.Context(), id, Change{Status: &st})
	if err != nil {
		t.Fatalf("status %s: %v", st, err)
	}
	return c
}

// endpoint registers a webhook endpoint for every event.
func (b *bundle) endpoint(t *testing.T, url string) *rapport.WebhookEndpoint {
	t.Helper()
	w := &rapport.WebhookEndpoint{URL: url, Secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Active: true, CreatedAt: b.clock.T}
	if err := b.store.CreateWebhookEndpoint(t.Context(), w); err != nil {
		t.Fatal(err)
	}
	return w
}

// deliveries counts the delivery log's entries per event type.
func (b *bundle) deliveries(t *testing.T) map[string]int {
	t.Helper()
	list, err := b.store.WebhookDeliveries(t.Context(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, d := range list {
		out[d.Event]++
	}
	return out
}

// ingest stores events through the store, as the pipeline does.
func (b *bundle) ingest(t *testing.T, events ...*rapport.Event) {
	t.Helper()
	if _, err := b.store.Ingest(t.Context(), events); err != nil {
		t.Fatal(err)
	}
}

func mustClock(t *testing.T, c *rapport.Case, name string) *rapport.SLAClock {
	t.Helper()
	k := c.SLA.Clock(name)
	if k == nil {
		t.Fatalf("case %d has no %s clock: %+v", c.ID, name, c.SLA)
	}
	return k
}

// enterSegment records the customer entering (or leaving) a segment, as
// the segment engine does.
func (b *bundle) enterSegment(t *testing.T, customerID, segmentID string, entered bool) {
	t.Helper()
	if _, err := b.store.ApplySegmentChanges(t.Context(), []rapport.SegmentChange{
		{SegmentID: segmentID, CustomerID: customerID, Entered: entered, At: b.clock.T}}); err != nil {
		t.Fatal(err)
	}
}
