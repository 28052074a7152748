package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// history gives customer u1 two orders (shop), the high-value segment, two
// reviews and a CSAT answer.
func history(t *testing.T, b *bundle) {
	t.Helper()
	shop(t, b)
	ctx := t.Context()
	if _, err := b.store.ApplySegmentChanges(ctx, []rapport.SegmentChange{
		{SegmentID: "high_value", CustomerID: "u1", Entered: true, At: sh(21, 9, 0)}}); err != nil {
		t.Fatal(err)
	}
	review := func(id, product string, rating float64, at time.Time) *rapport.Event {
		return &rapport.Event{MessageID: id, Type: rapport.TypeTrack, Name: rapport.EventProductReviewed, UserID: "u1",
			Channel: rapport.ChannelApp, Source: "test", Timestamp: at, ReceivedAt: at,
			Properties: map[string]any{"product_id": product, "rating": rating, "review_body": "Too small", "review_id": id}}
	}
	b.ingest(t, review("rv1", "P1", 2, sh(21, 10, 0)), review("rv2", "P3", 5, sh(22, 10, 0)))
	sv := &rapport.Survey{Key: "csat", Name: "After service", Kind: rapport.SurveyCSAT, QuestionEN: "How satisfied?",
		QuestionZH: "您满意吗？", TriggerEvent: rapport.EventTicketResolved, LinkDays: 3, Active: true, CreatedAt: sh(1, 0, 0)}
	if err := b.store.CreateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	if err := b.store.RecordResponse(ctx, &rapport.SurveyResponse{Ref: "s1", SurveyID: sv.ID, CustomerID: "u1",
		Kind: sv.Kind, Score: 2, Reason: "slow delivery", Source: "api", At: sh(22, 12, 0)}); err != nil {
		t.Fatal(err)
	}
}

func TestCaseCustomer(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		history(t, b)
		earlier := b.openCase(t, NewCase{Subject: "Coat too small", Type: rapport.CaseReturn, OrderID: "O1"})
		c := b.openCase(t, NewCase{Subject: "Where is my scarf?", OrderID: "O2"})
		b.openCase(t, NewCase{CustomerID: "u2", Subject: "Someone else"})

		got, err := b.svc.CaseCustomer(t.Context(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Customer == nil || got.Customer.ID != "u1" || got.Customer.Stats.Orders != 2 || got.Customer.Stats.Revenue != 397 {
			t.Fatalf("profile: %+v", got.Customer)
		}
		if len(got.Segments) != 1 || got.Segments[0].SegmentID != "high_value" {
			t.Fatalf("segments: %+v", got.Segments)
		}
		if len(got.Orders) != 2 || got.Orders[0].Total+got.Orders[1].Total != 397 {
			t.Fatalf("orders: %+v", got.Orders)
		}
		if len(got.Cases) != 1 || got.Cases[0].ID != earlier.ID {
			t.Fatalf("earlier cases: %+v, want only #%d", got.Cases, earlier.ID)
		}
		if len(got.Reviews) != 2 || got.Reviews[0].ID != "rv2" || got.Reviews[1].Rating != 2 || got.Reviews[1].ProductID != "P1" {
			t.Fatalf("reviews newest first: %+v", got.Reviews)
		}
		if len(got.Surveys) != 1 || got.Surveys[0].Score != 2 || got.Surveys[0].Reason != "slow delivery" {
			t.Fatalf("survey answers: %+v", got.Surveys)
		}

		// A customer with no profile: the case still shows, with empty lists.
		stranger := b.openCase(t, NewCase{CustomerID: "nobody", Subject: "Hello"})
		if got, err := b.svc.CaseCustomer(t.Context(), stranger.ID); err != nil || got.Customer != nil || len(got.Orders) != 0 {
			t.Fatalf("unknown customer: %+v, %v", got, err)
		}
		if _, err := b.svc.CaseCustomer(t.Context(), 9999); rapport.ErrorCode(err) != rapport.ENOTFOUND {
			t.Fatalf("no such case: %v", err)
		}
	})
}
