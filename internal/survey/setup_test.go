package survey_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
	"github.com/rapport-cx/rapport/internal/survey"
)

// now is the tests' present.
var now = time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)

type bundle struct {
	store rapport.Store
	clock *rapport.FixedClock
	svc   *survey.Service
}

func setup(t *testing.T) *bundle {
	t.Helper()
	return setupOn(t, filepath.Join(t.TempDir(), "rapport.db"))
}

// backends runs a test on SQLite and on a PostgreSQL schema of its own.
func backends(t *testing.T, run func(t *testing.T, b *bundle)) {
	for name, dsn := range map[string]func(testing.TB) string{
		"sqlite":   func(t testing.TB) string { return filepath.Join(t.TempDir(), "rapport.db") },
		"postgres": pgtest.FreshSchema,
	} {
		t.Run(name, func(t *testing.T) { run(t, setupOn(t, dsn(t))) })
	}
}

func setupOn(t *testing.T, dsn string) *bundle {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &rapport.FixedClock{T: now}
	return &bundle{store: st, clock: clock, svc: survey.New(st, clock, nil)}
}

var seq int

func track(user, name string, at time.Time, props map[string]any) *rapport.Event {
	seq++
	return &rapport.Event{MessageID: fmt.Sprintf("m%d", seq), Type: rapport.TypeTrack, Name: name, UserID: user,
		Channel: rapport.ChannelWeb, Timestamp: at, ReceivedAt: at, Properties: props}
}

func identify(user string, at time.Time) *rapport.Event {
	seq++
	return &rapport.Event{MessageID: fmt.Sprintf("m%d", seq), Type: rapport.TypeIdentify, UserID: user,
		Channel: rapport.ChannelWeb, Timestamp: at, ReceivedAt: at, Traits: map[string]any{"email": user + "@example.com"}}
}

func order(user, id string, at time.Time) *rapport.Event {
	return track(user, rapport.EventOrderCompleted, at, map[string]any{"order_id": id, "total": 100.0,
		"products": []any{map[string]any{"product_id": "p1", "name": "Mug", "category": "home", "price": 100.0, "quantity": 1.0}}})
}

// ingest stores events and returns them with their customer ids set.
func (b *bundle) ingest(t *testing.T, events ...*rapport.Event) []*rapport.Event {
	t.Helper()
	if _, err := b.store.Ingest(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	return events
}

// customerAt makes a customer of the given stage as of now.
func (b *bundle) customerAt(t *testing.T, id, stage string) {
	t.Helper()
	day := 24 * time.Hour
	switch stage {
	case survey.StageNew:
		b.ingest(t, identify(id, now.Add(-5*day)))
	case survey.StageActive:
		b.ingest(t, identify(id, now.Add(-200*day)), order(id, id+"-1", now.Add(-100*day)), order(id, id+"-2", now.Add(-10*day)))
	case survey.StageLoyal:
		b.ingest(t, identify(id, now.Add(-300*day)), order(id, id+"-1", now.Add(-200*day)), order(id, id+"-2", now.Add(-60*day)),
			order(id, id+"-3", now.Add(-5*day)))
	case survey.StageAtRisk:
		b.ingest(t, identify(id, now.Add(-300*day)), order(id, id+"-1", now.Add(-120*day)))
	case survey.StageLapsed:
		b.ingest(t, identify(id, now.Add(-400*day)), order(id, id+"-1", now.Add(-300*day)))
	}
}

// segments stores the custom segments and the lifecycle defaults, then
// computes every customer's memberships as of the clock.
func (b *bundle) segments(t *testing.T, custom ...rapport.Segment) {
	t.Helper()
	ctx := context.Background()
	for i := range custom {
		custom[i].CreatedAt, custom[i].UpdatedAt = now, now
		if err := b.store.CreateSegment(ctx, &custom[i]); err != nil {
			t.Fatal(err)
		}
	}
	e := segment.NewEngine(segment.Config{Store: b.store, Clock: b.clock})
	if err := e.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.Scan(ctx, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

// repeatBuyers is a custom segment: customers with at least two orders.
func repeatBuyers() rapport.Segment {
	return rapport.Segment{ID: "repeat-buyers", Name: "Repeat buyers",
		Rule: segment.Rule{Field: "orders", Op: ">=", Value: 2.0}.JSON()}
}

func (b *bundle) create(t *testing.T, sv *rapport.Survey) *rapport.Survey {
	t.Helper()
	if err := b.svc.Create(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
	return sv
}

func (b *bundle) scan(t *testing.T, at time.Time) {
	t.Helper()
	if err := b.svc.Scan(context.Background(), at); err != nil {
		t.Fatal(err)
	}
}

func (b *bundle) invitations(t *testing.T, q rapport.InvitationQuery) []rapport.Invitation {
	t.Helper()
	list, err := b.store.Invitations(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := rapport.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
