package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
)

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func ev(msg, typ, user, anon string, n int) *rapport.Event {
	ts := t0.Add(time.Duration(n) * time.Second)
	return &rapport.Event{MessageID: msg, Type: typ, Name: "Home", UserID: user, AnonymousID: anon,
		Channel: rapport.ChannelWeb, Source: "test", Timestamp: ts, ReceivedAt: ts.Add(time.Millisecond),
		Properties: map[string]any{"path": "/"}}
}

func mustIngest(t *testing.T, s *sqlstore.Store, events ...*rapport.Event) {
	t.Helper()
	if _, err := s.Ingest(context.Background(), events); err != nil {
		t.Fatal(err)
	}
}

func mustCustomer(t *testing.T, s *sqlstore.Store, id string) *rapport.Customer {
	t.Helper()
	c, err := s.Customer(context.Background(), id)
	if err != nil {
		t.Fatalf("customer %s: %v", id, err)
	}
	return c
}

// A failed ingest must leave no trace in the profiles the next ingest uses.
func TestProfileAfterRolledBackIngest(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "rapport.db"))
	mustIngest(t, s, ev("m1", rapport.TypePage, "u1", "", 1), ev("m2", rapport.TypePage, "", "d1", 2))
	idf := ev("m3", rapport.TypeIdentify, "u1", "d1", 3) // merges anon:d1 into u1 before the failure
	idf.Traits = map[string]any{"email": "u1@example.com", "plan": "gold"}
	bad := ev("", rapport.TypePage, "u1", "", 4) // refused by the events table
	if _, err := s.Ingest(context.Background(), []*rapport.Event{ev("m4", rapport.TypePage, "u1", "", 3), idf, bad}); err == nil {
		t.Fatal("Ingest accepted an event without a message id")
	}
	mustIngest(t, s, ev("m5", rapport.TypePage, "u1", "", 5))
	c := mustCustomer(t, s, "u1")
	if c.Stats.Events != 2 || c.Email != "" || c.Traits["plan"] != nil {
		t.Fatalf("after a failed ingest: events %d, email %q, traits %v; want 2 events, nothing from the failed batch",
			c.Stats.Events, c.Email, c.Traits)
	}
	mustIngest(t, s, ev("m6", rapport.TypePage, "", "d1", 6))
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM customers WHERE id = 'anon:d1'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("anonymous profile stored %d times (%v), want once", n, err)
	}
}

// A profile merged away must not come back from memory, and the profile it
// went into must count what both did.
func TestProfileAfterMerge(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "rapport.db"))
	mustIngest(t, s, ev("a1", rapport.TypePage, "", "d1", 1), ev("a2", rapport.TypePage, "", "d1", 2))
	mustIngest(t, s, ev("k1", rapport.TypePage, "u1", "", 3))
	mustIngest(t, s, ev("k2", rapport.TypeIdentify, "u1", "d1", 4))
	mustIngest(t, s, ev("a3", rapport.TypePage, "", "d1", 5), ev("k3", rapport.TypePage, "u1", "", 6))
	if c := mustCustomer(t, s, "u1"); c.Stats.Events != 6 {
		t.Fatalf("merged profile counts %d events, want 6", c.Stats.Events)
	}
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM customers").Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d profiles stored (%v), want 1", n, err)
	}
	// alias into another known customer, then use both ids again
	mustIngest(t, s, ev("k4", rapport.TypePage, "u2", "", 7))
	al := ev("k5", rapport.TypeAlias, "u2", "", 8)
	al.PreviousID = "u1"
	mustIngest(t, s, al)
	mustIngest(t, s, ev("k6", rapport.TypePage, "u1", "", 9), ev("k7", rapport.TypePage, "u2", "", 10))
	if c := mustCustomer(t, s, "u2"); c.Stats.Events != 10 {
		t.Fatalf("aliased profile counts %d events, want 10", c.Stats.Events)
	}
}

// Another connection writing the same file empties the cache.
func TestProfileWrittenByAnotherConnection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rapport.db")
	a := openAt(t, path)
	mustIngest(t, a, ev("m1", rapport.TypePage, "u1", "", 1))
	b := openAt(t, path)
	mustIngest(t, b, ev("m2", rapport.TypePage, "u1", "", 2))
	mustIngest(t, a, ev("m3", rapport.TypePage, "u1", "", 3))
	if c := mustCustomer(t, a, "u1"); c.Stats.Events != 3 {
		t.Fatalf("profile counts %d events, want 3", c.Stats.Events)
	}
}

// The same traffic, failed batches included, stores the same profiles with
// and without the cache.
func TestProfileCacheStoresWhatReadsWould(t *testing.T) {
	cached := openAt(t, filepath.Join(t.TempDir(), "cached.db"))
	saved := sqlite.Dialect.ProfileCache
	sqlite.Dialect.ProfileCache = 0
	plain := openAt(t, filepath.Join(t.TempDir(), "plain.db"))
	sqlite.Dialect.ProfileCache = saved

	rnd := rand.New(rand.NewPCG(3, 4))
	n := 0
	for b := range 60 {
		batch := make([][]*rapport.Event, 2)
		for range 1 + rnd.IntN(25) {
			n++
			user, anon := "", fmt.Sprintf("d%d", rnd.IntN(12))
			if rnd.IntN(2) == 0 {
				user = fmt.Sprintf("u%d", rnd.IntN(8))
			}
			typ := rapport.TypePage
			var traits map[string]any
			switch rnd.IntN(10) {
			case 0:
				typ, traits = rapport.TypeIdentify, map[string]any{"email": user + "@example.com", "n": float64(n),
					"address": map[string]any{"city": "Hangzhou"}}
			case 1:
				if user != "" {
					typ, anon = rapport.TypeAlias, ""
				}
			}
			prev := fmt.Sprintf("u%d", rnd.IntN(8))
			for i := range batch {
				e := ev(fmt.Sprintf("m%d", n), typ, user, anon, n)
				if typ == rapport.TypeAlias {
					e.PreviousID = prev
				}
				e.Traits = traits
				batch[i] = append(batch[i], e)
			}
		}
		if b%7 == 3 {
			for i := range batch {
				batch[i] = append(batch[i], ev("", rapport.TypePage, "u1", "", n))
			}
		}
		_, errC := cached.Ingest(context.Background(), batch[0])
		_, errP := plain.Ingest(context.Background(), batch[1])
		if (errC == nil) != (errP == nil) {
			t.Fatalf("batch %d: cached %v, plain %v", b, errC, errP)
		}
		if got, want := dump(t, cached), dump(t, plain); !reflect.DeepEqual(got, want) {
			t.Fatalf("batch %d: profiles differ\ncached %v\nplain  %v", b, got, want)
		}
	}
}

// dump returns every stored profile row as text.
func dump(t *testing.T, s *sqlstore.Store) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT id, known, email, phone, name, basic, traits, stats, first_seen,
 last_seen, first_month, order_count, revenue, last_order_at, created_at, updated_at FROM customers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		v := make([]any, 16)
		p := make([]any, 16)
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{5, 6, 7} { // JSON: compare values, not key order
			var x any
			if text, _ := v[i].(string); text != "" {
				if err := json.Unmarshal([]byte(text), &x); err != nil {
					t.Fatal(err)
				}
			}
			b, _ := json.Marshal(x)
			v[i] = string(b)
		}
		out = append(out, fmt.Sprintln(v...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Catalogue entries the cache knows are stored are not rewritten, but a
// change from an event, from a failed ingest or from another connection
// is never lost or kept.
func TestProductsSkippedOnlyWhenUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rapport.db")
	s := openAt(t, path)
	view := func(msg string, n int, props map[string]any) *rapport.Event {
		e := ev(msg, rapport.TypeTrack, "u1", "", n)
		e.Name, e.Properties = rapport.EventProductViewed, props
		return e
	}
	product := func() rapport.Product {
		t.Helper()
		p, err := s.Product(context.Background(), "p1")
		if err != nil {
			t.Fatal(err)
		}
		return *p
	}
	kettle := map[string]any{"product_id": "p1", "name": "Kettle", "category": "kitchen", "price": 199.0}
	mustIngest(t, s, view("v1", 1, kettle))
	mustIngest(t, s, view("v2", 2, kettle))
	want := rapport.Product{ID: "p1", Name: "Kettle", Category: "kitchen", Price: 199}
	if got := product(); got != want {
		t.Fatalf("product %+v, want %+v", got, want)
	}
	mustIngest(t, s, view("v3", 3, map[string]any{"product_id": "p1", "price": 149.0}))
	want.Price = 149
	if got := product(); got != want {
		t.Fatalf("after a price change: %+v, want %+v", got, want)
	}
	// A failed ingest saved a brand that was rolled back: the next one
	// must store it again.
	bad := ev("", rapport.TypePage, "u1", "", 4)
	acme := map[string]any{"product_id": "p1", "brand": "Acme"}
	if _, err := s.Ingest(context.Background(), []*rapport.Event{view("v4", 4, acme), bad}); err == nil {
		t.Fatal("Ingest accepted an event without a message id")
	}
	if got := product(); got != want {
		t.Fatalf("after a failed ingest: %+v, want %+v", got, want)
	}
	mustIngest(t, s, view("v5", 5, acme))
	want.Brand = "Acme"
	if got := product(); got != want {
		t.Fatalf("after the brand arrived: %+v, want %+v", got, want)
	}
	// Another connection renames it; an event naming it as the cache
	// remembers must restore the name.
	other := openAt(t, path)
	if _, err := other.DB().Exec("UPDATE products SET name = 'Teapot' WHERE id = 'p1'"); err != nil {
		t.Fatal(err)
	}
	mustIngest(t, s, view("v6", 6, map[string]any{"product_id": "p1", "name": "Kettle"}))
	if got := product(); got != want {
		t.Fatalf("after another connection's rename: %+v, want %+v", got, want)
	}
}
