package storetest

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var ingestTests = []scenario{
	{"StoresEvents", testStoresEvents},
	{"DuplicatesAcrossCalls", testDuplicatesAcrossCalls},
	{"DuplicatesWithinBatch", testDuplicatesWithinBatch},
	{"AllOrNothing", testAllOrNothing},
	{"RejectsEventWithoutCustomer", testRejectsEventWithoutCustomer},
	{"TimelineOrderAndPaging", testTimelineOrderAndPaging},
	{"ConcurrentIngest", testConcurrentIngest},
	{"PreparedEvents", testPreparedEvents},
}

// basicBatch is a known customer's first visit.
func basicBatch() []*rapport.Event {
	return []*rapport.Event{
		identify("m1", "u1", "", at(0), map[string]any{"email": "li.na@example.com", "name": "Li Na"}),
		page("m2", "u1", "", at(time.Minute)),
		track("m3", "u1", "", rapport.EventProductViewed, at(2*time.Minute),
			map[string]any{"product_id": "p1", "name": "Kettle", "category": "kitchen", "price": 199.0}),
	}
}

func testStoresEvents(t *testing.T, s rapport.Store) {
	events := basicBatch()
	res := ingest(t, s, events...)
	if res != (rapport.IngestResult{Stored: 3}) {
		t.Fatalf("result %+v, want 3 stored", res)
	}
	for i, e := range events {
		if e.CustomerID != "u1" || e.Seq == 0 || (i > 0 && e.Seq <= events[i-1].Seq) {
			t.Fatalf("event %d: customer %q seq %d: want u1 and increasing seqs", i, e.CustomerID, e.Seq)
		}
	}
	got := timeline(t, s, "u1")
	if len(got) != 3 {
		t.Fatalf("timeline has %d events, want 3", len(got))
	}
	checkRoundTrip(t, events[2], got[2])
	c := customer(t, s, "u1")
	if !c.Known || c.Stats.Events != 3 || c.Email != "li.na@example.com" {
		t.Fatalf("profile known=%v events=%d email=%q, want known, 3, li.na@example.com", c.Known, c.Stats.Events, c.Email)
	}
	if !c.Stats.FirstSeen.Equal(at(0)) || !c.Stats.LastSeen.Equal(at(2*time.Minute)) {
		t.Fatalf("first/last seen %v %v", c.Stats.FirstSeen, c.Stats.LastSeen)
	}
	if n := counts(t, s); n.Events != 3 || n.Customers != 1 || n.Anonymous != 0 || n.Products != 1 {
		t.Fatalf("counts %+v", n)
	}
}

// checkRoundTrip compares an event read back with the one stored.
func checkRoundTrip(t *testing.T, want *rapport.Event, got rapport.Event) {
	t.Helper()
	w := *want
	w.JSON = nil // a store's own ahead-of-time encoding, not read back
	if !reflect.DeepEqual(&w, &got) {
		t.Fatalf("event read back\n got %+v\nwant %+v", got, w)
	}
}

func testDuplicatesAcrossCalls(t *testing.T, s rapport.Store) {
	ingest(t, s, basicBatch()...)
	again := basicBatch()
	res := ingest(t, s, again...)
	if res != (rapport.IngestResult{Duplicates: 3}) {
		t.Fatalf("second ingest %+v, want 3 duplicates", res)
	}
	if again[0].Seq != 0 {
		t.Fatalf("duplicate got seq %d", again[0].Seq)
	}
	if n := counts(t, s); n.Events != 3 {
		t.Fatalf("%d events stored, want 3", n.Events)
	}
	if c := customer(t, s, "u1"); c.Stats.Events != 3 {
		t.Fatalf("profile counts %d events, want 3", c.Stats.Events)
	}
}

func testDuplicatesWithinBatch(t *testing.T, s rapport.Store) {
	first := page("dup", "u1", "", at(0))
	second := track("dup", "u1", "", rapport.EventCartViewed, at(time.Minute), nil)
	res := ingest(t, s, first, page("other", "u1", "", at(2*time.Minute)), second)
	if res != (rapport.IngestResult{Stored: 2, Duplicates: 1}) {
		t.Fatalf("result %+v, want 2 stored and 1 duplicate", res)
	}
	got := timeline(t, s, "u1")
	if len(got) != 2 || got[0].Type != rapport.TypePage || got[0].MessageID != "dup" {
		t.Fatalf("timeline %v: the first of the duplicates must win", messageIDs(got))
	}
}

func testAllOrNothing(t *testing.T, s rapport.Store) {
	ingest(t, s, basicBatch()...)
	before := counts(t, s)
	bad := page("", "u2", "", at(time.Hour)) // no message id: the events table refuses it
	batch := []*rapport.Event{
		identify("n1", "u2", "a2", at(time.Hour), map[string]any{"email": "u2@example.com"}),
		orderCompleted("n2", "u2", "", "o-rollback", at(time.Hour), 99, product("p9", "Mug", "kitchen", 99, 1)),
		page("n3", "u1", "", at(time.Hour)),
		bad,
	}
	if _, err := s.Ingest(context.Background(), batch); err == nil {
		t.Fatal("Ingest accepted an event without a message id")
	}
	if after := counts(t, s); after != before {
		t.Fatalf("counts changed by a failed ingest: %+v → %+v", before, after)
	}
	if _, err := s.Customer(context.Background(), "u2"); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Fatalf("customer of a failed ingest: %v", err)
	}
	if c := customer(t, s, "u1"); c.Stats.Events != 3 {
		t.Fatalf("u1 counts %d events after a failed ingest, want 3", c.Stats.Events)
	}
	if batch[0].Seq != 0 {
		t.Fatalf("failed ingest left seq %d on an event", batch[0].Seq)
	}
	if res := ingest(t, s, batch[:3]...); res.Stored != 3 {
		t.Fatalf("retry without the bad event stored %d, want 3", res.Stored)
	}
}

func testRejectsEventWithoutCustomer(t *testing.T, s rapport.Store) {
	_, err := s.Ingest(context.Background(), []*rapport.Event{page("x1", "u1", "", at(0)), page("x2", "", "", at(0))})
	wantCode(t, err, rapport.EINVALID)
	if n := counts(t, s); n.Events != 0 {
		t.Fatalf("%d events stored from a rejected batch", n.Events)
	}
}

func testTimelineOrderAndPaging(t *testing.T, s rapport.Store) {
	ingest(t, s, page("late", "u1", "", at(3*time.Hour)), page("early", "u1", "", at(time.Hour)))
	ingest(t, s, page("tie-a", "u1", "", at(2*time.Hour)), page("tie-b", "u1", "", at(2*time.Hour)), page("first", "u1", "", at(0)))
	got := messageIDs(timeline(t, s, "u1"))
	want := []string{"first", "early", "tie-a", "tie-b", "late"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	pageOf, err := s.Timeline(context.Background(), rapport.TimelineQuery{CustomerID: "u1", Offset: 1, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := messageIDs(pageOf); !reflect.DeepEqual(got, want[1:3]) {
		t.Fatalf("timeline page %v, want %v", got, want[1:3])
	}
	_, err = s.Timeline(context.Background(), rapport.TimelineQuery{CustomerID: "nobody"})
	wantCode(t, err, rapport.ENOTFOUND)
}

// testConcurrentIngest checks that concurrent writers lose no profile update.
func testConcurrentIngest(t *testing.T, s rapport.Store) {
	const writers, batches, size = 4, 5, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches)
	for w := range writers {
		wg.Go(func() {
			for b := range batches {
				var events []*rapport.Event
				for i := range size {
					msg := "w" + string(rune('a'+w)) + "-" + string(rune('a'+b)) + "-" + string(rune('a'+i))
					events = append(events, page(msg, []string{"c1", "c2"}[i%2], "", at(time.Duration(b*size+i)*time.Second)))
				}
				if _, err := s.Ingest(context.Background(), events); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent Ingest: %v", err)
	}
	total := customer(t, s, "c1").Stats.Events + customer(t, s, "c2").Stats.Events
	if total != writers*batches*size {
		t.Fatalf("profiles count %d events, want %d", total, writers*batches*size)
	}
}

// preparer is what the ingest pipeline calls, when a store has it, before
// handing events to the writer.
type preparer interface {
	PrepareEvents(events []*rapport.Event) error
}

// testPreparedEvents stores events whose maps were encoded ahead of Ingest
// and checks they read back as the same events, maps included.
func testPreparedEvents(t *testing.T, s rapport.Store) {
	events := basicBatch()
	events[1].Context = map[string]any{"page": map[string]any{"path": "/p/1"}, "locale": "zh-CN"}
	p, ok := s.(preparer)
	if !ok {
		t.Fatalf("%T has no PrepareEvents", s)
	}
	if err := p.PrepareEvents(events); err != nil {
		t.Fatal(err)
	}
	for i, e := range events {
		if e.JSON == nil {
			t.Fatalf("event %d not prepared", i)
		}
	}
	if res := ingest(t, s, events...); res.Stored != 3 {
		t.Fatalf("result %+v, want 3 stored", res)
	}
	got := timeline(t, s, "u1")
	if len(got) != 3 {
		t.Fatalf("timeline has %d events, want 3", len(got))
	}
	for i := range events {
		checkRoundTrip(t, events[i], got[i])
	}
}
