package survey_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
)

// TestSegmentTargeting: a survey targeting a custom and a lifecycle segment
// invites their members as of the invitation's due time and skips everyone
// else, on both backends; a scheduled survey samples only members; an
// unknown segment is refused and nothing is stored.
func TestSegmentTargeting(t *testing.T) {
	backends(t, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		day := 24 * time.Hour
		// ann and cat have two orders (repeat buyers); bob one; dan none
		// but a ticket five days ago (the lifecycle segment "problem").
		b.ingest(t, identify("ann", now.Add(-200*day)), order("ann", "a1", now.Add(-90*day)), order("ann", "a2", now.Add(-40*day)),
			identify("bob", now.Add(-200*day)), order("bob", "b1", now.Add(-60*day)),
			identify("cat", now.Add(-200*day)), order("cat", "c1", now.Add(-50*day)), order("cat", "c2", now.Add(-45*day)),
			identify("dan", now.Add(-100*day)), track("dan", rapport.EventTicketCreated, now.Add(-5*day), map[string]any{"ticket_id": "T0"}))
		b.segments(t, repeatBuyers())

		err := b.svc.Create(ctx, &rapport.Survey{Name: "Nobody", Kind: rapport.SurveyCSAT, TriggerEvent: rapport.EventTicketResolved,
			Segments: []string{"vip"}, Active: true})
		if e, ok := err.(*rapport.Error); !ok || e.Field != "segments" {
			t.Fatalf("unknown segment: %v, want an error on segments", err)
		}
		if list, _ := b.store.Surveys(ctx); len(list) != 0 {
			t.Fatalf("a refused survey was stored: %+v", list)
		}

		sv := b.create(t, &rapport.Survey{Name: "After service", Kind: rapport.SurveyCSAT, TriggerEvent: rapport.EventTicketResolved,
			Segments: []string{segment.Problem, "repeat-buyers"}, Active: true})
		resolved := now.Add(-time.Hour)
		var events []*rapport.Event
		for i, id := range []string{"ann", "bob", "cat", "dan"} {
			events = append(events, track(id, rapport.EventTicketResolved, resolved, map[string]any{"ticket_id": string(rune('1' + i))}))
		}
		if err := b.svc.Observe(ctx, b.ingest(t, events...)); err != nil {
			t.Fatal(err)
		}
		b.scan(t, now)
		if got := b.byStatus(t, sv.ID); !slices.Equal(got[rapport.InviteSent], []string{"ann", "cat", "dan"}) ||
			!slices.Equal(got[rapport.InviteSkipped], []string{"bob"}) {
			t.Fatalf("invitations by status %v: want ann, cat, dan sent and bob skipped", got)
		}

		// Bob buys again and joins the repeat buyers: his next invitation goes out.
		b.clock.T = now.Add(2 * day)
		b.ingest(t, order("bob", "b2", b.clock.T.Add(-time.Hour)))
		b.segments(t)
		if err := b.svc.Observe(ctx, b.ingest(t, track("bob", rapport.EventTicketResolved, b.clock.T, map[string]any{"ticket_id": "9"}))); err != nil {
			t.Fatal(err)
		}
		b.scan(t, b.clock.T)
		if got := b.byStatus(t, sv.ID); !slices.Equal(got[rapport.InviteSent], []string{"ann", "bob", "cat", "dan"}) {
			t.Fatalf("after bob's second order, sent to %v", got[rapport.InviteSent])
		}

		// A quarterly survey of the repeat buyers samples only them.
		q := b.create(t, &rapport.Survey{Name: "Quarterly NPS", Kind: rapport.SurveyNPS, Schedule: "quarterly", Sample: 10,
			Segments: []string{"repeat-buyers"}, Active: true})
		b.scan(t, q.NextRunAt)
		var invited []string
		for _, inv := range b.invitations(t, rapport.InvitationQuery{SurveyID: q.ID}) {
			invited = append(invited, inv.CustomerID)
		}
		slices.Sort(invited)
		if !slices.Equal(invited, []string{"ann", "bob", "cat"}) {
			t.Fatalf("quarterly sample %v, want the three repeat buyers", invited)
		}
	})
}

// byStatus lists a survey's invited customers per status, sorted.
func (b *bundle) byStatus(t *testing.T, surveyID int64) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, inv := range b.invitations(t, rapport.InvitationQuery{SurveyID: surveyID}) {
		out[inv.Status] = append(out[inv.Status], inv.CustomerID)
	}
	for _, ids := range out {
		slices.Sort(ids)
	}
	return out
}
