package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/webhook"
)

// A serving node delivers stored notifications from its background jobs,
// signed, and shows them in the delivery log; endpoints are managed through
// the API.
func TestServeDeliversWebhooks(t *testing.T) {
	got := make(chan http.Header, 4)
	var secret string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(secret, r.Header, body, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		got <- r.Header.Clone()
	}))
	defer receiver.Close()

	n := startNode(t, func(db string) {
		ctx := context.Background()
		st, err := store.Open(ctx, db, true)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		e, err := webhook.CreateEndpoint(ctx, st, receiver.URL, nil, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		secret = e.Secret
		pub := webhook.Publisher{Store: st, Clock: rapport.SystemClock{}}
		if _, err := pub.Publish(ctx, "e2e-1", "test.ping", map[string]string{"hello": "world"}); err != nil {
			t.Fatal(err)
		}
	})
	defer n.stop()

	select {
	case h := <-got:
		if h.Get("webhook-id") != "msg_e2e-1" {
			t.Fatalf("webhook-id %q", h.Get("webhook-id"))
		}
	case <-time.After(time.Minute):
		t.Fatal("the node did not deliver the stored notification")
	}
	// The log shows it delivered once the attempt is recorded.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		status, body := n.do(t, "GET", "/api/v1/webhooks/deliveries", n.token, nil)
		ds, _ := body["deliveries"].([]any)
		if status == 200 && len(ds) == 1 && ds[0].(map[string]any)["status"] == rapport.DeliveryDelivered {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery log: %d %v", status, body)
		}
	}

	status, body := n.do(t, "POST", "/api/v1/webhooks", n.token, map[string]any{"url": "ftp://x"})
	if status != 400 || !strings.Contains(strings.ToLower(jsonText(body)), "url") {
		t.Fatalf("bad url: %d %v", status, body)
	}
	status, body = n.do(t, "POST", "/api/v1/webhooks", n.token, map[string]any{"url": "https://hooks.example.com/r", "events": []string{"case.breached"}})
	if status != 200 || !strings.HasPrefix(body["secret"].(string), "whsec_") {
		t.Fatalf("create: %d %v", status, body)
	}
	status, body = n.do(t, "GET", "/api/v1/webhooks", n.token, nil)
	if eps, _ := body["endpoints"].([]any); status != 200 || len(eps) != 2 || strings.Contains(jsonText(body), "whsec_") {
		t.Fatalf("list (two endpoints, no secrets): %d %v", status, body)
	}
	if status, _ := n.do(t, "DELETE", "/api/v1/webhooks/99", n.token, nil); status != 404 {
		t.Fatalf("disable unknown: %d", status)
	}
	if status, _ := n.do(t, "GET", "/api/v1/webhooks", n.wkey, nil); status != 401 {
		t.Fatalf("a write key is not an API token: %d", status)
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
