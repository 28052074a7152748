package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var orderTests = []scenario{
	{"OrderWithItems", testOrderWithItems},
	{"OrderLifecycle", testOrderLifecycle},
	{"OrdersNewestFirst", testOrdersNewestFirst},
	{"ProductKeepsKnownFields", testProductKeepsKnownFields},
	{"Review", testReview},
}

func testOrderWithItems(t *testing.T, s rapport.Store) {
	ingest(t, s, orderCompleted("o1", "u1", "", "ord-1", at(0), 347,
		product("p1", "Kettle", "kitchen", 199, 1), product("p2", "Mug", "kitchen", 74, 2)))
	orders, err := s.Orders(t.Context(), "u1", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []rapport.Order{{
		ID: "ord-1", CustomerID: "u1", Status: rapport.OrderCompleted, Total: 347, Currency: "CNY",
		Channel: rapport.ChannelWeb, PlacedAt: at(0), Items: []rapport.OrderItem{
			{ProductID: "p1", Name: "Kettle", Category: "kitchen", Price: 199, Quantity: 1},
			{ProductID: "p2", Name: "Mug", Category: "kitchen", Price: 74, Quantity: 2},
		},
	}}
	if !reflect.DeepEqual(orders, want) {
		t.Fatalf("orders\n got %+v\nwant %+v", orders, want)
	}
	p, err := s.Product(t.Context(), "p2")
	if err != nil || p.Name != "Mug" || p.Category != "kitchen" || p.Price != 74 {
		t.Fatalf("product p2: %+v %v", p, err)
	}
	_, err = s.Product(t.Context(), "nope")
	wantCode(t, err, rapport.ENOTFOUND)
	if n := counts(t, s); n.Orders != 1 || n.Items != 2 || n.Products != 2 {
		t.Fatalf("counts %+v", n)
	}
	ingest(t, s, orderCompleted("o1-again", "u1", "", "ord-1", at(time.Hour), 999, product("p3", "Pan", "kitchen", 999, 1)))
	if n := counts(t, s); n.Orders != 1 || n.Items != 2 {
		t.Fatalf("a second Order Completed for ord-1 changed the order: %+v", n)
	}
}

func testOrderLifecycle(t *testing.T, s rapport.Store) {
	promised := at(72 * time.Hour)
	ingest(t, s,
		orderCompleted("l1", "u1", "", "ord-a", at(0), 300, product("p1", "Kettle", "kitchen", 100, 3)),
		orderCompleted("l2", "u1", "", "ord-b", at(time.Minute), 50, product("p2", "Mug", "kitchen", 50, 1)),
		orderStep("l3", "u1", rapport.EventOrderShipped, "ord-a", at(time.Hour), map[string]any{"promised_at": promised.Format(time.RFC3339)}),
		orderStep("l4", "u1", rapport.EventOrderCancelled, "ord-b", at(time.Hour), nil),
	)
	ingest(t, s,
		orderStep("l5", "u1", rapport.EventOrderDelivered, "ord-a", at(48*time.Hour), nil),
		orderStep("l6", "u1", rapport.EventOrderRefunded, "ord-a", at(50*time.Hour),
			map[string]any{"total": 100.0, "products": []any{product("p1", "Kettle", "kitchen", 100, 1)}}),
		orderStep("l7", "u1", rapport.EventOrderRefunded, "ord-unknown", at(50*time.Hour), map[string]any{"total": 5.0}),
	)
	orders, err := s.Orders(t.Context(), "u1", 10)
	if err != nil || len(orders) != 2 {
		t.Fatalf("orders %+v %v", orders, err)
	}
	a, b := orders[1], orders[0]
	if a.Status != rapport.OrderDelivered || a.Refunded != 100 || !a.PromisedAt.Equal(promised) || !a.DeliveredAt.Equal(at(48*time.Hour)) {
		t.Fatalf("ord-a %+v: want delivered, refunded 100, promised and delivered times", a)
	}
	if b.Status != rapport.OrderCancelled {
		t.Fatalf("ord-b status %q, want cancelled", b.Status)
	}
	ingest(t, s, orderStep("l8", "u1", rapport.EventOrderRefunded, "ord-a", at(60*time.Hour), map[string]any{"total": 200.0}))
	orders, _ = s.Orders(t.Context(), "u1", 10)
	if a := orders[1]; a.Status != rapport.OrderRefunded || a.Refunded != 300 {
		t.Fatalf("ord-a after full refund: status %q refunded %v", a.Status, a.Refunded)
	}
}

func testOrdersNewestFirst(t *testing.T, s rapport.Store) {
	ingest(t, s,
		orderCompleted("n1", "u1", "", "first", at(0), 10),
		orderCompleted("n2", "u1", "", "third", at(2*time.Hour), 30),
		orderCompleted("n3", "u1", "", "second", at(time.Hour), 20),
		orderCompleted("n4", "u2", "", "other", at(time.Hour), 40),
	)
	orders, err := s.Orders(t.Context(), "u1", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 2 || orders[0].ID != "third" || orders[1].ID != "second" {
		t.Fatalf("orders %+v, want third then second", orders)
	}
	if none, err := s.Orders(t.Context(), "nobody", 10); err != nil || len(none) != 0 {
		t.Fatalf("orders of nobody: %v %v", none, err)
	}
}

func testProductKeepsKnownFields(t *testing.T, s rapport.Store) {
	ingest(t, s, track("v1", "u1", "", rapport.EventProductViewed, at(0),
		map[string]any{"product_id": "p1", "name": "Kettle", "category": "kitchen", "brand": "Bodum", "price": 199.0}))
	ingest(t, s, track("v2", "u1", "", rapport.EventProductViewed, at(time.Hour),
		map[string]any{"product_id": "p1", "price": 179.0}))
	p, err := s.Product(t.Context(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	if *p != (rapport.Product{ID: "p1", Name: "Kettle", Category: "kitchen", Brand: "Bodum", Price: 179}) {
		t.Fatalf("product %+v: empty fields must keep the stored values, price must update", *p)
	}
}

func testReview(t *testing.T, s rapport.Store) {
	review := track("r1", "u1", "", rapport.EventProductReviewed, at(0),
		map[string]any{"product_id": "p1", "rating": 4.0, "review_body": "Boils fast"})
	ingest(t, s, review)
	ingest(t, s, review)
	if n := counts(t, s); n.Reviews != 1 {
		t.Fatalf("%d reviews, want 1", n.Reviews)
	}
	if c := customer(t, s, "u1"); c.Stats.Reviews != 1 || c.Stats.AverageRating() != 4 {
		t.Fatalf("profile reviews=%d average=%v", c.Stats.Reviews, c.Stats.AverageRating())
	}
}
