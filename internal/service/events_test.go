package service

import (
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
)

// TestDemoTickets feeds the demo shop's events to the service as the
// ingest hook does and checks the cases against the tickets counted
// straight from the events.
func TestDemoTickets(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		b.clock.T = now
		var events []*rapport.Event
		for e := range demo.Generate(7, now, demo.Options{Customers: 120, Visitors: -1}) {
			events = append(events, e)
		}
		b.ingest(t, events...)
		for start := 0; start < len(events); start += 500 { // in committed groups, as the pipeline hands them over
			if err := b.svc.HandleEvents(t.Context(), events[start:min(start+500, len(events))]); err != nil {
				t.Fatal(err)
			}
		}
		// Handling the same events again changes nothing.
		if err := b.svc.HandleEvents(t.Context(), events); err != nil {
			t.Fatal(err)
		}

		type ticket struct {
			customer, priority              string
			created, firstReply, resolvedAt time.Time
			resolved                        bool
		}
		tickets := map[string]*ticket{}
		for _, e := range events {
			id, _ := e.Properties["ticket_id"].(string)
			switch e.Name {
			case rapport.EventTicketCreated:
				p, _ := e.Properties["priority"].(string)
				tickets[id] = &ticket{customer: e.CustomerID, priority: p, created: e.Timestamp}
			case rapport.EventTicketResolved:
				fr, _ := e.Properties["first_response_minutes"].(float64)
				tickets[id].resolved, tickets[id].resolvedAt = true, e.Timestamp
				tickets[id].firstReply = tickets[id].created.Add(time.Duration(fr) * time.Minute)
			}
		}
		if len(tickets) < 20 {
			t.Fatalf("only %d demo tickets: the sample is too small to mean anything", len(tickets))
		}
		list, total, err := b.store.ListCases(t.Context(), rapport.CaseQuery{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(tickets) {
			t.Fatalf("%d cases for %d tickets", total, len(tickets))
		}
		for _, c := range list {
			tk := tickets[c.ExternalID]
			if tk == nil {
				t.Fatalf("case %s has no ticket", c.ExternalID)
			}
			if c.CustomerID != tk.customer || string(c.Priority) != tk.priority || !c.CreatedAt.Equal(tk.created) {
				t.Fatalf("case %+v for ticket %+v", c, tk)
			}
			if resolved := c.Status == rapport.StatusResolved; resolved != tk.resolved {
				t.Fatalf("case %s status %s, ticket resolved %v", c.ExternalID, c.Status, tk.resolved)
			}
			if !slices.Contains([]string{"high-value", "urgent", "standard"}, c.SLA.Policy) {
				t.Fatalf("case %s policy %q", c.ExternalID, c.SLA.Policy)
			}
			if tk.resolved {
				if fr := mustClock(t, &c, rapport.ClockFirstResponse); !fr.StoppedAt.Equal(tk.firstReply) {
					t.Fatalf("case %s first response stopped %v, want %v", c.ExternalID, fr.StoppedAt, tk.firstReply)
				}
				// A follow-up more than a day overdue when the resolution arrives is dropped.
				if tk.resolvedAt.Add(72*time.Hour).Before(now.Add(-24*time.Hour)) != c.FollowUp.DueAt.IsZero() {
					t.Fatalf("case %s resolved long ago follow-up %+v", c.ExternalID, c.FollowUp)
				}
			}
		}
	})
}
