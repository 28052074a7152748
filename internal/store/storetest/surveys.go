package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var surveyTests = []scenario{
	{"Definitions", testSurveyDefinitions},
	{"InvitationsAndCap", testInvitationsAndCap},
	{"AnswerOnce", testAnswerOnce},
	{"Settings", testSurveySettings},
	{"ScheduleClaim", testScheduleClaim},
	{"EventsNamed", testEventsNamed},
	{"FeedbackMarkAndCustomers", testFeedbackMark},
	{"ActionItems", testActionItems},
}

func newSurvey(t *testing.T, s rapport.Store, key string) *rapport.Survey {
	t.Helper()
	sv := &rapport.Survey{Key: key, Name: "After service", Kind: rapport.SurveyCSAT, QuestionEN: "How satisfied?",
		QuestionZH: "您满意吗？", TriggerEvent: rapport.EventTicketResolved, DelayMinutes: 60, LinkDays: 3,
		Segments: []string{"vip"}, Active: true, CreatedAt: day0}
	if err := s.CreateSurvey(context.Background(), sv); err != nil {
		t.Fatalf("CreateSurvey: %v", err)
	}
	return sv
}

func testSurveyDefinitions(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	sv := newSurvey(t, s, "csat-service")
	if sv.ID == 0 {
		t.Fatal("no id")
	}
	wantCode(t, s.CreateSurvey(ctx, &rapport.Survey{Key: "csat-service", CreatedAt: day0}), rapport.ECONFLICT)
	got, err := s.Survey(ctx, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.QuestionZH != "您满意吗？" || got.DelayMinutes != 60 || got.Segments[0] != "vip" || !got.Active {
		t.Fatalf("survey read back as %+v", got)
	}
	got.Active, got.Name = false, "Renamed"
	if err := s.UpdateSurvey(ctx, got); err != nil {
		t.Fatal(err)
	}
	list, err := s.Surveys(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "Renamed" || list[0].Active {
		t.Fatalf("Surveys = %+v, %v", list, err)
	}
	_, err = s.Survey(ctx, 999)
	wantCode(t, err, rapport.ENOTFOUND)
	wantCode(t, s.UpdateSurvey(ctx, &rapport.Survey{ID: 999, Key: "x"}), rapport.ENOTFOUND)
}

func schedule(t *testing.T, s rapport.Store, surveyID int64, customer, ref string, due time.Time) *rapport.Invitation {
	t.Helper()
	inv := &rapport.Invitation{SurveyID: surveyID, CustomerID: customer, TriggerRef: ref, DueAt: due}
	ok, err := s.ScheduleInvitation(context.Background(), inv)
	if err != nil || !ok {
		t.Fatalf("ScheduleInvitation(%s, %s) = %v, %v", customer, ref, ok, err)
	}
	return inv
}

func testInvitationsAndCap(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	a, b := newSurvey(t, s, "a"), newSurvey(t, s, "b")
	first := schedule(t, s, a.ID, "alice", "m1", at(time.Hour))
	if ok, err := s.ScheduleInvitation(ctx, &rapport.Invitation{SurveyID: a.ID, CustomerID: "alice", TriggerRef: "m1", DueAt: at(0)}); ok || err != nil {
		t.Fatalf("same trigger again: %v, %v; want false, nil", ok, err)
	}
	second := schedule(t, s, b.ID, "alice", "m2", at(2*time.Hour))
	later := schedule(t, s, b.ID, "alice", "m3", at(40*24*time.Hour))
	due, err := s.DueInvitations(ctx, at(90*time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID != first.ID {
		t.Fatalf("due at +90m: %+v, %v; want only the first", due, err)
	}
	issue := func(id int64, now time.Time) string {
		st, err := s.IssueInvitation(ctx, id, now, 30, now.Add(72*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := issue(first.ID, at(90*time.Minute)); st != rapport.InviteSent {
		t.Fatalf("first: %q, want sent", st)
	}
	if st := issue(first.ID, at(91*time.Minute)); st != "" {
		t.Fatalf("issuing twice: %q, want nothing", st)
	}
	// Another survey two hours later: within the 30-day cap across surveys.
	if st := issue(second.ID, at(2*time.Hour)); st != rapport.InviteCapped {
		t.Fatalf("second: %q, want capped", st)
	}
	if st := issue(later.ID, at(40*24*time.Hour)); st != rapport.InviteSent {
		t.Fatalf("after 40 days: %q, want sent", st)
	}
	other := schedule(t, s, a.ID, "bob", "m4", at(0))
	if err := s.SkipInvitation(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SkipInvitation(ctx, other.ID), rapport.ENOTFOUND)
	counts, err := s.InvitationCounts(ctx, b.ID)
	if err != nil || counts[rapport.InviteCapped] != 1 || counts[rapport.InviteSent] != 1 {
		t.Fatalf("counts of b: %v, %v", counts, err)
	}
	list, err := s.Invitations(ctx, rapport.InvitationQuery{CustomerID: "alice"})
	if err != nil || len(list) != 3 || list[0].ID != later.ID {
		t.Fatalf("alice's invitations newest first: %+v, %v", list, err)
	}
	contacts, err := s.ContactedSince(ctx, at(24*time.Hour))
	if err != nil || !contacts["alice"].Equal(at(40*24*time.Hour)) || len(contacts) != 1 {
		t.Fatalf("contacts: %v, %v", contacts, err)
	}
}

func testAnswerOnce(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	sv := newSurvey(t, s, "a")
	inv := schedule(t, s, sv.ID, "alice", "m1", at(0))
	if _, err := s.IssueInvitation(ctx, inv.ID, at(0), 30, at(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	answer := func(ref string, when time.Time, invitation int64) error {
		return s.RecordResponse(ctx, &rapport.SurveyResponse{Ref: ref, SurveyID: sv.ID, InvitationID: invitation,
			CustomerID: "alice", Kind: sv.Kind, Score: 4, Source: "link", At: when})
	}
	wantCode(t, answer("r0", at(73*time.Hour), inv.ID), rapport.EFORBIDDEN) // expired
	if err := answer("r1", at(time.Hour), inv.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, answer("r2", at(2*time.Hour), inv.ID), rapport.ECONFLICT) // reused
	wantCode(t, answer("r3", at(2*time.Hour), 999), rapport.ENOTFOUND)
	wantCode(t, answer("r1", at(2*time.Hour), 0), rapport.ECONFLICT) // same ref
	if err := answer("api-1", at(3*time.Hour), 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.SurveyResponses(ctx, sv.ID, 0)
	if err != nil || len(got) != 2 || got[0].Ref != "api-1" || got[1].InvitationID != inv.ID {
		t.Fatalf("responses: %+v, %v", got, err)
	}
	stored, err := s.Invitation(ctx, inv.ID)
	if err != nil || stored.Status != rapport.InviteAnswered || !stored.RespondedAt.Equal(at(time.Hour)) {
		t.Fatalf("invitation after answer: %+v, %v", stored, err)
	}
}

func testSurveySettings(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	first, err := s.SurveySettings(ctx, []byte("first-secret"))
	if err != nil || string(first.Secret) != "first-secret" || first.CapDays != 30 {
		t.Fatalf("first settings: %+v, %v", first, err)
	}
	again, err := s.SurveySettings(ctx, []byte("another"))
	if err != nil || string(again.Secret) != "first-secret" {
		t.Fatalf("the stored secret must win: %q, %v", again.Secret, err)
	}
	if err := s.SaveSurveySettings(ctx, rapport.SurveySettings{CapDays: 14, Webhook: "https://hooks.example/x"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SurveySettings(ctx, nil)
	if err != nil || got.CapDays != 14 || got.Webhook != "https://hooks.example/x" || string(got.Secret) != "first-secret" {
		t.Fatalf("saved settings: %+v, %v", got, err)
	}
}

func testScheduleClaim(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	sv := newSurvey(t, s, "nps-q")
	sv.NextRunAt = at(0)
	if err := s.UpdateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	ok, err := s.ClaimSurveyRun(ctx, sv.ID, at(0), at(90*24*time.Hour))
	if err != nil || !ok {
		t.Fatalf("first claim: %v, %v", ok, err)
	}
	if ok, err := s.ClaimSurveyRun(ctx, sv.ID, at(0), at(90*24*time.Hour)); ok || err != nil {
		t.Fatalf("second claim: %v, %v; want false", ok, err)
	}
}

func testEventsNamed(t *testing.T, s rapport.Store) {
	ingest(t, s,
		track("e1", "alice", "", rapport.EventSurveyResponded, at(0), map[string]any{"score": 9.0}),
		track("e2", "alice", "", rapport.EventProductViewed, at(time.Hour), nil),
		track("e3", "bob", "", rapport.EventOrderDelivered, at(2*time.Hour), map[string]any{"order_id": "o1"}),
		track("e4", "bob", "", rapport.EventSurveyResponded, at(48*time.Hour), map[string]any{"score": 3.0}),
	)
	got, err := s.EventsNamed(context.Background(), []string{rapport.EventSurveyResponded, rapport.EventOrderDelivered}, at(0), at(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if ids := messageIDs(got); len(ids) != 2 || ids[0] != "e1" || ids[1] != "e3" || got[1].CustomerID != "bob" {
		t.Fatalf("events named: %v", ids)
	}
	ids, err := s.CustomerIDs(context.Background())
	if err != nil || len(ids) != 2 || ids[0] != "alice" {
		t.Fatalf("customer ids: %v, %v", ids, err)
	}
}

func testFeedbackMark(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	mark := func() rapport.FeedbackMark {
		t.Helper()
		m, err := s.FeedbackMark(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := mark(); m != (rapport.FeedbackMark{}) {
		t.Fatalf("empty store: %+v", m)
	}
	ingest(t, s,
		track("f1", "alice", "", rapport.EventProductReviewed, at(2*time.Hour), map[string]any{"rating": 2.0}),
		track("f2", "alice", "", rapport.EventSurveyResponded, at(time.Hour), map[string]any{"score": 9.0}),
		track("f3", "bob", "", rapport.EventProductViewed, at(5*time.Hour), nil))
	first := mark()
	if !first.Feedback.Equal(at(2*time.Hour)) || first.Seq == 0 || first.Run != 0 {
		t.Fatalf("after three events: %+v, want the review's time as the latest feedback", first)
	}
	ingest(t, s, track("f4", "bob", "", rapport.EventProductViewed, at(6*time.Hour), nil))
	if second := mark(); second.Seq <= first.Seq || !second.Feedback.Equal(first.Feedback) {
		t.Fatalf("a page view moves the sequence only: %+v then %+v", first, second)
	}
	run := &rapport.ModelRun{StartedAt: day0, FinishedAt: day0, AsOf: day0, Customers: 1}
	if err := s.SaveModelRun(ctx, run, []rapport.PredictedTags{{CustomerID: "alice", RFMSegment: "Champions", ComputedAt: day0}}); err != nil {
		t.Fatal(err)
	}
	if m := mark(); m.Run != run.ID {
		t.Fatalf("after a model run: %+v, want run %d", m, run.ID)
	}
	got, err := s.FeedbackCustomers(ctx, []string{"alice", "bob", "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["alice"].RFMSegment != "Champions" || got["alice"].Customer.Stats.Reviews != 1 ||
		got["bob"].RFMSegment != "" || got["bob"].Customer.ID != "bob" {
		t.Fatalf("feedback customers: %+v", got)
	}
}

func testActionItems(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	a := &rapport.ActionItem{Title: "Late deliveries", Aspect: "delivery", Owner: "operations", Rule: "frequent",
		Metric: "csat", Status: rapport.ActionOpen, DueAt: at(30 * 24 * time.Hour), CreatedAt: day0}
	b := &rapport.ActionItem{Title: "Broken zips", Aspect: "quality", Owner: "product", Rule: "severe",
		Metric: "rating", Status: rapport.ActionOpen, DueAt: at(14 * 24 * time.Hour), CreatedAt: day0}
	for _, it := range []*rapport.ActionItem{a, b} {
		if err := s.CreateActionItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ActionItems(ctx)
	if err != nil || len(list) != 2 || list[0].ID != b.ID {
		t.Fatalf("items due first: %+v, %v", list, err)
	}
	if ok, err := s.ClaimOverdue(ctx, b.ID, at(10*24*time.Hour)); ok || err != nil {
		t.Fatalf("not yet due: %v, %v", ok, err)
	}
	if ok, err := s.ClaimOverdue(ctx, b.ID, at(15*24*time.Hour)); !ok || err != nil {
		t.Fatalf("overdue: %v, %v", ok, err)
	}
	if ok, _ := s.ClaimOverdue(ctx, b.ID, at(16*24*time.Hour)); ok {
		t.Fatal("notified twice")
	}
	a.Status, a.ChangedAt = rapport.ActionDone, at(20*24*time.Hour)
	if err := s.UpdateActionItem(ctx, a); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ClaimOverdue(ctx, a.ID, at(31*24*time.Hour)); ok {
		t.Fatal("a done item is never overdue")
	}
	got, err := s.ActionItem(ctx, a.ID)
	if err != nil || got.Status != rapport.ActionDone || !got.ChangedAt.Equal(a.ChangedAt) {
		t.Fatalf("item read back: %+v, %v", got, err)
	}
	_, err = s.ActionItem(ctx, 999)
	wantCode(t, err, rapport.ENOTFOUND)
}
