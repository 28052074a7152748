package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var overviewTests = []scenario{
	{"HandComputed", testOverviewHandComputed},
	{"Empty", testOverviewEmpty},
}

func day(year int, month time.Month, d int) time.Time {
	return time.Date(year, month, d, 10, 0, 0, 0, time.UTC)
}

// overviewFixture is a small shop whose figures are worked out by hand in
// testOverviewHandComputed.
func overviewFixture() []*rapport.Event {
	refund := map[string]any{"total": 50.0, "products": []any{product("p2", "Mug", "kitchen", 50, 1)}}
	return []*rapport.Event{
		// alice: first seen 2025-12, orders in 2026-01 and 2026-05 (partly refunded).
		identify("f1", "alice", "", day(2025, 12, 5), map[string]any{"email": "alice@example.com"}),
		orderCompleted("f2", "alice", "", "o1", day(2026, 1, 10), 100),
		orderCompleted("f3", "alice", "", "o2", day(2026, 5, 2), 300),
		orderStep("f4", "alice", rapport.EventOrderRefunded, "o2", day(2026, 5, 2).Add(time.Hour), refund),
		// bob: first seen 2026-04, one order, cancelled; last seen before the 30 days.
		identify("f5", "bob", "", day(2026, 4, 15), nil),
		orderCompleted("f6", "bob", "", "o3", day(2026, 4, 16), 200),
		orderStep("f7", "bob", rapport.EventOrderCancelled, "o3", day(2026, 4, 16).Add(time.Hour), nil),
		// carol: first seen 2026-05, browses only.
		page("f8", "carol", "", day(2026, 5, 10)),
		// dave: first seen 2024-01 (outside the 12 months), orders then and in 2026-05.
		orderCompleted("f9", "dave", "", "o4", day(2024, 1, 2), 80),
		orderCompleted("f10", "dave", "", "o5", day(2026, 5, 15), 120),
		// an anonymous guest: a buyer, not a customer.
		orderCompleted("f11", "", "guest", "o6", day(2026, 5, 18), 50),
	}
}

func testOverviewHandComputed(t *testing.T, s rapport.Store) {
	ingest(t, s, overviewFixture()...)
	asOf := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	got, err := s.Overview(t.Context(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := &rapport.Overview{
		AsOf:              asOf,
		Customers:         4,         // alice, bob, carol, dave
		ActiveCustomers:   3,         // alice (05-02), carol (05-10), dave (05-15); bob last 04-16
		Orders:            5,         // o1, o2, o4, o5, o6 (o3 cancelled)
		Revenue:           600,       // 100 + (300−50) + 80 + 120 + 50
		AverageOrderValue: 120,       // 600 / 5
		Buyers:            3,         // alice, dave, the guest
		RepeatBuyers:      2,         // alice, dave
		RepurchaseRate:    2.0 / 3.0, // 2 / 3
		Months: []rapport.MonthFigures{ // 2025-06 … 2026-05, months with data only
			{Month: "2025-12", NewCustomers: 1},                                     // alice
			{Month: "2026-01", Orders: 1, Revenue: 100, Buyers: 1},                  // o1
			{Month: "2026-04", NewCustomers: 1},                                     // bob; o3 cancelled
			{Month: "2026-05", Orders: 3, Revenue: 420, Buyers: 3, NewCustomers: 1}, // o2, o5, o6; carol
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("overview\n got %+v\nwant %+v", got, want)
	}
	early, err := s.Overview(t.Context(), time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	months := []string{}
	for _, m := range early.Months {
		months = append(months, m.Month)
	}
	if !reflect.DeepEqual(months, []string{"2025-12", "2026-01"}) {
		t.Fatalf("months as of 2026-01: %v, want 2025-12 and 2026-01", months)
	}
}

func testOverviewEmpty(t *testing.T, s rapport.Store) {
	got, err := s.Overview(t.Context(), day0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&rapport.Overview{AsOf: day0, Months: []rapport.MonthFigures{}}); !reflect.DeepEqual(got, want) {
		t.Fatalf("empty overview %+v", got)
	}
}
