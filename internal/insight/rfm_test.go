package insight_test

import (
	"context"
	"math"
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/profile"
)

// TestRFMBreakdownMatchesRawAnswers groups the raw survey answers and
// review stars of the demo shop by each customer's stored RFM segment
// (read one customer at a time) and compares every group's NPS, CSAT and
// average stars with the breakdown by RFM tier.
func TestRFMBreakdownMatchesRawAnswers(t *testing.T) {
	st, f := shopFacts(t)
	ctx := context.Background()
	events, err := st.EventsNamed(ctx, []string{rapport.EventSurveyResponded, rapport.EventProductReviewed}, f.From, f.To)
	if err != nil {
		t.Fatal(err)
	}
	type raw struct{ promoters, detractors, nps, happy, csat, reviews, stars float64 }
	want := map[string]*raw{}
	for _, e := range events {
		tags, err := st.PredictedTags(ctx, e.CustomerID)
		if rapport.ErrorCode(err) == rapport.ENOTFOUND || (err == nil && tags.RFMSegment == "") {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		g := want[tags.RFMSegment]
		if g == nil {
			g = &raw{}
			want[tags.RFMSegment] = g
		}
		score, _ := profile.Number(e.Properties["score"])
		switch {
		case e.Name == rapport.EventProductReviewed:
			r, _ := profile.Number(e.Properties["rating"])
			g.reviews, g.stars = g.reviews+1, g.stars+r
		case e.Properties["survey_type"] == "nps":
			g.nps++
			if score >= 9 {
				g.promoters++
			} else if score <= 6 {
				g.detractors++
			}
		case e.Properties["survey_type"] == "csat":
			g.csat++
			if score >= 4 {
				g.happy++
			}
		}
	}
	groups := insight.Breakdown(f.Feedback, "rfm")
	if len(groups) != len(want) || len(groups) < 4 {
		t.Fatalf("%d RFM groups, want %d (and at least 4 on the demo shop)", len(groups), len(want))
	}
	for _, g := range groups {
		w := want[g.Key]
		if w == nil {
			t.Fatalf("group %q has no raw answers", g.Key)
		}
		nps, csat, rating := g.Scores[insight.KindNPS], g.Scores[insight.KindCSAT], g.Scores[insight.KindRating]
		if float64(nps.Count) != w.nps || (w.nps > 0 && math.Abs(nps.Value-100*(w.promoters-w.detractors)/w.nps) > 1e-9) {
			t.Errorf("%s: NPS %v of %d, want %v of %v", g.Key, nps.Value, nps.Count, 100*(w.promoters-w.detractors)/w.nps, w.nps)
		}
		if float64(csat.Count) != w.csat || (w.csat > 0 && math.Abs(csat.Value-100*w.happy/w.csat) > 1e-9) {
			t.Errorf("%s: CSAT %v of %d, want %v of %v", g.Key, csat.Value, csat.Count, 100*w.happy/w.csat, w.csat)
		}
		if float64(rating.Count) != w.reviews || (w.reviews > 0 && math.Abs(g.AvgRating-w.stars/w.reviews) > 1e-9) {
			t.Errorf("%s: %v stars of %d reviews, want %v of %v", g.Key, g.AvgRating, rating.Count, w.stars/w.reviews, w.reviews)
		}
		t.Logf("RFM %-18s NPS %6.1f of %3d · CSAT %5.1f%% of %3d · %.2f stars of %3d", g.Key, nps.Value, nps.Count, csat.Value, csat.Count, g.AvgRating, rating.Count)
	}
}
