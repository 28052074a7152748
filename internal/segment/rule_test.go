package segment

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func daysAgo(d float64) time.Time { return now.Add(-time.Duration(d * float64(day))) }

func TestValidationNamesThePath(t *testing.T) {
	for _, tc := range []struct{ rule, field string }{
		{`{"all":[{"field":"orders","op":">=","value":1},{"field":"sessions","op":">","value":2},{"event":{"name":"Product Viewed","within_days":0}}]}`, "rule.all[2].event.within_days"},
		{`{"any":[]}`, "rule.any"},
		{`{"not":{"field":"nope","op":"=","value":1}}`, "rule.not.field"},
		{`{"field":"orders","op":"like","value":1}`, "rule.op"},
		{`{"field":"orders","op":">=","value":"three"}`, "rule.value"},
		{`{"field":"gender","op":"=","value":3}`, "rule.value"},
		{`{"field":"orders","op":">=","value":1,"any":[{"field":"orders","op":">=","value":1}]}`, "rule"},
		{`{}`, "rule"},
		{`{"event":{"name":"","within_days":3}}`, "rule.event.name"},
		{`{"event":{"name":"X","within_days":400}}`, "rule.event.within_days"},
		{`{"event":{"name":"X","within_days":3,"aggregate":"max"}}`, "rule.event.aggregate"},
		{`{"event":{"name":"X","within_days":3,"aggregate":"sum"}}`, "rule.event.property"},
		{`{"event":{"name":"X","within_days":3,"where":[{"property":"a","op":"=","value":"b"},{"property":"","op":"=","value":1}]}}`, "rule.event.where[1].property"},
		{`{"event":{"name":"X","within_days":3},"op":"exists"}`, "rule.op"},
		{`{"field":"days_since_registered","op":"between","value":[9,2]}`, "rule.value"},
		{`{"field":"traits.plan","op":"in","value":[]}`, "rule.value"},
		{`{"all":[{"fld":"orders"}]}`, "rule"},
	} {
		_, err := CompileJSON([]byte(tc.rule))
		if err == nil {
			t.Errorf("%s: accepted", tc.rule)
			continue
		}
		var e *rapport.Error
		if rapport.ErrorCode(err) != rapport.EINVALID {
			t.Errorf("%s: code %q, want invalid", tc.rule, rapport.ErrorCode(err))
		}
		if e = asError(err); e == nil || e.Field != tc.field {
			t.Errorf("%s: error %v, want it about %s", tc.rule, err, tc.field)
		}
	}
}

func asError(err error) *rapport.Error {
	e, _ := err.(*rapport.Error)
	return e
}

// shopper is a hand-built customer the condition tests read.
func shopper() *Subject {
	nps := 9
	c := &rapport.Customer{ID: "u1", Known: true, Email: "ann@example.com",
		Basic:  rapport.Basic{Gender: "female", City: "Hangzhou", Age: 31, RegisteredAt: daysAgo(10)},
		Traits: map[string]any{"plan": "gold", "tags": []any{"vip", "coffee"}, "points": 120.0},
		Stats: rapport.Stats{Orders: 4, Revenue: 4400, LastOrderAt: daysAgo(3.5), Reviews: 2, RatingSum: 7, LastRating: 3,
			LastNPS: &nps, Referrals: 1, Returns: 1, SearchTerms: map[string]int{"trail shoes": 2},
			Categories: map[string]*rapport.CategoryStats{
				"Shoes": {Views: 3, Orders: 1, Revenue: 1200}, "Bags": {Orders: 2, Revenue: 600}},
			Channels: map[rapport.Channel]*rapport.ChannelStats{
				rapport.ChannelApp: {Sessions: 2, Views: 5}, rapport.ChannelWeb: {Sessions: 3, Views: 1}}},
	}
	view := func(d float64, cat string) rapport.Event {
		return rapport.Event{Type: rapport.TypeTrack, Name: rapport.EventProductViewed, Timestamp: daysAgo(d),
			Properties: map[string]any{"category": cat, "price": 100.0}}
	}
	order := func(d, total float64, cats ...string) rapport.Event {
		var products []any
		for _, c := range cats {
			products = append(products, map[string]any{"category": c})
		}
		return rapport.Event{Type: rapport.TypeTrack, Name: rapport.EventOrderCompleted, Timestamp: daysAgo(d),
			Properties: map[string]any{"total": total, "products": products}}
	}
	return &Subject{Customer: c, Now: now, Events: []rapport.Event{
		view(1, "shoes"), view(2, "shoes"), view(13.9, "Shoes"), view(14.1, "shoes"), view(3, "bags"), view(-1, "shoes"),
		order(3.5, 1500, "shoes", "bags"), order(20, 900, "bags"),
	}, Tags: map[string]any{"rfm.segment": "Champions", "predicted.churn_probability": 0.12}}
}

func TestConditions(t *testing.T) {
	for _, tc := range []struct {
		rule string
		want bool
	}{
		{`{"field":"orders","op":">=","value":4}`, true},
		{`{"field":"orders","op":">","value":4}`, false},
		{`{"field":"aov","op":"=","value":1100}`, true},
		{`{"field":"average_rating","op":"<=","value":3.5}`, true},
		{`{"field":"sessions","op":"=","value":5}`, true},
		{`{"field":"views","op":"=","value":6}`, true},
		{`{"field":"days_since_last_order","op":"=","value":3}`, true},
		{`{"field":"days_since_registered","op":"between","value":[7,29]}`, true},
		{`{"field":"days_since_last_ticket","op":"<","value":30}`, false},
		{`{"field":"days_since_last_ticket","op":"missing"}`, true},
		{`{"not":{"field":"days_since_last_ticket","op":"<","value":30}}`, true},
		{`{"field":"nps","op":">=","value":9}`, true},
		{`{"field":"gender","op":"=","value":"Female"}`, true},
		{`{"field":"city","op":"in","value":["Shanghai","hangzhou"]}`, true},
		{`{"field":"region","op":"exists"}`, false},
		{`{"field":"email","op":"contains","value":"@EXAMPLE"}`, true},
		{`{"field":"known","op":"=","value":true}`, true},
		{`{"field":"tags","op":"contains","value":"VIP"}`, true},
		{`{"field":"tags","op":"not_contains","value":"tea"}`, true},
		{`{"field":"traits.plan","op":"=","value":"gold"}`, true},
		{`{"field":"traits.points","op":">","value":100}`, true},
		{`{"field":"traits.missing","op":"=","value":"x"}`, false},
		{`{"field":"rfm.segment","op":"=","value":"Champions"}`, true},
		// Behaviour tags: web has 3 sessions to the app's 2; 3 items bought for
		// 1,800 average 600 (upper); Bags 5×2 = 10 beats Shoes 5×1 + 3 = 8;
		// 1 return in 4 orders.
		{`{"field":"behaviour.preferred_channel","op":"=","value":"web"}`, true},
		{`{"field":"behaviour.price_band","op":"=","value":"upper"}`, true},
		{`{"field":"behaviour.categories","op":"contains","value":"bags"}`, true},
		{`{"field":"behaviour.categories","op":"contains","value":"Hats"}`, false},
		{`{"field":"behaviour.search_interests","op":"contains","value":"trail shoes"}`, true},
		{`{"field":"behaviour.return_propensity","op":">=","value":0.25}`, true},
		{`{"field":"behaviour.return_propensity","op":">","value":0.25}`, false},
		{`{"field":"predicted.churn_probability","op":"<","value":0.2}`, true},
		{`{"field":"predicted.next_category","op":"exists"}`, false},
		// viewed ≥ 3 products in category shoes in the last 14 days (the
		// view 14.1 days ago is outside, the one in the future is ignored)
		{`{"event":{"name":"Product Viewed","within_days":14,"where":[{"property":"category","op":"=","value":"shoes"}]},"op":">=","value":3}`, true},
		{`{"event":{"name":"Product Viewed","within_days":14,"where":[{"property":"category","op":"=","value":"shoes"}]},"op":">=","value":4}`, false},
		{`{"event":{"name":"Product Viewed","within_days":2,"where":[{"property":"category","op":"=","value":"shoes"}]},"op":"=","value":1}`, false},
		{`{"event":{"name":"Product Viewed","within_days":3}}`, true},
		{`{"event":{"name":"Order Completed","within_days":30,"where":[{"property":"products.category","op":"=","value":"shoes"}]},"op":"=","value":1}`, true},
		{`{"event":{"name":"Order Completed","within_days":30,"aggregate":"sum","property":"total"},"op":"=","value":2400}`, true},
		{`{"event":{"name":"Order Completed","within_days":30,"aggregate":"avg","property":"total"},"op":"=","value":1200}`, true},
		{`{"event":{"name":"Order Completed","within_days":10,"aggregate":"avg","property":"total"},"op":">=","value":1500}`, true},
		{`{"event":{"name":"Ticket Created","within_days":30,"aggregate":"avg","property":"x"},"op":"<","value":1}`, false},
		{`{"event":{"name":"Ticket Created","within_days":30},"op":"=","value":0}`, true},
		{`{"all":[{"field":"orders","op":">=","value":1},{"any":[{"field":"city","op":"=","value":"Beijing"},{"field":"age","op":"between","value":[30,39]}]}]}`, true},
		{`{"all":[{"field":"orders","op":">=","value":1},{"not":{"field":"tags","op":"contains","value":"vip"}}]}`, false},
	} {
		c, err := CompileJSON([]byte(tc.rule))
		if err != nil {
			t.Errorf("%s: %v", tc.rule, err)
			continue
		}
		if got := c.Match(shopper()); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.rule, got, tc.want)
		}
	}
}

func TestNeedsCollectEventsAndLongestWindow(t *testing.T) {
	c, err := CompileJSON([]byte(`{"any":[{"event":{"name":"A","within_days":14}},{"not":{"event":{"name":"B","within_days":90}}},{"event":{"name":"A","within_days":3}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Window.Names) != 2 || c.Window.Names[0] != "A" || c.Window.Names[1] != "B" || c.Window.Days != 90 {
		t.Fatalf("needs %+v, want A and B over 90 days", c.Window)
	}
	if w := c.Window.EventWindow(now); !w.Since.Equal(now.Add(-90 * day)) {
		t.Fatalf("window %+v", w)
	}
}

func TestDescribe(t *testing.T) {
	r, err := Parse([]byte(`{"all":[{"field":"orders","op":">=","value":3},{"any":[{"field":"city","op":"=","value":"Hangzhou"},{"not":{"field":"tags","op":"contains","value":"vip"}}]},{"event":{"name":"Product Viewed","within_days":14,"where":[{"property":"category","op":"=","value":"shoes"}]},"op":">=","value":3}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{
		"en": `orders ≥ 3 and (city = "Hangzhou" or not (tags contains "vip")) and Product Viewed (category = "shoes") in the last 14 days: count ≥ 3`,
		"zh": `订单数 ≥ 3 且 (城市 = "Hangzhou" 或 非(标签 包含 "vip")) 且 近14天 Product Viewed (category = "shoes") 次数 ≥ 3`,
	} {
		if got := Describe(r, lang); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
}

// Rules on computed tags say so, so the engine reads tags only for them.
func TestNeedsTags(t *testing.T) {
	for rule, want := range map[string]bool{
		`{"field":"orders","op":">=","value":1}`:                                                           false,
		`{"any":[{"field":"orders","op":">=","value":1},{"field":"rfm.segment","op":"=","value":"Lost"}]}`: true,
		`{"not":{"field":"predicted.churn_probability","op":">","value":0.5}}`:                             true,
	} {
		c, err := CompileJSON([]byte(rule))
		if err != nil || c.Window.Tags != want {
			t.Errorf("%s: needs tags %v (%v), want %v", rule, c.Window.Tags, err, want)
		}
	}
}
