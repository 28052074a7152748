package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// BenchBatch is the number of events per Ingest call in BenchmarkIngest.
const BenchBatch = 500

// BenchmarkIngest measures Ingest on batches of BenchBatch realistic events
// and reports events/s.
func BenchmarkIngest(b *testing.B, open func(b *testing.B) rapport.Store) {
	s := open(b)
	g := newShop(1)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		batch := g.batch(BenchBatch)
		if p, ok := s.(interface {
			PrepareEvents([]*rapport.Event) error
		}); ok { // as the ingest pipeline does, before the writer's turn
			if err := p.PrepareEvents(batch); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		res, err := s.Ingest(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if res.Stored != len(batch) {
			b.Fatalf("stored %d of %d", res.Stored, len(batch))
		}
	}
	b.ReportMetric(float64(b.N*BenchBatch)/b.Elapsed().Seconds(), "events/s")
}

// shop generates the traffic of a small web shop: about 2,000 customers,
// 40 of them browsing at any moment in sessions of a few to 20 events.
type shop struct {
	rnd      *rand.Rand
	now      time.Time
	seq      int
	sessions []*visit
}

// visit is one customer's session in progress.
type visit struct {
	user, anon string
	left       int
	channel    rapport.Channel
}

const shopCustomers, shopSessions = 2000, 40

var benchCategories = []string{"kitchen", "home", "beauty", "apparel", "toys", "electronics", "books", "sports"}

func newShop(seed uint64) *shop {
	g := &shop{rnd: rand.New(rand.NewPCG(seed, 7)), now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range shopSessions {
		g.sessions = append(g.sessions, g.newVisit())
	}
	return g
}

func (g *shop) newVisit() *visit {
	n := g.rnd.IntN(shopCustomers)
	v := &visit{anon: fmt.Sprintf("dev-%05d", n), left: 3 + g.rnd.IntN(18),
		channel: rapport.Channels[g.rnd.IntN(3)]}
	if g.rnd.IntN(10) < 7 { // logged in
		v.user = fmt.Sprintf("cust-%05d", n)
	}
	return v
}

func (g *shop) batch(n int) []*rapport.Event {
	out := make([]*rapport.Event, n)
	for i := range out {
		j := g.rnd.IntN(len(g.sessions))
		v := g.sessions[j]
		out[i] = g.next(v)
		if v.left--; v.left == 0 {
			g.sessions[j] = g.newVisit()
		}
	}
	return out
}

// next is the visit's next event: mostly views and pages, some searches and
// carts, about 3% orders.
func (g *shop) next(v *visit) *rapport.Event {
	g.seq++
	g.now = g.now.Add(time.Duration(200+g.rnd.IntN(800)) * time.Millisecond)
	e := &rapport.Event{
		MessageID: fmt.Sprintf("%016x-%08d", g.rnd.Uint64(), g.seq), Type: rapport.TypeTrack,
		UserID: v.user, AnonymousID: v.anon, Channel: v.channel, Source: "bench",
		Timestamp: g.now, ReceivedAt: g.now.Add(150 * time.Millisecond),
		Context: map[string]any{"ip": "203.0.113.9", "locale": "zh-CN",
			"userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15",
			"library":   map[string]any{"name": "analytics-ios", "version": "4.1.8"}},
	}
	switch r := g.rnd.IntN(100); {
	case r < 35:
		e.Type, e.Name = rapport.TypePage, "Product List"
		e.Properties = map[string]any{"path": "/c/" + g.category(), "url": "https://shop.example/c/x", "title": "Category"}
	case r < 70:
		e.Name, e.Properties = rapport.EventProductViewed, g.product()
	case r < 82:
		e.Name = rapport.EventProductsSearched
		e.Properties = map[string]any{"query": g.category() + " gift"}
	case r < 92:
		e.Name, e.Properties = rapport.EventProductAdded, g.product()
	case r < 97:
		e.Name, e.Properties = rapport.EventCartViewed, map[string]any{"cart_id": fmt.Sprintf("cart-%d", g.seq)}
	default:
		e.Name, e.Properties = rapport.EventOrderCompleted, g.order()
	}
	return e
}

func (g *shop) category() string { return benchCategories[g.rnd.IntN(len(benchCategories))] }

func (g *shop) product() map[string]any {
	id := g.rnd.IntN(500)
	return map[string]any{
		"product_id": fmt.Sprintf("sku-%04d", id), "name": fmt.Sprintf("Product %d", id),
		"category": benchCategories[id%len(benchCategories)], "brand": "Acme",
		"price": float64(20 + id%300), "quantity": 1.0, "currency": "CNY",
	}
}

func (g *shop) order() map[string]any {
	var products []any
	total := 0.0
	for range 1 + g.rnd.IntN(4) {
		p := g.product()
		total += p["price"].(float64)
		products = append(products, p)
	}
	return map[string]any{"order_id": fmt.Sprintf("ord-%d", g.seq), "total": total,
		"currency": "CNY", "products": products}
}
