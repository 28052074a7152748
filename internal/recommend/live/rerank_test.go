package live

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// handShop is a hand-built snapshot: Kitchen a (10) and b (50, premium from
// 40), Garden c (10), d (12, first seen a week before training) and f (8),
// Coffee e (5). Popularity: users 0 and 1 of region North bought c; users
// 2, 3 and 4 of region South bought e; users 5 to 7 (no region) bought b
// twice each, so overall e = 3, c = 2, b = 6.
func handShop(t *testing.T) (*Service, *snapshot) {
	t.Helper()
	trained := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	ids := []string{"a", "b", "c", "d", "e", "f"}
	products := []rapport.Product{
		{ID: "a", Name: "A", Category: "Kitchen", Price: 10}, {ID: "b", Name: "B", Category: "Kitchen", Price: 50},
		{ID: "c", Name: "C", Category: "Garden", Price: 10}, {ID: "d", Name: "D", Category: "Garden", Price: 12},
		{ID: "e", Name: "E", Category: "Coffee", Price: 5}, {ID: "f", Name: "F", Category: "Garden", Price: 8},
	}
	snap := &snapshot{products: products, firstSeen: make([]time.Time, len(ids)), highValue: 100,
		premium: map[string]float64{"Kitchen": 40, "Garden": 1000, "Coffee": 1000},
		similar: &recommend.ItemKNN{}, meta: rapport.RecommendModel{Kind: "hand", TrainedAt: trained}}
	for _, id := range ids {
		snap.items.ID(id)
	}
	for i := range snap.firstSeen {
		snap.firstSeen[i] = trained.AddDate(0, -6, 0)
	}
	snap.firstSeen[3] = trained.AddDate(0, 0, -7) // d is a new arrival
	north, south := snap.regions.ID("North"), snap.regions.ID("South")
	groups := []int32{north, north, south, south, south, -1, -1, -1}
	bought := []recommend.Triple{{User: 0, Item: 2, Value: 1}, {User: 1, Item: 2, Value: 1},
		{User: 2, Item: 4, Value: 1}, {User: 3, Item: 4, Value: 1}, {User: 4, Item: 4, Value: 1},
		{User: 5, Item: 1, Value: 2}, {User: 6, Item: 1, Value: 2}, {User: 7, Item: 1, Value: 2}}
	snap.pop = &recommend.Popularity{Groups: groups}
	if err := snap.pop.Fit(context.Background(), recommend.NewMatrix(len(groups), len(ids), bought)); err != nil {
		t.Fatal(err)
	}
	snap.prepare()
	return New(Config{PerCategory: 5}), snap
}

// rankWith reranks hand-set model scores (by item id) for a customer and
// returns the page as id → score and reason, in order.
func rankWith(t *testing.T, svc *Service, snap *snapshot, v view, scores map[string]float32) ([]string, map[string]Item) {
	t.Helper()
	rk := &ranking{s: svc, snap: snap, req: Request{Scene: SceneHome, N: 10, Lang: "en"}, v: v, hist: snap.history(v),
		buf: getBuffers(len(snap.products)), fallback: why{reasonPopular, -1}}
	defer rk.release()
	rk.scores = rk.buf.scores
	rk.segment = snap.segment(v)
	if len(scores) == 0 {
		rk.cold()
	} else {
		clear(rk.scores)
		for id, s := range scores {
			i, _ := snap.items.Lookup(id)
			rk.scores[i] = s
		}
	}
	rk.rerank()
	var order []string
	byID := map[string]Item{}
	for _, it := range rk.page() {
		order = append(order, it.ProductID)
		byID[it.ProductID] = it
	}
	return order, byID
}

func TestSegmentOfACustomer(t *testing.T) {
	_, snap := handShop(t)
	for _, c := range []struct {
		v    view
		want string
	}{
		{view{}, SegmentNew},
		{view{orders: 2, revenue: 99.99}, SegmentPotential},
		{view{orders: 3, revenue: 100}, SegmentHighValue},
	} {
		if got := snap.segment(c.v); got != c.want {
			t.Errorf("segment(%d orders, revenue %g) = %s, want %s", c.v.orders, c.v.revenue, got, c.want)
		}
	}
}

func TestColdCustomersGetTheirRegionsBestSellers(t *testing.T) {
	svc, snap := handShop(t)
	// North: 0.8 × its own shares (c = 1) + 0.2 × overall shares (b 6/11, e 3/11, c 2/11), divided by the top.
	north := []float64{0.8 + 0.2*2.0/11, 0.2 * 6.0 / 11, 0.2 * 3.0 / 11}
	// South: e = 0.8 + 0.2·3/11, then b, then c.
	south := []float64{0.8 + 0.2*3.0/11, 0.2 * 6.0 / 11, 0.2 * 2.0 / 11}
	for _, c := range []struct {
		region string
		order  []string
		raw    []float64
	}{
		{"North", []string{"c", "b", "e"}, north},
		{"South", []string{"e", "b", "c"}, south},
		{"", []string{"b", "e", "c"}, []float64{6, 3, 2}}, // no region: overall popularity
	} {
		order, items := rankWith(t, svc, snap, view{region: c.region}, nil)
		if len(order) != 3 || order[0] != c.order[0] || order[1] != c.order[1] || order[2] != c.order[2] {
			t.Errorf("region %q: cold page %v, want %v", c.region, order, c.order)
			continue
		}
		for k, id := range c.order {
			if want := roundTo4(c.raw[k] / c.raw[0]); items[id].Score != want {
				t.Errorf("region %q: %s scores %v, want %v", c.region, id, items[id].Score, want)
			}
		}
	}
}

func roundTo4(x float64) float64 { return float64(int(x*1e4+0.5)) / 1e4 }

func TestNewCustomersGetBestSellersBlendedIn(t *testing.T) {
	svc, snap := handShop(t)
	// A new customer (no order) who viewed f; the model scores a and c.
	v := view{items: map[string]touch{"f": {weight: 1, kind: recommend.KindView}}, recent: []string{"f"}}
	order, items := rankWith(t, svc, snap, v, map[string]float32{"a": 1, "c": 0.5})
	// Overall popularity b 6, e 3, c 2 → 0.3 × (1, 0.5, 1/3) added.
	want := []string{"a", "c", "b", "e"}
	scores := map[string]float64{"a": 1, "c": 0.5 + 0.1, "b": 0.3, "e": 0.15}
	if len(order) != 4 || order[0] != "a" || order[1] != "c" || order[2] != "b" || order[3] != "e" {
		t.Fatalf("new customer's page %v, want %v", order, want)
	}
	for id, s := range scores {
		if items[id].Score != roundTo4(s) {
			t.Errorf("%s scores %v, want %v", id, items[id].Score, s)
		}
	}
	if items["b"].Reason != "Best-seller" {
		t.Errorf("b (most popular, not scored by the model) has reason %q, want Best-seller", items["b"].Reason)
	}
	if items["e"].Reason == "Best-seller" || items["a"].Reason == "Best-seller" {
		t.Errorf("e (half as popular) or a (the model's pick) called a best-seller: %q, %q", items["e"].Reason, items["a"].Reason)
	}
}

func TestPotentialCustomersGetItemsNearWhatTheyBrowsed(t *testing.T) {
	svc, snap := handShop(t)
	// Has ordered (below the high-value revenue) and browsed f, a Garden item.
	v := view{orders: 1, revenue: 20, items: map[string]touch{"f": {weight: 1, kind: recommend.KindView}}, recent: []string{"f"}}
	order, items := rankWith(t, svc, snap, v, map[string]float32{"a": 1, "b": 0.95, "c": 0.9, "d": 0.85})
	want := []string{"c", "d", "a", "b"} // Garden lifted × 1.2: c 1.08, d 1.02 above a 1, b 0.95
	if len(order) != 4 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] || order[3] != want[3] {
		t.Fatalf("potential customer's page %v, want %v", order, want)
	}
	for id, s := range map[string]float64{"c": 1.08, "d": 1.02, "a": 1, "b": 0.95} {
		if items[id].Score != roundTo4(s) {
			t.Errorf("%s scores %v, want %v", id, items[id].Score, s)
		}
	}
	if _, ok := items["f"]; ok {
		t.Error("the browsed item itself was recommended")
	}
}

func TestHighValueCustomersGetPremiumAndNewArrivals(t *testing.T) {
	svc, snap := handShop(t)
	v := view{orders: 4, revenue: 500, items: map[string]touch{"e": {weight: 5, kind: recommend.KindPurchase, bought: true}}}
	order, items := rankWith(t, svc, snap, v, map[string]float32{"a": 1, "b": 0.9, "c": 0.95, "d": 0.8})
	want := []string{"b", "a", "d", "c"} // b premium 1.08, a 1, d new 0.96, c 0.95
	if len(order) != 4 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] || order[3] != want[3] {
		t.Fatalf("high-value customer's page %v, want %v", order, want)
	}
	for id, s := range map[string]float64{"b": 1.08, "a": 1, "d": 0.96, "c": 0.95} {
		if items[id].Score != roundTo4(s) {
			t.Errorf("%s scores %v, want %v", id, items[id].Score, s)
		}
	}
	if items["d"].Reason != "New arrival" {
		t.Errorf("d (first seen a week before training) has reason %q, want New arrival", items["d"].Reason)
	}
	if items["b"].Reason == "New arrival" {
		t.Errorf("b (six months old) called a new arrival")
	}
}
