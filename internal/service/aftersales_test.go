package service

import (
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// shop stores customer u1's order O1, placed on 10 November and delivered
// on the 20th: a coat (199) and two pairs of underwear (59 each).
func shop(t *testing.T, b *bundle) {
	t.Helper()
	placed, delivered := sh(10, 12, 0), sh(20, 12, 0)
	ev := func(id, name string, at time.Time, props map[string]any) *rapport.Event {
		return &rapport.Event{MessageID: id, Type: rapport.TypeTrack, Name: name, UserID: "u1", Channel: rapport.ChannelApp,
			Source: "test", Timestamp: at, ReceivedAt: at, Properties: props}
	}
	b.ingest(t,
		ev("o1", rapport.EventOrderCompleted, placed, map[string]any{"order_id": "O1", "total": 317.0, "products": []any{
			map[string]any{"product_id": "P1", "name": "Coat", "category": "coats", "price": 199.0, "quantity": 1.0},
			map[string]any{"product_id": "P2", "name": "Briefs", "category": "underwear", "price": 59.0, "quantity": 2.0},
		}}),
		ev("o1d", rapport.EventOrderDelivered, delivered, map[string]any{"order_id": "O1"}),
		ev("o2", rapport.EventOrderCompleted, placed, map[string]any{"order_id": "O2", "total": 80.0, "products": []any{
			map[string]any{"product_id": "P3", "name": "Scarf", "category": "accessories", "price": 80.0, "quantity": 1.0},
		}}),
	)
}

func coatReturn() AfterSaleRequest {
	return AfterSaleRequest{Kind: rapport.CaseReturn, CustomerID: "u1", OrderID: "O1", Reason: "size",
		Items: []rapport.AfterSaleItem{{ProductID: "P1", Quantity: 1}}, Photos: []string{"https://img.example/1.jpg"}}
}

func TestAutoApprovalRules(t *testing.T) {
	tests := []struct {
		name    string
		change  func(r *AfterSaleRequest, rules *ApprovalRules)
		at      time.Time
		flag    bool
		want    string
		because string // a reason line that must appear
	}{
		{"eligible return", nil, sh(23, 10, 0), false, DecisionAuto, "ok: delivered 2 days ago, limit 7"}, // 2 days 22 hours,
		{"exactly 7 days", nil, sh(27, 12, 0), false, DecisionAuto, "ok: delivered 7 days ago, limit 7"},
		{"8 days after delivery", nil, sh(28, 12, 0), false, DecisionManual, "no: delivered 8 days ago, limit 7"},
		{"amount over the limit", func(_ *AfterSaleRequest, r *ApprovalRules) { r.MaxAmount = 150 }, sh(23, 10, 0), false,
			DecisionManual, "no: amount 199.00, limit 150.00"},
		{"reason not in the list", func(r *AfterSaleRequest, _ *ApprovalRules) { r.Reason = "found it cheaper" }, sh(23, 10, 0), false,
			DecisionManual, `no: reason "found it cheaper" is not in the accepted list`},
		{"category not returnable", func(r *AfterSaleRequest, _ *ApprovalRules) {
			r.Items = []rapport.AfterSaleItem{{ProductID: "P2", Quantity: 2}}
		}, sh(23, 10, 0), false, DecisionManual, `no: category "underwear" of P2 is not returnable`},
		{"customer flagged", nil, sh(23, 10, 0), true, DecisionManual, "no: customer is flagged for abuse"},
		{"not delivered", func(r *AfterSaleRequest, _ *ApprovalRules) {
			r.OrderID, r.Items = "O2", []rapport.AfterSaleItem{{ProductID: "P3"}}
		}, sh(23, 10, 0), false, DecisionManual, "no: order O2 has not been delivered"},
		{"rules off", func(_ *AfterSaleRequest, r *ApprovalRules) { r.Enabled = false }, sh(23, 10, 0), false,
			DecisionManual, "no: automatic approval is off"},
		{"quality claims are decided by a person", func(r *AfterSaleRequest, _ *ApprovalRules) { r.Kind = rapport.CaseQualityClaim },
			sh(23, 10, 0), false, DecisionManual, "no: kind quality_claim is never approved automatically"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, b *bundle) {
				shop(t, b)
				if tt.flag {
					at := sh(1, 0, 0)
					b.ingest(t, &rapport.Event{MessageID: "flag", Type: rapport.TypeIdentify, UserID: "u1", Channel: rapport.ChannelWeb,
						Source: "test", Timestamp: at, ReceivedAt: at, Traits: map[string]any{"abuse_flag": true}})
				}
				req, cfg := coatReturn(), DefaultConfig()
				if tt.change != nil {
					tt.change(&req, &cfg.AfterSales)
				}
				if err := b.svc.SetConfig(t.Context(), cfg); err != nil {
					t.Fatal(err)
				}
				b.clock.T = tt.at
				a, err := b.svc.RequestAfterSale(t.Context(), req)
				if err != nil {
					t.Fatal(err)
				}
				if a.Decision != tt.want || !contains(a.Reasons, tt.because) {
					t.Fatalf("decision %s, reasons:\n%s", a.Decision, strings.Join(a.Reasons, "\n"))
				}
				if tt.want == DecisionAuto {
					if a.Status != rapport.AfterSaleApproved || a.CaseID != 0 {
						t.Fatalf("approved request: %+v", a)
					}
					return
				}
				// A person decides within an hour, around the clock.
				c := b.get(t, a.CaseID)
				if c.Type != req.Kind || c.Stage != rapport.StageAfterSale || c.SLA.Policy != PolicyAfterSaleDecision ||
					!mustClock(t, c, rapport.ClockFirstResponse).DueAt.Equal(tt.at.Add(time.Hour)) {
					t.Fatalf("decision case %+v", c)
				}
				if req.Kind == rapport.CaseQualityClaim {
					in := b.get(t, a.InspectionCaseID)
					if in.Type != rapport.CaseInspection || in.ParentID != a.CaseID ||
						!mustClock(t, in, rapport.ClockResolution).DueAt.Equal(tt.at.Add(24*time.Hour)) {
						t.Fatalf("inspection task %+v", in)
					}
				}
			})
		})
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestAfterSaleValidation(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		shop(t, b)
		tests := []struct {
			name   string
			change func(r *AfterSaleRequest)
			field  string
		}{
			{"kind", func(r *AfterSaleRequest) { r.Kind = "repair" }, "kind"},
			{"customer", func(r *AfterSaleRequest) { r.CustomerID = " " }, "customer_id"},
			{"reason", func(r *AfterSaleRequest) { r.Reason = "" }, "reason"},
			{"no items", func(r *AfterSaleRequest) { r.Items = nil }, "items"},
			{"photo", func(r *AfterSaleRequest) { r.Photos = []string{"file:///etc/passwd"} }, "photos[0]"},
			{"someone else's order", func(r *AfterSaleRequest) { r.CustomerID = "u2" }, "order_id"},
			{"unknown order", func(r *AfterSaleRequest) { r.OrderID = "O9" }, "order_id"},
			{"product not in the order", func(r *AfterSaleRequest) { r.Items[0].ProductID = "P3" }, "items[0].product_id"},
			{"more than ordered", func(r *AfterSaleRequest) { r.Items[0].Quantity = 2 }, "items[0].quantity"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req := coatReturn()
				tt.change(&req)
				_, err := b.svc.RequestAfterSale(t.Context(), req)
				var e *rapport.Error
				if !asError(err, &e) || e.Code != rapport.EINVALID || e.Field != tt.field {
					t.Fatalf("error %v, want invalid %s", err, tt.field)
				}
			})
		}
		if list, _ := b.store.ListAfterSales(t.Context(), 10); len(list) != 0 {
			t.Fatalf("rejected requests were stored: %+v", list)
		}
	})
}

func TestAfterSaleSteps(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		shop(t, b)
		a, err := b.svc.RequestAfterSale(t.Context(), coatReturn())
		if err != nil || a.Status != rapport.AfterSaleApproved {
			t.Fatal(a, err)
		}
		if _, err := b.svc.Advance(t.Context(), a.ID, rapport.AfterSaleReceived); rapport.ErrorCode(err) != rapport.EINVALID {
			t.Fatalf("skipping pickup: %v", err)
		}
		for i, st := range []string{rapport.AfterSalePickupScheduled, rapport.AfterSaleReceived, rapport.AfterSaleRefunded} {
			b.clock.Advance(time.Hour)
			if a, err = b.svc.Advance(t.Context(), a.ID, st); err != nil || a.Status != st || len(a.Steps) != i+3 {
				t.Fatalf("advance to %s: %+v %v", st, a, err)
			}
		}
		if _, err := b.svc.Advance(t.Context(), a.ID, rapport.AfterSaleRefunded); rapport.ErrorCode(err) != rapport.EINVALID {
			t.Fatalf("refunding twice: %v", err)
		}
		events, _ := b.store.Timeline(t.Context(), rapport.TimelineQuery{CustomerID: "u1"})
		var names []string
		for _, e := range events {
			if e.Source == EventSource {
				names = append(names, e.Name)
			}
		}
		want := "Return Requested,Return Approved,Return Pickup Scheduled,Return Received,Return Refunded"
		if strings.Join(names, ",") != want {
			t.Fatalf("events %v, want %s", names, want)
		}
		if c, _ := b.store.Customer(t.Context(), "u1"); c.Stats.Returns != 1 {
			t.Fatalf("the profile counts %d returns, want 1", c.Stats.Returns)
		}
	})
}

func TestDecisionAndDryRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		shop(t, b)
		auto, _ := b.svc.RequestAfterSale(t.Context(), coatReturn())
		req := coatReturn()
		req.Reason = "found it cheaper"
		manual, err := b.svc.RequestAfterSale(t.Context(), req)
		if err != nil || manual.Decision != DecisionManual {
			t.Fatal(manual, err)
		}
		b.clock.Advance(20 * time.Minute)
		got, err := b.svc.Decide(t.Context(), manual.ID, true, "agent-li", "loyal customer")
		if err != nil || got.Status != rapport.AfterSaleApproved || got.Decision != DecisionApproved {
			t.Fatalf("Decide: %+v %v", got, err)
		}
		if c := b.get(t, manual.CaseID); c.Status != rapport.StatusResolved || mustClock(t, c, rapport.ClockResolution).Outcome != rapport.OutcomeMet {
			t.Fatalf("decision case after deciding in 20 minutes: %+v", c)
		}
		if _, err := b.svc.Decide(t.Context(), manual.ID, false, "x", ""); rapport.ErrorCode(err) != rapport.ECONFLICT {
			t.Fatalf("deciding twice: %v", err)
		}
		// Lowering the amount limit to 150 would have sent the coat (199) to a person.
		rules := DefaultApprovalRules()
		rules.MaxAmount = 150
		results, err := b.svc.DryRun(t.Context(), rules, 100)
		if err != nil || len(results) != 2 {
			t.Fatal(results, err)
		}
		for _, r := range results {
			switch r.ID {
			case auto.ID:
				if r.Would != DecisionManual || !r.Changed || !contains(r.Reasons, "no: amount 199.00, limit 150.00") {
					t.Fatalf("dry run of the auto-approved request: %+v", r)
				}
			case manual.ID:
				if r.Would != DecisionManual || r.Changed {
					t.Fatalf("dry run of the manual request: %+v", r)
				}
			}
		}
		if a, _ := b.store.AfterSale(t.Context(), auto.ID); a.Decision != DecisionAuto || a.Version != auto.Version {
			t.Fatalf("the dry run changed a request: %+v", a)
		}
	})
}
