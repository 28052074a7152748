package predict_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/store"
)

var demoEnd = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// TestScanRefitsOnceADay loads a small demo shop into SQLite and drives the
// scan with chosen times: it fits at once, not again within a day, again
// after one.
func TestScanRefitsOnceADay(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.LoadOptions(ctx, st, 1, demoEnd, demo.Options{Customers: 400, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	clock := &rapport.FixedClock{T: demoEnd.Add(time.Hour)}
	scan := predict.Scan(st, clock)
	for _, step := range []struct {
		after time.Duration
		runs  int
	}{{0, 1}, {time.Hour, 1}, {23 * time.Hour, 1}, {25 * time.Hour, 2}, {26 * time.Hour, 2}} {
		if err := scan(ctx, clock.T.Add(step.after)); err != nil {
			t.Fatal(err)
		}
		runs, err := st.ModelRuns(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != step.runs {
			t.Fatalf("after %v: %d runs, want %d", step.after, len(runs), step.runs)
		}
	}
	latest, err := st.LatestModelRun(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := predict.DecodeReport(latest)
	if err != nil {
		t.Fatal(err)
	}
	// The demo's orders end before the scan's time: the run is as of the
	// day after the last order.
	if latest.AsOf.After(demoEnd.Add(24*time.Hour)) || latest.Customers != rep.Customers || latest.Customers == 0 {
		t.Fatalf("run %+v", latest)
	}
	var tagged int
	err = st.CustomerHistories(ctx, func(h *rapport.CustomerHistory) error {
		g, err := st.PredictedTags(ctx, h.CustomerID)
		if err != nil {
			return err
		}
		if g.RunID != latest.ID || g.RFMSegment == "" || g.Recency < 1 {
			t.Errorf("tags %+v", g)
		}
		tagged++
		return nil
	})
	if err != nil || tagged != latest.Customers {
		t.Fatalf("%d customers tagged, run says %d: %v", tagged, latest.Customers, err)
	}
}

func TestScanWithoutOrdersDoesNothing(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := predict.Scan(st, &rapport.FixedClock{T: demoEnd})(ctx, demoEnd); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LatestModelRun(ctx); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Fatalf("a run was stored: %v", err)
	}
}

// TestRunOnDemoShop fits every model on the standard demo shop.
func TestRunOnDemoShop(t *testing.T) {
	hs := predict.HistoriesFromEvents(slices.Collect(demo.Generate(1, demoEnd, demo.Options{})))
	res, err := predict.Run(hs, predict.AsOfFor(hs, demoEnd), predict.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if len(rep.Problems) > 0 {
		t.Fatalf("problems: %v", rep.Problems)
	}
	t.Logf("demo: %d customers; churn AUC %.3f (holdout %d); next category %.3f vs %.3f; k=%d",
		rep.Customers, rep.Churn.AUC, rep.Churn.Holdout, rep.NextCategory.HitRate,
		rep.NextCategory.BaselineHitRate, rep.Clustering.KMeans.K)
	if rep.Churn.AUC < 0.65 {
		t.Errorf("churn holdout AUC %.3f on the demo shop", rep.Churn.AUC)
	}
	// The demo sells on three channels: some cluster is mostly one of them.
	var channel bool
	for _, c := range rep.Clustering.Clusters {
		channel = channel || c.MainChannel != ""
	}
	if !channel {
		t.Errorf("no cluster described by its channel: %+v", rep.Clustering.Clusters)
	}
}

func TestTagSourceGivesRulePaths(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run := &rapport.ModelRun{StartedAt: demoEnd, FinishedAt: demoEnd, AsOf: demoEnd, Customers: 1}
	tags := []rapport.PredictedTags{{CustomerID: "u1", ChurnProbability: 0.3, ExpectedPurchases90: 2, Recency: 5,
		Frequency: 4, Monetary: 3, RFMSegment: predict.Champions, Cluster: 2, NextCategory: "kitchen", ComputedAt: demoEnd}}
	if err := st.SaveModelRun(ctx, run, tags); err != nil {
		t.Fatal(err)
	}
	src := predict.NewTagSource(st)
	got := src.Tags("u1")
	want := map[string]any{"predicted.churn_probability": 0.3, "predicted.expected_purchases_90d": 2.0,
		"rfm.r": 5.0, "rfm.f": 4.0, "rfm.m": 3.0, "rfm.segment": "Champions", "cluster.id": 2.0, "predicted.next_category": "kitchen"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if src.Tags("nobody") != nil {
		t.Error("tags for a customer without predictions")
	}
	// A newer run replaces the tags; the source sees it at the next Refresh.
	tags[0].RFMSegment = predict.AtRisk
	if err := st.SaveModelRun(ctx, &rapport.ModelRun{StartedAt: demoEnd, FinishedAt: demoEnd, AsOf: demoEnd}, tags); err != nil {
		t.Fatal(err)
	}
	if got := src.Tags("u1")["rfm.segment"]; got != predict.Champions {
		t.Errorf("before a refresh: %v, want the cached Champions", got)
	}
	src.Refresh(ctx)
	if got := src.Tags("u1")["rfm.segment"]; got != predict.AtRisk {
		t.Errorf("after a refresh: %v, want the new run's At Risk", got)
	}
}
