package service

import (
	"time"

	"github.com/rapport-cx/rapport"
)

// applyPolicy gives a new case its policy and starts its first-response
// and resolution clocks at t.
func applyPolicy(c *rapport.Case, p *Policy, h *hours, t time.Time) {
	if p == nil {
		return
	}
	c.SLA = rapport.CaseSLA{Policy: p.Name, Calendar: p.Calendar}
	startClock(c, p, h, rapport.ClockFirstResponse, time.Duration(p.FirstResponse), t)
	startClock(c, p, h, rapport.ClockResolution, time.Duration(p.Resolution), t)
}

// startClock starts a clock with a target, unless the target is zero.
func startClock(c *rapport.Case, p *Policy, h *hours, name string, target time.Duration, t time.Time) {
	if target <= 0 {
		return
	}
	c.SLA.Clocks = append(c.SLA.Clocks, rapport.SLAClock{Name: name, Target: target,
		Warn: time.Duration(p.WarnBefore), StartedAt: t})
	k := &c.SLA.Clocks[len(c.SLA.Clocks)-1]
	if c.SLA.PausedAt.IsZero() {
		schedule(k, h)
	}
}

// schedule computes a running clock's due and warning times.
func schedule(k *rapport.SLAClock, h *hours) {
	total := k.Target + k.Paused
	k.DueAt = h.Add(k.StartedAt, total)
	k.WarnAt = time.Time{}
	if k.Warn > 0 && k.Warn < k.Target {
		k.WarnAt = h.Add(k.StartedAt, total-k.Warn)
	}
}

// stopClock stops a running clock at t: met if t is not after its due time.
func stopClock(k *rapport.SLAClock, t time.Time) {
	if !k.Running() {
		return
	}
	k.StoppedAt = t
	if k.Breached || t.After(k.DueAt) {
		k.Outcome = rapport.OutcomeBreached
	} else {
		k.Outcome = rapport.OutcomeMet
	}
}

// pause stops the running clocks from counting while the case waits on
// the customer: they have no due time until resumed.
func pause(c *rapport.Case, t time.Time) {
	if !c.SLA.PausedAt.IsZero() {
		return
	}
	c.SLA.PausedAt = t
	for i := range c.SLA.Clocks {
		if k := &c.SLA.Clocks[i]; k.Running() {
			k.DueAt, k.WarnAt = time.Time{}, time.Time{}
		}
	}
}

// resume adds the business time spent paused to each running clock and
// computes its due time again.
func resume(c *rapport.Case, h *hours, t time.Time) {
	if c.SLA.PausedAt.IsZero() {
		return
	}
	for i := range c.SLA.Clocks {
		if k := &c.SLA.Clocks[i]; k.Running() {
			k.Paused += h.Between(later(c.SLA.PausedAt, k.StartedAt), t)
			schedule(k, h)
		}
	}
	c.SLA.PausedAt = time.Time{}
}

// firstResponded reports whether the first-response clock has stopped (or
// the case has none).
func firstResponded(c *rapport.Case) bool {
	k := c.SLA.Clock(rapport.ClockFirstResponse)
	return k == nil || !k.Running()
}

// agentReplied stops the first- or next-response clock.
func agentReplied(c *rapport.Case, t time.Time) {
	for _, name := range []string{rapport.ClockFirstResponse, rapport.ClockNextResponse} {
		if k := c.SLA.Clock(name); k != nil {
			stopClock(k, t)
		}
	}
}

// customerWrote starts a next-response clock once the first response was
// given, unless one is already running. Earlier next-response clocks stay,
// each with its own outcome.
func customerWrote(c *rapport.Case, p *Policy, h *hours, t time.Time) {
	if p == nil || !firstResponded(c) {
		return
	}
	if k := c.SLA.Clock(rapport.ClockNextResponse); k != nil && k.Running() {
		return
	}
	startClock(c, p, h, rapport.ClockNextResponse, time.Duration(p.NextResponse), t)
}
