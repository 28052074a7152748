package profile

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapport-cx/rapport"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func track(name string, at time.Duration, ch rapport.Channel, props map[string]any) *rapport.Event {
	return &rapport.Event{Type: rapport.TypeTrack, Name: name, UserID: "u1", Channel: ch,
		Timestamp: t0.Add(at), ReceivedAt: t0.Add(at), Properties: props, MessageID: name + at.String()}
}

// journey is one customer's month: browsing on two channels, a search, a cart,
// two orders, a refund, a return, a review, a ticket, an NPS answer.
func journey() []*rapport.Event {
	shoe := map[string]any{"product_id": "p1", "name": "Runner", "category": "Shoes", "price": 300.0}
	return []*rapport.Event{
		{Type: rapport.TypeIdentify, UserID: "u1", Channel: rapport.ChannelApp, Timestamp: t0, ReceivedAt: t0,
			Traits: map[string]any{"email": "Ann@Example.com", "firstName": "Ann", "lastName": "Lee", "gender": "女",
				"birthday": "1990-06-15", "address": map[string]any{"city": "杭州", "state": "浙江"}, "income_band": "10k-20k"}},
		track(rapport.EventProductViewed, time.Minute, rapport.ChannelApp, shoe),
		track(rapport.EventProductsSearched, 2*time.Minute, rapport.ChannelApp, map[string]any{"query": "跑鞋"}),
		track(rapport.EventProductAdded, 3*time.Minute, rapport.ChannelApp, shoe),
		track(rapport.EventOrderCompleted, 4*time.Minute, rapport.ChannelApp, map[string]any{"order_id": "o1", "total": 600.0,
			"products": []any{map[string]any{"product_id": "p1", "category": "Shoes", "price": 300.0, "quantity": 2.0}}}),
		{Type: rapport.TypePage, UserID: "u1", Channel: rapport.ChannelWeb, Timestamp: t0.Add(2 * time.Hour), ReceivedAt: t0.Add(2 * time.Hour)},
		track(rapport.EventOrderCompleted, 48*time.Hour, rapport.ChannelWeb, map[string]any{"order_id": "o2",
			"products": []any{map[string]any{"product_id": "p2", "category": "Bags", "price": 150.0, "quantity": 1.0}}}),
		track(rapport.EventOrderRefunded, 72*time.Hour, rapport.ChannelWeb, map[string]any{"order_id": "o2", "total": 150.0}),
		track(rapport.EventReturnRequested, 72*time.Hour, rapport.ChannelWeb, map[string]any{"order_id": "o2", "reason": "size"}),
		track(rapport.EventProductReviewed, 96*time.Hour, rapport.ChannelApp, map[string]any{"product_id": "p1", "rating": 2.0}),
		track(rapport.EventTicketCreated, 97*time.Hour, rapport.ChannelApp, nil),
		track(rapport.EventSurveyResponded, 98*time.Hour, rapport.ChannelApp, map[string]any{"survey_type": "nps", "score": 9.0}),
	}
}

func TestApplyJourney(t *testing.T) {
	c := New("u1", true, t0)
	for _, e := range journey() {
		Apply(c, e)
	}
	s := c.Stats
	// Hand-computed from journey(): 12 events; app has events at 0–4 min (one
	// session) then at 96, 97 and 98 h, an hour apart (three more); web at 2,
	// 48 and 72 h (three).
	nine := 9
	want := rapport.Stats{
		FirstSeen: t0, LastSeen: t0.Add(98 * time.Hour), Events: 12,
		Channels: map[rapport.Channel]*rapport.ChannelStats{
			rapport.ChannelApp: {Events: 8, Sessions: 4, Views: 1, LastSeen: t0.Add(98 * time.Hour)},
			rapport.ChannelWeb: {Events: 4, Sessions: 3, Views: 1, LastSeen: t0.Add(72 * time.Hour)},
		},
		Searches: 1, SearchTerms: map[string]int{"跑鞋": 1}, CartAdds: 1,
		Orders: 2, Revenue: 750, FirstOrderAt: t0.Add(4 * time.Minute), LastOrderAt: t0.Add(48 * time.Hour), LastOrderID: "o2",
		Refunds: 1, RefundAmount: 150, Returns: 1, ReturnReasons: map[string]int{"size": 1},
		Reviews: 1, RatingSum: 2, LastRating: 2,
		Categories: map[string]*rapport.CategoryStats{
			"Shoes": {Views: 1, Carts: 1, Orders: 1, Revenue: 600},
			"Bags":  {Orders: 1, Revenue: 150},
		},
		Tickets: 1, LastTicketAt: t0.Add(97 * time.Hour), Surveys: 1, LastNPS: &nine,
		// t0 is 10:00 UTC: the identify and the first four tracks, the orders
		// at 48 h, the two events at 72 h and the review at 96 h fall at 10;
		// the ticket at 11; the web page at 2 h and the survey at 98 h at 12.
		Hours: hours(map[int]int{10: 9, 11: 1, 12: 2}),
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if s.AverageOrderValue() != 375 {
		t.Errorf("AOV = %v, want 375", s.AverageOrderValue())
	}
	wantBasic := rapport.Basic{Birthday: "1990-06-15", Age: 35, AgeBand: "35-44", Gender: "female", Region: "浙江",
		City: "杭州", IncomeBand: "10k-20k", Channel: rapport.ChannelApp}
	if diff := cmp.Diff(wantBasic, c.Basic); diff != "" {
		t.Errorf("basic (-want +got):\n%s", diff)
	}
	if c.Email != "ann@example.com" || c.Name != "Ann Lee" {
		t.Errorf("email, name = %q, %q", c.Email, c.Name)
	}
}

// Applying a history to one profile must equal applying its two halves to two
// profiles and merging them, for every split point: identity merge loses nothing.
func TestMergeEqualsApplyingTogether(t *testing.T) {
	events := journey()
	whole := New("u1", true, t0)
	for _, e := range events {
		Apply(whole, e)
	}
	for split := 0; split <= len(events); split++ {
		a, b := New("u1", true, t0), New("anon:x", false, t0)
		for _, e := range events[split:] {
			Apply(a, e)
		}
		for _, e := range events[:split] {
			Apply(b, e)
		}
		Merge(a, b)
		// Sessions may differ by the cut at the split; everything else must agree.
		for _, ch := range []*rapport.Customer{a, whole} {
			for _, cs := range ch.Stats.Channels {
				cs.Sessions = 0
			}
		}
		if diff := cmp.Diff(whole.Stats, a.Stats); diff != "" {
			t.Fatalf("split %d (-whole +merged):\n%s", split, diff)
		}
	}
}

func TestProject(t *testing.T) {
	events := journey()
	for _, e := range events {
		e.CustomerID = "u1"
	}
	order := Project(events[4]).Order
	if order == nil || order.ID != "o1" || order.Total != 600 || len(order.Items) != 1 || order.Items[0].Quantity != 2 {
		t.Fatalf("order = %+v", order)
	}
	if got := Project(events[6]).Order.Total; got != 150 {
		t.Errorf("total from lines = %v, want 150", got)
	}
	refund := Project(events[7]).OrderChange
	if refund == nil || refund.Status != rapport.OrderRefunded || refund.RefundAdd != 150 {
		t.Errorf("refund = %+v", refund)
	}
	rv := Project(events[9]).Review
	if rv == nil || rv.ProductID != "p1" || rv.Rating != 2 || rv.ID != events[9].MessageID {
		t.Errorf("review = %+v", rv)
	}
	if p := Project(events[1]).Products; len(p) != 1 || p[0].Category != "Shoes" || p[0].Price != 300 {
		t.Errorf("products = %+v", p)
	}
}

func TestSearchTermsKeepTheMostFrequent(t *testing.T) {
	var s rapport.Stats
	for i := 0; i < 30; i++ {
		for j := 0; j <= i%3; j++ {
			addSearchTerm(&s, string(rune('a'+i)))
		}
	}
	if len(s.SearchTerms) != MaxSearchTerms {
		t.Fatalf("kept %d terms", len(s.SearchTerms))
	}
	// 30 terms searched 1, 2 or 3 times: the early thrice-searched ones keep
	// their exact count, and the last term, searched twice, is kept.
	if s.SearchTerms["c"] != 3 || s.SearchTerms["f"] != 3 || s.SearchTerms["}"] == 0 {
		t.Errorf("lost a frequent term: %v", s.SearchTerms)
	}
}

// hours is a 24-hour histogram with the given counts.
func hours(counts map[int]int) []int {
	h := make([]int, 24)
	for hour, n := range counts {
		h[hour] = n
	}
	return h
}

func TestHoursInTheCustomersTimeZone(t *testing.T) {
	c := New("u1", true, t0)
	at := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	for _, tz := range []string{"Asia/Shanghai", "", "Not/AZone", "America/New_York"} {
		e := &rapport.Event{Type: rapport.TypePage, UserID: "u1", Timestamp: at, ReceivedAt: at}
		if tz != "" {
			e.Context = map[string]any{"timezone": tz}
		}
		Apply(c, e)
	}
	// 23:30 UTC is 07:30 next day in Shanghai (UTC+8) and 18:30 in New York
	// (UTC-5 in March before the switch on the 8th); no zone or an unknown
	// one counts in UTC.
	if diff := cmp.Diff(hours(map[int]int{7: 1, 23: 2, 18: 1}), c.Stats.Hours); diff != "" {
		t.Errorf("hours (-want +got):\n%s", diff)
	}
}
