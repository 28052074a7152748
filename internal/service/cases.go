package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// NewCase is what opening a case takes.
type NewCase struct {
	ExternalID string
	CustomerID string
	Subject    string
	Type       rapport.CaseType  // default consultation
	Stage      rapport.CaseStage // default from the type and whether an order is linked
	Channel    rapport.Channel   // default other
	Priority   rapport.Priority  // default normal
	Owner      string
	Team       string
	OrderID    string
	ProductIDs []string
	Labels     []string
	ParentID   int64
	// Messages is the conversation so far (a hand-over brings the whole
	// chat); times default to now.
	Messages []rapport.CaseMessage
	// Policy forces an SLA policy by name instead of selecting one.
	Policy string
	// ReplyWithin, when set, replaces the first-response target, counted
	// around the clock: a person must answer within it.
	ReplyWithin time.Duration
	// At is when the case was opened; default now.
	At time.Time
}

func (in *NewCase) normalise(now time.Time) error {
	in.CustomerID, in.Subject = strings.TrimSpace(in.CustomerID), strings.TrimSpace(in.Subject)
	if in.CustomerID == "" {
		return rapport.FieldErrorf("customer_id", "a case needs a customer")
	}
	if in.Subject == "" {
		return rapport.FieldErrorf("subject", "a case needs a subject")
	}
	if in.Type == "" {
		in.Type = rapport.CaseConsultation
	}
	if !slices.Contains(rapport.CaseTypes, in.Type) {
		return rapport.FieldErrorf("type", "%q is not a case type", in.Type)
	}
	if in.Stage == "" {
		in.Stage = defaultStage(in.Type, in.OrderID)
	}
	if !slices.Contains([]rapport.CaseStage{rapport.StagePreSale, rapport.StageInSale, rapport.StageAfterSale}, in.Stage) {
		return rapport.FieldErrorf("stage", "%q is not a stage (pre_sale, in_sale, after_sale)", in.Stage)
	}
	if in.Channel == "" {
		in.Channel = rapport.ChannelOther
	}
	if !slices.Contains(rapport.Channels, in.Channel) {
		return rapport.FieldErrorf("channel", "%q is not a channel", in.Channel)
	}
	if in.Priority == "" {
		in.Priority = rapport.PriorityNormal
	}
	if !slices.Contains(rapport.Priorities, in.Priority) {
		return rapport.FieldErrorf("priority", "%q is not a priority", in.Priority)
	}
	if in.ReplyWithin < 0 {
		return rapport.FieldErrorf("reply_within", "must not be negative")
	}
	if in.At.IsZero() {
		in.At = now
	}
	return nil
}

func defaultStage(t rapport.CaseType, orderID string) rapport.CaseStage {
	switch {
	case t == rapport.CaseReturn || t == rapport.CaseExchange || t == rapport.CaseRefund ||
		t == rapport.CaseQualityClaim || t == rapport.CaseInspection || t == rapport.CaseFollowUp:
		return rapport.StageAfterSale
	case orderID != "":
		return rapport.StageInSale
	}
	return rapport.StagePreSale
}

// Open opens a case: automation rules for "created" run first, then the
// SLA policy is chosen and its clocks start. Returns ECONFLICT (with the
// existing case) if a case with the same ExternalID exists.
func (s *Service) Open(ctx context.Context, in NewCase) (*rapport.Case, error) {
	if err := in.normalise(s.clock.Now()); err != nil {
		return nil, err
	}
	if in.ExternalID != "" {
		if c, err := s.store.CaseByExternalID(ctx, in.ExternalID); err == nil {
			return c, rapport.Errorf(rapport.ECONFLICT, "case %s exists", in.ExternalID)
		}
	}
	cfg, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	cu, err := s.who(ctx, in.CustomerID)
	if err != nil {
		return nil, err
	}
	c := &rapport.Case{ExternalID: in.ExternalID, CustomerID: in.CustomerID, Subject: in.Subject, Type: in.Type,
		Stage: in.Stage, Channel: in.Channel, Priority: in.Priority, Status: rapport.StatusNew, Owner: in.Owner,
		Team: in.Team, OrderID: in.OrderID, ProductIDs: in.ProductIDs, Labels: in.Labels, ParentID: in.ParentID,
		CreatedAt: in.At, UpdatedAt: in.At}
	first := ""
	for _, m := range in.Messages {
		if m.Kind == rapport.AuthorCustomer {
			first = m.Body
			break
		}
	}
	matched, hooks := runRules(cfg.Automation, OnCreated, subject{c: c, cust: cu.cust, message: first})
	p := cfg.selectPolicy(c, cu)
	if in.Policy != "" {
		if p = cfg.policy(in.Policy); p == nil {
			return nil, rapport.FieldErrorf("policy", "no SLA policy named %q", in.Policy)
		}
	}
	if p != nil {
		applyPolicy(c, p, cfg.hours[p.Calendar], in.At)
	}
	if in.ReplyWithin > 0 {
		c.SLA.Clocks = slices.DeleteFunc(c.SLA.Clocks, func(k rapport.SLAClock) bool { return k.Name == rapport.ClockFirstResponse })
		k := rapport.SLAClock{Name: rapport.ClockFirstResponse, Target: in.ReplyWithin, StartedAt: in.At}
		schedule(&k, cfg.hours[AlwaysOpen])
		c.SLA.Clocks = append([]rapport.SLAClock{k}, c.SLA.Clocks...)
	}
	if len(matched) > 0 && c.Status != rapport.StatusNew {
		to := c.Status
		c.Status = rapport.StatusNew
		if err := transition(c, to, cfg, in.At, &effects{}); err != nil {
			return nil, err
		}
	}
	if err := s.store.CreateCase(ctx, c); err != nil {
		if rapport.ErrorCode(err) == rapport.ECONFLICT && in.ExternalID != "" {
			existing, _ := s.store.CaseByExternalID(ctx, in.ExternalID)
			return existing, err
		}
		return nil, err
	}
	for _, m := range in.Messages {
		m.CaseID = c.ID
		if m.CreatedAt.IsZero() {
			m.CreatedAt = in.At
		}
		if err := s.store.AddCaseMessage(ctx, &m); err != nil {
			return nil, err
		}
	}
	eff := &effects{}
	eff.hook(fmt.Sprintf("case_%d_created", c.ID), HookCaseCreated, caseData(c))
	for _, r := range hooks {
		eff.hook(fmt.Sprintf("case_%d_v1_rule_%s", c.ID, r), HookAutomation, map[string]any{"rule": r, "case": caseData(c)})
	}
	if err := s.flush(ctx, eff); err != nil {
		s.log.Warn("case side effects", "case", c.ID, "err", err)
	}
	return c, nil
}

// Change is an edit of a case; nil fields stay as they are. A new priority
// or type selects the SLA policy again (see reselect).
type Change struct {
	Owner    *string
	Team     *string
	Priority *rapport.Priority
	Type     *rapport.CaseType
	Status   *rapport.CaseStatus
	Labels   []string // added
	// Note, if set, is recorded as an internal note with the change.
	Note   string
	Author string
}

// Update changes a case's owner, team, priority or status, then runs the
// automation rules for "updated".
func (s *Service) Update(ctx context.Context, id int64, ch Change) (*rapport.Case, error) {
	if ch.Priority != nil && !slices.Contains(rapport.Priorities, *ch.Priority) {
		return nil, rapport.FieldErrorf("priority", "%q is not a priority", *ch.Priority)
	}
	if ch.Status != nil && !slices.Contains(rapport.CaseStatuses, *ch.Status) {
		return nil, rapport.FieldErrorf("status", "%q is not a case status", *ch.Status)
	}
	if ch.Type != nil && !slices.Contains(rapport.CaseTypes, *ch.Type) {
		return nil, rapport.FieldErrorf("type", "%q is not a case type", *ch.Type)
	}
	c, err := s.mutate(ctx, id, OnUpdated, "", func(c *rapport.Case, cfg *loaded, now time.Time, eff *effects) error {
		if ch.Owner != nil {
			c.Owner = strings.TrimSpace(*ch.Owner)
		}
		if ch.Team != nil {
			c.Team = strings.TrimSpace(*ch.Team)
		}
		if ch.Priority != nil {
			c.Priority = *ch.Priority
		}
		if ch.Type != nil {
			c.Type = *ch.Type
		}
		for _, l := range ch.Labels {
			if l = strings.TrimSpace(l); l != "" && !slices.Contains(c.Labels, l) {
				c.Labels = append(c.Labels, l)
			}
		}
		if ch.Status != nil && *ch.Status != c.Status {
			return transition(c, *ch.Status, cfg, now, eff)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ch.Note != "" {
		if err := s.store.AddCaseMessage(ctx, &rapport.CaseMessage{CaseID: id, Kind: rapport.AuthorNote,
			Author: ch.Author, Body: ch.Note, CreatedAt: s.clock.Now()}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Reply adds a message to a case's conversation. An agent's reply stops the
// response clocks and opens a new case; a customer's message starts the
// next-response clock and brings a pending or resolved case back to open;
// a note changes nothing but the conversation. Status, if set, is applied
// after the message (an agent asking a question sets pending).
func (s *Service) Reply(ctx context.Context, m rapport.CaseMessage, status rapport.CaseStatus) (*rapport.Case, *rapport.CaseMessage, error) {
	m.Body = strings.TrimSpace(m.Body)
	if m.Body == "" {
		return nil, nil, rapport.FieldErrorf("body", "a message needs a body")
	}
	if !slices.Contains([]string{rapport.AuthorCustomer, rapport.AuthorAgent, rapport.AuthorNote}, m.Kind) {
		return nil, nil, rapport.FieldErrorf("kind", "%q is not customer, agent or note", m.Kind)
	}
	if status != "" && !slices.Contains(rapport.CaseStatuses, status) {
		return nil, nil, rapport.FieldErrorf("status", "%q is not a case status", status)
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.clock.Now()
	}
	if err := s.store.AddCaseMessage(ctx, &m); err != nil {
		return nil, nil, err
	}
	trigger := OnUpdated
	if m.Kind == rapport.AuthorCustomer {
		trigger = OnMessage
	}
	c, err := s.mutate(ctx, m.CaseID, trigger, m.Body, func(c *rapport.Case, cfg *loaded, now time.Time, eff *effects) error {
		switch m.Kind {
		case rapport.AuthorAgent:
			agentReplied(c, m.CreatedAt)
			if c.Status == rapport.StatusNew {
				c.Status = rapport.StatusOpen
			}
		case rapport.AuthorCustomer:
			if c.Status == rapport.StatusPending || c.Status == rapport.StatusResolved || c.Status == rapport.StatusClosed {
				if err := transition(c, rapport.StatusOpen, cfg, m.CreatedAt, eff); err != nil {
					return err
				}
			}
			customerWrote(c, cfg.policy(c.SLA.Policy), cfg.hours[c.SLA.Calendar], m.CreatedAt)
		}
		if status != "" && status != c.Status {
			return transition(c, status, cfg, now, eff)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return c, &m, nil
}

// mutate reads a case, changes it with f and the automation rules of the
// trigger, selects its SLA policy again if its priority or type changed,
// and writes it if nobody changed it meanwhile (else it tries again). Side
// effects are done once the write is committed. If f returns errUnchanged,
// mutate returns it and writes nothing.
func (s *Service) mutate(ctx context.Context, id int64, trigger, message string,
	f func(c *rapport.Case, cfg *loaded, now time.Time, eff *effects) error) (*rapport.Case, error) {
	cfg, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	for range 5 {
		c, err := s.store.Case(ctx, id)
		if err != nil {
			return nil, err
		}
		now := s.clock.Now()
		eff := &effects{}
		priority, typ := c.Priority, c.Type
		if err := f(c, cfg, now, eff); err != nil {
			return nil, err
		}
		cu, err := s.who(ctx, c.CustomerID)
		if err != nil {
			return nil, err
		}
		before := c.Status
		_, hooks := runRules(cfg.Automation, trigger, subject{c: c, cust: cu.cust, message: message})
		if c.Priority != priority || c.Type != typ {
			reselect(c, cfg, cu)
		}
		if c.Status != before {
			to := c.Status
			c.Status = before
			if err := transition(c, to, cfg, now, eff); err != nil {
				return nil, err
			}
		}
		for _, r := range hooks {
			eff.hook(fmt.Sprintf("case_%d_v%d_rule_%s", c.ID, c.Version, r), HookAutomation,
				map[string]any{"rule": r, "case": caseData(c)})
		}
		eff.hook(fmt.Sprintf("case_%d_v%d_updated", c.ID, c.Version), HookCaseUpdated, caseData(c))
		c.UpdatedAt = now
		applied, err := s.store.UpdateCases(ctx, []*rapport.Case{c})
		if err != nil {
			return nil, err
		}
		if applied[0] {
			if err := s.flush(ctx, eff); err != nil {
				s.log.Warn("case side effects", "case", c.ID, "err", err)
			}
			return c, nil
		}
	}
	return nil, rapport.Errorf(rapport.ECONFLICT, "case %d: %v", id, errStale)
}

// allowed lists the statuses each status may move to.
var allowed = map[rapport.CaseStatus][]rapport.CaseStatus{
	rapport.StatusNew:      {rapport.StatusOpen, rapport.StatusPending, rapport.StatusResolved, rapport.StatusClosed},
	rapport.StatusOpen:     {rapport.StatusPending, rapport.StatusResolved, rapport.StatusClosed},
	rapport.StatusPending:  {rapport.StatusOpen, rapport.StatusResolved, rapport.StatusClosed},
	rapport.StatusResolved: {rapport.StatusOpen, rapport.StatusClosed},
	rapport.StatusClosed:   {rapport.StatusOpen},
}

// transition moves a case to a status at t, with what it does to the
// clocks: pending pauses them, resolving stops them and schedules the
// follow-up, reopening resumes the resolution clock (time spent resolved
// does not count) and cancels an unsent follow-up.
func transition(c *rapport.Case, to rapport.CaseStatus, cfg *loaded, t time.Time, eff *effects) error {
	from := c.Status
	if from == to {
		return nil
	}
	if !slices.Contains(allowed[from], to) {
		return rapport.FieldErrorf("status", "a %s case cannot become %s", from, to)
	}
	h := cfg.hours[c.SLA.Calendar]
	if h == nil {
		h = cfg.hours[AlwaysOpen]
	}
	resume(c, h, t)
	switch to {
	case rapport.StatusPending:
		pause(c, t)
	case rapport.StatusResolved, rapport.StatusClosed:
		for i := range c.SLA.Clocks {
			stopClock(&c.SLA.Clocks[i], t)
		}
		if to == rapport.StatusResolved && c.FollowUp.SentAt.IsZero() && c.Type != rapport.CaseInspection {
			c.FollowUp.DueAt = t.Add(time.Duration(cfg.FollowUpAfter))
		}
		if to == rapport.StatusResolved {
			eff.hook(fmt.Sprintf("case_%d_v%d_resolved", c.ID, c.Version), HookCaseResolved, caseData(c))
		}
	case rapport.StatusOpen:
		if from == rapport.StatusResolved || from == rapport.StatusClosed {
			reopen(c, h, t)
		}
	}
	c.Status = to
	return nil
}

// reopen resumes the resolution clock from where it stopped.
func reopen(c *rapport.Case, h *hours, t time.Time) {
	if k := c.SLA.Clock(rapport.ClockResolution); k != nil && !k.Running() {
		k.Paused += h.Between(k.StoppedAt, t)
		k.StoppedAt, k.Outcome = time.Time{}, ""
		schedule(k, h)
	}
	if c.FollowUp.SentAt.IsZero() {
		c.FollowUp.DueAt = time.Time{}
	}
}
