package main

import (
	"slices"
	"testing"
	"time"
)

// An event accepted by a serving node changes the customer's segments
// without a scan: the test polls the API until it does (the deadline is
// generous; how fast it happens is measured by BenchmarkEventToMembership
// in internal/segment).
func TestServeEventChangesSegments(t *testing.T) {
	n := startNode(t)
	defer n.stop()
	now := time.Now().UTC()
	status, body := n.do(t, "POST", "/v1/identify", n.wkey, map[string]any{"userId": "live-1", "messageId": "live-identify",
		"timestamp": now.Format(time.RFC3339), "traits": map[string]any{"email": "live@example.com", "createdAt": now.Format(time.RFC3339)}})
	if status != 200 {
		t.Fatalf("identify: %d %v", status, body)
	}
	waitSegments(t, n, "live-1", []string{"new"})
	status, body = n.do(t, "POST", "/v1/track", n.wkey, map[string]any{"userId": "live-1", "messageId": "live-ticket",
		"event": "Ticket Created", "timestamp": now.Format(time.RFC3339), "properties": map[string]any{"ticket_id": "T-1"}})
	if status != 200 {
		t.Fatalf("track: %d %v", status, body)
	}
	got := waitSegments(t, n, "live-1", []string{"new", "problem"})
	if got["primary_stage"] != "problem" {
		t.Fatalf("primary stage after a ticket: %v", got)
	}
	hist, _ := got["history"].([]any)
	if len(hist) != 2 {
		t.Fatalf("history %v, want the two entries", hist)
	}
}

// waitSegments polls a customer's segments until they are want.
func waitSegments(t *testing.T, n *node, id string, want []string) map[string]any {
	t.Helper()
	var body map[string]any
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var status int
		status, body = n.do(t, "GET", "/api/v1/customers/"+id+"/segments", n.token, nil)
		if status != 200 {
			continue // the customer may not be stored yet
		}
		var ids []string
		segs, _ := body["segments"].([]any)
		for _, s := range segs {
			ids = append(ids, s.(map[string]any)["segment_id"].(string))
		}
		if slices.Equal(ids, want) {
			return body
		}
	}
	t.Fatalf("customer %s segments never became %v: %v", id, want, body)
	return nil
}
