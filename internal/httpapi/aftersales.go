package httpapi

import (
	"context"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
	"github.com/rapport-cx/rapport/internal/webhook"
)

// AfterSaleInput is a return, exchange, refund or quality claim.
type AfterSaleInput struct {
	Body struct {
		Kind       string                  `json:"kind" enum:"return,exchange,refund,quality_claim"`
		CustomerID string                  `json:"customer_id" minLength:"1" maxLength:"200"`
		OrderID    string                  `json:"order_id" minLength:"1" maxLength:"200"`
		Items      []rapport.AfterSaleItem `json:"items" minItems:"1" maxItems:"100" doc:"product_id and quantity; price and category come from the order"`
		Reason     string                  `json:"reason" minLength:"1" maxLength:"200" doc:"e.g. size, changed_mind, damaged, wrong_item, not_as_described"`
		Photos     []string                `json:"photos,omitempty" maxItems:"20" doc:"http(s) URLs of photos"`
		Channel    string                  `json:"channel,omitempty" doc:"app, mini_program, web or other"`
	}
}

// AfterSaleOutput is one request with its decision, reasons and steps.
type AfterSaleOutput struct {
	Body *rapport.AfterSale
}

func (h *handlers) createAfterSale(ctx context.Context, in *AfterSaleInput) (*AfterSaleOutput, error) {
	b := in.Body
	a, err := h.service().RequestAfterSale(ctx, service.AfterSaleRequest{Kind: rapport.CaseType(b.Kind), CustomerID: b.CustomerID,
		OrderID: b.OrderID, Items: b.Items, Reason: b.Reason, Photos: b.Photos, Channel: rapport.Channel(b.Channel)})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &AfterSaleOutput{Body: a}, nil
}

// AfterSaleIDInput names a request.
type AfterSaleIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *handlers) getAfterSale(ctx context.Context, in *AfterSaleIDInput) (*AfterSaleOutput, error) {
	a, err := h.store.AfterSale(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &AfterSaleOutput{Body: a}, nil
}

// LimitInput caps a list.
type LimitInput struct {
	Limit int `query:"limit" minimum:"1" maximum:"1000" default:"100"`
}

// AfterSaleListOutput lists requests, newest first.
type AfterSaleListOutput struct {
	Body struct {
		AfterSales []rapport.AfterSale `json:"after_sales"`
	}
}

func (h *handlers) listAfterSales(ctx context.Context, in *LimitInput) (*AfterSaleListOutput, error) {
	list, err := h.store.ListAfterSales(ctx, in.Limit)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &AfterSaleListOutput{}
	out.Body.AfterSales = list
	return out, nil
}

// AfterSaleDecisionInput is a person's decision.
type AfterSaleDecisionInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Approve bool   `json:"approve"`
		Author  string `json:"author,omitempty" maxLength:"100"`
		Note    string `json:"note,omitempty" maxLength:"2000"`
	}
}

func (h *handlers) decideAfterSale(ctx context.Context, in *AfterSaleDecisionInput) (*AfterSaleOutput, error) {
	a, err := h.service().Decide(ctx, in.ID, in.Body.Approve, in.Body.Author, in.Body.Note)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &AfterSaleOutput{Body: a}, nil
}

// AfterSaleStatusInput moves a request to its next step.
type AfterSaleStatusInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status string `json:"status" enum:"pickup_scheduled,received,refunded"`
	}
}

func (h *handlers) advanceAfterSale(ctx context.Context, in *AfterSaleStatusInput) (*AfterSaleOutput, error) {
	a, err := h.service().Advance(ctx, in.ID, in.Body.Status)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &AfterSaleOutput{Body: a}, nil
}

// DryRunInput is a set of approval rules to try.
type DryRunInput struct {
	Body struct {
		Rules map[string]any `json:"rules" doc:"Approval rules as in the service configuration's after_sales"`
		Limit int            `json:"limit,omitempty" minimum:"0" maximum:"10000" doc:"How many past requests; default 500"`
	}
}

// DryRunOutput is what the rules would have decided.
type DryRunOutput struct {
	Body struct {
		Requests     int                    `json:"requests"`
		WouldApprove int                    `json:"would_approve"`
		Changed      int                    `json:"changed"`
		Results      []service.DryRunResult `json:"results"`
	}
}

func (h *handlers) dryRunAfterSales(ctx context.Context, in *DryRunInput) (*DryRunOutput, error) {
	limit := in.Body.Limit
	if limit == 0 {
		limit = 500
	}
	var rules service.ApprovalRules
	if err := decodeDoc(in.Body.Rules, &rules); err != nil {
		return nil, h.toHTTP(err)
	}
	results, err := h.service().DryRun(ctx, rules, limit)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &DryRunOutput{}
	out.Body.Requests, out.Body.Results = len(results), results
	for _, r := range results {
		if r.Approved {
			out.Body.WouldApprove++
		}
		if r.Changed {
			out.Body.Changed++
		}
	}
	return out, nil
}

// WebhookCreateInput registers an endpoint.
type WebhookCreateInput struct {
	Body struct {
		URL    string   `json:"url" minLength:"1" maxLength:"2000"`
		Events []string `json:"events,omitempty" doc:"Event types, e.g. sla.breached, follow_up.sent; empty means all"`
	}
}

// WebhookCreateOutput shows the new endpoint and, once, its secret.
type WebhookCreateOutput struct {
	Body struct {
		*rapport.WebhookEndpoint
		Secret string `json:"secret" doc:"Signing secret (Standard Webhooks); shown only now"`
	}
}

func (h *handlers) createWebhook(ctx context.Context, in *WebhookCreateInput) (*WebhookCreateOutput, error) {
	w, err := webhook.CreateEndpoint(ctx, h.store, in.Body.URL, in.Body.Events, h.clock.Now())
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &WebhookCreateOutput{}
	out.Body.WebhookEndpoint, out.Body.Secret = w, w.Secret
	return out, nil
}

// WebhooksOutput lists endpoints.
type WebhooksOutput struct {
	Body struct {
		Endpoints []rapport.WebhookEndpoint `json:"endpoints"`
	}
}

func (h *handlers) listWebhooks(ctx context.Context, _ *struct{}) (*WebhooksOutput, error) {
	list, err := h.store.WebhookEndpoints(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &WebhooksOutput{}
	out.Body.Endpoints = list
	return out, nil
}

// DeliveriesOutput is the delivery log.
type DeliveriesOutput struct {
	Body struct {
		Deliveries []rapport.WebhookDelivery `json:"deliveries"`
	}
}

func (h *handlers) listDeliveries(ctx context.Context, in *LimitInput) (*DeliveriesOutput, error) {
	list, err := h.store.WebhookDeliveries(ctx, in.Limit)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &DeliveriesOutput{}
	out.Body.Deliveries = list
	return out, nil
}
