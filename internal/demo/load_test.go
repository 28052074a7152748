package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var last int64
	start := time.Now()
	res, err := Load(ctx, st, 1, testNow, func(done, total int64) { last = done })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d events of %d customers in %v", res.Stored, res.Customers, time.Since(start))
	if last != int64(res.Customers) || res.Stored != res.Events {
		t.Errorf("progress ended at %d of %d customers; stored %d of %d events", last, res.Customers, res.Stored, res.Events)
	}
	checkShape(t, st)
	checkPersonas(t, st)
	again, err := Load(ctx, st, 1, testNow.Add(24*time.Hour), nil)
	if err != nil || again.Stored != 0 {
		t.Errorf("second load stored %d events (err %v), want none", again.Stored, err)
	}
}

func checkShape(t *testing.T, st rapport.Store) {
	ctx := context.Background()
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Customers < 5000 || c.Products != 300 || c.Orders == 0 || c.Reviews == 0 {
		t.Errorf("counts %+v, want ≥5,000 customers, 300 products, orders and reviews", c)
	}
	cats := map[string]bool{}
	for _, p := range Catalogue(1) {
		sp, err := st.Product(ctx, p.ID)
		if err != nil {
			t.Fatalf("product %s: %v", p.ID, err)
		}
		cats[sp.Category] = true
	}
	if len(cats) < 10 {
		t.Errorf("%d categories stored, want ≥10", len(cats))
	}
	ov, err := st.Overview(ctx, testNow)
	if err != nil {
		t.Fatal(err)
	}
	months := 0
	for _, m := range ov.Months {
		if m.Orders > 0 {
			months++
		}
	}
	if months != 12 {
		t.Errorf("orders in %d of the last 12 months: %+v", months, ov.Months)
	}
}

// checkPersonas checks that each kind of customer shows the behaviour its
// lifecycle segment looks for, and that all three channels were used.
func checkPersonas(t *testing.T, st rapport.Store) {
	ctx := context.Background()
	channels := map[rapport.Channel]bool{}
	found, planned := map[Persona]int{}, map[Persona]int{}
	for _, p := range plans(1, testNow, DefaultCustomers, 0)[:1500] {
		c, err := st.Customer(ctx, p.userID)
		if err != nil {
			t.Fatalf("customer %s: %v", p.userID, err)
		}
		for ch := range c.Stats.Channels {
			channels[ch] = true
		}
		planned[p.persona]++
		if looksLike(p.persona, c, testNow) {
			found[p.persona]++
		}
	}
	t.Logf("customers matching their persona's segment rule, by persona: %v of %v", found, planned)
	if len(channels) < 3 {
		t.Errorf("channels used: %v, want app, mini_program and web", channels)
	}
	for _, want := range []Persona{PersonaNew, PersonaPotential, PersonaHighValue, PersonaChurnRisk, PersonaProblem, PersonaPromoter} {
		if found[want] < 5 {
			t.Errorf("persona %d: %d customers match its segment rule among the first 1,500, want ≥5", want, found[want])
		}
	}
}

// looksLike applies the default lifecycle rules of DESIGN.md to a profile.
func looksLike(p Persona, c *rapport.Customer, now time.Time) bool {
	s := c.Stats
	age := now.Sub(c.Basic.RegisteredAt)
	switch p {
	case PersonaNew:
		return age <= 7*day && s.Orders == 0
	case PersonaPotential:
		visits := 0
		for _, ch := range s.Channels {
			visits += ch.Sessions
		}
		return age > 7*day && age <= 30*day && visits >= 3 && s.Orders == 0
	case PersonaHighValue:
		return float64(s.Orders)/months(c.Basic.RegisteredAt, now) >= 2 && s.AverageOrderValue() >= 1000
	case PersonaChurnRisk:
		return s.Orders > 0 && now.Sub(s.LastOrderAt) > 30*day && s.Reviews > 0 && s.LastRating <= 3
	case PersonaProblem:
		return now.Sub(s.LastTicketAt) <= 30*day
	case PersonaPromoter:
		return s.LastNPS != nil && *s.LastNPS >= 9 && s.Referrals > 0
	}
	return false
}
