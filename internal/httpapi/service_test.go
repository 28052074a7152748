package httpapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

func TestServiceAPIScenarios(t *testing.T) {
	b := setupAPI(t)
	ctx := t.Context()
	admin, _, err := access.CreateAPIToken(ctx, b.st, "admin", []string{rapport.ScopeRead, rapport.ScopeWrite, rapport.ScopeAdmin}, now)
	if err != nil {
		t.Fatal(err)
	}
	// u5 bought a coat delivered two days ago.
	at := now.Add(-5 * day)
	if _, err := b.st.Ingest(ctx, []*rapport.Event{
		{MessageID: "as-1", Type: rapport.TypeTrack, Name: rapport.EventOrderCompleted, UserID: "u5", Channel: rapport.ChannelApp,
			Timestamp: at, ReceivedAt: at, Properties: map[string]any{"order_id": "A1", "total": 199.0, "products": []any{
				map[string]any{"product_id": "P1", "category": "coats", "price": 199.0, "quantity": 1.0}}}},
		{MessageID: "as-2", Type: rapport.TypeTrack, Name: rapport.EventOrderDelivered, UserID: "u5", Channel: rapport.ChannelApp,
			Timestamp: now.Add(-2 * day), ReceivedAt: now, Properties: map[string]any{"order_id": "A1"}},
	}); err != nil {
		t.Fatal(err)
	}
	caseBody := map[string]any{"customer_id": "u3", "subject": "Where is my parcel?", "type": "order_problem",
		"priority": "high", "team": "logistics", "order_id": "u3-o0", "message": "It is late"}
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
		status                    int
		contains                  []string
	}{
		{"open a case", "POST", "/api/v1/cases", b.writer, caseBody, 200,
			[]string{`"id":1`, `"status":"new"`, `"policy":"urgent"`, `"first_response"`, `"It is late"`, `"stage":"in_sale"`}},
		{"reader cannot open", "POST", "/api/v1/cases", b.read, caseBody, 403, nil},
		{"bad priority", "POST", "/api/v1/cases", b.writer, map[string]any{"customer_id": "u3", "subject": "x", "priority": "asap"}, 400,
			[]string{`"location":"priority"`, `asap`}},
		{"missing subject", "POST", "/api/v1/cases", b.writer, map[string]any{"customer_id": "u3"}, 422, []string{"subject"}},
		{"get", "GET", "/api/v1/cases/1", b.read, nil, 200, []string{`"subject":"Where is my parcel?"`, `"messages":[{`}},
		{"unknown case", "GET", "/api/v1/cases/99", b.read, nil, 404, nil},
		{"agent reply asks the customer", "POST", "/api/v1/cases/1/messages", b.writer,
			map[string]any{"kind": "agent", "author": "li", "body": "Could you confirm your address?", "status": "pending"}, 200,
			[]string{`"status":"pending"`, `"outcome":"met"`, `"paused_at"`}},
		{"assign", "POST", "/api/v1/cases/1/assign", b.writer, map[string]any{"owner": "wang", "labels": []string{"vip"}}, 200,
			[]string{`"owner":"wang"`, `"labels":["vip"]`}},
		{"lower priority: the standard policy", "POST", "/api/v1/cases/1/assign", b.writer, map[string]any{"priority": "normal"}, 200,
			[]string{`"priority":"normal"`, `"policy":"standard"`}},
		{"bad type", "POST", "/api/v1/cases/1/assign", b.writer, map[string]any{"type": "gossip"}, 400, []string{`"location":"type"`}},
		{"resolve", "POST", "/api/v1/cases/1/status", b.writer, map[string]any{"status": "resolved", "note": "delivered"}, 200,
			[]string{`"status":"resolved"`, `"follow_up":{"due_at":"2026-06-04T12:00:00Z"}`}},
		{"resolved cannot become pending", "POST", "/api/v1/cases/1/status", b.writer, map[string]any{"status": "pending"}, 400,
			[]string{`"location":"status"`}},
		{"unhappy answer", "POST", "/api/v1/cases/1/follow-up", b.writer, map[string]any{"rating": 2}, 200, []string{`"child_id":2`}},
		{"case customer 360", "GET", "/api/v1/cases/1/customer", b.read, nil, 200,
			[]string{`"customer":{"id":"u3"`, `"orders":[{"id":"u3-o`, `"cases":[{"id":2`, `"segments":[`, `"surveys":[]`, `"reviews":[`}},
		{"customer 360 of an unknown case", "GET", "/api/v1/cases/99/customer", b.read, nil, 404, nil},
		{"queue of open cases", "GET", "/api/v1/cases?type=follow_up", b.read, nil, 200, []string{`"total":1`, `"parent_id":1`}},
		{"queue filter status", "GET", "/api/v1/cases?status=resolved&team=logistics", b.read, nil, 200, []string{`"total":1`}},
		{"queue bad status", "GET", "/api/v1/cases?status=done", b.read, nil, 400, []string{`"location":"status"`}},
		{"report", "GET", "/api/v1/service/report?from=2026-05-01&to=2026-06-02", b.read, nil, 200,
			[]string{`"cases":2`, `"key":"logistics"`, `"key":"2026-06"`}},
		{"report bad date", "GET", "/api/v1/service/report?from=May", b.read, nil, 400, []string{`"location":"from"`}},
		{"config", "GET", "/api/v1/service/config", b.read, nil, 200, []string{`"time_zone":"Asia/Shanghai"`, `"follow_up_after":"72h0m0s"`}},
		{"config needs admin", "PUT", "/api/v1/service/config", b.writer, map[string]any{}, 403, nil},
		{"config bad zone", "PUT", "/api/v1/service/config", admin, map[string]any{"calendars": []any{map[string]any{"name": "x", "time_zone": "Mars/Base"}}}, 400,
			[]string{`"location":"calendars[0].time_zone"`}},
		{"config unknown calendar", "PUT", "/api/v1/service/config", admin, map[string]any{"policies": []any{map[string]any{"name": "p", "calendar": "nope"}}}, 400,
			[]string{`"location":"policies[0].calendar"`}},
		{"config bad duration", "PUT", "/api/v1/service/config", admin, map[string]any{"follow_up_after": "three days"}, 400, []string{`"location":"body"`}},
		{"return approved at once", "POST", "/api/v1/after-sales", b.writer, map[string]any{"kind": "return", "customer_id": "u5", "order_id": "A1",
			"reason": "size", "items": []any{map[string]any{"product_id": "P1", "quantity": 1}}, "photos": []string{"https://img.example/a.jpg"}}, 200,
			[]string{`"decision":"auto_approved"`, `"status":"approved"`, `ok: delivered 2 days ago, limit 7`}},
		{"return for a product not ordered", "POST", "/api/v1/after-sales", b.writer, map[string]any{"kind": "return", "customer_id": "u5", "order_id": "A1",
			"reason": "size", "items": []any{map[string]any{"product_id": "P9", "quantity": 1}}}, 400, []string{`"location":"items[0].product_id"`}},
		{"pickup", "POST", "/api/v1/after-sales/1/status", b.writer, map[string]any{"status": "pickup_scheduled"}, 200, []string{`"status":"pickup_scheduled"`}},
		{"refund before receiving", "POST", "/api/v1/after-sales/1/status", b.writer, map[string]any{"status": "refunded"}, 400, []string{`"location":"status"`}},
		{"dry run", "POST", "/api/v1/after-sales/dry-run", b.read, map[string]any{"rules": map[string]any{"enabled": true, "kinds": []string{"return"},
			"within_days": 1, "max_amount": 500}}, 200, []string{`"requests":1`, `"changed":1`, `no: delivered 2 days ago, limit 1`}},
		{"webhook bad url", "POST", "/api/v1/webhooks", admin, map[string]any{"url": "ftp://x"}, 400, []string{`"location":"url"`}},
		{"webhook", "POST", "/api/v1/webhooks", admin, map[string]any{"url": "https://hooks.example/in", "events": []string{"sla.breached"}}, 200,
			[]string{`"secret":"whsec_`}},
		{"webhooks hide secrets", "GET", "/api/v1/webhooks", admin, nil, 200, []string{`"url":"https://hooks.example/in"`}},
		{"delivery log", "GET", "/api/v1/webhooks/deliveries", admin, nil, 200, []string{`"deliveries":[]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := b.do(t, tc.method, tc.path, tc.token, tc.body)
			if status != tc.status {
				t.Fatalf("%s %s: %d %s, want %d", tc.method, tc.path, status, body, tc.status)
			}
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %s:\n%s", want, body)
				}
			}
		})
	}
	// A rejected request changed nothing.
	if list, _ := b.st.ListAfterSales(ctx, 10); len(list) != 1 {
		t.Fatalf("%d after-sale requests stored, want 1", len(list))
	}
	_, body, _ := b.do(t, "GET", "/api/v1/webhooks", admin, nil)
	if strings.Contains(body, "whsec_") {
		t.Fatal("the endpoint list shows a secret")
	}
	_, body, _ = b.do(t, "GET", "/api/openapi.json", b.read, nil)
	for _, p := range []string{"/api/v1/cases/{id}/messages", "/api/v1/after-sales", "/api/v1/service/report", "/api/v1/webhooks/deliveries"} {
		if !strings.Contains(body, fmt.Sprintf("%q", p)) {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
}
