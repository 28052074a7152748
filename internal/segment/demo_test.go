package segment_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/segment"
)

// expectedLifecycle computes a customer's lifecycle segments straight from
// the profile and the orders table, without the rule engine.
func expectedLifecycle(t *testing.T, st rapport.Store, c *rapport.Customer, now time.Time) []string {
	s := c.Stats
	var out []string
	if !s.LastTicketAt.IsZero() && now.Sub(s.LastTicketAt) < 30*day {
		out = append(out, segment.Problem)
	}
	if s.Orders >= 1 && now.Sub(s.LastOrderAt) >= 30*day && s.Reviews > 0 && s.LastRating <= 3 {
		out = append(out, segment.ChurnRisk)
	}
	orders, err := st.Orders(context.Background(), c.ID, 10000)
	if err != nil {
		t.Fatal(err)
	}
	n, sum := 0, 0.0
	for _, o := range orders {
		if !o.PlacedAt.Before(now.Add(-90*day)) && !o.PlacedAt.After(now) {
			n++
			sum += o.Total
		}
	}
	if n >= 6 && sum/float64(n) >= 1000 {
		out = append(out, segment.HighValue)
	}
	if s.LastNPS != nil && *s.LastNPS >= 9 && s.Referrals >= 1 {
		out = append(out, segment.Seed)
	}
	reg := c.Basic.RegisteredAt
	if reg.IsZero() {
		reg = s.FirstSeen
	}
	sessions := 0
	for _, ch := range s.Channels {
		sessions += ch.Sessions
	}
	age := now.Sub(reg)
	if c.Known && s.Orders == 0 && age >= 7*day && age < 30*day && sessions >= 3 {
		out = append(out, segment.Potential)
	}
	if c.Known && s.Orders == 0 && age < 7*day {
		out = append(out, segment.New)
	}
	slices.Sort(out)
	return out
}

// On the demo shop every customer's lifecycle segments equal an
// independent computation, and each segment has members.
func TestDemoShopLifecycleMemberships(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if _, err := demo.LoadOptions(ctx, st, 7, now, demo.Options{Customers: 500, Visitors: 50}, nil); err != nil {
		t.Fatal(err)
	}
	eng := newEngine(t, st, &rapport.FixedClock{T: now})
	if err := eng.Scan(ctx, now); err != nil {
		t.Fatal(err)
	}
	list, total, err := st.SearchCustomers(ctx, rapport.CustomerQuery{Limit: 100000})
	if err != nil || total != len(list) {
		t.Fatalf("customers %d of %d: %v", len(list), total, err)
	}
	sizes := map[string]int{}
	for _, sum := range list {
		c, err := st.Customer(ctx, sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := expectedLifecycle(t, st, c, now)
		got := segmentsOf(t, st, c.ID)
		if !slices.Equal(got, want) {
			t.Errorf("%s: in %v, want %v", c.ID, got, want)
		}
		for _, id := range got {
			sizes[id]++
		}
	}
	t.Logf("lifecycle sizes among %d customers: %v", len(list), sizes)
	for _, id := range segment.Precedence {
		if sizes[id] == 0 {
			t.Errorf("no demo customer in %s", id)
		}
	}
	stored, _ := st.SegmentSizes(ctx)
	for id, n := range sizes {
		if stored[id] != n {
			t.Errorf("stored size of %s %d, counted %d", id, stored[id], n)
		}
	}
}
