package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var testNow = time.Date(2025, 11, 20, 15, 4, 5, 0, time.UTC)

var small = Options{Customers: 400, Visitors: 50}

// streamHash hashes every field of every generated event, in order.
func streamHash(t *testing.T, seed int64, now time.Time, opts Options) (string, []string) {
	t.Helper()
	h := sha256.New()
	var ids []string
	for e := range Generate(seed, now, opts) {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
		ids = append(ids, e.MessageID)
	}
	return hex.EncodeToString(h.Sum(nil)), ids
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, idsA := streamHash(t, 1, testNow, small)
	b, _ := streamHash(t, 1, testNow, small)
	c, _ := streamHash(t, 2, testNow, small)
	if a != b {
		t.Error("the same seed gave two different event streams")
	}
	if a == c {
		t.Error("seeds 1 and 2 gave the same event stream")
	}
	later, idsLater := streamHash(t, 1, testNow.Add(72*time.Hour), small)
	if later == a || len(idsLater) != len(idsA) {
		t.Fatalf("a later now: %d events (hash equal %v), want the same %d events moved in time", len(idsLater), later == a, len(idsA))
	}
	seen := map[string]bool{}
	for i, id := range idsA {
		if idsLater[i] != id || seen[id] {
			t.Fatalf("message id %d: %q then %q (seen before %v); ids must be unique and not depend on now", i, id, idsLater[i], seen[id])
		}
		seen[id] = true
	}
}

func TestGenerateStaysInTheYear(t *testing.T) {
	from := testNow.AddDate(-1, 0, 0).Add(-15 * 24 * time.Hour) // first anonymous visits may precede registration
	for e := range Generate(3, testNow, small) {
		if e.Timestamp.After(testNow) || e.Timestamp.Before(from) {
			t.Fatalf("event %s %s at %v, outside the year before %v", e.MessageID, e.Name, e.Timestamp, testNow)
		}
		if e.UserID == "" && e.AnonymousID == "" {
			t.Fatalf("event %s names no customer", e.MessageID)
		}
	}
}

// TestLateDeliveryLowersRatings checks that reviews follow experience.
func TestLateDeliveryLowersRatings(t *testing.T) {
	late := map[string]bool{}
	var sum, n [2]float64
	for e := range Generate(5, testNow, Options{Customers: 2000, Visitors: -1}) {
		switch e.Name {
		case rapport.EventOrderDelivered:
			if e.Properties["late"] == true {
				late[e.Properties["order_id"].(string)] = true
			}
		case rapport.EventProductReviewed:
			k := 0
			if late[e.Properties["order_id"].(string)] {
				k = 1
			}
			sum[k] += e.Properties["rating"].(float64)
			n[k]++
		}
	}
	onTime, delayed := sum[0]/n[0], sum[1]/n[1]
	t.Logf("average rating: on time %.2f (%v reviews), late %.2f (%v reviews)", onTime, n[0], delayed, n[1])
	if n[1] < 30 || delayed > onTime-0.8 {
		t.Errorf("late deliveries rated %.2f against %.2f on time; want clearly lower", delayed, onTime)
	}
}

func TestCatalogue(t *testing.T) {
	products := Catalogue(1)
	cats, names, premium := map[string]int{}, map[string]bool{}, 0
	for _, p := range products {
		cats[p.Category]++
		names[p.Name] = true
		if p.Price > 1000 {
			premium++
		}
		if p.Price <= 0 || p.Price > 10000 {
			t.Errorf("%s %s costs %v CNY", p.ID, p.Name, p.Price)
		}
	}
	if len(products) != 300 || len(cats) < 10 || len(names) != 300 || premium < 20 || premium > 120 {
		t.Errorf("%d products, %d categories, %d distinct names, %d over 1000 CNY", len(products), len(cats), len(names), premium)
	}
}
