package segment

import (
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

func lifecycleSet(t *testing.T, s Settings) *Set {
	t.Helper()
	set, errs := NewSet(Builtins(s))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return set
}

func orderEvents(total float64, ages ...float64) []rapport.Event {
	var out []rapport.Event
	for _, d := range ages {
		out = append(out, rapport.Event{Type: rapport.TypeTrack, Name: rapport.EventOrderCompleted, Timestamp: daysAgo(d),
			Properties: map[string]any{"total": total}})
	}
	return out
}

func TestLifecycleDefaults(t *testing.T) {
	nps := func(v int) *int { return &v }
	sessions := func(n int) map[rapport.Channel]*rapport.ChannelStats {
		return map[rapport.Channel]*rapport.ChannelStats{rapport.ChannelApp: {Sessions: n}}
	}
	reg := func(d float64) rapport.Basic { return rapport.Basic{RegisteredAt: daysAgo(d)} }
	for _, tc := range []struct {
		name   string
		c      rapport.Customer
		events []rapport.Event
		want   []string
	}{
		{"registered 6.9 days ago, no order", rapport.Customer{Known: true, Basic: reg(6.9)}, nil, []string{New}},
		{"registered exactly 7 days ago: day 8", rapport.Customer{Known: true, Basic: reg(7), Stats: rapport.Stats{Channels: sessions(3)}}, nil, []string{Potential}},
		{"day 8 with 2 sessions is neither", rapport.Customer{Known: true, Basic: reg(7.5), Stats: rapport.Stats{Channels: sessions(2)}}, nil, nil},
		{"29.9 days is still potential", rapport.Customer{Known: true, Basic: reg(29.9), Stats: rapport.Stats{Channels: sessions(5)}}, nil, []string{Potential}},
		{"30 days is not", rapport.Customer{Known: true, Basic: reg(30), Stats: rapport.Stats{Channels: sessions(5)}}, nil, nil},
		{"new but bought", rapport.Customer{Known: true, Basic: reg(2), Stats: rapport.Stats{Orders: 1, LastOrderAt: daysAgo(1)}}, nil, nil},
		{"anonymous visitor never registered", rapport.Customer{Known: false, Stats: rapport.Stats{FirstSeen: daysAgo(1)}}, nil, nil},
		{"known without registered_at: first seen counts", rapport.Customer{Known: true, Stats: rapport.Stats{FirstSeen: daysAgo(1)}}, nil, []string{New}},
		{"6 orders of 1,000 in 90 days", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{Orders: 6, LastOrderAt: daysAgo(1)}},
			orderEvents(1000, 1, 10, 20, 30, 40, 89.9), []string{HighValue}},
		{"5 in the window, 1 outside", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{Orders: 6, LastOrderAt: daysAgo(1)}},
			orderEvents(1000, 1, 10, 20, 30, 40, 90.1), nil},
		{"6 orders of 999", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{Orders: 6, LastOrderAt: daysAgo(1)}},
			orderEvents(999, 1, 10, 20, 30, 40, 50), nil},
		{"lapsed buyer whose last rating is 3", rapport.Customer{Known: true, Basic: reg(400),
			Stats: rapport.Stats{Orders: 2, LastOrderAt: daysAgo(30), Reviews: 2, RatingSum: 8, LastRating: 3}}, nil, []string{ChurnRisk}},
		{"bought 29.9 days ago", rapport.Customer{Known: true, Basic: reg(400),
			Stats: rapport.Stats{Orders: 2, LastOrderAt: daysAgo(29.9), Reviews: 1, RatingSum: 1, LastRating: 1}}, nil, nil},
		{"lapsed, no review", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{Orders: 2, LastOrderAt: daysAgo(60)}}, nil, nil},
		{"ticket 29.9 days ago", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{Tickets: 1, LastTicketAt: daysAgo(29.9)}}, nil, []string{Problem}},
		{"ticket 30 days ago", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{Tickets: 1, LastTicketAt: daysAgo(30)}}, nil, nil},
		{"promoter who referred", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{LastNPS: nps(9), Referrals: 1}}, nil, []string{Seed}},
		{"promoter without referral", rapport.Customer{Known: true, Basic: reg(400), Stats: rapport.Stats{LastNPS: nps(10)}}, nil, nil},
		{"new user with a ticket is in both", rapport.Customer{Known: true, Basic: reg(1), Stats: rapport.Stats{Tickets: 1, LastTicketAt: daysAgo(0.5)}}, nil, []string{Problem, New}},
	} {
		set := lifecycleSet(t, DefaultSettings())
		c := tc.c
		sub := &Subject{Customer: &c, Events: tc.events, Now: now}
		if got := set.Evaluate(sub, nil); !slices.Equal(got, tc.want) {
			t.Errorf("%s: in %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRatingRules(t *testing.T) {
	c := rapport.Customer{Known: true, Basic: rapport.Basic{RegisteredAt: daysAgo(400)},
		Stats: rapport.Stats{Orders: 3, LastOrderAt: daysAgo(45), Reviews: 2, RatingSum: 7, LastRating: 5}} // ratings 2 and 5
	low := []rapport.Event{{Type: rapport.TypeTrack, Name: rapport.EventProductReviewed, Timestamp: daysAgo(100), Properties: map[string]any{"rating": 2.0}}}
	for rule, want := range map[string]bool{RatingLast: false, RatingAverage: false, RatingAny: true} {
		s := DefaultSettings()
		s.RatingRule = rule
		set := lifecycleSet(t, s)
		got := slices.Contains(set.Evaluate(&Subject{Customer: &c, Events: low, Now: now}, nil), ChurnRisk)
		if got != want {
			t.Errorf("rating rule %s: churn risk %v, want %v", rule, got, want)
		}
	}
	s := DefaultSettings()
	s.RatingRule, s.RatingMax = RatingAverage, 3.5
	if !slices.Contains(lifecycleSet(t, s).Evaluate(&Subject{Customer: &c, Now: now}, nil), ChurnRisk) {
		t.Error("average 3.5 ≤ 3.5 should be a churn risk")
	}
}

func TestSettings(t *testing.T) {
	s := DefaultSettings()
	if s.MinOrders() != 6 {
		t.Fatalf("2 a month over 90 days = %d orders, want 6", s.MinOrders())
	}
	s.WindowDays = 45
	if s.MinOrders() != 3 {
		t.Fatalf("2 a month over 45 days = %d orders, want 3", s.MinOrders())
	}
	s.WindowDays = 40
	if s.MinOrders() != 3 { // 2.67 rounds up
		t.Fatalf("2 a month over 40 days = %d, want 3", s.MinOrders())
	}
	bad := DefaultSettings()
	bad.RatingRule = "median"
	if e := asError(bad.Validate()); e == nil || e.Field != "rating_rule" {
		t.Fatalf("bad rating rule: %v", bad.Validate())
	}
}

func TestPrimaryPrecedence(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{New, Problem}, Problem},
		{[]string{Seed, HighValue}, HighValue},
		{[]string{Seed, ChurnRisk, HighValue}, ChurnRisk},
		{[]string{"custom", Potential}, Potential},
		{[]string{"custom"}, ""},
		{nil, ""},
	} {
		if got := Primary(tc.in); got != tc.want {
			t.Errorf("Primary(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

var _ = time.Second
