// Package storetest is the conformance suite every rapport.Store backend
// runs: the same scenarios, hand-computed expectations and benchmarks for
// SQLite and PostgreSQL. It depends on the domain and the profile engine,
// never on a backend.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// Exercise runs every scenario of the suite, each on a fresh store from open.
func Exercise(t *testing.T, open func(t *testing.T) rapport.Store) {
	groups := []struct {
		name  string
		tests []scenario
	}{
		{"Ingest", ingestTests}, {"Identity", identityTests}, {"Orders", orderTests},
		{"Search", searchTests}, {"Overview", overviewTests}, {"Access", accessTests},
		{"Surveys", surveyTests},
		{"Service", serviceTests},
		{"Predictions", predictionTests},
		{"Segments", segmentTests},
		{"Recommend", recommendTests},
		{"Knowledge", knowledgeTests},
		{"WebhookAdmin", webhookAdminTests},
		{"Observers", observerTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, sc := range g.tests {
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					sc.run(t, open(t))
				})
			}
		})
	}
}

// scenario is one test of the suite, run on a fresh store.
type scenario struct {
	name string
	run  func(t *testing.T, s rapport.Store)
}

// day0 is the suite's reference time; fixtures place events around it.
var day0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// at returns day0 moved by d.
func at(d time.Duration) time.Time { return day0.Add(d) }

// event builds an event the way ingest normalises one from the wire.
func event(msg, typ, name, user, anon string, ts time.Time, props map[string]any) *rapport.Event {
	return &rapport.Event{
		MessageID: msg, Type: typ, Name: name, UserID: user, AnonymousID: anon,
		Channel: rapport.ChannelWeb, Source: "storetest", Timestamp: ts, ReceivedAt: ts.Add(time.Second),
		Properties: props,
		Context:    map[string]any{"ip": "203.0.113.7", "library": map[string]any{"name": "analytics.js", "version": "4.1.0"}},
	}
}

func track(msg, user, anon, name string, ts time.Time, props map[string]any) *rapport.Event {
	return event(msg, rapport.TypeTrack, name, user, anon, ts, props)
}

func page(msg, user, anon string, ts time.Time) *rapport.Event {
	return event(msg, rapport.TypePage, "Home", user, anon, ts, map[string]any{"path": "/", "url": "https://shop.example/"})
}

func identify(msg, user, anon string, ts time.Time, traits map[string]any) *rapport.Event {
	e := event(msg, rapport.TypeIdentify, "", user, anon, ts, nil)
	e.Traits = traits
	return e
}

func alias(msg, prev, user string, ts time.Time) *rapport.Event {
	e := event(msg, rapport.TypeAlias, "", user, "", ts, nil)
	e.PreviousID = prev
	return e
}

// product is one entry of an e-commerce products array.
func product(id, name, category string, price float64, qty int) map[string]any {
	return map[string]any{"product_id": id, "name": name, "category": category, "price": price, "quantity": float64(qty)}
}

// orderCompleted is an Order Completed event with its products.
func orderCompleted(msg, user, anon, orderID string, ts time.Time, total float64, items ...map[string]any) *rapport.Event {
	list := make([]any, len(items))
	for i, it := range items {
		list[i] = it
	}
	return track(msg, user, anon, rapport.EventOrderCompleted, ts, map[string]any{
		"order_id": orderID, "total": total, "currency": "CNY", "products": list,
	})
}

// orderStep is a later order event (shipped, delivered, cancelled, refunded).
func orderStep(msg, user, name, orderID string, ts time.Time, extra map[string]any) *rapport.Event {
	props := map[string]any{"order_id": orderID}
	for k, v := range extra {
		props[k] = v
	}
	return track(msg, user, "", name, ts, props)
}

// ingest stores events and fails the test on error.
func ingest(t *testing.T, s rapport.Store, events ...*rapport.Event) rapport.IngestResult {
	t.Helper()
	res, err := s.Ingest(context.Background(), events)
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	return res
}

func customer(t *testing.T, s rapport.Store, id string) *rapport.Customer {
	t.Helper()
	c, err := s.Customer(context.Background(), id)
	if err != nil {
		t.Fatalf("Customer(%q): %v", id, err)
	}
	return c
}

func timeline(t *testing.T, s rapport.Store, id string) []rapport.Event {
	t.Helper()
	events, err := s.Timeline(context.Background(), rapport.TimelineQuery{CustomerID: id})
	if err != nil {
		t.Fatalf("Timeline(%q): %v", id, err)
	}
	return events
}

func counts(t *testing.T, s rapport.Store) rapport.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	return c
}

// messageIDs lists the message ids of events, in order.
func messageIDs(events []rapport.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.MessageID
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := rapport.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
