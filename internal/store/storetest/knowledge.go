package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var knowledgeTests = []scenario{
	{"Entries", testKBEntries},
	{"Conversations", testAssistantConversations},
}

func testKBEntries(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	v0, err := s.KBVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.KBEntries(ctx); err != nil || len(got) != 0 {
		t.Fatalf("KBEntries on an empty store: %v %v", got, err)
	}
	e := &rapport.KBEntry{Lang: "zh", Question: "多久发货？", Answer: "付款后48小时内发货。",
		Examples: []string{"什么时候发货", "下单后几天能发"}, CreatedAt: day0, UpdatedAt: day0}
	if err := s.CreateKBEntry(ctx, e); err != nil || e.ID == 0 {
		t.Fatalf("CreateKBEntry: id %d %v", e.ID, err)
	}
	h := &rapport.KBEntry{Lang: "en", Question: "I want to file a legal complaint", Answer: "A person will contact you.",
		Handover: true, CreatedAt: day0, UpdatedAt: day0}
	if err := s.CreateKBEntry(ctx, h); err != nil {
		t.Fatal(err)
	}
	got, err := s.KBEntry(ctx, e.ID)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("KBEntry: %+v %v, want %+v", got, err, e)
	}
	v1, _ := s.KBVersion(ctx)
	if v1 == v0 {
		t.Error("KBVersion unchanged by a create")
	}
	e.Answer, e.Examples, e.UpdatedAt = "付款后24小时内发货。", []string{"几号发货"}, day0.Add(time.Hour)
	if err := s.UpdateKBEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.KBEntry(ctx, e.ID); !reflect.DeepEqual(got, e) {
		t.Fatalf("after update: %+v, want %+v", got, e)
	}
	v2, _ := s.KBVersion(ctx)
	if v2 == v1 {
		t.Error("KBVersion unchanged by an update")
	}
	missing := *e
	missing.ID = e.ID + 100
	wantCode(t, s.UpdateKBEntry(ctx, &missing), rapport.ENOTFOUND)
	wantCode(t, s.DeleteKBEntry(ctx, e.ID+100), rapport.ENOTFOUND)
	if v, _ := s.KBVersion(ctx); v != v2 {
		t.Error("KBVersion changed by a failed update or delete")
	}
	all, err := s.KBEntries(ctx)
	if err != nil || len(all) != 2 || all[0].ID != e.ID || !all[1].Handover || all[1].Lang != "en" {
		t.Fatalf("KBEntries: %+v %v", all, err)
	}
	if err := s.DeleteKBEntry(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.KBEntry(ctx, e.ID)
	wantCode(t, err, rapport.ENOTFOUND)
	if v, _ := s.KBVersion(ctx); v == v2 {
		t.Error("KBVersion unchanged by a delete")
	}
}

func testAssistantConversations(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	msgs := []*rapport.AssistantMessage{
		{ConversationID: "c1", CustomerID: "u1", Role: "customer", Text: "多久发货？", CreatedAt: day0},
		{ConversationID: "c2", Role: "customer", Text: "hello", CreatedAt: day0},
		{ConversationID: "c1", CustomerID: "u1", Role: "assistant", Text: "48小时内", EntryID: 7, Confidence: 0.93, CreatedAt: at(time.Second)},
		{ConversationID: "c1", CustomerID: "u1", Role: "assistant", Text: "转人工", Handover: true, CreatedAt: at(2 * time.Second)},
	}
	if err := s.AddAssistantMessages(ctx, msgs[0], msgs[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAssistantMessages(ctx, msgs[2:]...); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.ID == 0 {
			t.Fatalf("message %+v has no id", m)
		}
	}
	got, err := s.AssistantConversation(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	want := []rapport.AssistantMessage{*msgs[0], *msgs[2], *msgs[3]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("conversation c1 = %+v, want %+v", got, want)
	}
	if got, err := s.AssistantConversation(ctx, "none"); err != nil || len(got) != 0 {
		t.Fatalf("unknown conversation: %v %v", got, err)
	}
}
