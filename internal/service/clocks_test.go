package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// The default office calendar: Monday–Friday 09:00–18:00 (9 h) and
// Saturday 10:00–16:00 (6 h) in Shanghai. The standard policy gives 2 h to
// the first response, 4 h to the next and 24 h to resolution, warning
// 30 min before; urgent 30 min / 1 h / 8 h on the same calendar; customers
// of the high_value segment 10 min / 30 min / 8 h around the clock.

func TestPolicySelectionAndDueTimes(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		// vip is in the high-value segment; rich spent more but is not (yet).
		b.ingest(t, orderEvent("vip", "O-vip", 600, sh(1, 10, 0)), orderEvent("rich", "O-rich", 9000, sh(1, 10, 0)))
		b.enterSegment(t, "vip", HighValueSegment, true)
		tests := []struct {
			name      string
			in        NewCase
			policy    string
			firstDue  time.Time
			resolveBy time.Time
		}{
			// Monday 10:00 + 2 h = 12:00; + 24 h: Mon 8 h, Tue 9 h, Wed 09:00 + 7 h = 16:00.
			{"standard", NewCase{At: sh(23, 10, 0)}, "standard", sh(23, 12, 0), sh(25, 16, 0)},
			// Friday 17:00 + 2 h: 1 h on Friday, Saturday 10:00 + 1 h.
			{"standard over a Friday evening", NewCase{At: sh(27, 17, 0)}, "standard", sh(28, 11, 0),
				// + 24 h: Fri 1 h, Sat 6 h, Mon 9 h, Tue 09:00 + 8 h = 17:00.
				time.Date(2026, 12, 1, 17, 0, 0, 0, shanghaiZone)},
			// Urgent: Saturday 15:50 + 30 min: 10 min on Saturday, Monday 09:20; + 8 h: Sat 10 min, Mon 09:00 + 7 h 50 = 16:50.
			{"urgent on a Saturday", NewCase{At: sh(28, 15, 50), Priority: rapport.PriorityUrgent}, "urgent", sh(30, 9, 20), sh(30, 16, 50)},
			// High-value customers are served around the clock: Sunday 23:55 + 10 min.
			{"high-value customer", NewCase{At: sh(29, 23, 55), CustomerID: "vip"}, "high-value", sh(30, 0, 5), sh(30, 7, 55)},
			// Revenue alone does not make a customer high-value: the segment does.
			{"big spender outside the segment", NewCase{At: sh(23, 10, 0), CustomerID: "rich"}, "standard", sh(23, 12, 0), sh(25, 16, 0)},
			{"forced policy", NewCase{At: sh(23, 10, 0), Policy: PolicyAfterSaleDecision}, PolicyAfterSaleDecision, sh(23, 11, 0), sh(23, 11, 0)},
			{"hand-over within 10 minutes", NewCase{At: sh(28, 20, 0), ReplyWithin: 10 * time.Minute}, "standard", sh(28, 20, 10),
				// Saturday 20:00 is closed: resolution from Monday 09:00 + 24 h = Mon 9, Tue 9, Wed 09:00 + 6 h = 15:00.
				time.Date(2026, 12, 2, 15, 0, 0, 0, shanghaiZone)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := b.openCase(t, tt.in)
				if c.SLA.Policy != tt.policy {
					t.Fatalf("policy %q, want %q", c.SLA.Policy, tt.policy)
				}
				if got := mustClock(t, c, rapport.ClockFirstResponse).DueAt; !got.Equal(tt.firstDue) {
					t.Errorf("first response due %v, want %v", got.In(shanghaiZone), tt.firstDue)
				}
				if got := mustClock(t, c, rapport.ClockResolution).DueAt; !got.Equal(tt.resolveBy) {
					t.Errorf("resolution due %v, want %v", got.In(shanghaiZone), tt.resolveBy)
				}
			})
		}
	})
}

func TestPendingPausesClocks(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		c := b.openCase(t, NewCase{At: sh(23, 10, 0)})
		// The agent answers at 10:30 and waits on the customer.
		c = b.reply(t, c.ID, rapport.AuthorAgent, sh(23, 10, 30), rapport.StatusPending)
		fr := mustClock(t, c, rapport.ClockFirstResponse)
		if fr.Outcome != rapport.OutcomeMet || !fr.StoppedAt.Equal(sh(23, 10, 30)) {
			t.Fatalf("first response: %+v", fr)
		}
		if res := mustClock(t, c, rapport.ClockResolution); !res.DueAt.IsZero() || !c.DueAt().IsZero() {
			t.Fatalf("paused resolution still has a due time: %+v", res)
		}
		// The customer answers on Tuesday at 10:30: paused for Mon 10:30–18:00
		// (7 h 30) and Tue 09:00–10:30 (1 h 30) = 9 business hours, so the
		// resolution moves from Wednesday 16:00 to Thursday 16:00.
		c = b.reply(t, c.ID, rapport.AuthorCustomer, sh(24, 10, 30), "")
		if c.Status != rapport.StatusOpen {
			t.Fatalf("status %s after the customer's answer, want open", c.Status)
		}
		res := mustClock(t, c, rapport.ClockResolution)
		if res.Paused != 9*time.Hour || !res.DueAt.Equal(sh(26, 16, 0)) {
			t.Fatalf("resolution after the pause: paused %v due %v", res.Paused, res.DueAt.In(shanghaiZone))
		}
		// The customer's message starts the next-response clock: 4 h from Tue 10:30.
		if nr := mustClock(t, c, rapport.ClockNextResponse); !nr.DueAt.Equal(sh(24, 14, 30)) {
			t.Fatalf("next response due %v", nr.DueAt.In(shanghaiZone))
		}
		// Resolving on Thursday 15:00 meets the target; the follow-up is due 3 days later.
		c = b.setStatus(t, c.ID, sh(26, 15, 0), rapport.StatusResolved)
		if res := mustClock(t, c, rapport.ClockResolution); res.Outcome != rapport.OutcomeMet {
			t.Fatalf("resolution outcome %q", res.Outcome)
		}
		if nr := mustClock(t, c, rapport.ClockNextResponse); nr.Outcome != rapport.OutcomeBreached {
			t.Fatalf("next response answered only at resolution, two days late: %q", nr.Outcome)
		}
		if !c.FollowUp.DueAt.Equal(sh(29, 15, 0)) {
			t.Fatalf("follow-up due %v", c.FollowUp.DueAt)
		}
		// Reopening on Friday 10:00 resumes the resolution clock (resolved time
		// does not count: Thu 15:00–18:00 + Fri 09:00–10:00 = 4 h more) and
		// cancels the unsent follow-up.
		c = b.setStatus(t, c.ID, sh(27, 10, 0), rapport.StatusOpen)
		res = mustClock(t, c, rapport.ClockResolution)
		if res.Paused != 13*time.Hour || !res.Running() || !c.FollowUp.DueAt.IsZero() {
			t.Fatalf("after reopening: %+v, follow-up %+v", res, c.FollowUp)
		}
		// Thursday 16:00 + 4 h of the office calendar: Thu 2 h, Fri 09:00 + 2 h = 11:00.
		if !res.DueAt.Equal(sh(27, 11, 0)) {
			t.Fatalf("resolution due after reopening %v", res.DueAt.In(shanghaiZone))
		}
	})
}

func TestStatusTransitions(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		c := b.openCase(t, NewCase{})
		closed := rapport.StatusClosed
		if _, err := b.svc.Update(t.Context(), c.ID, Change{Status: &closed}); err != nil {
			t.Fatal(err)
		}
		pending := rapport.StatusPending
		_, err := b.svc.Update(t.Context(), c.ID, Change{Status: &pending})
		var e *rapport.Error
		if !asError(err, &e) || e.Field != "status" {
			t.Fatalf("closed → pending: %v, want a status error", err)
		}
		bogus := rapport.CaseStatus("done")
		if _, err := b.svc.Update(t.Context(), c.ID, Change{Status: &bogus}); rapport.ErrorCode(err) != rapport.EINVALID {
			t.Fatalf("unknown status: %v", err)
		}
		if got := b.get(t, c.ID); got.Status != rapport.StatusClosed {
			t.Fatalf("a rejected change changed the case: %s", got.Status)
		}
	})
}

// orderEvent is an Order Completed event of a customer.
func orderEvent(user, orderID string, total float64, at time.Time) *rapport.Event {
	return &rapport.Event{MessageID: "m-" + orderID, Type: rapport.TypeTrack, Name: rapport.EventOrderCompleted,
		UserID: user, Channel: rapport.ChannelApp, Source: "test", Timestamp: at, ReceivedAt: at,
		Properties: map[string]any{"order_id": orderID, "total": total, "currency": "CNY",
			"products": []any{map[string]any{"product_id": "P-" + orderID, "name": "Coat", "category": "coats", "price": total, "quantity": 1.0}}}}
}
