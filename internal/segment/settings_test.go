package segment_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
)

// Saving the lifecycle settings rewrites the lifecycle rules and moves
// people at once; a rejected change names the field and stores nothing.
func TestSaveSettingsReevaluates(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	clock := &rapport.FixedClock{T: t0}
	eng := newEngine(t, st, clock)
	reg := t0.Add(-10 * day)
	idf := ev("u1", rapport.TypeIdentify, "", reg, nil)
	idf.Traits = map[string]any{"registered_at": reg.Format(time.RFC3339)}
	mustIngest(t, st, idf, ev("u1", rapport.TypePage, "Home", reg.Add(time.Hour), nil),
		ev("u1", rapport.TypePage, "Home", reg.Add(day), nil), ev("u1", rapport.TypePage, "Home", reg.Add(2*day), nil),
		ev("u2", rapport.TypeTrack, rapport.EventTicketCreated, t0.Add(-15*day), map[string]any{"ticket_id": "t1"}))
	if err := eng.Scan(ctx, t0); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u1"); !slices.Equal(got, []string{segment.Potential}) {
		t.Fatalf("registered 10 days ago: %v, want potential", got)
	}
	if got := segmentsOf(t, st, "u2"); !slices.Contains(got, segment.Problem) {
		t.Fatalf("ticket 15 days ago: %v, want problem", got)
	}

	bad := segment.DefaultSettings()
	bad.ProblemDays, bad.PotentialDays = 10, 5 // potential must end after new
	err := eng.SaveSettings(ctx, bad)
	if e, ok := err.(*rapport.Error); !ok || e.Field != "potential_days" {
		t.Fatalf("potential_days 5 with new_days 7: %v, want an error naming potential_days", err)
	}
	if s, _ := segment.LoadSettings(ctx, st); s != segment.DefaultSettings() {
		t.Fatalf("a rejected change was stored: %+v", s)
	}

	s := segment.DefaultSettings()
	s.ProblemDays, s.NewDays = 10, 14
	if err := eng.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got, _ := segment.LoadSettings(ctx, st); got != s {
		t.Fatalf("settings read back %+v, want %+v", got, s)
	}
	if got := segmentsOf(t, st, "u1"); !slices.Equal(got, []string{segment.New}) {
		t.Fatalf("new for 14 days, registered 10 days ago: %v, want new", got)
	}
	if got := segmentsOf(t, st, "u2"); slices.Contains(got, segment.Problem) {
		t.Fatalf("problem window 10 days, ticket 15 days ago: %v, want out of problem", got)
	}
	hist, _ := st.SegmentHistory(ctx, "u2", 1)
	if len(hist) != 1 || hist[0].Entered || hist[0].SegmentID != segment.Problem {
		t.Fatalf("u2 history %+v, want the exit from problem", hist)
	}
	p, _ := st.Segment(ctx, segment.Problem)
	if words := segment.DescribeJSON(p.Rule, "en"); !strings.Contains(words, "10") {
		t.Fatalf("problem rule after the settings: %s (%s), want a 10-day window", p.Rule, words)
	}
}
