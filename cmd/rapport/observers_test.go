package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestTicketsStoredWhileStoppedBecomeCasesAtTheNextStart: the service
// observer is durable. A ticket sent to a running node opens a case; a
// ticket imported while no node runs opens its case when the next node
// starts; tickets seen before open nothing twice.
func TestTicketsStoredWhileStoppedBecomeCasesAtTheNextStart(t *testing.T) {
	n := startNode(t)
	ticket := func(id, customer string) map[string]any {
		return map[string]any{"type": "track", "event": "Ticket Created", "userId": customer,
			"messageId": "msg-" + id, "timestamp": "2026-11-20T09:00:00Z",
			"properties": map[string]any{"ticket_id": id, "topic": "delivery", "subject": "Where is my parcel " + id}}
	}
	cases := func(customer string) []any {
		status, body := n.do(t, "GET", "/api/v1/cases?status=new,open,pending,resolved,closed&customer_id="+customer, n.token, nil)
		if status != 200 {
			t.Fatalf("list cases: %d %v", status, body)
		}
		list, _ := body["cases"].([]any)
		return list
	}
	if status, body := n.do(t, "POST", "/v1/track", n.wkey, ticket("T-1", "c-live")); status != 200 {
		t.Fatalf("track: %d %v", status, body)
	}
	eventually(t, "a case for the live ticket", func() bool { return len(cases("c-live")) == 1 })
	n.stop()
	if err := <-n.done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}

	// Import a ticket (and the live one again) while the node is down.
	file := filepath.Join(t.TempDir(), "tickets.jsonl")
	var lines string
	for _, e := range []map[string]any{ticket("T-1", "c-live"), ticket("T-2", "c-imported")} {
		lines += jsonText(e) + "\n"
	}
	if err := os.WriteFile(file, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "", "import", "events", file, "--db", n.db)

	n.start(t)
	defer func() {
		n.stop()
		<-n.done
	}()
	eventually(t, "a case for the imported ticket", func() bool { return len(cases("c-imported")) == 1 })
	if got := cases("c-live"); len(got) != 1 {
		t.Errorf("the live ticket has %d cases after the restart, want 1: %v", len(got), got)
	}
	subject := fmt.Sprint(cases("c-imported")[0].(map[string]any)["subject"])
	if subject != "Where is my parcel T-2" {
		t.Errorf("imported ticket's case subject = %q", subject)
	}
}
