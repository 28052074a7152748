package storetest

import (
	"fmt"
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
	{"CustomerFeedback", testCustomerFeedback},
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
	late := newCase("late", 0, at(3*time.Hour))
	late.Status = rapport.StatusNew
	createCase(t, s, late)
	soon := createCase(t, s, newCase("soon", 0, at(time.Hour)))
	none := newCase("none", 0, time.Time{})
	none.Status = rapport.StatusPending
	createCase(t, s, none)
	breached := newCase("breached", 0, at(5*time.Hour))
	breached.SLA.Clocks[0].Breached, breached.Team, breached.Priority = true, "vip", rapport.PriorityHigh
	createCase(t, s, breached)
	closed := newCase("closed", 0, time.Time{})
	closed.Status = rapport.StatusClosed
	createCase(t, s, closed)
	// A closed case whose clock was breached stays out of the open queue.
	closedLate := newCase("closed-late", 0, at(2*time.Hour))
	closedLate.Status = rapport.StatusClosed
	closedLate.SLA.Clocks[0].StoppedAt, closedLate.SLA.Clocks[0].Outcome = at(4*time.Hour), rapport.OutcomeBreached
	createCase(t, s, closedLate)

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
	if got, total := ids(rapport.CaseQuery{Status: open, Limit: 1, Offset: 3}); !reflect.DeepEqual(got, []int64{none.ID}) || total != 4 {
		t.Fatalf("last page: %v (%d)", got, total)
	}
	// Every status: the breached closed case comes right after the breached open one.
	all := []int64{breached.ID, closedLate.ID, soon.ID, late.ID, none.ID, closed.ID}
	if got, total := ids(rapport.CaseQuery{}); !reflect.DeepEqual(got, all) || total != 6 {
		t.Fatalf("every status: %v (%d), want %v", got, total, all)
	}
	if got, total := ids(rapport.CaseQuery{Limit: 3, Offset: 2}); !reflect.DeepEqual(got, all[2:5]) || total != 6 {
		t.Fatalf("every status, page 2: %v (%d)", got, total)
	}
	if got, _ := ids(rapport.CaseQuery{Team: "vip"}); !reflect.DeepEqual(got, []int64{breached.ID}) {
		t.Fatalf("team filter: %v", got)
	}
	if got, _ := ids(rapport.CaseQuery{Status: open, Breached: true}); !reflect.DeepEqual(got, []int64{breached.ID}) {
		t.Fatalf("breached filter: %v", got)
	}
	if got, total := ids(rapport.CaseQuery{Status: []rapport.CaseStatus{rapport.StatusClosed}}); !reflect.DeepEqual(got, []int64{closedLate.ID, closed.ID}) || total != 2 {
		t.Fatalf("status filter: %v", got)
	}
	if _, total := ids(rapport.CaseQuery{CustomerID: "u1", OrderID: "O1", Type: rapport.CaseOrderProblem, Priority: rapport.PriorityNormal}); total != 5 {
		t.Fatalf("customer+order+type+priority filter: %d, want 5", total)
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

	// A batch larger than one statement's rows, with one stale case inside.
	var batch []*rapport.Case
	for i := range 300 {
		batch = append(batch, newCase(fmt.Sprintf("B%d", i), 0, at(time.Hour)))
	}
	if err := s.ImportCases(ctx, batch); err != nil {
		t.Fatal(err)
	}
	stale := *batch[270]
	batch[270].Owner = "first"
	if _, err := s.UpdateCases(ctx, []*rapport.Case{batch[270]}); err != nil {
		t.Fatal(err)
	}
	batch[270] = &stale
	for i, c := range batch {
		c.Owner, c.SLA.Clocks[0].Breached = fmt.Sprintf("agent%d", i), true
	}
	applied, err = s.UpdateCases(ctx, batch)
	if err != nil || len(applied) != 300 {
		t.Fatalf("UpdateCases of 300: %d %v", len(applied), err)
	}
	for i, c := range batch {
		got, _ := s.Case(ctx, c.ID)
		if i == 270 {
			if applied[i] || got.Owner != "first" || got.Version != 2 {
				t.Fatalf("stale case in a batch: applied %v, stored %+v", applied[i], got)
			}
			continue
		}
		if !applied[i] || got.Owner != fmt.Sprintf("agent%d", i) || !got.Breached() || got.Version != 2 || c.Version != 2 {
			t.Fatalf("case %d of the batch: applied %v, stored %+v", i, applied[i], got)
		}
	}
	if list, _, _ := s.ListCases(ctx, rapport.CaseQuery{Breached: true, Limit: 500}); len(list) != 299 {
		t.Fatalf("%d breached cases after the batch, want 299", len(list))
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

func testCustomerFeedback(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	review := func(msg, user, product string, rating float64, d time.Duration) *rapport.Event {
		return track(msg, user, "", rapport.EventProductReviewed, at(d),
			map[string]any{"product_id": product, "rating": rating, "review_body": "body " + msg, "review_id": msg})
	}
	ingest(t, s, review("r1", "u1", "p1", 5, 0), review("r2", "u1", "p2", 2, time.Hour), review("r3", "u2", "p1", 4, 0))
	reviews, err := s.CustomerReviews(ctx, "u1", 10)
	if err != nil || len(reviews) != 2 || reviews[0].ID != "r2" || reviews[0].Rating != 2 || reviews[0].ProductID != "p2" ||
		reviews[1].ID != "r1" || reviews[0].Body != "body r2" || !reviews[1].CreatedAt.Equal(at(0)) {
		t.Fatalf("u1's reviews newest first: %+v, %v", reviews, err)
	}
	if reviews, _ := s.CustomerReviews(ctx, "u1", 1); len(reviews) != 1 || reviews[0].ID != "r2" {
		t.Fatalf("limit 1: %+v", reviews)
	}
	sv := newSurvey(t, s, "csat")
	for i, r := range []rapport.SurveyResponse{
		{Ref: "a1", CustomerID: "alice", Score: 2, Reason: "slow", At: at(time.Hour)},
		{Ref: "a2", CustomerID: "alice", Score: 5, At: at(2 * time.Hour)},
		{Ref: "b1", CustomerID: "bob", Score: 4, At: at(3 * time.Hour)},
	} {
		r.SurveyID, r.Kind, r.Source = sv.ID, sv.Kind, "api"
		if err := s.RecordResponse(ctx, &r); err != nil {
			t.Fatalf("response %d: %v", i, err)
		}
	}
	answers, err := s.CustomerSurveyResponses(ctx, "alice", 10)
	if err != nil || len(answers) != 2 || answers[0].Ref != "a2" || answers[1].Score != 2 || answers[1].Reason != "slow" ||
		answers[0].SurveyID != sv.ID || !answers[0].At.Equal(at(2*time.Hour)) {
		t.Fatalf("alice's answers newest first: %+v, %v", answers, err)
	}
	if none, err := s.CustomerSurveyResponses(ctx, "carol", 10); err != nil || len(none) != 0 {
		t.Fatalf("carol's answers: %+v, %v", none, err)
	}
}
