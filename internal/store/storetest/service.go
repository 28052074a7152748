package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var serviceTests = []scenario{
	{"Cases", testCases},
	{"ImportCases", testImportCases},
	{"CaseQueue", testCaseQueue},
	{"CaseVersions", testCaseVersions},
	{"DueCases", testDueCases},
	{"CaseMessages", testCaseMessages},
	{"ServiceSettings", testServiceSettings},
	{"AfterSales", testAfterSales},
	{"Webhooks", testWebhooks},
}

// newCase is an open consultation created at day0+d with, if due is not
// zero, one running first-response clock due then.
func newCase(ext string, d time.Duration, due time.Time) *rapport.Case {
	c := &rapport.Case{ExternalID: ext, CustomerID: "u1", Subject: "Where is my order?",
		Type: rapport.CaseOrderProblem, Stage: rapport.StageInSale, Channel: rapport.ChannelApp,
		Priority: rapport.PriorityNormal, Status: rapport.StatusOpen, Team: "support", OrderID: "O1",
		ProductIDs: []string{"P1", "P2"}, CreatedAt: at(d), UpdatedAt: at(d)}
	if !due.IsZero() {
		c.SLA = rapport.CaseSLA{Policy: "default", Calendar: "default", Clocks: []rapport.SLAClock{{
			Name: rapport.ClockFirstResponse, Target: time.Hour, StartedAt: at(d), DueAt: due,
		}}}
	}
	return c
}

func createCase(t *testing.T, s rapport.Store, c *rapport.Case) *rapport.Case {
	t.Helper()
	if err := s.CreateCase(t.Context(), c); err != nil || c.ID == 0 || c.Version != 1 {
		t.Fatalf("CreateCase: id %d version %d %v", c.ID, c.Version, err)
	}
	return c
}

func testCases(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	c := createCase(t, s, newCase("TK1", 0, at(time.Hour)))
	c.Labels = []string{"vip"}
	c.FollowUp.DueAt = at(72 * time.Hour)
	got, err := s.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *c
	want.Labels, want.FollowUp = nil, rapport.FollowUp{}
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("Case:\n got %+v\nwant %+v", got, &want)
	}
	if got, err := s.CaseByExternalID(ctx, "TK1"); err != nil || got.ID != c.ID {
		t.Fatalf("CaseByExternalID: %+v %v", got, err)
	}
	wantCode(t, s.CreateCase(ctx, newCase("TK1", 0, time.Time{})), rapport.ECONFLICT)
	// Cases without an external id never conflict with each other.
	createCase(t, s, newCase("", 0, time.Time{}))
	createCase(t, s, newCase("", 0, time.Time{}))
	_, err = s.Case(ctx, c.ID+100)
	wantCode(t, err, rapport.ENOTFOUND)
	_, err = s.CaseByExternalID(ctx, "nope")
	wantCode(t, err, rapport.ENOTFOUND)
}

func testCaseQueue(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	late := createCase(t, s, newCase("late", 0, at(3*time.Hour)))
	soon := createCase(t, s, newCase("soon", 0, at(time.Hour)))
	none := createCase(t, s, newCase("none", 0, time.Time{}))
	breached := newCase("breached", 0, at(5*time.Hour))
	breached.SLA.Clocks[0].Breached, breached.Team, breached.Priority = true, "vip", rapport.PriorityHigh
	createCase(t, s, breached)
	closed := newCase("closed", 0, time.Time{})
	closed.Status = rapport.StatusClosed
	createCase(t, s, closed)

	ids := func(q rapport.CaseQuery) ([]int64, int) {
		list, total, err := s.ListCases(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range list {
			out = append(out, c.ID)
		}
		return out, total
	}
	// Breached first, then nearest due, cases without a running clock last.
	open := []rapport.CaseStatus{rapport.StatusNew, rapport.StatusOpen, rapport.StatusPending}
	if got, total := ids(rapport.CaseQuery{Status: open}); !reflect.DeepEqual(got, []int64{breached.ID, soon.ID, late.ID, none.ID}) || total != 4 {
		t.Fatalf("queue: %v (%d)", got, total)
	}
	if got, total := ids(rapport.CaseQuery{Status: open, Limit: 2, Offset: 1}); !reflect.DeepEqual(got, []int64{soon.ID, late.ID}) || total != 4 {
		t.Fatalf("page 2: %v (%d)", got, total)
	}
	if got, _ := ids(rapport.CaseQuery{Team: "vip"}); !reflect.DeepEqual(got, []int64{breached.ID}) {
		t.Fatalf("team filter: %v", got)
	}
	if got, _ := ids(rapport.CaseQuery{Breached: true}); !reflect.DeepEqual(got, []int64{breached.ID}) {
		t.Fatalf("breached filter: %v", got)
	}
	if got, total := ids(rapport.CaseQuery{Status: []rapport.CaseStatus{rapport.StatusClosed}}); !reflect.DeepEqual(got, []int64{closed.ID}) || total != 1 {
		t.Fatalf("status filter: %v", got)
	}
	if _, total := ids(rapport.CaseQuery{CustomerID: "u1", OrderID: "O1", Type: rapport.CaseOrderProblem, Priority: rapport.PriorityNormal}); total != 4 {
		t.Fatalf("customer+order+type+priority filter: %d, want 4", total)
	}
}

func testCaseVersions(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	c := createCase(t, s, newCase("TK1", 0, at(time.Hour)))
	a, _ := s.Case(ctx, c.ID)
	b, _ := s.Case(ctx, c.ID)
	a.Status, a.Owner, a.UpdatedAt = rapport.StatusPending, "li", at(time.Minute)
	b.Priority = rapport.PriorityUrgent
	other := createCase(t, s, newCase("TK2", 0, time.Time{}))
	other.Subject = "changed"
	applied, err := s.UpdateCases(ctx, []*rapport.Case{a, other})
	if err != nil || !reflect.DeepEqual(applied, []bool{true, true}) || a.Version != 2 {
		t.Fatalf("UpdateCases: %v %v version %d", applied, err, a.Version)
	}
	// b was read before a was written: it is stale and must not apply.
	applied, err = s.UpdateCases(ctx, []*rapport.Case{b})
	if err != nil || !reflect.DeepEqual(applied, []bool{false}) || b.Version != 1 {
		t.Fatalf("stale UpdateCases: %v %v", applied, err)
	}
	got, _ := s.Case(ctx, c.ID)
	if got.Status != rapport.StatusPending || got.Owner != "li" || got.Priority != rapport.PriorityNormal || got.Version != 2 {
		t.Fatalf("after updates: %+v", got)
	}
	if got, _ := s.Case(ctx, other.ID); got.Subject != "changed" {
		t.Fatalf("other case: %+v", got)
	}
}

func testDueCases(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	a := newCase("a", 0, at(2*time.Hour))
	a.SLA.Clocks[0].WarnAt = at(90 * time.Minute)
	createCase(t, s, a)
	b := createCase(t, s, newCase("b", 0, at(time.Hour)))
	fired := newCase("fired", 0, at(30*time.Minute))
	fired.SLA.Clocks[0].Breached = true
	createCase(t, s, fired)
	f := newCase("followup", 0, time.Time{})
	f.Status, f.FollowUp.DueAt = rapport.StatusResolved, at(100*time.Minute)
	createCase(t, s, f)
	sent := newCase("sent", 0, time.Time{})
	sent.FollowUp = rapport.FollowUp{DueAt: at(10 * time.Minute), SentAt: at(10 * time.Minute)}
	createCase(t, s, sent)

	due := func(d time.Duration) []string {
		list, err := s.DueCases(ctx, at(d), 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.ExternalID)
		}
		return out
	}
	if got := due(59 * time.Minute); got != nil {
		t.Fatalf("due at 59m: %v", got)
	}
	if got := due(90 * time.Minute); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Fatalf("due at 90m: %v", got)
	}
	if got := due(3 * time.Hour); !reflect.DeepEqual(got, []string{"b", "a", "followup"}) {
		t.Fatalf("due at 3h: %v", got)
	}
	// Firing the breach moves the case's timer past it.
	b.SLA.Clocks[0].Breached = true
	if _, err := s.UpdateCases(ctx, []*rapport.Case{b}); err != nil {
		t.Fatal(err)
	}
	if got := due(3 * time.Hour); !reflect.DeepEqual(got, []string{"a", "followup"}) {
		t.Fatalf("due after firing b: %v", got)
	}
}

func testCaseMessages(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	c := createCase(t, s, newCase("TK1", 0, time.Time{}))
	msgs := []rapport.CaseMessage{
		{CaseID: c.ID, Kind: rapport.AuthorCustomer, Author: "u1", Body: "我的订单还没到", CreatedAt: at(0)},
		{CaseID: c.ID, Kind: rapport.AuthorNote, Author: "li", Body: "courier delayed", CreatedAt: at(time.Minute)},
		{CaseID: c.ID, Kind: rapport.AuthorAgent, Author: "li", Body: "It arrives tomorrow.", CreatedAt: at(2 * time.Minute)},
	}
	for i := range msgs {
		if err := s.AddCaseMessage(ctx, &msgs[i]); err != nil || msgs[i].ID == 0 {
			t.Fatalf("AddCaseMessage: %v", err)
		}
	}
	got, err := s.CaseMessages(ctx, c.ID)
	if err != nil || !reflect.DeepEqual(got, msgs) {
		t.Fatalf("CaseMessages: %+v %v", got, err)
	}
	wantCode(t, s.AddCaseMessage(ctx, &rapport.CaseMessage{CaseID: c.ID + 9, Kind: "agent", Body: "x", CreatedAt: day0}), rapport.ENOTFOUND)
}

func testServiceSettings(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	if doc, err := s.ServiceSetting(ctx, "sla"); err != nil || doc != nil {
		t.Fatalf("unset setting: %q %v", doc, err)
	}
	for _, v := range []string{`{"a":1}`, `{"a":2}`} {
		if err := s.PutServiceSetting(ctx, "sla", []byte(v), day0); err != nil {
			t.Fatal(err)
		}
		if doc, err := s.ServiceSetting(ctx, "sla"); err != nil || string(doc) != v {
			t.Fatalf("setting: %q %v, want %s", doc, err, v)
		}
	}
}

func testAfterSales(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	a := &rapport.AfterSale{Kind: rapport.CaseReturn, OrderID: "O1", CustomerID: "u1",
		Items:  []rapport.AfterSaleItem{{ProductID: "P1", Quantity: 1, Price: 199}},
		Reason: "size", Amount: 199, Status: rapport.AfterSaleRequested, Decision: "manual",
		Reasons: []string{"amount 199 > 100"}, Steps: []rapport.AfterSaleStep{{Status: rapport.AfterSaleRequested, At: day0}},
		CreatedAt: day0, UpdatedAt: day0}
	if err := s.CreateAfterSale(ctx, a); err != nil || a.ID == 0 || a.Version != 1 {
		t.Fatalf("CreateAfterSale: %v", err)
	}
	got, err := s.AfterSale(ctx, a.ID)
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Fatalf("AfterSale:\n got %+v %v\nwant %+v", got, err, a)
	}
	stale := *got
	got.Status, got.UpdatedAt = rapport.AfterSaleApproved, at(time.Hour)
	if err := s.UpdateAfterSale(ctx, got); err != nil || got.Version != 2 {
		t.Fatalf("UpdateAfterSale: %v", err)
	}
	wantCode(t, s.UpdateAfterSale(ctx, &stale), rapport.ECONFLICT)
	missing := stale
	missing.ID = 999
	wantCode(t, s.UpdateAfterSale(ctx, &missing), rapport.ENOTFOUND)
	b := *a
	b.ID, b.CreatedAt = 0, at(time.Hour)
	if err := s.CreateAfterSale(ctx, &b); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListAfterSales(ctx, 10)
	if err != nil || len(list) != 2 || list[0].ID != b.ID || list[1].Status != rapport.AfterSaleApproved {
		t.Fatalf("ListAfterSales: %+v %v", list, err)
	}
}

func testWebhooks(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	w := &rapport.WebhookEndpoint{URL: "https://hooks.example/rapport", Secret: "whsec_c2VjcmV0", Events: []string{"case.breached", "follow_up.sent"}, Active: true, CreatedAt: day0}
	if err := s.CreateWebhookEndpoint(ctx, w); err != nil || w.ID == 0 {
		t.Fatalf("CreateWebhookEndpoint: %v", err)
	}
	if list, err := s.WebhookEndpoints(ctx); err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], *w) {
		t.Fatalf("WebhookEndpoints: %+v %v", list, err)
	}
	d := rapport.WebhookDelivery{ID: "msg_1", EndpointID: w.ID, Event: "case.breached", Payload: `{"case_id":1}`,
		NextAttemptAt: day0, CreatedAt: day0}
	for range 2 { // the second enqueue of the same notification is skipped
		if err := s.EnqueueWebhooks(ctx, []rapport.WebhookDelivery{d}); err != nil {
			t.Fatal(err)
		}
	}
	due, err := s.DueWebhooks(ctx, day0, 10)
	if err != nil || len(due) != 1 || due[0].Status != rapport.DeliveryPending || due[0].Payload != d.Payload {
		t.Fatalf("DueWebhooks: %+v %v", due, err)
	}
	if ok, err := s.ClaimWebhook(ctx, "msg_1", w.ID, 0, at(time.Minute)); !ok || err != nil {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, _ := s.ClaimWebhook(ctx, "msg_1", w.ID, 1, at(time.Minute)); ok {
		t.Fatal("a claim with a stale attempt count succeeded")
	}
	if due, _ := s.DueWebhooks(ctx, day0, 10); len(due) != 0 {
		t.Fatalf("claimed delivery still due: %+v", due)
	}
	got := due[0]
	got.Attempts, got.LastCode, got.Status, got.DeliveredAt = 1, 204, rapport.DeliveryDelivered, at(time.Second)
	got.NextAttemptAt = time.Time{}
	if err := s.RecordWebhookAttempt(ctx, &got); err != nil {
		t.Fatal(err)
	}
	log, err := s.WebhookDeliveries(ctx, 10)
	if err != nil || len(log) != 1 || !reflect.DeepEqual(log[0], got) {
		t.Fatalf("WebhookDeliveries: %+v %v", log, err)
	}
}

func testImportCases(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	batch := []*rapport.Case{newCase("I1", 0, at(time.Hour)), newCase("", 0, time.Time{}), newCase("I2", time.Minute, time.Time{})}
	if err := s.ImportCases(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, c := range batch {
		got, err := s.Case(ctx, c.ID)
		if err != nil || c.Version != 1 || !reflect.DeepEqual(got, c) {
			t.Fatalf("imported %+v, stored %+v %v", c, got, err)
		}
	}
	// A batch with a taken external id stores nothing.
	wantCode(t, s.ImportCases(ctx, []*rapport.Case{newCase("I3", 0, time.Time{}), newCase("I1", 0, time.Time{})}), rapport.ECONFLICT)
	if _, err := s.CaseByExternalID(ctx, "I3"); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Fatalf("half a rejected batch was stored: %v", err)
	}
}
