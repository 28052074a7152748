package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var recommendTests = []scenario{
	{"EventsAfterByName", testEventsAfterByName},
	{"CatalogueAndCustomers", testCatalogueAndCustomers},
	{"BestReviews", testBestReviews},
	{"ModelRoundTrip", testRecommendModelRoundTrip},
	{"ModelVersion", testRecommendModelVersion},
	{"Settings", testRecommendSettings},
	{"ItemAvailability", testItemAvailability},
	{"ServedLog", testServedLog},
}

func testEventsAfterByName(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s,
		track("v1", "u1", "", rapport.EventProductViewed, at(0), map[string]any{"product_id": "p1"}),
		page("pg1", "u1", "", at(time.Minute)),
		track("v2", "", "a9", rapport.EventProductAdded, at(2*time.Minute), map[string]any{"product_id": "p2"}),
	)
	all, err := s.EventsAfter(ctx, 0, nil, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("EventsAfter(0) = %d events, %v; want 3", len(all), err)
	}
	got, err := s.EventsAfter(ctx, 0, []string{rapport.EventProductViewed, rapport.EventProductAdded}, 0)
	if err != nil || len(got) != 2 || got[0].MessageID != "v1" || got[1].MessageID != "v2" {
		t.Fatalf("by name = %v, %v; want v1, v2", got, err)
	}
	if got[0].CustomerID != "u1" || got[1].CustomerID == "" || got[0].Properties["product_id"] != "p1" {
		t.Errorf("events carry customer %q/%q and properties %v", got[0].CustomerID, got[1].CustomerID, got[0].Properties)
	}
	after, err := s.EventsAfter(ctx, got[0].Seq, []string{rapport.EventProductViewed, rapport.EventProductAdded}, 1)
	if err != nil || len(after) != 1 || after[0].MessageID != "v2" {
		t.Errorf("after v1, limit 1 = %v, %v; want v2", after, err)
	}
}

func testCatalogueAndCustomers(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s,
		identify("i1", "u1", "", at(0), map[string]any{"region": "Shanghai"}),
		orderCompleted("o1", "u1", "", "ord1", at(time.Hour), 30, product("p1", "Kettle", "Kitchen", 10, 1), product("p2", "Mug", "Kitchen", 20, 1)),
	)
	cat, err := s.Catalogue(ctx)
	if err != nil || len(cat) != 2 || cat[0].ID != "p1" || cat[0].Category != "Kitchen" || cat[1].Price != 20 {
		t.Fatalf("Catalogue = %+v, %v", cat, err)
	}
	cs, err := s.CustomerSummaries(ctx)
	if err != nil || len(cs) != 1 {
		t.Fatalf("CustomerSummaries = %+v, %v", cs, err)
	}
	if c := cs[0]; c.ID != "u1" || c.Orders != 1 || c.Revenue != 30 || c.Region != "Shanghai" {
		t.Errorf("summary = %+v, want u1 with 1 order, 30 revenue, Shanghai", c)
	}
}

func testBestReviews(t *testing.T, s rapport.Store) {
	review := func(msg, user, product string, rating float64, body string, d time.Duration) *rapport.Event {
		return track(msg, user, "", rapport.EventProductReviewed, at(d),
			map[string]any{"product_id": product, "rating": rating, "review_body": body, "review_id": msg})
	}
	ingest(t, s,
		review("r1", "u1", "p1", 5, "Good", 0),
		review("r2", "u2", "p1", 5, "Boils a litre in two minutes", time.Hour),
		review("r3", "u3", "p1", 2, "Broke after a week, long complaint text here", 2*time.Hour),
		review("r4", "u1", "p2", 3, "Fine", 0),
		review("r5", "u2", "p3", 4, "Nice", 0),
	)
	got, err := s.BestReviews(context.Background(), []string{"p1", "p2", "p3", "p4"}, 4)
	if err != nil {
		t.Fatal(err)
	}
	// p1: the two 5-star reviews tie on rating; the longer text wins. p2 has
	// no positive review, p4 none at all.
	if len(got) != 2 || got["p1"].ID != "r2" || got["p3"].ID != "r5" || got["p1"].Body == "" {
		t.Errorf("BestReviews = %+v, want p1 → r2 and p3 → r5", got)
	}
}

func testRecommendModelRoundTrip(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	if _, err := s.LoadRecommendModel(ctx); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Fatalf("LoadRecommendModel on an empty store: %v, want ENOTFOUND", err)
	}
	data := bytes.Repeat([]byte{0, 1, 2, 255}, 1000)
	m := &rapport.RecommendModel{Kind: "ease(lambda=300)", Validation: 0.25, TrainedAt: day0, Users: 3, Items: 4,
		Interactions: 9, LastSeq: 42, Data: data}
	if err := s.SaveRecommendModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	m2 := *m
	m2.Kind, m2.LastSeq, m2.Data = "ials", 50, []byte("second")
	if err := s.SaveRecommendModel(ctx, &m2); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadRecommendModel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != "ials" || got.LastSeq != 50 || string(got.Data) != "second" || !got.TrainedAt.Equal(day0) || got.Validation != 0.25 {
		t.Errorf("loaded %+v, want the second save", got)
	}
	if err := s.SaveRecommendModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LoadRecommendModel(ctx); !bytes.Equal(got.Data, data) {
		t.Errorf("binary data changed in the round trip: %d bytes", len(got.Data))
	}
}

func testItemAvailability(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	for _, a := range []rapport.ItemAvailability{
		{ProductID: "p2", InStock: false, UpdatedAt: day0},
		{ProductID: "p1", InStock: true, Excluded: true, UpdatedAt: day0},
		{ProductID: "p2", InStock: true, UpdatedAt: at(time.Hour)},
	} {
		if err := s.SetItemAvailability(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ItemAvailabilities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[0].Excluded || got[0].ProductID != "p1" || !got[1].InStock || !got[1].UpdatedAt.Equal(at(time.Hour)) {
		t.Errorf("availabilities = %+v", got)
	}
	if err := s.SetItemAvailability(ctx, rapport.ItemAvailability{}); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Errorf("empty product id: %v, want EINVALID", err)
	}
}

func testServedLog(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	q1 := rapport.RecommendationServed{RequestID: "q1", CustomerID: "u1", Scene: "home", Model: "ials", Items: []string{"p1", "p2"}, ServedAt: day0}
	q2 := rapport.RecommendationServed{RequestID: "q2", CustomerID: "u2", Scene: "cart", Model: "item-knn", Items: []string{"p3"}, ServedAt: at(time.Hour)}
	if err := s.LogRecommendations(ctx, []rapport.RecommendationServed{q1}); err != nil {
		t.Fatal(err)
	}
	q1again := q1
	q1again.Scene = "cart"
	if err := s.LogRecommendations(ctx, []rapport.RecommendationServed{q1again, q2}); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecommendationsServed(ctx, at(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].RequestID != "q2" || got[0].Items[0] != "p3" || got[0].Scene != "cart" {
		t.Errorf("served since +1m = %+v, want q2", got)
	}
	all, _ := s.RecommendationsServed(ctx, time.Time{})
	if len(all) != 2 || all[0].RequestID != "q1" || len(all[0].Items) != 2 || all[0].Scene != "home" {
		t.Errorf("all served = %+v", all)
	}
}

func testRecommendModelVersion(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	if _, err := s.RecommendModelVersion(ctx); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Fatalf("RecommendModelVersion on an empty store: %v, want ENOTFOUND", err)
	}
	for want := int64(1); want <= 3; want++ {
		m := &rapport.RecommendModel{Kind: "ials", TrainedAt: day0, Data: []byte{byte(want)}}
		if err := s.SaveRecommendModel(ctx, m); err != nil {
			t.Fatal(err)
		}
		if m.Version != want {
			t.Errorf("save %d set Version %d", want, m.Version)
		}
		v, err := s.RecommendModelVersion(ctx)
		if err != nil || v != want {
			t.Errorf("RecommendModelVersion after save %d = %d, %v", want, v, err)
		}
		if got, err := s.LoadRecommendModel(ctx); err != nil || got.Version != want || got.Data[0] != byte(want) {
			t.Errorf("LoadRecommendModel after save %d = version %d, %v", want, got.Version, err)
		}
	}
}

func testRecommendSettings(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	if _, err := s.RecommendSettings(ctx); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Fatalf("RecommendSettings on an empty store: %v, want ENOTFOUND", err)
	}
	set := rapport.RecommendSettings{Weights: map[string]float64{"view": 1, "purchase": 8, "return": -6},
		RepeatCategories: []string{"Coffee", "咖啡"}, PerCategory: 2, MaxEASEItems: 1000, RetrainEveryHours: 6,
		UpdatedAt: day0}
	if err := s.SaveRecommendSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	set.PerCategory, set.UpdatedAt = 4, day0.Add(time.Hour)
	if err := s.SaveRecommendSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecommendSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.PerCategory != 4 || got.MaxEASEItems != 1000 || got.RetrainEveryHours != 6 || got.Weights["purchase"] != 8 ||
		got.Weights["return"] != -6 || len(got.RepeatCategories) != 2 || got.RepeatCategories[1] != "咖啡" ||
		!got.UpdatedAt.Equal(day0.Add(time.Hour)) {
		t.Errorf("loaded %+v, want the second save", got)
	}
}
