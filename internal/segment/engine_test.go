package segment_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/segment"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

func openStore(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "rapport.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	if _, err := sqlite.Migrate(context.Background(), s.DB()); err != nil {
		tb.Fatal(err)
	}
	return s
}

func newEngine(t *testing.T, st *sqlstore.Store, clock rapport.Clock) *segment.Engine {
	t.Helper()
	eng := segment.NewEngine(segment.Config{Store: st, Clock: clock})
	if err := eng.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return eng
}

var seq int

func ev(user, typ, name string, at time.Time, props map[string]any) *rapport.Event {
	seq++
	return &rapport.Event{MessageID: "m" + time.Duration(seq).String(), Type: typ, Name: name, UserID: user,
		Channel: rapport.ChannelApp, Timestamp: at, ReceivedAt: at, Properties: props}
}

func mustIngest(t *testing.T, st *sqlstore.Store, events ...*rapport.Event) {
	t.Helper()
	if _, err := st.Ingest(context.Background(), events); err != nil {
		t.Fatal(err)
	}
}

func segmentsOf(t *testing.T, st *sqlstore.Store, id string) []string {
	t.Helper()
	ms, err := st.CustomerSegments(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.SegmentID)
	}
	return out
}

// A new user becomes potential on day 8 without any event: the scan moves
// them, records the history, emits the events and the day's sizes.
func TestScanMovesPeopleByTimeAlone(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	clock := &rapport.FixedClock{T: t0}
	eng := newEngine(t, st, clock)
	reg := t0.Add(-5 * day)
	idf := ev("u1", rapport.TypeIdentify, "", reg, nil)
	idf.Traits = map[string]any{"registered_at": reg.Format(time.RFC3339)}
	mustIngest(t, st, idf, ev("u1", rapport.TypePage, "Home", reg.Add(time.Hour), nil),
		ev("u1", rapport.TypePage, "Home", reg.Add(day), nil), ev("u1", rapport.TypePage, "Home", reg.Add(2*day), nil))

	if err := eng.Scan(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u1"); !slices.Equal(got, []string{segment.New}) {
		t.Fatalf("registered 5 days ago: %v, want new", got)
	}
	clock.Advance(2*day - time.Minute) // 6 days 23:59 after registering: still new
	if err := eng.Scan(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u1"); !slices.Equal(got, []string{segment.New}) {
		t.Fatalf("day 7: %v, want new", got)
	}
	clock.Advance(time.Minute) // day 8
	for range 2 {              // a second scan at the same time changes nothing
		if err := eng.Scan(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if got := segmentsOf(t, st, "u1"); !slices.Equal(got, []string{segment.Potential}) {
		t.Fatalf("day 8: %v, want potential", got)
	}
	hist, err := st.SegmentHistory(ctx, "u1", 0)
	if err != nil || len(hist) != 3 {
		t.Fatalf("history %+v %v, want entered new, exited new, entered potential", hist, err)
	}
	tl, err := st.Timeline(ctx, rapport.TimelineQuery{CustomerID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	var emitted []string
	for _, e := range tl {
		if rapport.IsSystemEvent(&e) {
			emitted = append(emitted, e.Name+":"+e.Properties["segment_id"].(string))
		}
	}
	want := []string{"Segment Entered:new", "Segment Exited:new", "Segment Entered:potential"}
	if !slices.Equal(emitted, want) {
		t.Fatalf("timeline segment events %v, want %v", emitted, want)
	}
	if c, _ := st.Customer(ctx, "u1"); c.Stats.Events != 4 {
		t.Fatalf("segment events counted as activity: %d events", c.Stats.Events)
	}
	sizes, err := st.SegmentSizeHistory(ctx, segment.Potential, "")
	wantSizes := []rapport.SegmentSize{{Day: "2026-06-01", Size: 0}, {Day: "2026-06-03", Size: 1}}
	if err != nil || !slices.Equal(sizes, wantSizes) {
		t.Fatalf("potential sizes %+v %v, want %+v", sizes, err, wantSizes)
	}
	clock.T = reg.Add(30 * day)
	if err := eng.Scan(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u1"); len(got) != 0 {
		t.Fatalf("30 days after registering: %v, want none", got)
	}
}

// An accepted event changes memberships through the ingest hook, off the
// writer goroutine.
func TestCommittedEventsUpdateMemberships(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t)
	clock := &rapport.FixedClock{T: t0}
	eng := newEngine(t, st, clock)
	p := ingest.NewPipeline(ingest.PipelineConfig{Store: st, Observers: []ingest.Observer{{Name: "segments",
		Observe: func(_ context.Context, ev []*rapport.Event) error { eng.Committed(ev); return nil }}}})
	defer p.Close(context.Background())
	if err := p.Submit(ctx, []*rapport.Event{ev("u7", rapport.TypeTrack, rapport.EventTicketCreated, t0.Add(-time.Hour), map[string]any{"ticket_id": "T1"})}); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(ctx); err != nil { // observers are handed events after the commit: wait for them
		t.Fatal(err)
	}
	eng.Wait()
	if got := segmentsOf(t, st, "u7"); !slices.Equal(got, []string{segment.New, segment.Problem}) { // first seen an hour ago: new too
		t.Fatalf("after a Ticket Created event u7 is in %v, want new and problem", got)
	}
}

// Editing a rule and reloading re-evaluates with the new rule; a deleted
// segment's members are not touched by later updates.
func TestCustomSegmentLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	clock := &rapport.FixedClock{T: t0}
	eng := newEngine(t, st, clock)
	shoes := func(n float64) []byte {
		return segment.Rule{Event: &segment.EventRule{Name: rapport.EventProductViewed, WithinDays: 14,
			Where: []segment.Filter{{Property: "category", Op: "=", Value: "shoes"}}}, Op: ">=", Value: n}.JSON()
	}
	if err := st.CreateSegment(ctx, &rapport.Segment{ID: "shoe-browsers", Name: "Shoe browsers", Rule: shoes(3), CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := eng.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	view := func(d time.Duration, cat string) *rapport.Event {
		return ev("u3", rapport.TypeTrack, rapport.EventProductViewed, t0.Add(-d), map[string]any{"category": cat})
	}
	mustIngest(t, st, view(15*day, "shoes"), view(2*day, "shoes"), view(day, "shoes"), view(time.Hour, "bags"))
	if err := eng.Update(ctx, []string{"u3"}); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u3"); slices.Contains(got, "shoe-browsers") {
		t.Fatalf("2 shoe views in 14 days: %v", got)
	}
	mustIngest(t, st, view(time.Minute, "shoes"))
	if err := eng.Update(ctx, []string{"u3"}); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u3"); !slices.Contains(got, "shoe-browsers") {
		t.Fatalf("3 shoe views in 14 days: %v", got)
	}
	if err := st.UpdateSegment(ctx, &rapport.Segment{ID: "shoe-browsers", Name: "Keen", Rule: shoes(4), UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := eng.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if err := eng.Scan(ctx, t0); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u3"); slices.Contains(got, "shoe-browsers") {
		t.Fatalf("after raising the rule to 4 views: %v", got)
	}
}
