package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

func TestScanFiresEachTimerOnceAcrossRestarts(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		b.endpoint(t, "https://hooks.example/a")
		// Standard policy from Monday 10:00: first response warns at 11:30 and
		// is due at 12:00.
		c := b.openCase(t, NewCase{At: sh(23, 10, 0)})
		b.scan(t, sh(23, 11, 29))
		if got := b.deliveries(t)[HookSLAWarning]; got != 0 {
			t.Fatalf("warning before its time: %d", got)
		}
		for range 2 {
			b.scan(t, sh(23, 11, 30))
		}
		b.restart(t)
		b.scan(t, sh(23, 11, 45))
		if got := b.get(t, c.ID); !mustClock(t, got, rapport.ClockFirstResponse).Warned || got.Priority != rapport.PriorityNormal {
			t.Fatalf("after the warning: %+v", got)
		}
		// The standard policy only notifies on a warning; the breach notifies.
		if got := b.deliveries(t); got[HookSLAWarning] != 0 || got[HookSLABreached] != 0 {
			t.Fatalf("deliveries after the warning: %v", got)
		}
		b.scan(t, sh(23, 12, 0))
		b.restart(t)
		b.scan(t, sh(23, 12, 1))
		b.scan(t, sh(23, 13, 0))
		got := b.get(t, c.ID)
		if !got.Breached() || got.Priority != rapport.PriorityNormal {
			t.Fatalf("after the breach: breached %v priority %s", got.Breached(), got.Priority)
		}
		if d := b.deliveries(t); d[HookSLABreached] != 1 {
			t.Fatalf("breach deliveries %v, want 1", d)
		}
		// The queue shows breached cases first.
		b.openCase(t, NewCase{At: sh(23, 12, 30), Subject: "newer"})
		list, _, err := b.store.ListCases(t.Context(), rapport.CaseQuery{})
		if err != nil || list[0].ID != c.ID {
			t.Fatalf("queue head %+v %v", list[0], err)
		}
	})
}

func TestEscalationRaisesPriorityOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		b.endpoint(t, "https://hooks.example/a")
		// Urgent policy (office calendar): first response due 30 min after Monday 10:00.
		c := b.openCase(t, NewCase{At: sh(23, 10, 0), Priority: rapport.PriorityHigh})
		for _, at := range []time.Time{sh(23, 10, 20), sh(23, 10, 30), sh(23, 10, 31)} {
			b.scan(t, at)
			b.restart(t)
		}
		got := b.get(t, c.ID)
		// Breached once: high → urgent. The resolution clock has not breached.
		if got.Priority != rapport.PriorityUrgent {
			t.Fatalf("priority %s, want urgent", got.Priority)
		}
		if d := b.deliveries(t); d[HookSLABreached] != 1 || d[HookSLAWarning] != 0 {
			t.Fatalf("deliveries %v", d)
		}
		// An agent answering late gives the clock the breached outcome.
		got = b.reply(t, c.ID, rapport.AuthorAgent, sh(23, 10, 45), "")
		if k := mustClock(t, got, rapport.ClockFirstResponse); k.Outcome != rapport.OutcomeBreached {
			t.Fatalf("late answer outcome %q", k.Outcome)
		}
	})
}

func TestFollowUpFiresOnceAcrossACrash(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		b.endpoint(t, "https://hooks.example/a")
		c := b.openCase(t, NewCase{At: sh(23, 10, 0), CustomerID: "u7", Team: "returns"})
		b.reply(t, c.ID, rapport.AuthorAgent, sh(23, 10, 5), "")
		b.setStatus(t, c.ID, sh(23, 11, 0), rapport.StatusResolved)
		b.scan(t, sh(26, 10, 59))
		if got := b.get(t, c.ID); !got.FollowUp.SentAt.IsZero() {
			t.Fatal("follow-up sent early")
		}
		// A scan that dies after its side effects but before writing the case:
		// the next scan does the effects again, and their keys make them no-ops.
		due, err := b.store.DueCases(t.Context(), sh(26, 11, 0), 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("due: %v %v", due, err)
		}
		cfg, _ := b.svc.config(t.Context())
		eff := &effects{}
		fire(&due[0], cfg, sh(26, 11, 0), eff)
		if err := b.svc.flush(t.Context(), eff); err != nil {
			t.Fatal(err)
		}
		b.restart(t)
		b.scan(t, sh(26, 11, 5))
		b.scan(t, sh(27, 11, 0))
		b.restart(t)
		b.scan(t, sh(28, 11, 0))
		if d := b.deliveries(t); d[HookFollowUpSent] != 1 {
			t.Fatalf("follow-up deliveries %v, want 1", d)
		}
		events, err := b.store.Timeline(t.Context(), rapport.TimelineQuery{CustomerID: "u7"})
		if err != nil {
			t.Fatal(err)
		}
		sent := 0
		for _, e := range events {
			if e.Name == EventFollowUpSent {
				sent++
			}
		}
		if sent != 1 {
			t.Fatalf("%d Follow-up Sent events, want 1", sent)
		}
		if got := b.get(t, c.ID); got.FollowUp.SentAt.IsZero() {
			t.Fatal("follow-up not marked sent")
		}
	})
}

func TestUnhappyAnswerOpensSecondFollowUp(t *testing.T) {
	no, yes := false, true
	tests := []struct {
		name   string
		rating int
		solved *bool
		second bool
	}{
		{"rating 3", 3, nil, true},
		{"rating 4", 4, nil, false},
		{"rating 5 but not solved", 5, &no, true},
		{"rating 1 and solved", 1, &yes, true},
		{"solved, no rating", 0, &yes, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, b *bundle) {
				cfg := DefaultConfig()
				cfg.TeamLeads = map[string]string{"returns": "lead-wang"}
				if err := b.svc.SetConfig(t.Context(), cfg); err != nil {
					t.Fatal(err)
				}
				c := b.openCase(t, NewCase{Team: "returns", Owner: "agent-li"})
				b.setStatus(t, c.ID, sh(23, 11, 0), rapport.StatusResolved)
				for range 2 { // answering twice opens one case at most
					if _, err := b.svc.Answer(t.Context(), c.ID, tt.rating, tt.solved); err != nil {
						t.Fatal(err)
					}
				}
				got := b.get(t, c.ID)
				list, total, _ := b.store.ListCases(t.Context(), rapport.CaseQuery{Type: rapport.CaseFollowUp})
				if !tt.second {
					if total != 0 || got.FollowUp.ChildID != 0 {
						t.Fatalf("a second follow-up was opened: %+v", list)
					}
					return
				}
				if total != 1 || got.FollowUp.ChildID != list[0].ID {
					t.Fatalf("second follow-ups: %d, child %d", total, got.FollowUp.ChildID)
				}
				if f := list[0]; f.Owner != "lead-wang" || f.Team != "returns" || f.ParentID != c.ID {
					t.Fatalf("second follow-up %+v", f)
				}
			})
		})
	}
	eachBackend(t, func(t *testing.T, b *bundle) {
		c := b.openCase(t, NewCase{})
		if _, err := b.svc.Answer(t.Context(), c.ID, 6, nil); rapport.ErrorCode(err) != rapport.EINVALID {
			t.Fatalf("rating 6: %v", err)
		}
	})
}
