package service

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// scanBatch is how many due cases one step of a scan reads and writes.
const scanBatch = 5000

// ScanTimers fires every timer due at now: SLA warnings and breaches (with
// the policy's escalation actions) and follow-ups. Side effects carry
// stable keys and are done before the case is written under its version,
// so a scan that crashes, runs twice or races another node fires each
// timer once. It is a jobs.Periodic scan.
func (s *Service) ScanTimers(ctx context.Context, now time.Time) error {
	cfg, err := s.config(ctx)
	if err != nil {
		return err
	}
	skip := map[int64]bool{} // cases a concurrent writer changed: the next scan sees them again
	for {
		due, err := s.store.DueCases(ctx, now, scanBatch+len(skip))
		if err != nil {
			return err
		}
		var batch []*rapport.Case
		eff := &effects{}
		for i := range due {
			c := &due[i]
			if skip[c.ID] {
				continue
			}
			fire(c, cfg, now, eff)
			batch = append(batch, c)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.flush(ctx, eff); err != nil {
			return err
		}
		applied, err := s.store.UpdateCases(ctx, batch)
		if err != nil {
			return err
		}
		for i, ok := range applied {
			if !ok {
				skip[batch[i].ID] = true
			}
		}
		if len(due) < scanBatch+len(skip) {
			return nil
		}
	}
}

// fire fires the case's timers due at now.
func fire(c *rapport.Case, cfg *loaded, now time.Time, eff *effects) {
	p := cfg.policy(c.SLA.Policy)
	for i := range c.SLA.Clocks {
		k := &c.SLA.Clocks[i]
		if !k.Running() {
			continue
		}
		key := fmt.Sprintf("case_%d_%s_%d", c.ID, k.Name, k.StartedAt.UnixMilli())
		if !k.Warned && !k.WarnAt.IsZero() && !now.Before(k.WarnAt) {
			k.Warned = true
			if p != nil {
				escalate(c, p.OnWarning, key+"_warning", HookSLAWarning, k, eff)
			}
		}
		if !k.Breached && !k.DueAt.IsZero() && !now.Before(k.DueAt) {
			k.Breached, k.Warned = true, true
			if p != nil {
				escalate(c, p.OnBreach, key+"_breach", HookSLABreached, k, eff)
			}
		}
	}
	if f := &c.FollowUp; f.SentAt.IsZero() && !f.DueAt.IsZero() && !now.Before(f.DueAt) {
		f.SentAt = now
		key := fmt.Sprintf("case_%d_follow_up", c.ID)
		eff.events = append(eff.events, serviceEvent("service-"+key, EventFollowUpSent, c.CustomerID, c.Channel, now,
			map[string]any{"case_id": float64(c.ID), "ticket_id": c.ExternalID, "survey_type": "csat", "order_id": c.OrderID}))
		eff.hook(key, HookFollowUpSent, map[string]any{"case": caseData(c), "question": "csat"})
	}
	c.UpdatedAt = now
}

// escalate applies a policy's actions for a warning or a breach.
func escalate(c *rapport.Case, actions []Action, key, event string, k *rapport.SLAClock, eff *effects) {
	for _, a := range actions {
		if a.apply(c) {
			eff.hook(key, event, map[string]any{"clock": k.Name, "due_at": k.DueAt, "case": caseData(c)})
		}
	}
}

// Answer records the customer's answer to a case's follow-up: a rating of
// 1–5 and whether the problem was solved (nil if not asked). A rating of 3
// or less, or "not solved", opens a second follow-up case for the team
// lead of the case's team, once.
func (s *Service) Answer(ctx context.Context, caseID int64, rating int, solved *bool) (*rapport.Case, error) {
	if rating < 0 || rating > 5 {
		return nil, rapport.FieldErrorf("rating", "a rating is 1 to 5")
	}
	cfg, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.mutate(ctx, caseID, OnUpdated, "", func(c *rapport.Case, _ *loaded, _ time.Time, _ *effects) error {
		c.FollowUp.Rating, c.FollowUp.Solved = rating, solved
		unhappy := rating > 0 && rating <= 3 || solved != nil && !*solved
		if !unhappy || c.FollowUp.ChildID != 0 {
			return nil
		}
		child, err := s.Open(ctx, NewCase{ExternalID: fmt.Sprintf("follow-up-%d", c.ID), CustomerID: c.CustomerID,
			Subject: "Second follow-up: " + c.Subject, Type: rapport.CaseFollowUp, Channel: c.Channel,
			Priority: rapport.PriorityHigh, Team: c.Team, Owner: cfg.TeamLeads[c.Team], OrderID: c.OrderID,
			ProductIDs: c.ProductIDs, ParentID: c.ID, Messages: []rapport.CaseMessage{{Kind: rapport.AuthorSystem,
				Body: answerText(rating, solved)}}})
		if err != nil && rapport.ErrorCode(err) != rapport.ECONFLICT {
			return err
		}
		c.FollowUp.ChildID = child.ID
		return nil
	})
	return c, err
}

func answerText(rating int, solved *bool) string {
	text := fmt.Sprintf("The customer rated the handling %d of 5", rating)
	if solved != nil && !*solved {
		text += " and said the problem is not solved"
	}
	return text + "."
}
