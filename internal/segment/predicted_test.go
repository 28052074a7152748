package segment_test

import (
	"context"
	"slices"
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/segment"
)

// Rules on predicted tags match from the stored predictions as soon as a
// run is stored: in a preview and in the live update, without a scan.
func TestPredictedTagRulesMatchLive(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	clock := &rapport.FixedClock{T: t0}
	eng := segment.NewEngine(segment.Config{Store: st, Clock: clock, Tags: predict.NewTagSource(st)})
	rule := []byte(`{"all":[{"field":"rfm.segment","op":"=","value":"Champions"},{"field":"predicted.churn_probability","op":"<","value":0.2}]}`)
	if err := st.CreateSegment(ctx, &rapport.Segment{ID: "champions", Name: "Champions", Rule: rule, CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := eng.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	mustIngest(t, st, ev("u1", rapport.TypePage, "Home", t0.Add(-day), nil), ev("u2", rapport.TypePage, "Home", t0.Add(-day), nil),
		ev("u3", rapport.TypePage, "Home", t0.Add(-day), nil))
	if err := eng.Scan(ctx, t0); err != nil { // before any run: nobody
		t.Fatal(err)
	}
	if got := segmentsOf(t, st, "u1"); slices.Contains(got, "champions") {
		t.Fatalf("before any model run: %v", got)
	}
	tags := []rapport.PredictedTags{
		{CustomerID: "u1", RFMSegment: "Champions", ChurnProbability: 0.1, Recency: 5, Frequency: 5, Monetary: 5, ComputedAt: t0},
		{CustomerID: "u2", RFMSegment: "Champions", ChurnProbability: 0.4, Recency: 5, Frequency: 4, Monetary: 5, ComputedAt: t0},
		{CustomerID: "u3", RFMSegment: "At Risk", ChurnProbability: 0.05, Recency: 1, Frequency: 4, Monetary: 4, ComputedAt: t0},
	}
	if err := st.SaveModelRun(ctx, &rapport.ModelRun{StartedAt: t0, FinishedAt: t0, AsOf: t0, Customers: 3}, tags); err != nil {
		t.Fatal(err)
	}
	n, sample, err := eng.Preview(ctx, rule, 10)
	if err != nil || n != 1 || !slices.Equal(sample, []string{"u1"}) {
		t.Fatalf("preview: %d %v %v, want u1 only (u2 churns too likely, u3 is At Risk)", n, sample, err)
	}
	mustIngest(t, st, ev("u1", rapport.TypePage, "Home", t0, nil))
	if err := eng.Update(ctx, []string{"u1", "u2", "u3"}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"u1": true, "u2": false, "u3": false} {
		if got := segmentsOf(t, st, id); slices.Contains(got, "champions") != want {
			t.Errorf("%s after the run: %v, want in champions %v", id, got, want)
		}
	}
}
