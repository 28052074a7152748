package insight_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/profile"
	"github.com/rapport-cx/rapport/internal/store"
)

// keywords is a trivial stand-in for the text analyzer: an aspect is
// mentioned when a sentence holds one of its words; a sentence is negative
// when it holds a negative word.
type keywords struct{}

var aspectWords = map[string][]string{
	insight.AspectDelivery:    {"物流", "delivery", "arrive", "等了"},
	insight.AspectQuality:     {"质量", "quality", "瑕疵", "defect", "broke"},
	insight.AspectSize:        {"尺码", "size", "fit"},
	insight.AspectDescription: {"描述", "described", "photos", "色差", "colour"},
	insight.AspectPrice:       {"价格", "pricey", "value"},
}

var negativeWords = []string{"慢", "晚", "差", "坏", "瑕疵", "不符", "不一样", "色差", "偏小", "poor", "broke", "defect", "later", "nobody", "nothing like", "different", "doesn't", "didn't", "pricey"}

func (keywords) Analyze(text string) insight.Reading {
	var r insight.Reading
	for _, sentence := range strings.FieldsFunc(text, func(c rune) bool { return c == '\n' || c == '。' || c == '！' }) {
		low := strings.ToLower(sentence)
		sent := insight.Neutral
		for _, w := range negativeWords {
			if strings.Contains(low, w) {
				sent = insight.Negative
			}
		}
		for aspect, words := range aspectWords {
			for _, w := range words {
				if strings.Contains(low, w) {
					r.Mentions = append(r.Mentions, insight.Mention{Aspect: aspect, Sentence: strings.TrimSpace(sentence), Sentiment: sent})
					break
				}
			}
		}
	}
	return r
}

// demoShop is a 400-customer demo shop, loaded once for the package.
var demoShop = sync.OnceValues(func() (rapport.Store, error) {
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"), true)
	if err != nil {
		return nil, err
	}
	if _, err = demo.LoadOptions(context.Background(), st, 11, asOf, demo.Options{Customers: 400, Visitors: -1}, nil); err != nil {
		return st, err
	}
	_, err = predict.Refresh(context.Background(), st, &rapport.FixedClock{T: asOf}, asOf, predict.Options{Clusters: 3})
	return st, err
})

var asOf = time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)

func shopFacts(t *testing.T) (rapport.Store, *insight.Facts) {
	t.Helper()
	st, err := demoShop()
	if err != nil {
		t.Fatal(err)
	}
	f, err := insight.Load(context.Background(), st, asOf.AddDate(-1, 0, 0), asOf)
	if err != nil {
		t.Fatal(err)
	}
	return st, f
}

// TestScoresMatchRawEvents recomputes NPS, CSAT and review figures straight
// from the stored events and compares them with the analyses.
func TestScoresMatchRawEvents(t *testing.T) {
	st, f := shopFacts(t)
	events, err := st.EventsNamed(context.Background(), []string{rapport.EventSurveyResponded, rapport.EventProductReviewed}, f.From, f.To)
	if err != nil {
		t.Fatal(err)
	}
	var promoters, detractors, nps, csatHappy, csat, reviews int
	var stars float64
	for _, e := range events {
		score, _ := profile.Number(e.Properties["score"])
		switch {
		case e.Name == rapport.EventProductReviewed:
			r, _ := profile.Number(e.Properties["rating"])
			stars += r
			reviews++
		case e.Properties["survey_type"] == "nps":
			nps++
			if score >= 9 {
				promoters++
			} else if score <= 6 {
				detractors++
			}
		case e.Properties["survey_type"] == "csat":
			csat++
			if score >= 4 {
				csatHappy++
			}
		}
	}
	all := insight.Score(f.Feedback)
	wantNPS := 100 * float64(promoters-detractors) / float64(nps)
	if got := all.Scores[insight.KindNPS]; got.Count != nps || math.Abs(got.Value-wantNPS) > 1e-9 {
		t.Errorf("NPS %v from %d, want %v from %d", got.Value, got.Count, wantNPS, nps)
	}
	if got := all.Scores[insight.KindCSAT]; got.Count != csat || math.Abs(got.Value-100*float64(csatHappy)/float64(csat)) > 1e-9 {
		t.Errorf("CSAT %v from %d, want %d of %d", got.Value, got.Count, csatHappy, csat)
	}
	if math.Abs(all.AvgRating-stars/float64(reviews)) > 1e-9 || all.Scores[insight.KindRating].Count != reviews {
		t.Errorf("reviews: %v average of %d, want %v of %d", all.AvgRating, all.Scores[insight.KindRating].Count, stars/float64(reviews), reviews)
	}
	t.Logf("demo shop, 12 months: NPS %.1f [%.1f, %.1f] of %d; CSAT %.1f%% of %d; %d reviews averaging %.2f",
		all.Scores["nps"].Value, all.Scores["nps"].Low, all.Scores["nps"].High, nps, all.Scores["csat"].Value, csat, reviews, all.AvgRating)
	if nps < 30 || csat < 30 || reviews < 100 {
		t.Fatalf("the demo shop is too small for the test: %d NPS, %d CSAT, %d reviews", nps, csat, reviews)
	}

	// Every breakdown and every trend accounts for each answer once.
	for _, dim := range insight.Dimensions {
		n := 0
		for _, g := range insight.Breakdown(f.Feedback, dim) {
			n += g.Scores[insight.KindNPS].Count
		}
		if dim != "category" && dim != "rfm" && n != nps {
			t.Errorf("breakdown by %s counts %d NPS answers, want %d", dim, n, nps)
		}
	}
	for _, grain := range []string{"week", "month", "quarter"} {
		n := 0
		points := insight.Trend(f.Feedback, insight.KindRating, grain)
		for i, p := range points {
			n += p.Score.Count
			if i > 0 && math.Abs(*p.Change-(p.Score.Value-points[i-1].Score.Value)) > 1e-9 {
				t.Errorf("%s %s: change %v", grain, p.Period, *p.Change)
			}
		}
		if n != reviews {
			t.Errorf("%s trend counts %d reviews, want %d", grain, n, reviews)
		}
	}
	touch := map[string]int{}
	for _, g := range insight.Breakdown(f.Feedback, "touchpoint") {
		touch[g.Key] = g.Scores[insight.KindCSAT].Count
	}
	if touch["after_sale"] == 0 {
		t.Errorf("CSAT after resolved tickets is not attributed to after-sale: %v", touch)
	}
}

// TestDriversOnDemoShop: late delivery lowers review stars, and the
// regression's estimate agrees in sign and size with the plain difference
// of means between late and on-time orders.
func TestDriversOnDemoShop(t *testing.T) {
	_, f := shopFacts(t)
	res, err := insight.Drivers(f.Feedback, insight.KindRating)
	if err != nil {
		t.Fatal(err)
	}
	var late, onTime, nLate, nOn float64
	for _, fb := range f.Feedback {
		if fb.Kind != insight.KindRating {
			continue
		}
		if fb.Late {
			late, nLate = late+float64(fb.Score), nLate+1
		} else {
			onTime, nOn = onTime+float64(fb.Score), nOn+1
		}
	}
	diff := late/nLate - onTime/nOn
	for _, d := range res.Drivers {
		t.Logf("rating driver %s: %+.2f [%+.2f, %+.2f] on %d reviews (%.0f%%)", d.Condition, d.Effect, d.Low, d.High, d.Count, 100*d.Share)
		if d.Condition == "late" {
			if !d.Significant || d.High >= 0 || math.Abs(d.Effect-diff) > 0.5 {
				t.Errorf("late: effect %v [%v, %v], difference of means %v", d.Effect, d.Low, d.High, diff)
			}
		}
	}
	if len(res.Drivers) == 0 {
		t.Fatal("no drivers estimated")
	}
}

// TestDriversRecoverKnownEffects: on data made with known effects the
// intervals hold them; with one condition the effect is exactly the
// difference of the group means.
func TestDriversRecoverKnownEffects(t *testing.T) {
	var list []insight.Feedback
	for i := range 400 {
		late, returned := i%4 == 0, i%5 == 0
		score := 8.0
		if late {
			score -= 3
		}
		if returned {
			score -= 2
		}
		score += float64(i%3 - 1) // noise −1, 0, 1 independent of the conditions
		list = append(list, insight.Feedback{Kind: insight.KindNPS, Score: int(score), Late: late, Returned: returned})
	}
	res, err := insight.Drivers(list, insight.KindNPS)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"late": -3, "returned": -2}
	for _, d := range res.Drivers {
		if d.Low > want[d.Condition] || d.High < want[d.Condition] || !d.Significant {
			t.Errorf("%s: [%v, %v] misses %v", d.Condition, d.Low, d.High, want[d.Condition])
		}
	}
	if strings.Join(res.Skipped, ",") != "reopened,slow_response" {
		t.Errorf("skipped %v", res.Skipped)
	}
	one := []insight.Feedback{}
	for i, s := range []int{9, 10, 7, 3, 5, 8, 9, 2} {
		one = append(one, insight.Feedback{Kind: insight.KindNPS, Score: s, Late: i >= 5})
	}
	res, err = insight.Drivers(one, insight.KindNPS)
	if err != nil {
		t.Fatal(err)
	}
	// On time: 9, 10, 7, 3, 5 → 6.8; late: 8, 9, 2 → 19/3.
	if math.Abs(res.Drivers[0].Effect-(19.0/3-6.8)) > 1e-9 || math.Abs(res.Intercept-6.8) > 1e-9 {
		t.Errorf("one condition: effect %v intercept %v", res.Drivers[0].Effect, res.Intercept)
	}
}

// TestPainPointsOnDemoShop ranks the demo shop's complaints with the
// stand-in analyzer and checks each figure against a direct count.
func TestPainPointsOnDemoShop(t *testing.T) {
	st, f := shopFacts(t)
	points := insight.PainPoints(f, keywords{})
	if len(points) < 3 {
		t.Fatalf("pain points %+v", points)
	}
	total := 0
	for _, p := range points {
		total += p.Negative
	}
	for i, p := range points {
		t.Logf("%d. %s: %d mentions, %d negative (%.0f%%), severity %.2f, priority %.3f, %d customers, revenue %.0f, rating %.2f",
			i+1, p.Aspect, p.Mentions, p.Negative, 100*p.NegativeShare, p.Severity, p.Priority, p.Customers, p.Revenue, p.AvgRating)
		if i > 0 && p.Priority > points[i-1].Priority {
			t.Errorf("not ranked by priority at %d", i)
		}
		if math.Abs(p.Priority-float64(p.Negative)/float64(total)*p.Severity) > 1e-9 {
			t.Errorf("%s: priority %v is not frequency × severity", p.Aspect, p.Priority)
		}
		for _, q := range p.Quotes {
			if !fromFeedback(f, q) {
				t.Errorf("%s: quote %q is not a sentence a customer wrote", p.Aspect, q.Text)
			}
		}
	}
	// Tickets and returns about delivery, counted directly.
	var delivery *insight.PainPoint
	for i := range points {
		if points[i].Aspect == insight.AspectDelivery {
			delivery = &points[i]
		}
	}
	signals, customers := 0, map[string]bool{}
	for _, s := range f.Signals {
		if s.Aspect == insight.AspectDelivery {
			signals++
		}
	}
	if delivery == nil || delivery.Mentions < signals || len(delivery.Quotes) == 0 {
		t.Fatalf("delivery pain point %+v, want at least the %d delivery tickets and returns with quotes", delivery, signals)
	}
	var revenue float64
	for _, s := range f.Signals {
		if s.Aspect == insight.AspectDelivery && !customers[s.CustomerID] {
			customers[s.CustomerID] = true
		}
	}
	for i := range f.Feedback {
		fb := &f.Feedback[i]
		r := keywords{}.Analyze(fb.Text)
		for _, m := range r.Mentions {
			if m.Aspect == insight.AspectDelivery && (m.Sentiment == insight.Negative || negative(fb)) {
				customers[fb.CustomerID] = true
			}
		}
	}
	tiers := map[string]int{}
	for id := range customers {
		revenue += f.Customers[id].Stats.Revenue
		if tags, err := st.PredictedTags(context.Background(), id); err == nil && tags.RFMSegment != "" {
			tiers[tags.RFMSegment]++
		}
	}
	if delivery.Customers != len(customers) || math.Abs(delivery.Revenue-revenue) > 1e-6 {
		t.Errorf("delivery: %d customers, revenue %v; counted %d, %v", delivery.Customers, delivery.Revenue, len(customers), revenue)
	}
	if len(tiers) < 2 || fmt.Sprint(delivery.Tiers) != fmt.Sprint(tiers) {
		t.Errorf("delivery: affected customers by RFM tier %v, counted from the stored predictions %v", delivery.Tiers, tiers)
	}
}

func negative(fb *insight.Feedback) bool {
	switch fb.Kind {
	case insight.KindNPS:
		return fb.Score <= 6
	case insight.KindCES:
		return fb.Score <= 3
	}
	return fb.Score <= 2
}

func fromFeedback(f *insight.Facts, q insight.Quote) bool {
	for _, fb := range f.Feedback {
		if fb.CustomerID == q.CustomerID && strings.Contains(fb.Text, q.Text) {
			return true
		}
	}
	for _, s := range f.Signals {
		if s.CustomerID == q.CustomerID && s.Text == q.Text {
			return true
		}
	}
	return false
}

func TestAssignRule(t *testing.T) {
	for _, tc := range []struct {
		freq, sev float64
		owner     string
		days      int
	}{
		{0.30, 0.4, insight.OwnerOperations, 30},
		{0.30, 0.9, insight.OwnerOperations, 30},
		{0.05, 0.9, insight.OwnerProduct, 14},
		{0.05, 0.3, insight.OwnerOperations, 30},
	} {
		owner, _, days := insight.Assign(insight.PainPoint{Frequency: tc.freq, Severity: tc.sev})
		if owner != tc.owner || days != tc.days {
			t.Errorf("frequency %v severity %v: %s %d, want %s %d", tc.freq, tc.sev, owner, days, tc.owner, tc.days)
		}
	}
	a, err := insight.NewActionItem(insight.PainPoint{Aspect: "quality", Frequency: 0.05, Severity: 0.9}, "", "rating", asOf)
	if err != nil || a.Owner != "product" || !a.DueAt.Equal(asOf.AddDate(0, 0, 14)) || a.Title != "Fix quality" {
		t.Fatalf("action item %+v, %v", a, err)
	}
	if _, err := insight.NewActionItem(insight.PainPoint{Aspect: "x"}, "t", "mood", asOf); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Errorf("bad metric: %v", err)
	}
}

// TestCompareBeforeAfter: the metric in equal windows either side of the change date.
func TestCompareBeforeAfter(t *testing.T) {
	change := asOf.AddDate(0, 0, -10)
	f := &insight.Facts{From: asOf.AddDate(0, -3, 0), To: asOf}
	for i, s := range []int{2, 3, 5, 1} { // before: 1 of 4 satisfied
		f.Feedback = append(f.Feedback, insight.Feedback{Kind: "csat", Score: s, At: change.AddDate(0, 0, -i-1)})
	}
	for i, s := range []int{4, 5, 5} { // after: 3 of 3
		f.Feedback = append(f.Feedback, insight.Feedback{Kind: "csat", Score: s, At: change.Add(time.Duration(i) * time.Hour)})
	}
	f.Feedback = append(f.Feedback, insight.Feedback{Kind: "csat", Score: 1, At: change.AddDate(0, 0, -40)}) // outside
	a := &rapport.ActionItem{Metric: "csat", ChangedAt: change}
	ba, err := insight.Compare(f, a, keywords{}, 30)
	if err != nil {
		t.Fatal(err)
	}
	if ba.Before.Value != 25 || ba.Before.Count != 4 || ba.After.Value != 100 || ba.After.Count != 3 || !ba.After.To.Equal(asOf) {
		t.Fatalf("before/after %+v", ba)
	}
	if _, err := insight.Compare(f, &rapport.ActionItem{Metric: "csat"}, nil, 30); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Errorf("no change date: %v", err)
	}
}

// TestScanOverdueOnce: an overdue item is flagged and sent to the webhook
// endpoints that want it once, however often the scan runs; done and
// not-yet-due items are left alone.
func TestScanOverdueOnce(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, ep := range []*rapport.WebhookEndpoint{
		{URL: "https://ops.example/hook", Secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Events: []string{insight.OverdueEvent}, Active: true, CreatedAt: asOf},
		{URL: "https://cases.example/hook", Secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Events: []string{"case.opened"}, Active: true, CreatedAt: asOf},
	} {
		if err := st.CreateWebhookEndpoint(ctx, ep); err != nil {
			t.Fatal(err)
		}
	}
	items := []*rapport.ActionItem{
		{Title: "Late parcels", Owner: "operations", Metric: "csat", Status: rapport.ActionOpen, DueAt: asOf.AddDate(0, 0, -1), CreatedAt: asOf.AddDate(0, 0, -31)},
		{Title: "Zips", Owner: "product", Metric: "rating", Status: rapport.ActionDone, DueAt: asOf.AddDate(0, 0, -1), CreatedAt: asOf.AddDate(0, 0, -15)},
		{Title: "Sizes", Owner: "product", Metric: "rating", Status: rapport.ActionInProgress, DueAt: asOf.AddDate(0, 0, 3), CreatedAt: asOf},
	}
	for _, a := range items {
		if err := st.CreateActionItem(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	scan := insight.ScanOverdue(st)
	for range 2 {
		if err := scan(ctx, asOf); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := st.WebhookDeliveries(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Event != insight.OverdueEvent || !strings.Contains(ds[0].Payload, "Late parcels") {
		t.Fatalf("deliveries %+v, want one overdue notice for the late-parcels item", ds)
	}
	got, _ := st.ActionItem(ctx, items[0].ID)
	if !got.NotifiedAt.Equal(asOf) {
		t.Errorf("notified at %v", got.NotifiedAt)
	}
}

// TestPainPointsWithTextAnalysis: the real analyzer finds delivery and
// quality complaints in the demo shop's Chinese and English reviews, each
// quote a sentence a customer wrote.
func TestPainPointsWithTextAnalysis(t *testing.T) {
	_, f := shopFacts(t)
	points := insight.PainPoints(f, insight.NewTextAnalyzer())
	found := map[string]bool{}
	for _, p := range points {
		found[p.Aspect] = true
		t.Logf("%s: %d mentions, %d negative, priority %.3f", p.Aspect, p.Mentions, p.Negative, p.Priority)
		for _, q := range p.Quotes {
			if !fromFeedback(f, q) {
				t.Errorf("%s: quote %q is not a sentence a customer wrote", p.Aspect, q.Text)
			}
		}
	}
	if !found[insight.AspectDelivery] || !found[insight.AspectQuality] {
		t.Fatalf("aspects found: %v", found)
	}
}
