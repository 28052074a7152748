package httpapi

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

func (h *handlers) service() *service.Service { return service.New(h.store, h.clock, h.log) }

// CaseListInput filters the case queue.
type CaseListInput struct {
	Status     string `query:"status" doc:"Comma-separated statuses; default new,open,pending"`
	Type       string `query:"type" enum:"consultation,complaint,order_problem,return,exchange,refund,quality_claim,inspection,follow_up," doc:"Case type"`
	Priority   string `query:"priority" enum:"low,normal,high,urgent," doc:"Priority"`
	Team       string `query:"team" maxLength:"100"`
	Owner      string `query:"owner" maxLength:"100"`
	CustomerID string `query:"customer_id" maxLength:"200"`
	OrderID    string `query:"order_id" maxLength:"200"`
	Breached   bool   `query:"breached" doc:"Only cases with a missed SLA target"`
	Offset     int    `query:"offset" minimum:"0"`
	Limit      int    `query:"limit" minimum:"0" maximum:"500" default:"50"`
}

// CaseListOutput is a page of the queue: breached first, then nearest due.
type CaseListOutput struct {
	Body struct {
		Total int            `json:"total"`
		Cases []rapport.Case `json:"cases"`
	}
}

func (h *handlers) listCases(ctx context.Context, in *CaseListInput) (*CaseListOutput, error) {
	q := rapport.CaseQuery{Type: rapport.CaseType(in.Type), Priority: rapport.Priority(in.Priority), Team: in.Team,
		Owner: in.Owner, CustomerID: in.CustomerID, OrderID: in.OrderID, Breached: in.Breached, Offset: in.Offset, Limit: in.Limit}
	statuses := in.Status
	if statuses == "" {
		statuses = "new,open,pending"
	}
	for _, s := range strings.Split(statuses, ",") {
		st := rapport.CaseStatus(strings.TrimSpace(s))
		if !validStatus(st) {
			return nil, h.toHTTP(rapport.FieldErrorf("status", "%q is not a case status", st))
		}
		q.Status = append(q.Status, st)
	}
	list, total, err := h.store.ListCases(ctx, q)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &CaseListOutput{}
	out.Body.Total, out.Body.Cases = total, list
	return out, nil
}

func validStatus(s rapport.CaseStatus) bool {
	for _, v := range rapport.CaseStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// CaseCreateInput opens a case.
type CaseCreateInput struct {
	Body struct {
		CustomerID string   `json:"customer_id" minLength:"1" maxLength:"200"`
		Subject    string   `json:"subject" minLength:"1" maxLength:"500"`
		Type       string   `json:"type,omitempty" doc:"consultation (default), complaint, order_problem, return, exchange, refund, quality_claim"`
		Stage      string   `json:"stage,omitempty" doc:"pre_sale, in_sale or after_sale; default from the type and order"`
		Channel    string   `json:"channel,omitempty" doc:"app, mini_program, web or other"`
		Priority   string   `json:"priority,omitempty" doc:"low, normal (default), high or urgent"`
		Owner      string   `json:"owner,omitempty" maxLength:"100"`
		Team       string   `json:"team,omitempty" maxLength:"100"`
		OrderID    string   `json:"order_id,omitempty" maxLength:"200"`
		ProductIDs []string `json:"product_ids,omitempty" maxItems:"100"`
		Labels     []string `json:"labels,omitempty" maxItems:"50"`
		Message    string   `json:"message,omitempty" maxLength:"20000" doc:"The customer's first message"`
		ExternalID string   `json:"external_id,omitempty" maxLength:"200" doc:"The source's ticket id; a second case with it is a 409"`
	}
}

// CaseOutput is one case with its conversation.
type CaseOutput struct {
	Body struct {
		*rapport.Case
		Messages []rapport.CaseMessage `json:"messages"`
	}
}

func (h *handlers) createCase(ctx context.Context, in *CaseCreateInput) (*CaseOutput, error) {
	b := in.Body
	nc := service.NewCase{ExternalID: b.ExternalID, CustomerID: b.CustomerID, Subject: b.Subject, Type: rapport.CaseType(b.Type),
		Stage: rapport.CaseStage(b.Stage), Channel: rapport.Channel(b.Channel), Priority: rapport.Priority(b.Priority),
		Owner: b.Owner, Team: b.Team, OrderID: b.OrderID, ProductIDs: b.ProductIDs, Labels: b.Labels}
	if strings.TrimSpace(b.Message) != "" {
		nc.Messages = []rapport.CaseMessage{{Kind: rapport.AuthorCustomer, Author: b.CustomerID, Body: b.Message}}
	}
	c, err := h.service().Open(ctx, nc)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return h.caseOutput(ctx, c)
}

func (h *handlers) caseOutput(ctx context.Context, c *rapport.Case) (*CaseOutput, error) {
	msgs, err := h.store.CaseMessages(ctx, c.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &CaseOutput{}
	out.Body.Case, out.Body.Messages = c, msgs
	return out, nil
}

// CaseIDInput names a case.
type CaseIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *handlers) getCase(ctx context.Context, in *CaseIDInput) (*CaseOutput, error) {
	c, err := h.store.Case(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return h.caseOutput(ctx, c)
}

// CaseCustomerOutput is the customer 360 shown beside a case.
type CaseCustomerOutput struct {
	Body *service.Customer360
}

func (h *handlers) caseCustomer(ctx context.Context, in *CaseIDInput) (*CaseCustomerOutput, error) {
	c360, err := h.service().CaseCustomer(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &CaseCustomerOutput{Body: c360}, nil
}

// CaseReplyInput adds a message.
type CaseReplyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Kind   string `json:"kind" enum:"customer,agent,note" doc:"Who wrote it; a note is internal"`
		Author string `json:"author,omitempty" maxLength:"100"`
		Body   string `json:"body" minLength:"1" maxLength:"20000"`
		Status string `json:"status,omitempty" doc:"Status to set after the message, e.g. pending when asking the customer"`
	}
}

func (h *handlers) replyCase(ctx context.Context, in *CaseReplyInput) (*CaseOutput, error) {
	c, _, err := h.service().Reply(ctx, rapport.CaseMessage{CaseID: in.ID, Kind: in.Body.Kind, Author: in.Body.Author,
		Body: in.Body.Body}, rapport.CaseStatus(in.Body.Status))
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return h.caseOutput(ctx, c)
}

// CaseAssignInput assigns a case.
type CaseAssignInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Owner    *string  `json:"owner,omitempty" maxLength:"100"`
		Team     *string  `json:"team,omitempty" maxLength:"100"`
		Priority string   `json:"priority,omitempty" doc:"low, normal, high or urgent; a new priority selects the SLA policy again"`
		Type     string   `json:"type,omitempty" doc:"The case type; a new type selects the SLA policy again"`
		Labels   []string `json:"labels,omitempty" maxItems:"50" doc:"Labels to add"`
	}
}

func (h *handlers) assignCase(ctx context.Context, in *CaseAssignInput) (*CaseOutput, error) {
	ch := service.Change{Owner: in.Body.Owner, Team: in.Body.Team, Labels: in.Body.Labels}
	if in.Body.Priority != "" {
		p := rapport.Priority(in.Body.Priority)
		ch.Priority = &p
	}
	if in.Body.Type != "" {
		t := rapport.CaseType(in.Body.Type)
		ch.Type = &t
	}
	c, err := h.service().Update(ctx, in.ID, ch)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return h.caseOutput(ctx, c)
}

// CaseStatusInput changes a case's status.
type CaseStatusInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status string `json:"status" minLength:"1" doc:"new, open, pending, resolved, closed; open after resolved or closed reopens"`
		Note   string `json:"note,omitempty" maxLength:"20000" doc:"An internal note recorded with the change"`
		Author string `json:"author,omitempty" maxLength:"100"`
	}
}

func (h *handlers) caseStatus(ctx context.Context, in *CaseStatusInput) (*CaseOutput, error) {
	st := rapport.CaseStatus(in.Body.Status)
	c, err := h.service().Update(ctx, in.ID, service.Change{Status: &st, Note: in.Body.Note, Author: in.Body.Author})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return h.caseOutput(ctx, c)
}

// FollowUpAnswerInput is a customer's answer to a follow-up.
type FollowUpAnswerInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Rating int   `json:"rating" minimum:"0" maximum:"5" doc:"1–5; 0 if not given"`
		Solved *bool `json:"solved,omitempty" doc:"Whether the problem is solved"`
	}
}

func (h *handlers) followUpAnswer(ctx context.Context, in *FollowUpAnswerInput) (*CaseOutput, error) {
	c, err := h.service().Answer(ctx, in.ID, in.Body.Rating, in.Body.Solved)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return h.caseOutput(ctx, c)
}

// ServiceConfigOutput is the service configuration document.
type ServiceConfigOutput struct {
	Body json.RawMessage `doc:"Calendars, SLA policies, follow-up delay, team leads, automation rules and after-sale approval rules"`
}

func (h *handlers) getServiceConfig(ctx context.Context, _ *struct{}) (*ServiceConfigOutput, error) {
	cfg, err := h.service().Config(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	doc, err := json.Marshal(cfg)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &ServiceConfigOutput{Body: doc}, nil
}

// ServiceConfigInput replaces the configuration: the document GET returns.
type ServiceConfigInput struct {
	Body map[string]any
}

// decodeDoc re-reads a free-form JSON document into a typed one; durations
// are text ("90m"), which huma's schemas cannot express.
func decodeDoc(doc map[string]any, v any) error {
	b, err := json.Marshal(doc)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		return rapport.FieldErrorf("body", "%v", err)
	}
	return nil
}

func (h *handlers) putServiceConfig(ctx context.Context, in *ServiceConfigInput) (*ServiceConfigOutput, error) {
	cfg := &service.Config{}
	if err := decodeDoc(in.Body, cfg); err != nil {
		return nil, h.toHTTP(err)
	}
	if err := h.service().SetConfig(ctx, cfg); err != nil {
		return nil, h.toHTTP(err)
	}
	return h.getServiceConfig(ctx, nil)
}

// SLAReportInput picks the report's period.
type SLAReportInput struct {
	From string `query:"from" doc:"First day, YYYY-MM-DD; default 90 days ago"`
	To   string `query:"to" doc:"Day after the last, YYYY-MM-DD; default tomorrow"`
}

// SLAReportOutput is the SLA report.
type SLAReportOutput struct {
	Body *service.SLAReport
}

func (h *handlers) slaReport(ctx context.Context, in *SLAReportInput) (*SLAReportOutput, error) {
	now := h.clock.Now().UTC()
	to := now.Truncate(24 * time.Hour).Add(24 * time.Hour)
	from := to.AddDate(0, 0, -91)
	for _, p := range []struct {
		field, v string
		t        *time.Time
	}{{"from", in.From, &from}, {"to", in.To, &to}} {
		if p.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, p.v)
		if err != nil {
			return nil, h.toHTTP(rapport.FieldErrorf(p.field, "%q is not a YYYY-MM-DD date", p.v))
		}
		*p.t = t
	}
	if !to.After(from) {
		return nil, h.toHTTP(rapport.FieldErrorf("to", "must be after from"))
	}
	r, err := h.service().SLAReport(ctx, from, to)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &SLAReportOutput{Body: r}, nil
}
