package service

import (
	"testing"

	"github.com/rapport-cx/rapport"
)

func TestConditions(t *testing.T) {
	c := &rapport.Case{Type: rapport.CaseComplaint, Priority: rapport.PriorityNormal, Channel: rapport.ChannelApp,
		Subject: "Item arrived BROKEN", Labels: []string{"vip"}}
	cust := &rapport.Customer{Stats: rapport.Stats{Orders: 4, Revenue: 1000, Refunds: 2}}
	s := subject{c: c, cust: cust, message: "退款"}
	tests := []struct {
		cond Condition
		want bool
	}{
		{Condition{"type", "eq", "complaint"}, true},
		{Condition{"type", "ne", "complaint"}, false},
		{Condition{"channel", "in", "web,app"}, true},
		{Condition{"channel", "in", "web,mini_program"}, false},
		{Condition{"subject", "contains", "broken"}, true},
		{Condition{"message", "contains", "退款"}, true},
		{Condition{"label", "eq", "vip"}, true},
		{Condition{"label", "ne", "vip"}, false},
		{Condition{"customer.aov", "gte", "250"}, true}, // 1000 / 4
		{Condition{"customer.aov", "gte", "250.01"}, false},
		{Condition{"customer.refunds", "lte", "1"}, false},
		{Condition{"customer.orders", "eq", "4"}, true},
	}
	for _, tt := range tests {
		if got := tt.cond.holds(s); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.cond, got, tt.want)
		}
	}
	if (Condition{"customer.orders", "gte", "1"}).holds(subject{c: c}) {
		t.Error("a customer condition held for an unknown customer")
	}
}

func TestRuleValidation(t *testing.T) {
	ok := Rule{Name: "r", Active: true, On: []string{OnCreated}, Actions: []Action{{Kind: ActionRaisePriority}}}
	tests := []struct {
		name  string
		edit  func(r *Rule)
		field string
	}{
		{"no name", func(r *Rule) { r.Name = "" }, "automation[0].name"},
		{"no trigger", func(r *Rule) { r.On = nil }, "automation[0].on"},
		{"bad trigger", func(r *Rule) { r.On = []string{"deleted"} }, "automation[0].on"},
		{"bad field", func(r *Rule) { r.If = []Condition{{"mood", "eq", "x"}} }, "automation[0].if"},
		{"bad op", func(r *Rule) { r.If = []Condition{{"type", "like", "x"}} }, "automation[0].if"},
		{"numeric op on text", func(r *Rule) { r.If = []Condition{{"type", "gte", "3"}} }, "automation[0].if"},
		{"no action", func(r *Rule) { r.Actions = nil }, "automation[0].actions"},
		{"bad priority", func(r *Rule) { r.Actions = []Action{{Kind: ActionSetPriority, Value: "asap"}} }, "automation[0].actions"},
		{"assign nobody", func(r *Rule) { r.Actions = []Action{{Kind: ActionAssign}} }, "automation[0].actions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			cfg := DefaultConfig()
			cfg.Automation = []Rule{r}
			_, err := cfg.validate()
			var e *rapport.Error
			if !asError(err, &e) || e.Field != tt.field {
				t.Fatalf("validate: %v, want a %s error", err, tt.field)
			}
		})
	}
}

func TestAutomationOnCaseEvents(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		b.endpoint(t, "https://hooks.example/a")
		cfg := DefaultConfig()
		cfg.Automation = []Rule{
			{Name: "refunds to the returns team", Active: true, On: []string{OnCreated},
				If:      []Condition{{"subject", "contains", "refund"}},
				Actions: []Action{{Kind: ActionSetTeam, Value: "returns"}, {Kind: ActionAssign, Value: "zhao"}, {Kind: ActionLabel, Value: "refund"}}},
			{Name: "angry customers", Active: true, On: []string{OnMessage},
				If:      []Condition{{"message", "contains", "投诉"}},
				Actions: []Action{{Kind: ActionSetPriority, Value: "urgent"}, {Kind: ActionWebhook}}},
			{Name: "inactive rule", Active: false, On: []string{OnCreated}, Actions: []Action{{Kind: ActionLabel, Value: "never"}}},
			{Name: "close spam", Active: true, On: []string{OnUpdated}, If: []Condition{{"label", "eq", "spam"}},
				Actions: []Action{{Kind: ActionSetStatus, Value: "closed"}}},
		}
		if err := b.svc.SetConfig(t.Context(), cfg); err != nil {
			t.Fatal(err)
		}
		c := b.openCase(t, NewCase{Subject: "Where is my refund?"})
		if c.Team != "returns" || c.Owner != "zhao" || len(c.Labels) != 1 || c.Labels[0] != "refund" {
			t.Fatalf("created: %+v", c)
		}
		c = b.reply(t, c.ID, rapport.AuthorCustomer, sh(23, 10, 5), "")
		if c.Priority != rapport.PriorityNormal {
			t.Fatalf("a message without the word changed the priority: %s", c.Priority)
		}
		b.clock.T = sh(23, 10, 6)
		c, _, err := b.svc.Reply(t.Context(), rapport.CaseMessage{CaseID: c.ID, Kind: rapport.AuthorCustomer, Body: "我要投诉"}, "")
		if err != nil || c.Priority != rapport.PriorityUrgent {
			t.Fatalf("after the complaint: %+v %v", c, err)
		}
		if d := b.deliveries(t); d[HookAutomation] != 1 {
			t.Fatalf("automation webhooks %v, want 1", d)
		}
		// A rule setting a status goes through the same transitions: closing stops the clocks.
		c, err = b.svc.Update(t.Context(), c.ID, Change{Labels: []string{"spam"}})
		if err != nil || c.Status != rapport.StatusClosed || mustClock(t, c, rapport.ClockResolution).Running() {
			t.Fatalf("after labelling spam: %+v %v", c, err)
		}
	})
}
