package survey_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/survey"
)

func TestLifecycleStages(t *testing.T) {
	b := setup(t)
	for _, st := range survey.Stages {
		b.customerAt(t, "c-"+st, st)
		c, err := b.store.Customer(context.Background(), "c-"+st)
		if err != nil {
			t.Fatal(err)
		}
		if got := survey.Lifecycle(c, now); got != st {
			t.Errorf("customer built as %s is %s", st, got)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(s *rapport.Survey)
		field string
	}{
		{"ok", func(*rapport.Survey) {}, ""},
		{"no name", func(s *rapport.Survey) { s.Name = " " }, "name"},
		{"bad kind", func(s *rapport.Survey) { s.Kind = "stars" }, "kind"},
		{"no trigger", func(s *rapport.Survey) { s.TriggerEvent = "" }, "trigger_event"},
		{"both", func(s *rapport.Survey) { s.Schedule = "quarterly"; s.Sample = 5 }, "schedule"},
		{"bad schedule", func(s *rapport.Survey) { s.TriggerEvent, s.Schedule, s.Sample = "", "weekly", 5 }, "schedule"},
		{"no sample", func(s *rapport.Survey) { s.TriggerEvent, s.Schedule = "", "quarterly" }, "sample"},
		{"negative delay", func(s *rapport.Survey) { s.DelayMinutes = -1 }, "delay_minutes"},
		{"empty segment", func(s *rapport.Survey) { s.Segments = []string{"vip", " "} }, "segments"},
		{"bad touchpoint", func(s *rapport.Survey) { s.Touchpoint = "checkout" }, "touchpoint"},
	} {
		s := &rapport.Survey{Name: "After service", Kind: rapport.SurveyNPS, TriggerEvent: rapport.EventTicketResolved, CreatedAt: now}
		tc.edit(s)
		err := survey.Validate(s)
		var e *rapport.Error
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			if s.QuestionZH == "" || s.ReasonEN == "" || s.LinkDays != 7 || !strings.HasPrefix(s.Key, "after-service-") {
				t.Errorf("defaults not filled: %+v", s)
			}
			continue
		}
		if err == nil || !asError(err, &e) || e.Field != tc.field || e.Code != rapport.EINVALID {
			t.Errorf("%s: error %v, want EINVALID on %s", tc.name, err, tc.field)
		}
	}
}

func asError(err error, e **rapport.Error) bool {
	v, ok := err.(*rapport.Error)
	*e = v
	return ok
}

// TestTriggerDelayAndCap: a resolved ticket invites after the delay; a second
// survey within the frequency cap is not sent; outside the target is skipped.
func TestTriggerDelayAndCap(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	b.customerAt(t, "ann", survey.StageActive)
	b.customerAt(t, "lou", survey.StageLapsed)
	b.segments(t, repeatBuyers()) // ann has two orders, lou one
	csat := b.create(t, &rapport.Survey{Name: "After service", Kind: rapport.SurveyCSAT, TriggerEvent: rapport.EventTicketResolved,
		DelayMinutes: 60, Segments: []string{"repeat-buyers"}, Touchpoint: "after_sale", Active: true})
	nps := b.create(t, &rapport.Survey{Name: "After delivery", Kind: rapport.SurveyNPS, TriggerEvent: rapport.EventOrderDelivered,
		DelayMinutes: 24 * 60, Active: true})
	resolved := now.Add(-2 * time.Hour)
	events := b.ingest(t, track("ann", rapport.EventTicketResolved, resolved, map[string]any{"ticket_id": "T1"}),
		track("lou", rapport.EventTicketResolved, resolved, map[string]any{"ticket_id": "T2"}))
	if err := b.svc.Observe(ctx, events); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.Observe(ctx, events); err != nil { // the same events again schedule nothing new
		t.Fatal(err)
	}
	if got := b.invitations(t, rapport.InvitationQuery{SurveyID: csat.ID}); len(got) != 2 || !got[0].DueAt.Equal(resolved.Add(time.Hour)) {
		t.Fatalf("invitations after the trigger: %+v", got)
	}
	b.scan(t, resolved.Add(59*time.Minute))
	if got := b.invitations(t, rapport.InvitationQuery{Status: rapport.InvitePending}); len(got) != 2 {
		t.Fatalf("before the delay: %d pending, want 2", len(got))
	}
	b.scan(t, resolved.Add(61*time.Minute))
	sent := b.invitations(t, rapport.InvitationQuery{CustomerID: "ann", Status: rapport.InviteSent})
	skipped := b.invitations(t, rapport.InvitationQuery{CustomerID: "lou", Status: rapport.InviteSkipped})
	if len(sent) != 1 || len(skipped) != 1 {
		t.Fatalf("after the delay: ann sent %d, lou (one order, outside the target) skipped %d", len(sent), len(skipped))
	}
	if want := resolved.Add(61 * time.Minute).Add(7 * 24 * time.Hour); !sent[0].ExpiresAt.Equal(want) {
		t.Errorf("link expires %s, want %s", sent[0].ExpiresAt, want)
	}
	// Ann's order is delivered the same day: the NPS survey is due a day later, within the 30-day cap.
	b.ingest(t, track("ann", rapport.EventOrderDelivered, now, map[string]any{"order_id": "ann-2"}))
	if err := b.svc.Observe(ctx, b.ingest(t, track("ann", rapport.EventOrderDelivered, now, map[string]any{"order_id": "ann-3"}))); err != nil {
		t.Fatal(err)
	}
	b.scan(t, now.Add(25*time.Hour))
	if got := b.invitations(t, rapport.InvitationQuery{SurveyID: nps.ID}); len(got) != 1 || got[0].Status != rapport.InviteCapped {
		t.Fatalf("second survey within the cap: %+v, want capped", got)
	}
}

// TestLinkSecurity: a link answers once; forged, expired and reused links
// are rejected with messages a customer understands.
func TestLinkSecurity(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	b.customerAt(t, "ann", survey.StageActive)
	sv := b.create(t, &rapport.Survey{Name: "After service", Kind: rapport.SurveyNPS, TriggerEvent: rapport.EventTicketResolved,
		LinkDays: 3, Active: true})
	if err := b.svc.Observe(ctx, b.ingest(t, track("ann", rapport.EventTicketResolved, now, nil))); err != nil {
		t.Fatal(err)
	}
	b.scan(t, now)
	inv := b.invitations(t, rapport.InvitationQuery{Status: rapport.InviteSent})[0]
	token, err := b.svc.LinkFor(ctx, &inv)
	if err != nil {
		t.Fatal(err)
	}

	// Forged: the customer part swapped for another customer's, or a token signed elsewhere.
	parts := strings.Split(token, ".")
	parts[3] = "Ym9i" // "bob"
	_, err = b.svc.AnswerLink(ctx, strings.Join(parts, "."), 10, "")
	if err != survey.ErrForged || !strings.Contains(err.(*rapport.Error).Message, "not valid") {
		t.Fatalf("tampered link: %v, want ErrForged", err)
	}
	other := survey.Sign([]byte("someone else's secret"), survey.Link{SurveyID: sv.ID, InvitationID: inv.ID, CustomerID: "ann", Expires: inv.ExpiresAt})
	if _, err := b.svc.AnswerLink(ctx, other, 10, ""); err != survey.ErrForged {
		t.Fatalf("link signed with another secret: %v", err)
	}
	if _, err := b.svc.AnswerLink(ctx, "garbage", 10, ""); err != survey.ErrForged {
		t.Fatalf("garbage: %v", err)
	}
	// Bad score: refused, and the link still works afterwards.
	_, err = b.svc.AnswerLink(ctx, token, 11, "")
	wantCode(t, err, rapport.EINVALID)

	// Expired: three days later.
	b.clock.T = inv.ExpiresAt
	if _, err := b.svc.AnswerLink(ctx, token, 9, ""); err != survey.ErrExpired {
		t.Fatalf("expired link: %v", err)
	}
	b.clock.T = inv.ExpiresAt.Add(-time.Minute)
	r, err := b.svc.AnswerLink(ctx, token, 9, "Fast refund")
	if err != nil {
		t.Fatal(err)
	}
	if r.Score != 9 || r.Source != "link" || r.CustomerID != "ann" {
		t.Fatalf("response %+v", r)
	}
	if _, err := b.svc.AnswerLink(ctx, token, 3, ""); err != survey.ErrAnswered {
		t.Fatalf("reused link: %v, want ErrAnswered", err)
	}
	// The answer is on Ann's profile and timeline as a Survey Responded event.
	c, err := b.store.Customer(ctx, "ann")
	if err != nil || c.Stats.Surveys != 1 || c.Stats.LastNPS == nil || *c.Stats.LastNPS != 9 {
		t.Fatalf("profile after answering: %+v, %v", c.Stats, err)
	}
	list, _ := b.store.SurveyResponses(ctx, sv.ID, 0)
	if len(list) != 1 {
		t.Fatalf("%d responses, want 1", len(list))
	}
}

// TestAnswersFromAPIAndEvents: answers through the API and as Survey
// Responded events naming the survey's key are recorded once each.
func TestAnswersFromAPIAndEvents(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	b.customerAt(t, "ann", survey.StageActive)
	sv := b.create(t, &rapport.Survey{Key: "ces-returns", Name: "Returns effort", Kind: rapport.SurveyCES,
		TriggerEvent: rapport.EventReturnRequested, Active: true})
	if _, err := b.svc.Answer(ctx, sv.ID, "ann", 8, ""); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Fatalf("CES 8: %v, want EINVALID", err)
	}
	if _, err := b.svc.Answer(ctx, sv.ID, "nobody", 3, ""); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Fatalf("unknown customer: %v", err)
	}
	if _, err := b.svc.Answer(ctx, sv.ID, "ann", 2, "Easy"); err != nil {
		t.Fatal(err)
	}
	e := track("ann", rapport.EventSurveyResponded, now, map[string]any{"survey_id": "ces-returns", "score": 5.0, "reason": "Slow"})
	events := b.ingest(t, e)
	for range 2 {
		if err := b.svc.Observe(ctx, events); err != nil {
			t.Fatal(err)
		}
	}
	list, err := b.store.SurveyResponses(ctx, sv.ID, 0)
	if err != nil || len(list) != 2 {
		t.Fatalf("responses: %+v, %v; want the API answer and the event's", list, err)
	}
	// The API answer's own event comes back through the hook without a second copy.
	own, err := b.store.EventsNamed(ctx, []string{rapport.EventSurveyResponded}, now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	ptrs := []*rapport.Event{}
	for i := range own {
		ptrs = append(ptrs, &own[i])
	}
	if err := b.svc.Observe(ctx, ptrs); err != nil {
		t.Fatal(err)
	}
	if list, _ := b.store.SurveyResponses(ctx, sv.ID, 0); len(list) != 2 {
		t.Fatalf("after replaying every answer event: %d responses, want 2", len(list))
	}
}

// TestQuarterlySchedule: a relationship survey invites its sample once per quarter.
func TestQuarterlySchedule(t *testing.T) {
	b := setup(t)
	for i, st := range []string{survey.StageActive, survey.StageLoyal, survey.StageActive, survey.StageLoyal, survey.StageNew, survey.StageActive} {
		b.customerAt(t, string(rune('a'+i))+"-"+st, st)
	}
	b.segments(t, repeatBuyers()) // the active and loyal customers: two or more orders
	sv := b.create(t, &rapport.Survey{Name: "Quarterly NPS", Kind: rapport.SurveyNPS, Schedule: "quarterly", Sample: 3,
		Segments: []string{"repeat-buyers"}, Active: true})
	if want := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC); !sv.NextRunAt.Equal(want) {
		t.Fatalf("first run %s, want %s", sv.NextRunAt, want)
	}
	b.scan(t, sv.NextRunAt.Add(-time.Minute))
	if got := b.invitations(t, rapport.InvitationQuery{SurveyID: sv.ID}); len(got) != 0 {
		t.Fatalf("%d invitations before the quarter starts", len(got))
	}
	run := sv.NextRunAt.Add(time.Hour)
	b.scan(t, run)
	b.scan(t, run.Add(time.Hour)) // a repeated scan invites nobody else
	got := b.invitations(t, rapport.InvitationQuery{SurveyID: sv.ID})
	if len(got) != 3 {
		t.Fatalf("%d invitations in the quarter, want the sample of 3", len(got))
	}
	for _, inv := range got {
		if inv.Status != rapport.InviteSent || strings.HasSuffix(inv.CustomerID, survey.StageNew) {
			t.Errorf("invitation %+v: want sent to an active or loyal customer", inv)
		}
	}
	stored, _ := b.store.Survey(context.Background(), sv.ID)
	if want := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC); !stored.NextRunAt.Equal(want) {
		t.Fatalf("next run %s, want %s", stored.NextRunAt, want)
	}
	// Next quarter a new sample of 3 is drawn from the five repeat buyers.
	b.scan(t, stored.NextRunAt)
	if got := b.invitations(t, rapport.InvitationQuery{SurveyID: sv.ID}); len(got) != 6 {
		t.Fatalf("%d invitations after two quarters, want 3 + 3", len(got))
	}
}

// TestInterviewSample: per-tier draws across the five stages, leaving out
// recently contacted customers, the same within a month.
func TestInterviewSample(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	for _, st := range survey.Stages {
		for i := range 6 {
			b.customerAt(t, st+"-"+string(rune('a'+i)), st)
		}
	}
	if err := b.store.RecordContact(ctx, "loyal-a", now.AddDate(0, 0, -10)); err != nil {
		t.Fatal(err)
	}
	if err := b.store.RecordContact(ctx, "loyal-b", now.AddDate(0, 0, -100)); err != nil {
		t.Fatal(err)
	}
	res, err := b.svc.Sample(ctx, 4, 90, false, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Picks) != 20 || res.Excluded != 1 || res.Eligible[survey.StageLoyal] != 5 {
		t.Fatalf("sample: %d picks, %d excluded, eligible %v", len(res.Picks), res.Excluded, res.Eligible)
	}
	perStage := map[string]int{}
	for _, p := range res.Picks {
		perStage[p.Stage]++
		if p.CustomerID == "loyal-a" {
			t.Error("a customer contacted 10 days ago was drawn")
		}
		if !strings.HasPrefix(p.CustomerID, p.Stage+"-") {
			t.Errorf("%s drawn as %s", p.CustomerID, p.Stage)
		}
	}
	for _, st := range survey.Stages {
		if perStage[st] != 4 {
			t.Errorf("stage %s: %d picks, want 4", st, perStage[st])
		}
	}
	again, _ := b.svc.Sample(ctx, 4, 90, true, now)
	for i := range again.Picks {
		if again.Picks[i].CustomerID != res.Picks[i].CustomerID {
			t.Fatal("the draw changed within the month")
		}
	}
	next, _ := b.svc.Sample(ctx, 4, 90, false, now.AddDate(0, 0, 1))
	// 20 recorded plus loyal-a: two left in each stage, one loyal.
	if next.Excluded != 21 || len(next.Picks) != 9 || next.Shortfall[survey.StageNew] != 2 || next.Shortfall[survey.StageLoyal] != 3 {
		t.Fatalf("after recording: excluded %d, picks %d, shortfall %v", next.Excluded, len(next.Picks), next.Shortfall)
	}
	if _, err := b.svc.Sample(ctx, 0, 90, false, now); rapport.ErrorCode(err) != rapport.EINVALID {
		t.Fatalf("per tier 0: %v", err)
	}
}
