package live

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
)

var t0 = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// shop is a store with a small catalogue and customers whose baskets pair
// kettle with mug, teapot with cups and hose with rake.
type shop struct {
	st    rapport.Store
	clock *rapport.FixedClock
	n     int
}

var catalogue = map[string][2]any{ // id → category, price
	"kettle": {"Kitchen", 40.0}, "mug": {"Kitchen", 8.0}, "teapot": {"Kitchen", 30.0}, "cups": {"Kitchen", 12.0},
	"hose": {"Garden", 25.0}, "rake": {"Garden", 15.0}, "gloves": {"Garden", 6.0}, "coffee": {"Coffee", 9.0},
	"kettle2": {"Kitchen", 45.0},
}

func newShop(t *testing.T) *shop {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "shop.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &shop{st: st, clock: &rapport.FixedClock{T: t0.Add(60 * 24 * time.Hour)}}
}

func prod(id string) map[string]any {
	c := catalogue[id]
	return map[string]any{"product_id": id, "name": strings.ToUpper(id[:1]) + id[1:], "category": c[0], "price": c[1], "quantity": 1.0}
}

func (s *shop) event(user, name string, props map[string]any) *rapport.Event {
	s.n++
	e := &rapport.Event{MessageID: fmt.Sprintf("m%d", s.n), Type: rapport.TypeTrack, Name: name, Channel: rapport.ChannelWeb,
		Timestamp: t0.Add(time.Duration(s.n) * time.Minute), ReceivedAt: t0.Add(time.Duration(s.n) * time.Minute), Properties: props}
	if strings.HasPrefix(user, "anon-") {
		e.AnonymousID = user
	} else {
		e.UserID = user
	}
	return e
}

func (s *shop) order(user string, items ...string) *rapport.Event {
	var list []any
	total := 0.0
	for _, id := range items {
		list = append(list, prod(id))
		total += catalogue[id][1].(float64)
	}
	return s.event(user, rapport.EventOrderCompleted, map[string]any{"order_id": fmt.Sprintf("o%d", s.n+1), "total": total, "products": list})
}

func (s *shop) view(user, id string) *rapport.Event {
	return s.event(user, rapport.EventProductViewed, prod(id))
}

func (s *shop) ingest(t *testing.T, events ...*rapport.Event) []*rapport.Event {
	t.Helper()
	if _, err := s.st.Ingest(context.Background(), events); err != nil {
		t.Fatal(err)
	}
	return events
}

// seed gives 30 customers baskets of the three pairs, views of their pair
// and a review.
func (s *shop) seed(t *testing.T) {
	pairs := [][2]string{{"kettle", "mug"}, {"teapot", "cups"}, {"hose", "rake"}}
	var events []*rapport.Event
	for c := 0; c < 30; c++ {
		u := fmt.Sprintf("c%02d", c)
		p := pairs[c%3]
		events = append(events, s.view(u, p[0]), s.view(u, p[1]), s.order(u, p[0], p[1]))
		if c%5 == 0 {
			events = append(events, s.order(u, "coffee"))
		}
		if c%3 == 2 {
			events = append(events, s.view(u, "gloves"))
		}
	}
	events = append(events, s.view("loner", "kettle2"),
		s.event("c00", rapport.EventProductReviewed, map[string]any{"product_id": "mug", "rating": 5.0, "review_body": "Keeps tea hot for ages", "review_id": "rv1"}),
		s.event("c03", rapport.EventProductReviewed, map[string]any{"product_id": "mug", "rating": 4.0, "review_body": "Fine", "review_id": "rv2"}),
		s.event("c06", rapport.EventProductReviewed, map[string]any{"product_id": "rake", "rating": 1.0, "review_body": "Snapped", "review_id": "rv3"}))
	s.ingest(t, events...)
}

func (s *shop) service(t *testing.T, cfg Config) (*Service, context.CancelFunc) {
	t.Helper()
	cfg.Store, cfg.Clock = s.st, s.clock
	svc := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	if err := svc.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); svc.Wait() })
	return svc, cancel
}

func recommendIDs(t *testing.T, svc *Service, r Request) ([]string, *Response) {
	t.Helper()
	resp, err := svc.Recommend(context.Background(), r)
	if err != nil {
		t.Fatalf("Recommend(%+v): %v", r, err)
	}
	ids := make([]string, len(resp.Items))
	for i, it := range resp.Items {
		ids[i] = it.ProductID
	}
	return ids, resp
}

func TestHomeRecommendsWhatSimilarCustomersBoughtWithReasons(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	s.ingest(t, s.view("newbie", "kettle"))
	svc, _ := s.service(t, Config{})
	ids, resp := recommendIDs(t, svc, Request{CustomerID: "newbie", Scene: SceneHome, N: 3})
	if len(ids) == 0 || ids[0] != "mug" {
		t.Fatalf("home for a kettle viewer = %v, want mug first", ids)
	}
	mug := resp.Items[0]
	if mug.Reason != "Because you viewed Kettle" || mug.Because != "kettle" {
		t.Errorf("reason = %q (because %q), want “Because you viewed Kettle”", mug.Reason, mug.Because)
	}
	if mug.Review == nil || mug.Review.Body != "Keeps tea hot for ages" {
		t.Errorf("review = %+v, want the 5-star one", mug.Review)
	}
	_, zh := recommendIDs(t, svc, Request{CustomerID: "newbie", Scene: SceneHome, N: 3, Lang: "zh"})
	if zh.Items[0].Reason != "因为您浏览了Kettle" {
		t.Errorf("zh reason = %q", zh.Items[0].Reason)
	}
	if resp.RequestID == "" || resp.Segment != SegmentNew || !strings.HasPrefix(resp.Model, "") {
		t.Errorf("response = %+v", resp)
	}
	for _, it := range resp.Items {
		if it.ProductID == "kettle" {
			t.Error("the kettle the customer already viewed came back")
		}
	}
}

func TestBoughtOutOfStockAndFiltersNeverAppear(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	svc, _ := s.service(t, Config{RepeatCategories: []string{"Coffee"}})
	// c00 bought kettle, mug and coffee: kettle and mug never come back,
	// coffee (a consumable category) may.
	ids, _ := recommendIDs(t, svc, Request{CustomerID: "c00", Scene: SceneHome, N: 20})
	if slices.Contains(ids, "kettle") || slices.Contains(ids, "mug") {
		t.Errorf("c00 got bought items: %v", ids)
	}
	if !slices.Contains(ids, "coffee") {
		t.Errorf("c00 did not get the repeatable coffee: %v", ids)
	}
	if err := svc.SetAvailability(context.Background(), rapport.ItemAvailability{ProductID: "teapot", InStock: false}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetAvailability(context.Background(), rapport.ItemAvailability{ProductID: "cups", InStock: true, Excluded: true}); err != nil {
		t.Fatal(err)
	}
	for _, scene := range []string{SceneHome, SceneCart, ScenePostPurchase} {
		ids, _ := recommendIDs(t, svc, Request{CustomerID: "c00", Scene: scene, N: 20, Exclude: []string{"hose"}})
		for _, bad := range []string{"teapot", "cups", "hose", "kettle", "mug"} {
			if slices.Contains(ids, bad) {
				t.Errorf("%s: %s appeared in %v", scene, bad, ids)
			}
		}
	}
	ids, _ = recommendIDs(t, svc, Request{CustomerID: "c00", Scene: SceneHome, N: 20, Category: "Garden"})
	for _, id := range ids {
		if catalogue[id][0] != "Garden" {
			t.Errorf("category Garden returned %s", id)
		}
	}
	ids, _ = recommendIDs(t, svc, Request{CustomerID: "c00", Scene: SceneHome, N: 20, MinPrice: 10, MaxPrice: 20})
	for _, id := range ids {
		if p := catalogue[id][1].(float64); p < 10 || p > 20 {
			t.Errorf("price filter 10–20 returned %s at %v", id, p)
		}
	}
	// Diversity: at most one item per category.
	ids, _ = recommendIDs(t, svc, Request{CustomerID: "c01", Scene: SceneHome, N: 20})
	set := svc.Settings()
	set.PerCategory = 1
	if _, err := svc.UpdateSettings(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	ids1, _ := recommendIDs(t, svc, Request{CustomerID: "c01", Scene: SceneHome, N: 20})
	cats := map[any]int{}
	for _, id := range ids1 {
		cats[catalogue[id][0]]++
	}
	for c, n := range cats {
		if n > 1 {
			t.Errorf("%d items of %v with PerCategory 1: %v (was %v)", n, c, ids1, ids)
		}
	}
}

func TestCartAndPostPurchaseAreBoughtTogether(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	s.ingest(t, s.event("shopper", rapport.EventProductAdded, prod("hose")))
	svc, _ := s.service(t, Config{})
	ids, resp := recommendIDs(t, svc, Request{CustomerID: "shopper", Scene: SceneCart, N: 3})
	if len(ids) == 0 || ids[0] != "rake" || resp.Items[0].Reason != "Often bought together with Hose" {
		t.Fatalf("cart with a hose = %v (%+v), want rake, often bought together", ids, resp.Items)
	}
	ids, resp = recommendIDs(t, svc, Request{CustomerID: "c01", Scene: ScenePostPurchase, N: 3, Lang: "zh"})
	if len(ids) == 0 || !strings.HasPrefix(resp.Items[0].Reason, "经常与") {
		t.Errorf("post-purchase for c01 = %v %+v", ids, resp.Items)
	}
}

func TestProductSceneAndNewItemColdStart(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	svc, _ := s.service(t, Config{PerCategory: 10})
	ids, resp := recommendIDs(t, svc, Request{Scene: SceneProduct, Item: "teapot", N: 3})
	if len(ids) == 0 || ids[0] != "cups" || resp.Items[0].Reason != "Similar to Teapot" {
		t.Errorf("product teapot = %v %+v, want cups first", ids, resp.Items)
	}
	// kettle2 has one view by a customer who viewed nothing else: no
	// neighbours, so its category's items stand in.
	ids, resp = recommendIDs(t, svc, Request{Scene: SceneProduct, Item: "kettle2", N: 4})
	if len(ids) != 4 || resp.Model != "category-neighbours" {
		t.Fatalf("new item = %v (model %s), want 4 kitchen items", ids, resp.Model)
	}
	for _, it := range resp.Items {
		if it.Category != "Kitchen" || it.Reason != "In the same category as Kettle2" {
			t.Errorf("new item neighbour %+v", it)
		}
	}
	if _, err := svc.Recommend(context.Background(), Request{Scene: SceneProduct}); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Errorf("product scene without item: %v, want EINVALID", err)
	}
	if _, err := svc.Recommend(context.Background(), Request{Scene: "checkout"}); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Errorf("unknown scene: %v, want EINVALID", err)
	}
}

func TestNewEventChangesRecommendationsWithinASecond(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	svc, _ := s.service(t, Config{})
	visitor := rapport.AnonymousPrefix + "anon-v1"
	before, _ := recommendIDs(t, svc, Request{CustomerID: visitor, Scene: SceneHome, N: 2})
	// The ingest hook hands the committed events over; no retrain happens.
	trained := svc.snap.Load().meta.TrainedAt
	svc.Committed(s.ingest(t, s.view("anon-v1", "hose")))
	deadline := time.Now().Add(time.Second)
	var after []string
	var resp *Response
	for time.Now().Before(deadline) {
		after, resp = recommendIDs(t, svc, Request{CustomerID: visitor, Scene: SceneHome, N: 2})
		if len(after) > 0 && after[0] == "rake" {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if len(after) == 0 || after[0] != "rake" || resp.Items[0].Reason != "Because you viewed Hose" {
		t.Fatalf("within 1 s of viewing the hose: %v → %v (%+v), want rake first", before, after, resp)
	}
	if !svc.snap.Load().meta.TrainedAt.Equal(trained) {
		t.Error("the model was retrained; freshness must come from folding in")
	}
}

func TestColdVisitorGetsSearchMatches(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	svc, _ := s.service(t, Config{})
	visitor := rapport.AnonymousPrefix + "anon-s1"
	svc.Committed(s.ingest(t, s.event("anon-s1", rapport.EventProductsSearched, map[string]any{"query": "garden"})))
	deadline := time.Now().Add(time.Second)
	var resp *Response
	for time.Now().Before(deadline) {
		_, resp = recommendIDs(t, svc, Request{CustomerID: visitor, Scene: SceneHome, N: 3})
		if len(resp.Items) > 0 && strings.HasPrefix(resp.Items[0].Reason, "Matches") {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if resp.Items[0].Category != "Garden" || resp.Items[0].Reason != "Matches your search “garden”" {
		t.Errorf("after searching garden: %+v", resp.Items)
	}
}

func TestRestartServesThePersistedModelAndRetrainRules(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	svc, _ := s.service(t, Config{})
	first, ok := svc.Status()
	if !ok || first.Validation <= 0 || first.Items != len(catalogue) {
		t.Fatalf("status = %+v", first)
	}
	// A second node on the same database serves the stored model at once.
	s.clock.Advance(time.Hour)
	svc2, _ := s.service(t, Config{})
	second, _ := svc2.Status()
	if !second.TrainedAt.Equal(first.TrainedAt) || second.Kind != first.Kind {
		t.Errorf("restarted status = %+v, want the persisted %+v", second, first)
	}
	a, _ := recommendIDs(t, svc, Request{CustomerID: "c01", N: 5})
	b, _ := recommendIDs(t, svc2, Request{CustomerID: "c01", N: 5})
	if !slices.Equal(a, b) {
		t.Errorf("restarted node recommends %v, first node %v", b, a)
	}
	// No growth and not due: the scan does nothing.
	if went, err := svc2.Retrain(context.Background(), s.clock.Now(), false); err != nil || went {
		t.Errorf("retrain with nothing new: %v, %v", went, err)
	}
	// Due, but the live model validates better: kept.
	live := *svc2.snap.Load()
	live.meta.Validation = 2
	svc2.snap.Store(&live)
	if went, err := svc2.Retrain(context.Background(), s.clock.Now().Add(48*time.Hour), false); err != nil || went {
		t.Errorf("retrain against a better live model: went live %v, %v", went, err)
	}
	live.meta.Validation = 0
	svc2.snap.Store(&live)
	if went, err := svc2.Retrain(context.Background(), s.clock.Now().Add(48*time.Hour), false); err != nil || !went {
		t.Errorf("due retrain against a worse live model: went live %v, %v", went, err)
	}
	if m, err := s.st.LoadRecommendModel(context.Background()); err != nil || !m.TrainedAt.Equal(s.clock.Now().Add(48*time.Hour)) {
		t.Errorf("persisted model after the swap: %+v, %v", m, err)
	}
}

func TestOnlineMetricsAttributeViewsClicksAndOrders(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	svc, _ := s.service(t, Config{})
	_, resp := recommendIDs(t, svc, Request{CustomerID: "c01", Scene: SceneHome, N: 3})
	item := resp.Items[0]
	before := svc.Online()
	later := t0.Add(30 * 24 * time.Hour)
	at := func(e *rapport.Event, d time.Duration) *rapport.Event {
		e.Timestamp, e.ReceivedAt = later.Add(d), later.Add(d)
		return e
	}
	order := s.order("c01", item.ProductID)
	order.Properties["products"].([]any)[0].(map[string]any)["quantity"] = 2.0
	svc.Committed(s.ingest(t,
		at(s.event("c01", rapport.EventRecommendationViewed, map[string]any{"request_id": resp.RequestID}), 0),
		at(s.event("c01", rapport.EventRecommendationClicked, map[string]any{"request_id": resp.RequestID, "product_id": item.ProductID}), time.Minute),
		at(order, 2*time.Hour), // a new session, one hour after the click
		at(s.view("c02", "gloves"), 0),
	))
	deadline := time.Now().Add(time.Second)
	var m OnlineMetrics
	for time.Now().Before(deadline) {
		if m = svc.Online(); m.Sessions == before.Sessions+3 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Three new sessions (c01 twice, c02 once), one of which saw recommendations.
	if m.Sessions != before.Sessions+3 || m.SessionsWithRecs != before.SessionsWithRecs+1 {
		t.Fatalf("sessions %d → %d, with recommendations %d → %d", before.Sessions, m.Sessions, before.SessionsWithRecs, m.SessionsWithRecs)
	}
	if want := float64(m.SessionsWithRecs) / float64(m.Sessions); m.ReachRate != want {
		t.Errorf("reach rate %v, want %v", m.ReachRate, want)
	}
	i := slices.IndexFunc(m.Scenes, func(r SceneMetrics) bool { return r.Scene == SceneHome && r.Model == resp.Model })
	if i < 0 {
		t.Fatalf("no home row for %s in %+v", resp.Model, m.Scenes)
	}
	r := m.Scenes[i]
	if r.Served != 1 || r.Viewed != 1 || r.Clicked != 1 || r.Orders != 1 || r.Revenue != 2*item.Price || r.CTR != 1 || r.Conversion != 1 {
		t.Errorf("home metrics = %+v, want 1 served, viewed, clicked and converted, revenue %v", r, 2*item.Price)
	}
}
