package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// dues returns a case's policy and the due times of its running clocks by name.
func dues(c *rapport.Case) (string, map[string]time.Time) {
	out := map[string]time.Time{}
	for _, k := range c.SLA.Clocks {
		if k.Running() {
			out[k.Name] = k.DueAt
		}
	}
	return c.SLA.Policy, out
}

func wantDues(t *testing.T, what string, c *rapport.Case, policy string, want map[string]time.Time) {
	t.Helper()
	got, due := dues(c)
	if got != policy || len(due) != len(want) {
		t.Fatalf("%s: policy %q with clocks %v, want %q with %v", what, got, due, policy, want)
	}
	for name, w := range want {
		if !due[name].Equal(w) {
			t.Errorf("%s: %s due %v, want %v", what, name, due[name].In(shanghaiZone), w)
		}
	}
}

func TestPriorityAndTypeChangesSelectThePolicyAgain(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		c := b.openCase(t, NewCase{At: sh(23, 10, 0)})
		wantDues(t, "opened", c, "standard", map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 12, 0), rapport.ClockResolution: sh(25, 16, 0)})

		// Urgent from 10:40: the clocks keep their start (10:00) and take the
		// urgent targets, so the first response was due at 10:30 already.
		b.clock.T = sh(23, 10, 40)
		urgent := rapport.PriorityUrgent
		c, err := b.svc.Update(t.Context(), c.ID, Change{Priority: &urgent})
		if err != nil {
			t.Fatal(err)
		}
		wantDues(t, "urgent", c, "urgent", map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 10, 30), rapport.ClockResolution: sh(23, 18, 0)})
		b.scan(t, sh(23, 10, 41))
		if k := mustClock(t, b.get(t, c.ID), rapport.ClockFirstResponse); !k.Breached {
			t.Fatalf("the first response overdue under the new policy was not breached: %+v", k)
		}

		// An inspection has only a 24 h resolution target around the clock:
		// the first-response clock is dropped.
		b.clock.T = sh(23, 11, 0)
		inspection := rapport.CaseInspection
		if c, err = b.svc.Update(t.Context(), c.ID, Change{Type: &inspection}); err != nil {
			t.Fatal(err)
		}
		wantDues(t, "inspection", c, PolicyInspection, map[string]time.Time{rapport.ClockResolution: sh(24, 10, 0)})
		bad := rapport.CaseType("gossip")
		if _, err := b.svc.Update(t.Context(), c.ID, Change{Type: &bad}); rapport.ErrorCode(err) != rapport.EINVALID {
			t.Fatalf("unknown type: %v", err)
		}
	})
}

func TestPausedClocksCarryOverToTheNewPolicy(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		c := b.openCase(t, NewCase{At: sh(23, 10, 0)})
		b.setStatus(t, c.ID, sh(23, 10, 30), rapport.StatusPending)
		b.clock.T = sh(23, 11, 0)
		high := rapport.PriorityHigh
		c, err := b.svc.Update(t.Context(), c.ID, Change{Priority: &high})
		if err != nil {
			t.Fatal(err)
		}
		wantDues(t, "paused", c, "urgent", map[string]time.Time{
			rapport.ClockFirstResponse: {}, rapport.ClockResolution: {}})
		// The customer answers at 11:30: one office hour paused is added to
		// the urgent targets counted from 10:00: 30 min + 1 h → 11:30; 8 h + 1 h
		// → Monday's 8 office hours, then Tuesday 09:00 + 1 h.
		c = b.reply(t, c.ID, rapport.AuthorCustomer, sh(23, 11, 30), "")
		wantDues(t, "resumed", c, "urgent", map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 11, 30), rapport.ClockResolution: sh(24, 10, 0)})
	})
}

func TestSegmentEntrySelectsThePolicyAgain(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		b.ingest(t, orderEvent("u1", "O1", 300, sh(1, 10, 0)))
		c := b.openCase(t, NewCase{At: sh(23, 10, 0)})
		resolved := b.openCase(t, NewCase{At: sh(23, 9, 0), Subject: "Old question"})
		b.setStatus(t, resolved.ID, sh(23, 9, 30), rapport.StatusResolved)
		segmentEvent := func(name string, at time.Time) *rapport.Event {
			return &rapport.Event{MessageID: name + at.String(), Type: rapport.TypeTrack, Name: name, UserID: "u1", CustomerID: "u1",
				Timestamp: at, ReceivedAt: at, Properties: map[string]any{"segment_id": HighValueSegment}}
		}
		// u1 becomes high-value at 10:05: around the clock, 10 minutes from 10:00.
		b.clock.T = sh(23, 10, 5)
		b.enterSegment(t, "u1", HighValueSegment, true)
		if err := b.svc.HandleEvents(t.Context(), []*rapport.Event{segmentEvent(rapport.EventSegmentEntered, b.clock.T)}); err != nil {
			t.Fatal(err)
		}
		wantDues(t, "entered", b.get(t, c.ID), "high-value", map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 10, 10), rapport.ClockResolution: sh(23, 18, 0)})
		if got := b.get(t, resolved.ID); got.SLA.Policy != "standard" || got.Version != resolved.Version+1 {
			t.Fatalf("a resolved case was given a new policy: %s v%d", got.SLA.Policy, got.Version)
		}
		// Seen again (a restart replays it): nothing changes.
		before := b.get(t, c.ID)
		if err := b.svc.HandleEvents(t.Context(), []*rapport.Event{segmentEvent(rapport.EventSegmentEntered, b.clock.T)}); err != nil {
			t.Fatal(err)
		}
		if after := b.get(t, c.ID); after.Version != before.Version {
			t.Fatalf("a replayed segment event wrote the case again: v%d → v%d", before.Version, after.Version)
		}
		// Leaving the segment brings the standard policy back.
		b.clock.T = sh(23, 10, 7)
		b.enterSegment(t, "u1", HighValueSegment, false)
		if err := b.svc.HandleEvents(t.Context(), []*rapport.Event{segmentEvent(rapport.EventSegmentExited, b.clock.T)}); err != nil {
			t.Fatal(err)
		}
		wantDues(t, "exited", b.get(t, c.ID), "standard", map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 12, 0), rapport.ClockResolution: sh(25, 16, 0)})
	})
}

func TestPoliciesGivenByNameOrHandSetWindowsStay(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		decision := b.openCase(t, NewCase{At: sh(23, 10, 0), Policy: PolicyAfterSaleDecision})
		handover := b.openCase(t, NewCase{At: sh(23, 10, 0), ReplyWithin: 10 * time.Minute})
		urgent := rapport.PriorityUrgent
		for _, c := range []*rapport.Case{decision, handover} {
			if _, err := b.svc.Update(t.Context(), c.ID, Change{Priority: &urgent}); err != nil {
				t.Fatal(err)
			}
		}
		wantDues(t, "after-sale decision", b.get(t, decision.ID), PolicyAfterSaleDecision, map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 11, 0), rapport.ClockResolution: sh(23, 11, 0)})
		// The hand-over keeps its 10-minute reply window; its resolution turns urgent.
		wantDues(t, "hand-over", b.get(t, handover.ID), "urgent", map[string]time.Time{
			rapport.ClockFirstResponse: sh(23, 10, 10), rapport.ClockResolution: sh(23, 18, 0)})
	})
}
