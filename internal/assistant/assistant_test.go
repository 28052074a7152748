package assistant

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
)

var t0 = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

// kbCSV is a small bilingual knowledge base as a shop would write it.
const kbCSV = `lang,question,answer,examples,handover
zh,多久发货？,付款后48小时内发货。,什么时候发货|下单后几天能发货|今天下单什么时候发出|发货要多久
zh,怎么退货？,签收7天内可在订单页申请退货。,我想退货|退货流程是什么|怎么申请退款退货|不想要了能退吗
en,How long does delivery take?,Orders arrive in 3 to 5 working days.,when will my order arrive|how many days for shipping|delivery time|how long until my parcel comes
en,How do I return an item?,Open the order and choose Return within 30 days.,i want to return my dress|how can i send it back|return policy|can i return this
en,I want to make a legal complaint,A person will handle this.,i will sue you|legal action|i want to complain to a lawyer,true
`

type bundle struct {
	store rapport.Store
	clock *rapport.FixedClock
	a     *Assistant
}

func setup(t *testing.T, opener func(rapport.Store, rapport.Clock) CaseOpener) bundle {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := sqlite.Migrate(t.Context(), st.DB()); err != nil {
		t.Fatal(err)
	}
	entries, err := ParseKB(strings.NewReader(kbCSV), "csv", t0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		if err := st.CreateKBEntry(t.Context(), &entries[i]); err != nil {
			t.Fatal(err)
		}
	}
	clock := &rapport.FixedClock{T: t0}
	return bundle{store: st, clock: clock, a: New(st, clock, opener(st, clock))}
}

func eventOpener(st rapport.Store, _ rapport.Clock) CaseOpener { return EventOpener{Events: st} }

func TestAnswersFromTheKnowledgeBase(t *testing.T) {
	b := setup(t, eventOpener)
	for _, tt := range []struct{ text, question string }{
		{"请问什么时候能发货", "多久发货？"},
		{"我不想要了，想退货", "怎么退货？"},
		{"When will my order arrive?", "How long does delivery take?"},
		{"how do i send this back", "How do I return an item?"},
	} {
		r, err := b.a.Answer(t.Context(), Question{ConversationID: "c-" + tt.text, Text: tt.text})
		if err != nil {
			t.Fatal(err)
		}
		if r.Handover || r.Question != tt.question || r.Confidence < b.a.Threshold || len(r.Sources) == 0 || r.Sources[0].EntryID != r.EntryID {
			t.Errorf("%q: %+v, want answered by %q", tt.text, r, tt.question)
		}
	}
}

func TestHandsOverWhenAskedForAPerson(t *testing.T) {
	b := setup(t, eventOpener)
	ctx := t.Context()
	if _, err := b.a.Answer(ctx, Question{ConversationID: "c1", CustomerID: "u1", Text: "什么时候发货"}); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(time.Minute)
	for _, text := range []string{"我要转人工", "能找人工客服吗", "Can I talk to a real person?", "I need a human"} {
		r, err := b.a.Answer(ctx, Question{ConversationID: "c1", CustomerID: "u1", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Handover || r.Reason != ReasonAskedForPerson || !strings.Contains(r.Text, "10") {
			t.Errorf("%q: %+v, want a hand-over to a person", text, r)
		}
	}
	// the Ticket Created event carries the whole conversation
	evs, err := b.store.Timeline(ctx, rapport.TimelineQuery{CustomerID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	var tickets []rapport.Event
	for _, e := range evs {
		if e.Name == rapport.EventTicketCreated {
			tickets = append(tickets, e)
		}
	}
	if len(tickets) != 1 {
		t.Fatalf("%d Ticket Created events, want 1 (the later hand-overs share the clock's millisecond)", len(tickets))
	}
	conv, _ := tickets[0].Properties["conversation"].([]any)
	if len(conv) != 4 || tickets[0].Properties["reason"] != ReasonAskedForPerson {
		t.Errorf("ticket properties %v: want the 4 messages so far", tickets[0].Properties)
	}
	if due := tickets[0].Properties["due_at"]; due != t0.Add(time.Minute+ReplyWithin).Format(time.RFC3339) {
		t.Errorf("due_at %v", due)
	}
}

func TestHandsOverWhenNotConfidentOrOnAHandoverTopic(t *testing.T) {
	b := setup(t, eventOpener)
	r, err := b.a.Answer(t.Context(), Question{ConversationID: "c2", Text: "my cat likes the blue sofa"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Handover || r.Reason != ReasonLowConfidence {
		t.Errorf("unrelated question: %+v, want a low-confidence hand-over", r)
	}
	r, err = b.a.Answer(t.Context(), Question{ConversationID: "c3", Text: "I will take legal action against you"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Handover || r.Reason != ReasonTopic {
		t.Errorf("legal threat: %+v, want a hand-over topic", r)
	}
	if !strings.Contains(r.Text, "10 minutes") {
		t.Errorf("English hand-over text %q", r.Text)
	}
}

func TestRetrainsWhenTheKnowledgeBaseChanges(t *testing.T) {
	b := setup(t, eventOpener)
	ctx := t.Context()
	q := Question{ConversationID: "c4", Text: "你们支持开发票吗"}
	if r, _ := b.a.Answer(ctx, q); !r.Handover {
		t.Fatalf("before the invoice entry: %+v, want a hand-over", r)
	}
	e := &rapport.KBEntry{Question: "可以开发票吗？", Answer: "可以，在订单页申请电子发票。", Examples: []string{"能开发票吗", "发票怎么开", "支持开票吗"}}
	if err := Validate(e); err != nil {
		t.Fatal(err)
	}
	if err := b.store.CreateKBEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	r, err := b.a.Answer(ctx, q)
	if err != nil || r.Handover || r.EntryID != e.ID || e.Lang != "zh" {
		t.Errorf("after adding it: %+v %v (lang %q)", r, err, e.Lang)
	}
}

func TestRejectsEmptyMessages(t *testing.T) {
	b := setup(t, eventOpener)
	_, err := b.a.Answer(t.Context(), Question{ConversationID: "c", Text: "  "})
	if e, ok := err.(*rapport.Error); !ok || e.Field != "text" {
		t.Errorf("empty text: %v", err)
	}
	if conv, _ := b.store.AssistantConversation(t.Context(), "c"); len(conv) != 0 {
		t.Errorf("a rejected message was stored: %+v", conv)
	}
}

func TestServiceOpenerOpensACaseDueInTenMinutes(t *testing.T) {
	b := setup(t, func(st rapport.Store, c rapport.Clock) CaseOpener {
		return ServiceOpener{Service: service.New(st, c, slog.New(slog.DiscardHandler))}
	})
	ctx := context.Background()
	r, err := b.a.Answer(ctx, Question{ConversationID: "c5", CustomerID: "u5", Text: "转人工"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Handover || r.CaseRef == "" {
		t.Fatalf("reply %+v", r)
	}
	cases, _, err := b.store.ListCases(ctx, rapport.CaseQuery{})
	if err != nil || len(cases) != 1 {
		t.Fatalf("cases %+v %v", cases, err)
	}
	c := cases[0]
	fr := c.SLA.Clock(rapport.ClockFirstResponse)
	if c.CustomerID != "u5" || fr == nil || !fr.DueAt.Equal(t0.Add(ReplyWithin)) {
		t.Errorf("case %+v: want u5's, first response due %s", c, t0.Add(ReplyWithin))
	}
}

func TestParseKBRejectsBadRows(t *testing.T) {
	_, err := ParseKB(strings.NewReader("question,answer\nhello,\n"), "csv", t0)
	if e, ok := err.(*rapport.Error); !ok || e.Field != "answer" {
		t.Errorf("empty answer: %v", err)
	}
	_, err = ParseKB(strings.NewReader("q,a\n"), "csv", t0)
	if e, ok := err.(*rapport.Error); !ok || e.Field != "question" {
		t.Errorf("missing column: %v", err)
	}
	es, err := ParseKB(strings.NewReader(`[{"question":"Hi?","answer":"Hello","examples":["hey"]}]`), "json", t0)
	if err != nil || len(es) != 1 || es[0].Lang != "en" || es[0].Examples[0] != "hey" {
		t.Errorf("json: %+v %v", es, err)
	}
}
