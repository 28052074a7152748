package httpapi

import (
	"context"

	"github.com/rapport-cx/rapport"
)

// CustomerSearchInput are the query parameters of a customer search.
type CustomerSearchInput struct {
	Q      string `query:"q" maxLength:"200" doc:"Substring of the id, email, phone or name; empty lists everyone"`
	Offset int    `query:"offset" minimum:"0" doc:"Skip this many matches"`
	Limit  int    `query:"limit" minimum:"0" maximum:"500" default:"50" doc:"At most this many matches"`
}

// CustomerSearchOutput is a page of customers and the total number of matches.
type CustomerSearchOutput struct {
	Body struct {
		Total     int                       `json:"total"`
		Customers []rapport.CustomerSummary `json:"customers"`
	}
}

func (h *handlers) searchCustomers(ctx context.Context, in *CustomerSearchInput) (*CustomerSearchOutput, error) {
	list, total, err := h.store.SearchCustomers(ctx, rapport.CustomerQuery{Text: in.Q, Offset: in.Offset, Limit: in.Limit})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &CustomerSearchOutput{}
	out.Body.Total, out.Body.Customers = total, list
	if out.Body.Customers == nil {
		out.Body.Customers = []rapport.CustomerSummary{}
	}
	return out, nil
}

// CustomerIDInput names one customer.
type CustomerIDInput struct {
	ID string `path:"id" minLength:"1" maxLength:"200" doc:"Customer id, or an anonymous id that has been merged"`
}

// CustomerOutput is one profile with its derived figures.
type CustomerOutput struct {
	Body struct {
		*rapport.Customer
		AverageOrderValue float64 `json:"average_order_value"`
		AverageRating     float64 `json:"average_rating"`
		// Behaviour is the second tag layer, derived from the aggregates.
		Behaviour rapport.Behaviour `json:"behaviour"`
		// Predicted is the third tag layer, from the latest model run.
		Predicted *rapport.PredictedTags `json:"predicted,omitempty"`
	}
}

func (h *handlers) customer(ctx context.Context, in *CustomerIDInput) (*CustomerOutput, error) {
	c, err := h.store.Customer(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &CustomerOutput{}
	out.Body.Customer = c
	out.Body.AverageOrderValue = c.Stats.AverageOrderValue()
	out.Body.AverageRating = c.Stats.AverageRating()
	out.Body.Behaviour = c.Stats.Behaviour()
	out.Body.Predicted = h.predicted(ctx, c.ID)
	return out, nil
}

// TimelineInput pages through a customer's touchpoints.
type TimelineInput struct {
	ID     string `path:"id" minLength:"1" maxLength:"200"`
	Offset int    `query:"offset" minimum:"0"`
	Limit  int    `query:"limit" minimum:"0" maximum:"1000" default:"100"`
}

// TimelineOutput is a page of events in time order.
type TimelineOutput struct {
	Body struct {
		CustomerID string          `json:"customer_id"`
		Events     []TimelineEvent `json:"events"`
	}
}

// TimelineEvent is one touchpoint as the API shows it.
type TimelineEvent struct {
	Seq         int64          `json:"seq"`
	MessageID   string         `json:"message_id"`
	Type        string         `json:"type"`
	Name        string         `json:"name,omitempty"`
	Channel     string         `json:"channel"`
	Timestamp   string         `json:"timestamp"`
	UserID      string         `json:"user_id,omitempty"`
	AnonymousID string         `json:"anonymous_id,omitempty"`
	Properties  map[string]any `json:"properties,omitempty"`
	Traits      map[string]any `json:"traits,omitempty"`
}

func (h *handlers) timeline(ctx context.Context, in *TimelineInput) (*TimelineOutput, error) {
	c, err := h.store.Customer(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	events, err := h.store.Timeline(ctx, rapport.TimelineQuery{CustomerID: c.ID, Offset: in.Offset, Limit: in.Limit})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &TimelineOutput{}
	out.Body.CustomerID = c.ID
	out.Body.Events = make([]TimelineEvent, len(events))
	for i, e := range events {
		out.Body.Events[i] = TimelineEvent{Seq: e.Seq, MessageID: e.MessageID, Type: e.Type, Name: e.Name,
			Channel: string(e.Channel), Timestamp: e.Timestamp.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
			UserID: e.UserID, AnonymousID: e.AnonymousID, Properties: e.Properties, Traits: e.Traits}
	}
	return out, nil
}

// OrdersInput names a customer and how many orders to list.
type OrdersInput struct {
	ID    string `path:"id" minLength:"1" maxLength:"200"`
	Limit int    `query:"limit" minimum:"0" maximum:"1000" default:"50"`
}

// OrdersOutput lists orders with their items.
type OrdersOutput struct {
	Body struct {
		Orders []rapport.Order `json:"orders"`
	}
}

func (h *handlers) orders(ctx context.Context, in *OrdersInput) (*OrdersOutput, error) {
	c, err := h.store.Customer(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	list, err := h.store.Orders(ctx, c.ID, in.Limit)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &OrdersOutput{}
	out.Body.Orders = list
	if out.Body.Orders == nil {
		out.Body.Orders = []rapport.Order{}
	}
	return out, nil
}
