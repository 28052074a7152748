package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/survey"
)

// TestSurveySample draws the interview list from a small demo shop: four
// customers per lifecycle stage, each really in its stage, none recorded
// twice in a month.
func TestSurveySample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rapport.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	if _, err := demo.LoadOptions(ctx, st, 7, asOf, demo.Options{Customers: 300, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var res survey.SampleResult
	out := cli(t, "", "survey", "sample", "--per-tier", "4", "--as-of", "2026-05-20", "--json", "--record", "--db", db)
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	st, err = store.Open(ctx, db, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	perStage := map[string]int{}
	for _, p := range res.Picks {
		c, err := st.Customer(ctx, p.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if got := survey.Lifecycle(c, asOf); got != p.Stage {
			t.Errorf("%s drawn as %s but is %s", p.CustomerID, p.Stage, got)
		}
		perStage[p.Stage]++
	}
	for _, s := range survey.Stages {
		if want := min(4, res.Eligible[s]); perStage[s] != want {
			t.Errorf("stage %s: %d picks, want %d", s, perStage[s], want)
		}
	}
	t.Logf("picks per stage %v of eligible %v", perStage, res.Eligible)
	text := cli(t, "", "survey", "sample", "--per-tier", "4", "--as-of", "2026-05-21", "--db", db)
	if !strings.Contains(text, "left out as contacted recently") || !strings.Contains(text, "STAGE") {
		t.Fatalf("table output:\n%s", text)
	}
	for _, p := range res.Picks {
		if strings.Contains(text, p.CustomerID+" ") {
			t.Errorf("%s drawn again a day after being recorded", p.CustomerID)
		}
	}
	var errOut bytes.Buffer
	err = run(ctx, []string{"survey", "sample", "--per-tier", "0", "--db", db}, noEnv, strings.NewReader(""), &bytes.Buffer{}, &errOut)
	if err == nil || !strings.Contains(err.Error(), "per tier must be 1 to 1000") {
		t.Fatalf("--per-tier 0: %v", err)
	}
}

// eventually polls cond for up to ten seconds: the survey hook works off
// the ingest writer, on its own goroutine.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: never happened", what)
}

// TestSurveysEndToEnd: surveys over the API, invitations scheduled by
// events sent to /v1, answers through the API and as Survey Responded events.
func TestSurveysEndToEnd(t *testing.T) {
	n := startNode(t)
	cases := []struct {
		name, method, path string
		body               any
		status             int
		contains           string
	}{
		{"bad kind names the field", "POST", "/api/v1/surveys", map[string]any{"name": "x", "kind": "stars", "trigger_event": "Ticket Resolved"}, 422, "kind"},
		{"no trigger nor schedule", "POST", "/api/v1/surveys", map[string]any{"name": "x", "kind": "nps"}, 400, "trigger_event"},
		{"create", "POST", "/api/v1/surveys", map[string]any{"key": "nps-service", "name": "After service", "kind": "nps",
			"trigger_event": "Ticket Resolved", "delay_minutes": 60, "touchpoint": "after_sale"}, 200, "您有多大可能"},
		{"duplicate key", "POST", "/api/v1/surveys", map[string]any{"key": "nps-service", "name": "Again", "kind": "nps", "trigger_event": "Ticket Resolved"}, 409, "exists"},
		{"unknown survey", "GET", "/api/v1/surveys/99", nil, 404, "not found"},
	}
	for _, c := range cases {
		status, body := n.do(t, c.method, c.path, n.token, c.body)
		raw, _ := json.Marshal(body)
		if status != c.status || !strings.Contains(string(raw), c.contains) {
			t.Errorf("%s: %d %s; want %d containing %q", c.name, status, raw, c.status, c.contains)
		}
	}
	batch := map[string]any{"batch": []any{
		map[string]any{"type": "identify", "userId": "c1", "messageId": "id-1", "traits": map[string]any{"email": "c1@shop.example"}},
		map[string]any{"type": "track", "userId": "c1", "messageId": "t-1", "event": "Ticket Resolved", "properties": map[string]any{"ticket_id": "T1"}},
		map[string]any{"type": "track", "userId": "c1", "messageId": "s-1", "event": "Survey Responded",
			"properties": map[string]any{"survey_id": "nps-service", "score": 6, "reason": "Slow reply"}},
	}}
	if status, body := n.do(t, "POST", "/v1/batch", n.wkey, batch); status != 200 {
		t.Fatalf("batch: %d %v", status, body)
	}
	eventually(t, "the resolved ticket schedules an invitation", func() bool {
		_, body := n.do(t, "GET", "/api/v1/surveys/1/invitations?status=pending", n.token, nil)
		list, _ := body["invitations"].([]any)
		return len(list) == 1
	})
	eventually(t, "the Survey Responded event is recorded", func() bool {
		_, body := n.do(t, "GET", "/api/v1/surveys/1/responses", n.token, nil)
		list, _ := body["responses"].([]any)
		return len(list) == 1
	})
	if status, body := n.do(t, "POST", "/api/v1/surveys/1/responses", n.token, map[string]any{"customer_id": "c1", "score": 11}); status != 400 {
		t.Errorf("score 11: %d %v", status, body)
	}
	if status, body := n.do(t, "POST", "/api/v1/surveys/1/responses", n.token, map[string]any{"customer_id": "c1", "score": 10}); status != 200 || body["source"] != "api" {
		t.Errorf("API answer: %d %v", status, body)
	}
	eventually(t, "both answers count", func() bool {
		_, sv := n.do(t, "GET", "/api/v1/surveys/1", n.token, nil)
		score, _ := sv["score"].(map[string]any)
		// One detractor (6) and one promoter (10): NPS 0.
		return score["count"] == 2.0 && score["value"] == 0.0 && score["small"] == true
	})
	if status, body := n.do(t, "GET", "/api/v1/satisfaction?kind=nps&grain=quarter", n.token, nil); status != 200 {
		t.Errorf("satisfaction: %d %v", status, body)
	} else if overall, _ := body["overall"].(map[string]any); overall == nil {
		t.Errorf("satisfaction without overall scores: %v", body)
	}
	if status, body := n.do(t, "GET", "/api/v1/pain-points", n.token, nil); status != 200 || body["ranking"] == nil {
		t.Errorf("pain points: %d %v", status, body)
	}
	status, body := n.do(t, "POST", "/api/v1/action-items", n.token, map[string]any{"aspect": "teleportation"})
	if raw, _ := json.Marshal(body); status != 400 || !strings.Contains(string(raw), "aspect") {
		t.Errorf("unknown aspect: %d %s", status, raw)
	}
	if status, body := n.do(t, "GET", "/api/v1/action-items/7", n.token, nil); status != 404 {
		t.Errorf("unknown action item: %d %v", status, body)
	}
}
