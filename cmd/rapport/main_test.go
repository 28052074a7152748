package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport/internal/store"
)

// syncBuffer is an output the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cli runs one command line to completion and returns its standard output.
func cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, noEnv, strings.NewReader(stdin), &out, &errOut); err != nil {
		t.Fatalf("rapport %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func noEnv(string) string { return "" }

// node is a running `rapport serve` on a free port.
type node struct {
	url    string
	stop   context.CancelFunc
	done   chan error
	db     string
	token  string
	wkey   string
	client *http.Client
}

// startNode serves a fresh database, after the prepare functions have
// written to it.
func startNode(t *testing.T, prepare ...func(db string)) *node {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rapport.db")
	n := &node{db: db, done: make(chan error, 1), client: &http.Client{Timeout: 10 * time.Second}}
	n.token = strings.TrimSpace(cli(t, "", "tokens", "create", "e2e", "--scope", "admin", "--db", db))
	n.wkey = strings.TrimSpace(cli(t, "", "keys", "create", "e2e-shop", "--db", db))
	for _, p := range prepare {
		p(db)
	}
	n.start(t)
	return n
}

// start serves the node's database until stop is called.
func (n *node) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n.stop = cancel
	n.done = make(chan error, 1)
	out := &syncBuffer{}
	go func() {
		n.done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", n.db, "--log-level", "warn"}, noEnv, strings.NewReader(""), out, io.Discard)
	}()
	addr := regexp.MustCompile(`http://(\S+)`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			n.url = "http://" + m[1]
			return
		}
	}
	t.Fatalf("server did not start; output: %s", out.String())
}

func (n *node) do(t *testing.T, method, path, auth string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, n.url+path, rd)
	req.Header.Set("Content-Type", "application/json")
	switch {
	case strings.HasPrefix(auth, "wk_"):
		req.SetBasicAuth(auth, "")
	case auth != "":
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := n.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &out)
	if out == nil {
		out = map[string]any{"raw": string(raw)}
	}
	return resp.StatusCode, out
}

func TestServeEndToEnd(t *testing.T) {
	n := startNode(t)
	orders := []any{}
	for i := range 3 {
		orders = append(orders, map[string]any{"type": "track", "userId": "c1", "messageId": fmt.Sprintf("o-%d", i),
			"event": "Order Completed", "timestamp": "2026-11-01T10:00:00Z",
			"properties": map[string]any{"order_id": fmt.Sprintf("o%d", i), "total": 100 * (i + 1),
				"products": []any{map[string]any{"product_id": "p1", "category": "Shoes", "price": 100 * (i + 1)}}},
			"context": map[string]any{"channel": "app"}})
	}
	batch := map[string]any{"batch": append([]any{
		map[string]any{"type": "page", "anonymousId": "a1", "messageId": "pv-1", "name": "Home", "timestamp": "2026-10-30T09:00:00Z"},
		map[string]any{"type": "identify", "userId": "c1", "anonymousId": "a1", "messageId": "id-1",
			"traits": map[string]any{"email": "c1@shop.example", "gender": "female"}},
	}, orders...)}

	cases := []struct {
		name, method, path, auth string
		body                     any
		status                   int
		contains                 string
	}{
		{"health is public", "GET", "/healthz", "", nil, 200, "ok"},
		{"ready", "GET", "/readyz", "", nil, 200, "ready"},
		{"api needs a token", "GET", "/api/v1/overview", "", nil, 401, "bearer"},
		{"openapi needs a token", "GET", "/api/openapi.json", "", nil, 401, "bearer"},
		{"ingest needs a key", "POST", "/v1/batch", "", batch, 401, ""},
		{"bad event names the field", "POST", "/v1/batch", n.wkey, map[string]any{"batch": []any{
			map[string]any{"type": "track", "userId": "x", "event": "A"}, map[string]any{"type": "track", "event": "B"}}}, 400, "batch[1]"},
		{"batch accepted", "POST", "/v1/batch", n.wkey, batch, 200, "true"},
		{"same batch again is no-op", "POST", "/v1/batch", n.wkey, batch, 200, "true"},
		{"customer merged from anonymous", "GET", "/api/v1/customers/c1", n.token, nil, 200, "c1@shop.example"},
		{"anonymous id resolves to the customer", "GET", "/api/v1/customers/a1", n.token, nil, 200, `"id":"c1"`},
		{"unknown customer", "GET", "/api/v1/customers/nobody", n.token, nil, 404, "not"},
		{"bad token scope list", "POST", "/api/v1/tokens", n.token, map[string]any{"name": "x", "scopes": []string{"root"}}, 400, "scopes"},
		{"openapi covers ingestion", "GET", "/api/openapi.json", n.token, nil, 200, "/v1/batch"},
	}
	for _, c := range cases {
		status, body := n.do(t, c.method, c.path, c.auth, c.body)
		raw, _ := json.Marshal(body)
		if status != c.status || !strings.Contains(strings.ToLower(string(raw)), strings.ToLower(c.contains)) {
			t.Errorf("%s: %s %s = %d %s; want %d containing %q", c.name, c.method, c.path, status, raw, c.status, c.contains)
		}
	}

	status, tl := n.do(t, "GET", "/api/v1/customers/c1/timeline", n.token, nil)
	if events, _ := tl["events"].([]any); status != 200 || len(events) != 5 {
		t.Fatalf("timeline = %d, %d events; want the page view, identify and 3 orders", status, len(events))
	} else if first := events[0].(map[string]any); first["type"] != "page" {
		t.Errorf("timeline starts with %v, want the anonymous page view", first["type"])
	}
	_, ov := n.do(t, "GET", "/api/v1/overview", n.token, nil)
	// Hand-computed: one customer, orders of 100, 200 and 300.
	if ov["orders"] != 3.0 || ov["revenue"] != 600.0 || ov["average_order_value"] != 200.0 || ov["repurchase_rate"] != 1.0 {
		t.Errorf("overview = %v", ov)
	}
	_, cust := n.do(t, "GET", "/api/v1/customers/c1", n.token, nil)
	// Three Shoes order lines of 100, 200 and 300 average 200: the mid band.
	if beh, _ := cust["behaviour"].(map[string]any); beh["price_band"] != "mid" || fmt.Sprint(beh["categories"]) != "[Shoes]" {
		t.Errorf("behaviour tags = %v", cust["behaviour"])
	}
	resp, err := n.client.Get(n.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"rapport_ingest_events_stored_total 5", "rapport_ingest_events_duplicate_total 5",
		"rapport_http_request_duration_seconds_bucket", `rapport_ingest_observer_queue_commits{observer="service"}`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	n.stop()
	if err := <-n.done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	st, err := store.Open(context.Background(), n.db, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counts, _ := st.Counts(context.Background())
	if counts.Events != 5 || counts.Customers != 1 || counts.Anonymous != 0 || counts.Orders != 3 {
		t.Errorf("after restart: %+v", counts)
	}
}

func TestCLIErrorsNameTheField(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	cases := []struct {
		args []string
		in   string
		want string
	}{
		{[]string{"users", "create", "--email", "nobody", "--db", db}, "longenough-password\n", "email"},
		{[]string{"users", "create", "--email", "a@b.example", "--role", "boss", "--db", db}, "longenough-password\n", "role"},
		{[]string{"users", "create", "--email", "a@b.example", "--db", db}, "short\n", "password"},
		{[]string{"tokens", "create", "x", "--scope", "everything", "--db", db}, "", "scopes"},
		{[]string{"keys", "revoke", "abc", "--db", db}, "", "ID"},
		{[]string{"serve", "--log-format", "xml", "--db", db}, "", "log-format"},
		{[]string{"import", "reviews", "--format", "yelp", "x.csv", "--db", db}, "", "format"},
		{[]string{"import", "events", filepath.Join(db, "missing.jsonl"), "--db", db}, "", "missing.jsonl"},
		{[]string{"bench", "recommend", "--rate", "0"}, "", "rate"},
		{[]string{"bench", "recommend", "--duration", "0s"}, "", "duration"},
	}
	for _, c := range cases {
		err := run(context.Background(), c.args, noEnv, strings.NewReader(c.in), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("rapport %v: err = %v, want one naming %q", c.args, err, c.want)
		}
	}
}
