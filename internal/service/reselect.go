package service

import (
	"context"
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// who reads a case's customer as policy conditions and rules see them.
func (s *Service) who(ctx context.Context, customerID string) (who, error) {
	cust, err := s.customer(ctx, customerID)
	if err != nil || cust == nil {
		return who{}, err
	}
	m, err := s.store.Memberships(ctx, []string{cust.ID})
	if err != nil {
		return who{}, err
	}
	return who{cust: cust, segments: m[cust.ID]}, nil
}

// reselect gives an open case the policy its conditions select now, when
// that is another policy, and reports whether it did. Running clocks carry
// over: each keeps when it started and the business time it spent paused,
// takes the new policy's target and warning and is due again on the new
// policy's calendar (so it may be due, or breached, at once); a warning or
// breach already fired stays fired. A running clock the new policy has no
// target for is dropped, and a resolution clock (or, on a case nobody has
// answered yet, a first-response clock) the old policy lacked starts from
// the case's creation. Stopped clocks keep their outcome, and a clock whose
// target was set by hand (a hand-over's reply window) stays as it is.
// Policies given by name are never replaced.
func reselect(c *rapport.Case, cfg *loaded, cu who) bool {
	old := cfg.policy(c.SLA.Policy)
	if old != nil && old.ByNameOnly || c.Status == rapport.StatusResolved || c.Status == rapport.StatusClosed {
		return false
	}
	p := cfg.selectPolicy(c, cu)
	if p == nil || p.Name == c.SLA.Policy {
		return false
	}
	h := cfg.hours[p.Calendar]
	var clocks []rapport.SLAClock
	has := map[string]bool{}
	for _, k := range c.SLA.Clocks {
		has[k.Name] = true
		if !k.Running() || old != nil && k.Target != target(old, k.Name) {
			clocks = append(clocks, k)
			continue
		}
		if k.Target = target(p, k.Name); k.Target <= 0 {
			continue
		}
		k.Warn = time.Duration(p.WarnBefore)
		if c.SLA.PausedAt.IsZero() {
			schedule(&k, h)
		}
		clocks = append(clocks, k)
	}
	c.SLA.Policy, c.SLA.Calendar, c.SLA.Clocks = p.Name, p.Calendar, clocks
	if !has[rapport.ClockFirstResponse] && c.Status == rapport.StatusNew {
		startClock(c, p, h, rapport.ClockFirstResponse, time.Duration(p.FirstResponse), c.CreatedAt)
	}
	if !has[rapport.ClockResolution] {
		startClock(c, p, h, rapport.ClockResolution, time.Duration(p.Resolution), c.CreatedAt)
	}
	return true
}

// target is a policy's target for a clock.
func target(p *Policy, clock string) time.Duration {
	switch clock {
	case rapport.ClockFirstResponse:
		return time.Duration(p.FirstResponse)
	case rapport.ClockNextResponse:
		return time.Duration(p.NextResponse)
	case rapport.ClockResolution:
		return time.Duration(p.Resolution)
	}
	return 0
}

// segmentChanged re-selects the policies of a customer's open cases after
// they entered or left a segment that some policy's conditions name.
func (s *Service) segmentChanged(ctx context.Context, customerID, segmentID string) error {
	cfg, err := s.config(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(cfg.Policies, func(p Policy) bool { return slices.Contains(p.When.Segments, segmentID) }) {
		return nil
	}
	open, _, err := s.store.ListCases(ctx, rapport.CaseQuery{CustomerID: customerID, Limit: 500,
		Status: []rapport.CaseStatus{rapport.StatusNew, rapport.StatusOpen, rapport.StatusPending}})
	if err != nil {
		return err
	}
	for _, c := range open {
		_, err := s.mutate(ctx, c.ID, "", "", func(c *rapport.Case, cfg *loaded, _ time.Time, _ *effects) error {
			cu, err := s.who(ctx, c.CustomerID)
			if err != nil {
				return err
			}
			if !reselect(c, cfg, cu) {
				return errUnchanged
			}
			return nil
		})
		if err != nil && err != errUnchanged {
			return err
		}
	}
	return nil
}
