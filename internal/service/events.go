package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// topicTypes maps the topic of a Ticket Created event to a case type.
var topicTypes = map[string]rapport.CaseType{
	"delivery": rapport.CaseOrderProblem, "late": rapport.CaseOrderProblem, "order": rapport.CaseOrderProblem,
	"quality": rapport.CaseQualityClaim, "size": rapport.CaseExchange, "exchange": rapport.CaseExchange,
	"return": rapport.CaseReturn, "refund": rapport.CaseRefund, "not_as_described": rapport.CaseComplaint,
	"complaint": rapport.CaseComplaint, "question": rapport.CaseConsultation, "consultation": rapport.CaseConsultation,
}

// HandleEvents reacts to committed events: Ticket Created opens a case,
// Ticket Resolved resolves it (recording the first response it reports),
// and a CSAT Survey Responded naming a case_id or ticket_id answers that
// case's follow-up; Segment Entered or Exited selects the SLA policies of
// the customer's open cases again. Events already handled change nothing.
func (s *Service) HandleEvents(ctx context.Context, events []*rapport.Event) error {
	var errs []error
	for _, e := range events {
		if e.Type != rapport.TypeTrack {
			continue
		}
		var err error
		switch e.Name {
		case rapport.EventTicketCreated:
			err = s.ticketCreated(ctx, e)
		case rapport.EventTicketResolved:
			err = s.ticketResolved(ctx, e)
		case rapport.EventSurveyResponded:
			err = s.surveyAnswered(ctx, e)
		case rapport.EventSegmentEntered, rapport.EventSegmentExited:
			err = s.segmentChanged(ctx, e.CustomerID, text(e.Properties, "segment_id"))
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("event %s: %w", e.MessageID, err))
		}
	}
	return errors.Join(errs...)
}

func text(props map[string]any, key string) string {
	switch v := props[key].(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(int64(v))
	}
	return ""
}

func (s *Service) ticketCreated(ctx context.Context, e *rapport.Event) error {
	p := e.Properties
	id := text(p, "ticket_id")
	if id == "" {
		id = e.MessageID
	}
	typ := rapport.CaseType(text(p, "type"))
	if typ == "" {
		typ = topicTypes[text(p, "topic")]
	}
	subject := text(p, "subject")
	if subject == "" {
		subject = text(p, "topic")
	}
	if subject == "" {
		subject = "Ticket " + id
	}
	in := NewCase{ExternalID: id, CustomerID: e.CustomerID, Subject: subject, Type: typ, Channel: e.Channel,
		Priority: rapport.Priority(text(p, "priority")), OrderID: text(p, "order_id"), Team: text(p, "team"),
		At: e.Timestamp, Messages: []rapport.CaseMessage{{Kind: rapport.AuthorCustomer, Author: e.CustomerID, Body: subject}}}
	if pid := text(p, "product_id"); pid != "" {
		in.ProductIDs = []string{pid}
	}
	if in.Priority != "" && !validPriority(in.Priority) {
		in.Priority = ""
	}
	_, err := s.Open(ctx, in)
	if rapport.ErrorCode(err) == rapport.ECONFLICT {
		return nil // seen before
	}
	return err
}

func validPriority(p rapport.Priority) bool {
	for _, q := range rapport.Priorities {
		if q == p {
			return true
		}
	}
	return false
}

func (s *Service) ticketResolved(ctx context.Context, e *rapport.Event) error {
	c, err := s.store.CaseByExternalID(ctx, text(e.Properties, "ticket_id"))
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if c.Status == rapport.StatusResolved || c.Status == rapport.StatusClosed {
		return nil
	}
	frMinutes, _ := e.Properties["first_response_minutes"].(float64)
	_, err = s.mutate(ctx, c.ID, OnUpdated, "", func(c *rapport.Case, cfg *loaded, now time.Time, eff *effects) error {
		if c.Status == rapport.StatusResolved || c.Status == rapport.StatusClosed {
			return nil
		}
		if frMinutes > 0 {
			agentReplied(c, c.CreatedAt.Add(time.Duration(frMinutes*float64(time.Minute))))
		}
		if err := transition(c, rapport.StatusResolved, cfg, e.Timestamp, eff); err != nil {
			return err
		}
		// A resolution reported long after the fact gets no follow-up.
		if c.FollowUp.SentAt.IsZero() && c.FollowUp.DueAt.Before(now.Add(-24*time.Hour)) {
			c.FollowUp.DueAt = time.Time{}
		}
		return nil
	})
	return err
}

func (s *Service) surveyAnswered(ctx context.Context, e *rapport.Event) error {
	p := e.Properties
	if text(p, "survey_type") != "csat" {
		return nil
	}
	var c *rapport.Case
	var err error
	if id, ok := p["case_id"].(float64); ok {
		c, err = s.store.Case(ctx, int64(id))
	} else if t := text(p, "ticket_id"); t != "" {
		c, err = s.store.CaseByExternalID(ctx, t)
	} else {
		return nil
	}
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	score, _ := p["score"].(float64)
	var solved *bool
	if v, ok := p["solved"].(bool); ok {
		solved = &v
	}
	_, err = s.Answer(ctx, c.ID, int(score), solved)
	return err
}
