package storetest

import (
	"testing"

	"github.com/rapport-cx/rapport"
)

var observerTests = []scenario{{"CursorStartsAtNewestAndNeverMovesBack", testObserverCursor}}

func testObserverCursor(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	fresh, err := s.ObserverCursor(ctx, "empty-store")
	if err != nil || fresh != 0 {
		t.Fatalf("cursor on an empty store = %d, %v; want 0", fresh, err)
	}
	ingest(t, s, page("oc-1", "u1", "", day0), page("oc-2", "u1", "", day0), page("oc-3", "u2", "", day0))
	events, err := s.EventsAfter(ctx, 0, nil, 0)
	if err != nil || len(events) != 3 {
		t.Fatalf("EventsAfter = %d events, %v", len(events), err)
	}
	newest := events[2].Seq

	// A new observer starts at the newest event; an old one keeps its place.
	got, err := s.ObserverCursor(ctx, "survey")
	if err != nil || got != newest {
		t.Fatalf("new observer's cursor = %d, %v; want the newest seq %d", got, err, newest)
	}
	if got, _ := s.ObserverCursor(ctx, "empty-store"); got != 0 {
		t.Fatalf("an existing cursor moved to %d when asked again", got)
	}
	if err := s.SaveObserverCursor(ctx, "empty-store", events[1].Seq); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveObserverCursor(ctx, "empty-store", events[0].Seq); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ObserverCursor(ctx, "empty-store"); got != events[1].Seq {
		t.Fatalf("cursor = %d after saving %d then %d; want %d (never back)", got, events[1].Seq, events[0].Seq, events[1].Seq)
	}
	// Saving a cursor never asked for creates it.
	if err := s.SaveObserverCursor(ctx, "service", 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ObserverCursor(ctx, "service"); got != 1 {
		t.Fatalf("saved cursor = %d; want 1", got)
	}
}
