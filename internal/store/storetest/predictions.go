package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var predictionTests = []scenario{
	{"HistoriesOfKnownCustomers", testHistories},
	{"ModelRunReplacesTags", testModelRunReplacesTags},
	{"NoModelRunYet", testNoModelRun},
}

func histories(t *testing.T, s rapport.Store) map[string]rapport.CustomerHistory {
	t.Helper()
	out := map[string]rapport.CustomerHistory{}
	err := s.CustomerHistories(context.Background(), func(h *rapport.CustomerHistory) error {
		c := *h
		c.Orders = append([]rapport.HistoryOrder(nil), h.Orders...)
		out[h.CustomerID] = c
		return nil
	})
	if err != nil {
		t.Fatalf("CustomerHistories: %v", err)
	}
	return out
}

func testHistories(t *testing.T, s rapport.Store) {
	day := 24 * time.Hour
	ingest(t, s,
		page("h1", "u1", "", at(0)),
		orderCompleted("h2", "u1", "", "o1", at(2*time.Hour), 120,
			product("p1", "Kettle", "kitchen", 100, 1), product("p2", "Card", "", 20, 1)),
		orderCompleted("h3", "u1", "", "o2", at(3*day), 80, product("p3", "Lamp", "lighting", 80, 1)),
		orderCompleted("h4", "u1", "", "o3", at(4*day), 50, product("p4", "Mug", "kitchen", 50, 1)),
		orderStep("h5", "u1", rapport.EventOrderCancelled, "o3", at(4*day+time.Hour), nil),
		orderCompleted("h6", "", "anon-9", "o4", at(day), 30, product("p1", "Kettle", "kitchen", 30, 1)),
		page("h7", "u2", "", at(5*day)),
	)
	got := histories(t, s)
	midnight := day0.Truncate(day)
	want := map[string]rapport.CustomerHistory{"u1": {
		CustomerID: "u1",
		Orders: []rapport.HistoryOrder{
			{At: at(2 * time.Hour), Total: 120, Channel: rapport.ChannelWeb, Categories: []string{"kitchen"}},
			{At: at(3 * day), Total: 80, Channel: rapport.ChannelWeb, Categories: []string{"lighting"}},
		},
		ActiveDays: []time.Time{midnight, midnight.Add(3 * day), midnight.Add(4 * day)},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("histories (anonymous buyers, cancelled orders and customers without orders left out)\n got %+v\nwant %+v", got, want)
	}
}

func testModelRunReplacesTags(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s, identify("m1", "u1", "anon-1", at(0), map[string]any{"email": "a@example.com"}))
	first := &rapport.ModelRun{StartedAt: at(0), FinishedAt: at(time.Second), AsOf: at(0), Customers: 2,
		ChurnAUC: 0.81, BacktestMAE: 0.9, BacktestCorrelation: 0.7, NaiveMAE: 1.1, NaiveCorrelation: 0.6,
		NextCategoryHitRate: 0.4, Report: []byte(`{"customers":2}`)}
	tags := []rapport.PredictedTags{
		{CustomerID: "u1", ChurnProbability: 0.25, ExpectedPurchases90: 1.5, ExpectedValue90: 240.5,
			ProbabilityAlive: 0.9, NextCategory: "kitchen", Recency: 5, Frequency: 4, Monetary: 3,
			RFMSegment: "Champions", Cluster: 2, ComputedAt: at(0)},
		{CustomerID: "u2", ChurnProbability: 0.75, Recency: 1, Frequency: 1, Monetary: 1, RFMSegment: "Lost", Cluster: 1, ComputedAt: at(0)},
	}
	if err := s.SaveModelRun(ctx, first, tags); err != nil {
		t.Fatal(err)
	}
	if first.ID == 0 || tags[0].RunID != first.ID {
		t.Fatalf("run id %d, tag run id %d", first.ID, tags[0].RunID)
	}
	latest, err := s.LatestModelRun(ctx)
	if err != nil || !reflect.DeepEqual(latest, first) {
		t.Fatalf("latest run\n got %+v %v\nwant %+v", latest, err, first)
	}
	// Tags are found through an id merged into the customer.
	got, err := s.PredictedTags(ctx, "anon-1")
	if err != nil || !reflect.DeepEqual(*got, tags[0]) {
		t.Fatalf("tags of u1 by anonymous id\n got %+v %v\nwant %+v", got, err, tags[0])
	}
	second := &rapport.ModelRun{StartedAt: at(time.Hour), FinishedAt: at(time.Hour), AsOf: at(time.Hour), Customers: 1}
	if err := s.SaveModelRun(ctx, second, []rapport.PredictedTags{{CustomerID: "u1", RFMSegment: "Lost", ComputedAt: at(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if g, err := s.PredictedTags(ctx, "u1"); err != nil || g.RFMSegment != "Lost" || g.RunID != second.ID {
		t.Fatalf("u1 after the second run: %+v %v", g, err)
	}
	_, err = s.PredictedTags(ctx, "u2")
	wantCode(t, err, rapport.ENOTFOUND)
	runs, err := s.ModelRuns(ctx, 0)
	if err != nil || len(runs) != 2 || runs[0].ID != second.ID || runs[1].ChurnAUC != 0.81 || runs[1].Report != nil {
		t.Fatalf("runs %+v %v", runs, err)
	}
}

func testNoModelRun(t *testing.T, s rapport.Store) {
	_, err := s.LatestModelRun(context.Background())
	wantCode(t, err, rapport.ENOTFOUND)
	_, err = s.PredictedTags(context.Background(), "nobody")
	wantCode(t, err, rapport.ENOTFOUND)
	runs, err := s.ModelRuns(context.Background(), 5)
	if err != nil || len(runs) != 0 {
		t.Fatalf("runs %v %v", runs, err)
	}
}
