package httpapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-cx/rapport"
)

func TestAssistantAPIScenarios(t *testing.T) {
	b := setupAPI(t)
	ship := map[string]any{"question": "多久发货？", "answer": "付款后48小时内发货。",
		"examples": []string{"什么时候发货", "下单后几天能发货", "发货要多久"}}
	ret := map[string]any{"question": "How do I return an item?", "answer": "Open the order and choose Return.",
		"examples": []string{"i want to return my dress", "how can i send it back", "return policy"}}
	for _, tc := range []struct {
		name, method, path string
		writer             bool
		body               any
		status             int
		contains           string
	}{
		{"a reader cannot add", "POST", "/api/v1/kb/entries", false, ship, 403, ""},
		{"an empty answer is named", "POST", "/api/v1/kb/entries", true, map[string]any{"question": "q", "answer": " "}, 400, `answer`},
		{"add zh", "POST", "/api/v1/kb/entries", true, ship, 200, `"lang":"zh"`},
		{"add en", "POST", "/api/v1/kb/entries", true, ret, 200, `"lang":"en"`},
		{"list", "GET", "/api/v1/kb/entries", false, nil, 200, `"question":"How do I return an item?"`},
		{"unknown entry", "GET", "/api/v1/kb/entries/99", false, nil, 404, ""},
		{"answer in Chinese", "POST", "/api/v1/assistant/messages", true,
			map[string]any{"conversation_id": "c1", "customer_id": "u1", "text": "请问什么时候发货呢"}, 200, `"text":"付款后48小时内发货。"`},
		{"answer in English", "POST", "/api/v1/assistant/messages", true,
			map[string]any{"conversation_id": "c2", "text": "How can I send my dress back?"}, 200, `"question":"How do I return an item?"`},
		{"asking for a person opens a case", "POST", "/api/v1/assistant/messages", true,
			map[string]any{"conversation_id": "c1", "customer_id": "u1", "text": "我要转人工"}, 200, `"handover":true`},
		{"an empty message is rejected", "POST", "/api/v1/assistant/messages", true,
			map[string]any{"conversation_id": "c3", "text": ""}, 422, "body.text"},
		{"edit", "PUT", "/api/v1/kb/entries/1", true, map[string]any{"question": "多久发货？", "answer": "当天发货。", "examples": []string{"什么时候发货"}}, 200, `"answer":"当天发货。"`},
		{"the edit is answered at once", "POST", "/api/v1/assistant/messages", true,
			map[string]any{"conversation_id": "c4", "text": "什么时候发货"}, 200, `"text":"当天发货。"`},
		{"delete", "DELETE", "/api/v1/kb/entries/2", true, nil, 204, ""},
		{"delete again", "DELETE", "/api/v1/kb/entries/2", true, nil, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := b.read
			if tc.writer {
				tok = b.writer
			}
			status, body, _ := b.do(t, tc.method, tc.path, tok, tc.body)
			if status != tc.status || !strings.Contains(body, tc.contains) {
				t.Fatalf("%s %s: %d %s, want %d containing %s", tc.method, tc.path, status, body, tc.status, tc.contains)
			}
		})
	}
	// the hand-over is a case with the whole conversation, due in 10 minutes
	cases, _, err := b.st.ListCases(t.Context(), rapport.CaseQuery{})
	if err != nil || len(cases) != 1 || cases[0].CustomerID != "u1" {
		t.Fatalf("cases %+v %v", cases, err)
	}
	status, body, _ := b.do(t, "GET", fmt.Sprintf("/api/v1/cases/%d", cases[0].ID), b.read, nil)
	var c struct {
		Messages []struct{ Body string } `json:"messages"`
	}
	_ = json.Unmarshal([]byte(body), &c)
	if status != 200 || len(c.Messages) != 4 || c.Messages[0].Body != "请问什么时候发货呢" {
		t.Errorf("case view %d: %s", status, body)
	}
}
